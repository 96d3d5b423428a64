/// Counts over the register on a date, from clear facts only: no personal data, no key needed.
public struct RegisterSummary: Sendable, Hashable, Codable {
    public var asOf: LocalDate
    public var totalCases: Int
    public var openCases: Int
    public var closedCases: Int
    /// Open cases where the child is of compulsory school age on the date (DOMAIN.md §9.4 "live EHE").
    public var liveEHE: Int
    /// Open cases where the child is not of compulsory school age on the date (e.g. Reception, or past
    /// the school leaving date and not yet closed).
    public var openNotOfCompulsorySchoolAge: Int
    /// Live EHE by primary reason code (every code listed, zeros included).
    public var byPrimaryReason: [String: Int]
    /// Live EHE by year group label.
    public var byYearGroup: [String: Int]
    public var bySex: [String: Int]
    public var bySENProvision: [String: Int]

    public init(facts: [CaseFacts], asOf: LocalDate) {
        self.asOf = asOf
        totalCases = facts.count
        openCases = facts.filter { $0.status == .open }.count
        closedCases = totalCases - openCases
        var reasons = Dictionary(uniqueKeysWithValues: PrimaryReason.allCases.map { ($0.rawValue, 0) })
        var years: [String: Int] = [:]
        var sexes = Dictionary(uniqueKeysWithValues: Sex.allCases.map { ($0.rawValue, 0) })
        var sen = Dictionary(uniqueKeysWithValues: SENProvision.allCases.map { ($0.rawValue, 0) })
        var live = 0
        var openNotCSA = 0
        for fact in facts where fact.status == .open {
            guard fact.isLiveEHE(on: asOf) else {
                if fact.episodeStart <= asOf { openNotCSA += 1 }
                continue
            }
            live += 1
            reasons[fact.primaryReason.rawValue, default: 0] += 1
            years[SchoolCalendar.yearGroupLabel(fact.yearGroup(on: asOf)), default: 0] += 1
            sexes[fact.sex.rawValue, default: 0] += 1
            sen[fact.senProvision.rawValue, default: 0] += 1
        }
        liveEHE = live
        openNotOfCompulsorySchoolAge = openNotCSA
        byPrimaryReason = reasons
        byYearGroup = years
        bySex = sexes
        bySENProvision = sen
    }
}
