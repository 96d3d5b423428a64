/// The short stable reference people use for a case, e.g. `EHE-000123`. Never derived from a name.
public struct CaseReference: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The register's internal number for the child (1, 2, 3 …).
    public let number: Int64

    public init(number: Int64) {
        self.number = number
    }

    /// Parses `EHE-000123` (any case, leading zeros optional). Returns nil for anything else.
    public init?(_ text: String) {
        // On the UTF-8 bytes: every API read names a case, and this avoids uppercasing a copy and the
        // Unicode property lookups of `Character`.
        let utf8 = text.utf8
        guard utf8.count > 4, utf8.count <= 16 else { return nil }
        var number: Int64 = 0
        for (index, byte) in utf8.enumerated() {
            switch index {
            case 0: guard byte | 0x20 == UInt8(ascii: "e") else { return nil }
            case 1: guard byte | 0x20 == UInt8(ascii: "h") else { return nil }
            case 2: guard byte | 0x20 == UInt8(ascii: "e") else { return nil }
            case 3: guard byte == UInt8(ascii: "-") else { return nil }
            default:
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                number = number * 10 + Int64(byte - UInt8(ascii: "0"))
            }
        }
        guard number > 0 else { return nil }
        self.number = number
    }

    public var description: String {
        let digits = String(number)
        return "EHE-" + String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    }

    public static func < (lhs: CaseReference, rhs: CaseReference) -> Bool { lhs.number < rhs.number }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        guard let reference = CaseReference(try container.decode(String.self)) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected a reference like EHE-000123")
        }
        self = reference
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension Character {
    var isASCIIDigit: Bool { asciiValue.map { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) } ?? false }
}
