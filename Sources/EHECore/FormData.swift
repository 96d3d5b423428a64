import Foundation

/// A submitted form (`application/x-www-form-urlencoded`): every name with its values in order. Total on
/// any input: a malformed escape gives an empty value, never an error (it is fuzzed: `Fuzz/`).
public struct FormData: Sendable, Hashable {
    public var values: [String: [String]] = [:]

    public init(values: [String: [String]] = [:]) {
        self.values = values
    }

    public init(encoded: String) {
        for pair in encoded.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ text: Substring) -> String {
                String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
            }
            values[decode(parts[0]), default: []].append(parts.count > 1 ? decode(parts[1]) : "")
        }
    }

    /// The trimmed value, nil when absent or blank.
    public subscript(_ name: String) -> String? {
        guard let value = values[name]?.first?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
        return value
    }

    public func all(_ name: String) -> [String] { values[name] ?? [] }

    public func flag(_ name: String) -> Bool { self[name] != nil }
}
