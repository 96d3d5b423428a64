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
        guard let data = FileManager.default.contents(atPath: path) else { return PlanningAreaLookup() }
        var entries: [String: String] = [:]
        for (index, rawLine) in String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.lowercased().hasPrefix("prefix,") { continue }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard fields.count >= 2, !fields[0].isEmpty, !fields[1].isEmpty else {
                throw .configuration("\(path) line \(index + 1): expected prefix,planning_area_code,planning_area_name")
            }
            entries[fields[0].uppercased()] = fields[1]
        }
        return PlanningAreaLookup(entries: entries)
    }

    /// The planning area code for a postcode, or nil when the postcode is not covered.
    public func planningArea(forPostcode raw: String) -> String? {
        guard let postcode = Identifiers.normalisedPostcode(raw) else { return nil }
        return areas[Identifiers.postcodeSector(postcode)] ?? areas[Identifiers.postcodeDistrict(postcode)]
    }

    /// Every prefix in the lookup, for synthetic data.
    public var prefixes: [String] { areas.keys.sorted() }
}
