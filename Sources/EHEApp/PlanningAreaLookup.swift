public import EHECore
import Foundation

/// Maps a postcode to the LA's planning area by the longest matching prefix (sector before district),
/// from `Config/planning-areas.csv` (`prefix,planning_area_code,planning_area_name`; `#` starts a comment).
public struct PlanningAreaLookup: Sendable, Equatable {
    public private(set) var areas: [String: String] = [:]

    public init(entries: [String: String] = [:]) {
        self.areas = entries
    }

    /// Reads the lookup file; a missing file gives an empty lookup (no planning areas).
    public static func load(path: String) throws(RegisterError) -> PlanningAreaLookup {
        PlanningAreaLookup(
            entries: try LookupFile.read(path: path, header: "prefix").reduce(into: [:]) { $0[$1.key.uppercased()] = $1.value }
        )
    }

    /// The planning area code for a postcode, or nil when the postcode is not covered.
    public func planningArea(forPostcode raw: String) -> String? {
        guard let postcode = Identifiers.normalisedPostcode(raw) else { return nil }
        return areas[Identifiers.postcodeSector(postcode)] ?? areas[Identifiers.postcodeDistrict(postcode)]
    }

    /// Every prefix in the lookup, for synthetic data.
    public var prefixes: [String] { areas.keys.sorted() }
}

/// A two-column CSV lookup in `Config/` (`key,value[,…]`; `#` starts a comment; a header row starting with
/// `header,` is skipped). A missing file is an empty lookup.
enum LookupFile {
    static func read(path: String, header: String) throws(RegisterError) -> [String: String] {
        guard let data = FileManager.default.contents(atPath: path) else { return [:] }
        var entries: [String: String] = [:]
        for (index, rawLine) in String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.lowercased().hasPrefix(header + ",") { continue }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard fields.count >= 2, !fields[0].isEmpty, !fields[1].isEmpty else {
                throw .configuration("\(path) line \(index + 1): expected \(header),value")
            }
            entries[fields[0]] = fields[1]
        }
        return entries
    }
}
