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
        var word = compact(name).filter(\.isLetter)
        guard !word.isEmpty else { return "" }
        // Beginnings.
        for (prefix, replacement) in [("MC", "MAC"), ("PH", "F"), ("KN", "N"), ("WR", "R"), ("PS", "S"), ("GN", "N"), ("WH", "W")]
        where word.hasPrefix(prefix) {
            word = replacement + word.dropFirst(prefix.count)
            break
        }
        // Spelling rules, in order.
        for (pattern, replacement) in [
            ("MPS", "MS"), ("MPT", "MT"), ("PH", "F"), ("CK", "K"), ("SCH", "SK"), ("TCH", "CH"), ("DG", "J"),
            ("GH", "H"), ("TH", "T"), ("CE", "SE"), ("CI", "SI"), ("CY", "SY"), ("C", "K"), ("Q", "K"), ("X", "KS"),
            ("Z", "S"), ("V", "F"), ("DT", "T"),
        ] {
            word = word.replacingOccurrences(of: pattern, with: replacement)
        }
        let letters = Array(word)
        var key = String(letters[0])
        var previous = letters[0]
        for letter in letters.dropFirst() {
            if "AEIOUYHW".contains(letter) {
                // A vowel separates repeated consonants (as in Soundex, H and W do not).
                if !"HW".contains(letter) { previous = letter }
                continue
            }
            if letter != previous { key.append(letter) }
            previous = letter
        }
        return key
    }
}
