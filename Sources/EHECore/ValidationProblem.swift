/// One thing wrong with input: where (a field path such as `episodes[0].startDate`), which rule, and a
/// message an officer can act on. Messages never repeat the value itself, which may be personal data.
public struct ValidationProblem: Sendable, Hashable, Codable, CustomStringConvertible {
    public var field: String
    public var rule: String
    public var message: String

    public init(field: String, rule: String, message: String) {
        self.field = field
        self.rule = rule
        self.message = message
    }

    public var description: String { "\(field): \(message) [\(rule)]" }
}

/// Collects every problem with a piece of input so they can all be reported at once.
public struct ProblemList: Sendable {
    public private(set) var problems: [ValidationProblem] = []

    public init() {}

    public var isEmpty: Bool { problems.isEmpty }

    public mutating func add(_ field: String, _ rule: String, _ message: String) {
        problems.append(ValidationProblem(field: field, rule: rule, message: message))
    }

    public mutating func append(contentsOf other: [ValidationProblem]) {
        problems.append(contentsOf: other)
    }

    /// Throws `RegisterError.invalid` when any problem was found.
    public func throwIfAny() throws(RegisterError) {
        if !problems.isEmpty { throw .invalid(problems) }
    }
}
