import EHECore
import Testing

@Suite("Normalising and matching names for search")
struct NameMatchingTests {
    @Test(
        "case, accents, apostrophes and spaces do not matter",
        arguments: [
            ("O'Neill", "ONEILL"), ("ONeill", "ONEILL"), ("O Neill", "ONEILL"), ("o’neill", "ONEILL"), ("Zoë", "ZOE"),
            ("Zoe", "ZOE"), ("Nowak-Wiśniewska", "NOWAKWISNIEWSKA"), ("Łukasz", "LUKASZ"), ("  Smith  ", "SMITH"),
            ("Mac  Donald", "MACDONALD"), ("Strauß", "STRAUSS"), ("Ægir", "AEGIR"),
        ]
    )
    func compact(raw: String, normal: String) {
        #expect(NameNormalisation.compact(raw) == normal)
    }

    @Test("each part of a double-barrelled surname is findable")
    func surnameParts() {
        #expect(NameNormalisation.surnameForms("Smith-Jones") == ["SMITHJONES", "SMITH", "JONES"])
        #expect(NameNormalisation.surnameForms("Nowak-Wiśniewska") == ["NOWAKWISNIEWSKA", "NOWAK", "WISNIEWSKA"])
        #expect(NameNormalisation.surnameForms("O'Neill") == ["ONEILL"])
        #expect(NameNormalisation.surnameForms("O Neill") == ["ONEILL", "NEILL"])
        #expect(NameNormalisation.surnameForms("van  der Berg") == ["VANDERBERG", "VAN", "DER", "BERG"])
    }

    @Test(
        "sound-alike surnames share a phonetic key",
        arguments: [
            ("Thomson", "Thompson"), ("Stephens", "Stevens"), ("McDonald", "MacDonald"), ("Smith", "Smyth"),
            ("Philips", "Phillips"), ("Clark", "Clarke"), ("Ahmed", "Ahmad"), ("O'Neill", "ONeil"),
            ("Reid", "Read"), ("Catherine", "Kathryn"),
        ]
    )
    func soundsAlike(first: String, second: String) {
        #expect(NameNormalisation.phonetic(first) == NameNormalisation.phonetic(second), "\(first) / \(second)")
    }

    @Test(
        "different names keep different phonetic keys",
        arguments: [
            ("Smith", "Jones"), ("Thomson", "Thomas"), ("Brown", "Green"), ("Patel", "Price"), ("Evans", "Edwards"),
        ]
    )
    func soundsDifferent(first: String, second: String) {
        #expect(NameNormalisation.phonetic(first) != NameNormalisation.phonetic(second), "\(first) / \(second)")
    }

    let child = Child(
        forenames: "Zoë Ann",
        surname: "Smith-Jones",
        dateOfBirth: LocalDate(2014, 3, 2),
        sex: .female,
        upn: "U999123456789",
        address: PostalAddress(line1: "1 Road", postcode: "EX1 3QZ")
    )

    @Test("search criteria match exactly after normalisation")
    func criteriaMatch() {
        #expect(SearchCriteria(surname: "jones").matches(child))
        #expect(SearchCriteria(surname: "smith jones").matches(child))
        #expect(!SearchCriteria(surname: "Smit").matches(child))
        #expect(SearchCriteria(forename: "Zoe", dateOfBirth: LocalDate(2014, 3, 2)).matches(child))
        #expect(!SearchCriteria(forename: "Ann", dateOfBirth: LocalDate(2014, 3, 2)).matches(child))
        #expect(SearchCriteria(upn: "u999 123 456 789").matches(child))
        #expect(SearchCriteria(postcode: "ex1").matches(child))
        #expect(SearchCriteria(postcode: "ex13qz").matches(child))
        #expect(!SearchCriteria(postcode: "EX2").matches(child))
        #expect(SearchCriteria(dateOfBirth: LocalDate(2014, 3, 2), soundsLike: "Smyth").matches(child))
        #expect(!SearchCriteria(dateOfBirth: LocalDate(2014, 3, 3), soundsLike: "Smyth").matches(child))
    }

    @Test("every criterion becomes an index lookup the child's own index entries contain")
    func criteriaTermsAreIndexed() throws {
        let own = Set(IndexTerm.terms(for: child))
        for criteria in [
            SearchCriteria(upn: "U999123456789"), SearchCriteria(surname: "Jones", dateOfBirth: LocalDate(2014, 3, 2)),
            SearchCriteria(surname: "Smith-Jones"), SearchCriteria(forename: "zoe", dateOfBirth: LocalDate(2014, 3, 2)),
            SearchCriteria(dateOfBirth: LocalDate(2014, 3, 2)), SearchCriteria(postcode: "EX1 3QZ"), SearchCriteria(postcode: "EX1"),
            SearchCriteria(soundsLike: "Smyth"), SearchCriteria(dateOfBirth: LocalDate(2014, 3, 2), soundsLike: "Jonez"),
        ] {
            let terms = try criteria.indexTerms()
            #expect(!terms.isEmpty && terms.allSatisfy(own.contains), "\(criteria)")
        }
    }

    @Test("a search with nothing to look up, or a forename alone, is refused with the reason")
    func refusedCriteria() {
        #expect(throws: RegisterError.self) { try SearchCriteria().indexTerms() }
        #expect(throws: RegisterError.self) { try SearchCriteria(forename: "Zoe").indexTerms() }
        #expect(throws: RegisterError.self) { try SearchCriteria(postcode: "12345").indexTerms() }
        #expect(throws: RegisterError.self) { try SearchCriteria(upn: "A999123456789").indexTerms() }
    }

    @Test("duplicate rules: same UPN; same surname and DOB; sound-alike surname, DOB and initial")
    func duplicateRules() {
        let thompson = Child(forenames: "Zara", surname: "Thompson", dateOfBirth: LocalDate(2014, 3, 2), sex: .female)
        let thomson = Child(forenames: "Zoe", surname: "Thomson", dateOfBirth: LocalDate(2014, 3, 2), sex: .female)
        #expect(DuplicateRule.soundsAlikeDOBAndInitial.holds(thompson, thomson))
        #expect(!DuplicateRule.sameSurnameAndDOB.holds(thompson, thomson))
        var otherInitial = thomson
        otherInitial.forenames = "Amy"
        #expect(!DuplicateRule.soundsAlikeDOBAndInitial.holds(thompson, otherInitial))
        var otherDOB = thomson
        otherDOB.dateOfBirth = LocalDate(2014, 3, 3)
        #expect(!DuplicateRule.soundsAlikeDOBAndInitial.holds(thompson, otherDOB))
        #expect(
            DuplicateRule.sameSurnameAndDOB.holds(
                child,
                Child(forenames: "X", surname: "Jones", dateOfBirth: child.dateOfBirth, sex: .male)
            )
        )
    }
}
