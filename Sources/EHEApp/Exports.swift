public import EHECore
public import EHEReports
import Foundation

/// One anonymised export, as the command line and the API both ask for it.
public struct ExportRequest: Sendable, Hashable {
    public enum Kind: String, Sendable, CaseIterable {
        case dashboard
        case dfeCensus = "dfe-census"
        case dfeAnnual = "dfe-annual"
        case placePlanning = "place-planning"
    }

    public var kind: Kind
    public var mode: DisclosureMode
    /// dashboard, place-planning: the date (default today).
    public var asOf: LocalDate?
    /// dashboard: start of the flow period (default 12 months before `asOf`, plus a day).
    public var from: LocalDate?
    /// dfe-census: `autumn`, `spring` or `summer`.
    public var term: String?
    /// dfe-census, dfe-annual: the academic year written `2025/26`.
    public var year: String?
    /// place-planning: how far ahead planned returns count (1–60).
    public var horizonMonths: Int

    public init(
        kind: Kind,
        mode: DisclosureMode,
        asOf: LocalDate? = nil,
        from: LocalDate? = nil,
        term: String? = nil,
        year: String? = nil,
        horizonMonths: Int = 12
    ) {
        self.kind = kind
        self.mode = mode
        self.asOf = asOf
        self.from = from
        self.term = term
        self.year = year
        self.horizonMonths = horizonMonths
    }

    /// Parses `dfe`, `suppress`, `suppress:N` or `exact` (nil: the settings' default).
    public static func disclosureMode(
        _ text: String?,
        settings: Settings,
        field: String = "disclosure"
    ) throws(RegisterError)
        -> DisclosureMode
    {
        let text = text ?? settings.disclosure?.defaultMode ?? "dfe"
        let threshold = settings.disclosure?.suppressionThreshold ?? 6
        switch text {
        case "dfe": return .rounding(base: 10)
        case "exact": return .exact
        case "suppress": return .suppression(threshold: threshold)
        default:
            // A caller may suppress more than the LA's threshold, never less: a lower one would publish the
            // small counts the LA's disclosure policy hides.
            if text.hasPrefix("suppress:"), let value = Int(text.dropFirst(9)) {
                guard value >= threshold, value <= 1_000 else {
                    throw .invalid([
                        ValidationProblem(
                            field: field,
                            rule: "threshold",
                            message: "suppress:N takes N from the configured threshold \(threshold) to 1000"
                        )
                    ])
                }
                return .suppression(threshold: value)
            }
            throw .invalid([
                ValidationProblem(
                    field: field,
                    rule: "code",
                    message: "use dfe, suppress, suppress:N (N at least the configured threshold \(threshold)) or exact"
                )
            ])
        }
    }

    /// Parses an academic year written `2025/26` into its first calendar year, held to the register's
    /// calendar (1900/01 to 2198/99) so that its first and last days are dates the register takes.
    public static func academicYear(_ text: String?, field: String = "year") throws(RegisterError) -> Int {
        let parts = (text ?? "").split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2, parts.joined().allSatisfy({ $0.isASCII && $0.isNumber }),
            let first = Int(parts[0]), let second = Int(parts[1]), (first + 1) % 100 == second
        else {
            throw .invalid([ValidationProblem(field: field, rule: "format", message: "write the academic year as 2025/26")])
        }
        let years = LocalDate.registerRange.lowerBound.year...(LocalDate.registerRange.upperBound.year - 1)
        guard years.contains(first) else {
            throw .invalid([
                ValidationProblem(field: field, rule: "date_range", message: "must be from 1900/01 to 2198/99")
            ])
        }
        return first
    }
}

/// The files an export produces: a stem (marked NOT-FOR-PUBLICATION in exact mode) and each file's
/// suffix and text.
public struct ExportFiles: Sendable {
    public var stem: String
    public var files: [(suffix: String, text: String)]
    /// One line on what was counted (census date, flow period, disclosure mode).
    public var note: String
}

extension StatisticsSource {
    /// Makes an export from clear data only, with disclosure control applied.
    public func export(_ request: ExportRequest) async throws -> ExportFiles {
        let mode = request.mode
        let marker = mode == .exact ? ".NOT-FOR-PUBLICATION" : ""
        switch request.kind {
        case .dashboard:
            let date = request.asOf ?? today
            let start = request.from ?? date.adding(months: -12).adding(days: 1)
            guard start <= date else {
                throw RegisterError.invalid([ValidationProblem(field: "from", rule: "order", message: "must not be after asOf")])
            }
            let dashboard = try await dashboard(asOf: date, periodStart: start)
            let csv = dashboard.csv(
                mode: mode,
                benchmark: try await likeForLike(try benchmarkRates(), mode: mode),
                population5to16: try population5to16(academicYear: SchoolCalendar.academicYear(of: date))
            )
            return ExportFiles(
                stem: "dashboard_" + date.iso + marker,
                files: [(".csv", csv)],
                note: "flows from \(start), disclosure \(mode)"
            )
        case .dfeCensus:
            let term = request.term ?? ""
            guard ["autumn", "spring", "summer"].contains(term) else {
                throw RegisterError.invalid([ValidationProblem(field: "term", rule: "code", message: "use autumn, spring or summer")])
            }
            let first = try ExportRequest.academicYear(request.year)
            let year = request.year ?? ""
            let date = try censusDate(year: year, term: term)
            let count = try await census(on: date)
            var authority = try authority()
            authority.population5to16 = try population5to16(academicYear: first)
            let file = EHECensusFile(
                authority: authority,
                academicYear: first,
                termLabel: term.prefix(1).uppercased() + term.dropFirst() + " term",
                mode: mode
            )
            return ExportFiles(
                stem: "ehe_census_" + year.replacingOccurrences(of: "/", with: "") + "_" + term + marker,
                files: [(".csv", file.csv(count)), (".meta.csv", EHECensusFile.metadata())],
                note: "census date \(date), disclosure \(mode)"
            )
        case .dfeAnnual:
            let first = try ExportRequest.academicYear(request.year)
            let count = try await academicYear(first)
            let file = EHEAnnualFile(authority: try authority(), mode: mode)
            return ExportFiles(
                stem: "ehe_annual_" + (request.year ?? "").replacingOccurrences(of: "/", with: "") + marker,
                files: [(".csv", file.csv(count)), (".meta.csv", EHEAnnualFile.metadata())],
                note: "academic year \(request.year ?? ""), disclosure \(mode)"
            )
        case .placePlanning:
            guard (1...60).contains(request.horizonMonths) else {
                throw RegisterError.invalid([ValidationProblem(field: "horizonMonths", rule: "range", message: "must be 1 to 60")])
            }
            let date = request.asOf ?? today
            let figures = try await placePlanning(asOf: date, horizonMonths: request.horizonMonths)
            return ExportFiles(
                stem: "place_planning_" + date.iso + marker,
                files: [(".csv", figures.csv(mode: mode))],
                note: "as of \(date), disclosure \(mode)"
            )
        }
    }
}
