/// Checks and normal forms for the identifiers the register accepts.
public enum Identifiers {
    /// The 23 letters DfE uses for UPN check letters (no I, O or S).
    static let checkLetters = Array("ABCDEFGHJKLMNPQRTUVWXYZ")

    /// The check letter for the last 12 characters of a UPN (DfE "Unique pupil numbers" guidance):
    /// each character at position 2…13 is multiplied by its position, the products are summed, and the
    /// remainder modulo 23 indexes the check-letter alphabet. Position 13 may be a letter (temporary UPN),
    /// valued by its index in the same alphabet. Returns nil when a character is not allowed.
    public static func upnCheckLetter(for body: String) -> Character? {
        let characters = Array(body)
        guard characters.count == 12 else { return nil }
        var sum = 0
        for (offset, character) in characters.enumerated() {
            let position = offset + 2
            let value: Int
            if let digit = character.wholeNumberValue, character.isASCII {
                value = digit
            } else if position == 13, let index = checkLetters.firstIndex(of: character) {
                value = index
            } else {
                return nil
            }
            sum += value * position
        }
        return checkLetters[sum % 23]
    }

    /// The rule a UPN breaks, or nil when it is well formed with a correct check letter.
    /// The UPN is compared in upper case with spaces removed.
    public static func upnProblem(_ raw: String) -> (rule: String, message: String)? {
        let upn = normalisedUPN(raw)
        guard upn.count == 13 else {
            return ("upn_format", "must be 13 characters: a check letter then 12 characters (got \(upn.count))")
        }
        let characters = Array(upn)
        let body = String(characters.dropFirst())
        guard characters[0].isLetter, let expected = upnCheckLetter(for: body) else {
            return ("upn_format", "must be a letter, 11 digits, then a digit or letter")
        }
        guard characters[0] == expected else {
            return ("upn_check_letter", "check letter does not match the rest of the UPN")
        }
        return nil
    }

    public static func normalisedUPN(_ raw: String) -> String {
        raw.uppercased().filter { !$0.isWhitespace }
    }

    /// A UK postcode in its normal form ("SW1A 1AA"), or nil when the text is not a valid postcode.
    public static func normalisedPostcode(_ raw: String) -> String? {
        let compact = raw.uppercased().filter { !$0.isWhitespace }
        guard (5...7).contains(compact.count), compact.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) })
        else { return nil }
        let characters = Array(compact)
        let inward = characters.suffix(3)
        let outward = characters.prefix(characters.count - 3)
        // Inward code: digit letter letter.
        guard inward.first!.isNumber, inward.dropFirst().allSatisfy(\.isLetter) else { return nil }
        // Outward code: A9, A99, AA9, AA99, A9A, AA9A.
        let shape = String(outward.map { $0.isLetter ? "A" : "9" })
        guard ["A9", "A99", "AA9", "AA99", "A9A", "AA9A"].contains(shape) else { return nil }
        return String(outward) + " " + String(inward)
    }

    /// The postcode district (outward code) of a normal-form postcode: "SW1A" for "SW1A 1AA".
    public static func postcodeDistrict(_ postcode: String) -> String {
        String(postcode.split(separator: " ").first ?? "")
    }

    /// The postcode sector of a normal-form postcode: "SW1A 1" for "SW1A 1AA".
    public static func postcodeSector(_ postcode: String) -> String {
        String(postcode.dropLast(2))
    }

    /// A school URN: 6 digits (DfE "Get information about schools").
    public static func isValidURN(_ raw: String) -> Bool {
        raw.count == 6 && raw.allSatisfy(\.isASCIIDigit)
    }
}
