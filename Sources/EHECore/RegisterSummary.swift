/// Counts over the register on a date, from clear facts only: no personal data, no key needed.
public struct RegisterSummary: Sendable, Hashable, Codable {
    public var asOf: LocalDate
    public var totalCases: Int
    public var openCases: Int
    public var closedCases: Int
    /// Children live EHE on the date (DOMAIN.md §9.4): see `add(_:)`.
    public var liveEHE: Int
    /// Open cases of resident children whose episode has started but who are not of compulsory school age
    /// on the date (e.g. Reception, or past the school leaving date and not yet closed).
    public var openNotOfCompulsorySchoolAge: Int
    /// Live EHE by primary reason code (every code listed, zeros included).
    public var byPrimaryReason: [String: Int]
    /// Live EHE by year group label.
    public var byYearGroup: [String: Int]
    public var bySex: [String: Int]
    public var bySENProvision: [String: Int]

    /// An empty summary for `asOf`; `add` each case's clear data.
    public init(asOf: LocalDate) {
        self.asOf = asOf
        totalCases = 0
        openCases = 0
        closedCases = 0
        liveEHE = 0
        openNotOfCompulsorySchoolAge = 0
        byPrimaryReason = Dictionary(uniqueKeysWithValues: PrimaryReason.allCases.map { ($0.rawValue, 0) })
        byYearGroup = [:]
        bySex = Dictionary(uniqueKeysWithValues: Sex.allCases.map { ($0.rawValue, 0) })
        bySENProvision = Dictionary(uniqueKeysWithValues: SENProvision.allCases.map { ($0.rawValue, 0) })
    }

    /// Counts one case. "Live EHE" is `ClearCase.isLiveEHE(on:)` — the one definition the dashboard, census
    /// and place planning use (issue 16 item 9): an episode covering the date (not only the latest, and
    /// whether or not the case is open now), the child of compulsory school age, living in the LA.
    public mutating func add(_ clear: ClearCase) {
        totalCases += 1
        let open = clear.episodes.last.map { $0.end == nil } ?? false
        if open { openCases += 1 } else { closedCases += 1 }
        guard clear.isLiveEHE(on: asOf), let episode = clear.episode(on: asOf) else {
            let started = clear.episodes.last.map { $0.start <= asOf } ?? false
            if open, started, clear.livesInLA, !(clear.compulsorySchoolAgeStart...clear.compulsorySchoolAgeEnd).contains(asOf) {
                openNotOfCompulsorySchoolAge += 1
            }
            return
        }
        liveEHE += 1
        byPrimaryReason[episode.primaryReason.rawValue, default: 0] += 1
        byYearGroup[SchoolCalendar.yearGroupLabel(clear.yearGroup(on: asOf)), default: 0] += 1
        bySex[clear.sex.rawValue, default: 0] += 1
        bySENProvision[clear.senProvision.rawValue, default: 0] += 1
    }
}
