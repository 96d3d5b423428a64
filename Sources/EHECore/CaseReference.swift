/// The short stable reference people use for a case, e.g. `EHE-000123`. Never derived from a name.
public struct CaseReference: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The register's internal number for the child (1, 2, 3 …).
    public let number: Int64

    public init(number: Int64) {
        self.number = number
    }

    /// Parses `EHE-000123` (any case, leading zeros optional). Returns nil for anything else.
    public init?(_ text: String) {
        let upper = text.uppercased()
        guard upper.hasPrefix("EHE-") else { return nil }
        let digits = upper.dropFirst(4)
        guard !digits.isEmpty, digits.count <= 12, digits.allSatisfy(\.isASCIIDigit), let number = Int64(digits),
            number > 0
        else { return nil }
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
    var isASCIIDigit: Bool { isASCII && isNumber }
}
