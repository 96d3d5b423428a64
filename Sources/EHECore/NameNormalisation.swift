import Foundation

/// How names and other search values are normalised before they are indexed or compared, so that what an
/// officer types on the phone finds what a school wrote on a form:
///
/// - letters are folded to upper case without accents (Zoë = ZOE, Wiśniewska = WISNIEWSKA), with the letters
///   that do not decompose mapped by hand (Ł→L, Ø→O, Æ→AE, ß→SS, Đ→D, Þ→TH);
/// - apostrophes, spaces, full stops and other punctuation are dropped (O'Neill = ONeill = O Neill = ONEILL);
/// - a hyphenated or multi-word surname is also findable by each part ("Smith-Jones" by "Jones").
public enum NameNormalisation {
    static let manual: [Character: String] = [
        "Ł": "L", "ł": "L", "Ø": "O", "ø": "O", "Æ": "AE", "æ": "AE", "ß": "SS", "Đ": "D", "đ": "D", "Þ": "TH",
        "þ": "TH", "Œ": "OE", "œ": "OE", "ı": "I",
    ]

    /// Upper-case A–Z and digits only.
    public static func compact(_ text: String) -> String {
        // Fast path: plain ASCII needs no folding.
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(text.utf8.count)
            for byte in text.utf8 {
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"): bytes.append(byte - 32)
                case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): bytes.append(byte)
                default: continue
                }
            }
            return String(decoding: bytes, as: UTF8.self)
        }
        var mapped = ""
        mapped.reserveCapacity(text.count)
        for character in text {
            if let replacement = manual[character] {
                mapped += replacement
            } else {
                mapped.append(character)
            }
        }
        let folded = mapped.folding(options: [.diacriticInsensitive, .caseInsensitive, .widthInsensitive], locale: nil)
        return String(
            folded.uppercased().unicodeScalars.filter { ("A"..."Z").contains($0) || ("0"..."9").contains($0) }.map(Character.init)
        )
    }

    /// The whole surname compacted, then each part of it (split at hyphens and spaces) of two or more letters.
    /// "Smith-Jones" → SMITHJONES, SMITH, JONES; "O'Neill" → ONEILL.
    public static func surnameForms(_ surname: String) -> [String] {
        let whole = compact(surname)
        guard !whole.isEmpty else { return [] }
        var forms = [whole]
        let parts = surname.split(whereSeparator: { $0 == "-" || $0 == " " || $0 == "‐" || $0 == "–" }).map { compact(String($0)) }
        if parts.count > 1 {
            for part in parts where part.count >= 2 && !forms.contains(part) { forms.append(part) }
        }
        return forms
    }

    /// The first forename, compacted ("Mary-Jane Ann" → MARYJANE).
    public static func firstForename(_ forenames: String) -> String {
        compact(String(forenames.split(separator: " ").first ?? ""))
    }

    /// A phonetic key for British and Irish surnames: Soundex-style, but with Metaphone-like spelling rules
    /// applied first, so spellings that sound alike share a key (Thomson/Thompson, Stephens/Stevens,
    /// McDonald/MacDonald, Smith/Smyth, Philips/Phillips, Clark/Clarke). Vowels after the first letter are
    /// dropped and repeated sounds collapsed.
    public static func phonetic(_ name: String) -> String {
        var word = Array(compact(name).utf8.filter { $0 >= UInt8(ascii: "A") })
        guard !word.isEmpty else { return "" }
        // Beginnings.
        for (prefix, replacement) in beginnings where word.starts(with: prefix) {
            word = replacement + word.dropFirst(prefix.count)
            break
        }
        // Spelling rules, in order.
        for (pattern, replacement) in spellingRules {
            word = replacing(pattern, with: replacement, in: word)
        }
        var key = [word[0]]
        var previous = word[0]
        for letter in word.dropFirst() {
            if vowelsAndSemivowels.contains(letter) {
                // A vowel separates repeated consonants (as in Soundex, H and W do not).
                if letter != UInt8(ascii: "H") && letter != UInt8(ascii: "W") { previous = letter }
                continue
            }
            if letter != previous { key.append(letter) }
            previous = letter
        }
        return String(decoding: key, as: UTF8.self)
    }

    static let beginnings: [([UInt8], [UInt8])] = [
        ("MC", "MAC"), ("PH", "F"), ("KN", "N"), ("WR", "R"), ("PS", "S"), ("GN", "N"), ("WH", "W"),
    ].map { (Array($0.utf8), Array($1.utf8)) }

    static let spellingRules: [([UInt8], [UInt8])] = [
        ("MPS", "MS"), ("MPT", "MT"), ("PH", "F"), ("CK", "K"), ("SCH", "SK"), ("TCH", "CH"), ("DG", "J"),
        ("GH", "H"), ("TH", "T"), ("CE", "SE"), ("CI", "SI"), ("CY", "SY"), ("C", "K"), ("Q", "K"), ("X", "KS"),
        ("Z", "S"), ("V", "F"), ("DT", "T"),
    ].map { (Array($0.utf8), Array($1.utf8)) }

    static let vowelsAndSemivowels = Set("AEIOUYHW".utf8)

    /// Every non-overlapping occurrence of `pattern` replaced, scanning left to right.
    static func replacing(_ pattern: [UInt8], with replacement: [UInt8], in word: [UInt8]) -> [UInt8] {
        guard word.count >= pattern.count else { return word }
        var output: [UInt8] = []
        output.reserveCapacity(word.count + 2)
        var index = 0
        while index < word.count {
            if index + pattern.count <= word.count && word[index..<(index + pattern.count)].elementsEqual(pattern) {
                output += replacement
                index += pattern.count
            } else {
                output.append(word[index])
                index += 1
            }
        }
        return output
    }
}
