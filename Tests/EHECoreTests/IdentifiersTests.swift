import EHECore
import Testing

@Suite("UPNs, postcodes, URNs and case references")
struct IdentifiersTests {
    @Test("the UPN check letter is the weighted sum modulo 23 (worked by hand for U999123456789)")
    func upnCheckLetter() {
        // 9·2+9·3+9·4+1·5+2·6+3·7+4·8+5·9+6·10+7·11+8·12+9·13 = 546; 546 mod 23 = 17 → U.
        #expect(Identifiers.upnCheckLetter(for: "999123456789") == "U")
        #expect(Identifiers.upnProblem("U999123456789") == nil)
        #expect(Identifiers.upnProblem("u999 1234 56789") == nil)
        #expect(Identifiers.upnProblem("A999123456789")?.rule == "upn_check_letter")
        #expect(Identifiers.upnProblem("U99912345678")?.rule == "upn_format")
        #expect(Identifiers.upnProblem("U99912345678I")?.rule == "upn_format")
        #expect(Identifiers.upnProblem("U9991234567AB")?.rule == "upn_format")
    }

    @Test("a temporary UPN may end in a letter, valued by its place in the check alphabet")
    func temporaryUPN() {
        let body = "99912345678A"
        let letter = Identifiers.upnCheckLetter(for: body)!
        #expect(Identifiers.upnProblem(String(letter) + body) == nil)
        #expect(Identifiers.upnCheckLetter(for: "99912345678I") == nil)
    }

    @Test(
        "postcodes are normalised and checked",
        arguments: [
            ("sw1a1aa", "SW1A 1AA"), ("EX1 3QZ", "EX1 3QZ"), ("  m1  1ae ", "M1 1AE"), ("B33 8TH", "B33 8TH"),
            ("CR2 6XH", "CR2 6XH"), ("DN55 1PT", "DN55 1PT"), ("W1A 0AX", "W1A 0AX"),
        ]
    )
    func validPostcodes(raw: String, normal: String) {
        #expect(Identifiers.normalisedPostcode(raw) == normal)
    }

    @Test("malformed postcodes are refused", arguments: ["12345", "EX1 QZ3", "EX13", "", "EX1 3QZZ", "E-1 3QZ"])
    func invalidPostcodes(raw: String) {
        #expect(Identifiers.normalisedPostcode(raw) == nil)
    }

    @Test("postcode district and sector")
    func districtAndSector() {
        #expect(Identifiers.postcodeDistrict("EX1 3QZ") == "EX1")
        #expect(Identifiers.postcodeSector("EX1 3QZ") == "EX1 3")
    }

    @Test("case references print with six digits and parse back")
    func references() {
        #expect(CaseReference(number: 123).description == "EHE-000123")
        #expect(CaseReference(number: 1_234_567).description == "EHE-1234567")
        #expect(CaseReference("ehe-000123") == CaseReference(number: 123))
        #expect(CaseReference("EHE-0") == nil)
        #expect(CaseReference("123") == nil)
        #expect(CaseReference("EHE-12a") == nil)
        #expect(CaseReference("eHe-5") == CaseReference(number: 5))
        #expect(CaseReference("EHE-999999999999") == CaseReference(number: 999_999_999_999))
        for text in ["EHE-", "EHE-0000000000001", "EHE-+5", "EHE 5", "EHF-5", "EHE-\u{FF11}", "EHE-٣", "ÉHE-5", ""] {
            #expect(CaseReference(text) == nil, "\(text)")
        }
    }
}
