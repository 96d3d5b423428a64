/// A list of codes with stable snake_case values stored in the register and shown to people by a label.
///
/// Codes are the register's own and never change; labels follow the DfE release (DOMAIN.md §3) and are
/// kept in one place, the `label` of each list.
public protocol CodeList: RawRepresentable, CaseIterable, Sendable, Hashable, Codable
where RawValue == String, AllCases: RandomAccessCollection {
    /// The field name used in error messages and documentation, e.g. "primary reason".
    static var listName: String { get }
    /// The label people and DfE files use for this code.
    var label: String { get }
}

extension CodeList {
    /// Every code in the list, in declaration order, for error messages and `--help`.
    public static var allCodes: [String] { allCases.map(\.rawValue) }
}
