/// The errors the register reports. Messages name fields, rules, case references and key ids only —
/// never a name, date of birth, UPN, address or note.
public enum RegisterError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The input breaks one or more rules; nothing was changed.
    case invalid([ValidationProblem])
    /// No case has this reference.
    case notFound(CaseReference)
    /// The case changed since it was read (expected version, actual version); nothing was changed.
    case conflict(CaseReference, expected: Int, actual: Int)
    /// The operation does not fit the case as it is (e.g. closing a closed case).
    case notAllowed(CaseReference, String)
    /// A sealed value failed authentication or could not be opened: tampering, a moved value or the wrong key.
    case integrity(CaseReference?, String)
    /// The keyring is missing, malformed, too widely readable, or does not belong to this register.
    case keyring(String)
    /// Settings, data folder or migrations are wrong or missing.
    case configuration(String)
    /// The database failed in a way the register cannot explain in domain terms.
    case storage(String)
    /// The case's personal data was erased (crypto-shredded) on this date for this reason.
    case erased(CaseReference, on: String, reason: String)
    /// The child may already be on the register; nothing was added.
    case possibleDuplicate([DuplicateMatch])

    public var description: String {
        switch self {
        case .invalid(let problems):
            let lines = problems.map { "  - \($0)" }.joined(separator: "\n")
            return "invalid input (\(problems.count) problem\(problems.count == 1 ? "" : "s")); nothing was changed:\n\(lines)"
        case .notFound(let reference):
            return "no case with reference \(reference)"
        case .conflict(let reference, let expected, let actual):
            return
                "\(reference) changed since it was read (you had version \(expected), it is now version \(actual)); nothing was changed — show the case again and reapply your change"
        case .notAllowed(let reference, let reason):
            return "\(reference): \(reason)"
        case .integrity(let reference, let detail):
            let which = reference.map { "case \($0)" } ?? "the register"
            return "integrity error in \(which): \(detail). The record was not shown; report this to your system administrator"
        case .keyring(let detail):
            return "keyring problem: \(detail)"
        case .configuration(let detail):
            return "configuration problem: \(detail)"
        case .storage(let detail):
            return "storage problem: \(detail)"
        case .erased(let reference, let date, let reason):
            return "\(reference) was erased on \(date) (\(reason)); its personal data no longer exists. Counts still include it."
        case .possibleDuplicate(let matches):
            let lines = matches.map { "  - \($0.reference): \($0.rules.map(\.rawValue).joined(separator: ", "))" }.joined(separator: "\n")
            return """
                this child may already be on the register; nothing was added. Possible matches:
                \(lines)
                """
        }
    }
}

extension RegisterError {
    /// The same error with validation fields renamed (`--surname` → `surname`), for an interface whose
    /// fields are not the command line's.
    public func renamingFields(_ names: [String: String]) -> RegisterError {
        guard case .invalid(let problems) = self else { return self }
        return .invalid(
            problems.map { ValidationProblem(field: names[$0.field] ?? $0.field, rule: $0.rule, message: $0.message) }
        )
    }
}
