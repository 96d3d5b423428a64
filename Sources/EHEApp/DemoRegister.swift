public import EHECore

/// Synthetic EHE cases with the shape of a real register (DOMAIN.md §13.6): sex, year group rising with
/// age, primary reasons, SEN and social care, previous school types, closed episodes and contacts.
/// Every name, address and number is made up; the same seed gives the same cases.
public struct DemoRegister: Sendable {
    public let today: LocalDate
    public let postcodePrefixes: [String]
    private var generator: SeededGenerator

    public init(seed: UInt64, today: LocalDate, postcodePrefixes: [String]) {
        self.generator = SeededGenerator(seed: seed)
        self.today = today
        self.postcodePrefixes =
            postcodePrefixes.filter { !$0.contains(" ") }.isEmpty
            ? ["EX1", "EX2", "TQ1", "PL4"] : postcodePrefixes.filter { !$0.contains(" ") }
    }

    static let sexes: [(Sex, Double)] = [(.female, 51.5), (.male, 48.2), (.unknown, 0.3)]
    /// Year group (NCY) weights at the reference date: Reception to Year 11 (DOMAIN.md §13.4, §13.6).
    static let yearGroups: [(Int, Double)] = [
        (0, 0.5), (1, 3), (2, 4), (3, 5), (4, 5.5), (5, 6.5), (6, 7.5), (7, 8.5), (8, 10), (9, 12), (10, 17), (11, 19),
    ]
    static let reasons: [(PrimaryReason, Double)] = [
        (.unknown, 17), (.noReasonGiven, 11.5), (.mentalHealth, 17), (.philosophicalPreferential, 12.5),
        (.dissatisfactionGeneral, 8), (.other, 8.5), (.lifestyle, 7), (.dissatisfactionSEND, 3.5),
        (.dissatisfactionBullying, 3), (.physicalHealth, 1.5), (.covidHealth, 0.5), (.religious, 1),
        (.riskOfExclusion, 1.5), (.permanentExclusion, 0.5), (.didNotGetPreference, 1.5),
        (.difficultyAccessingPlace, 1.5), (.offeredPlaceNotAccepted, 0.5), (.didNotApply, 0.5),
        (.schoolSuggestion, 0.5),
    ]
    static let sen: [(SENProvision, Double)] = [(.ehcp, 6.5), (.senSupport, 16), (.none, 70), (.unknown, 7.5)]
    static let previousSchools: [(PreviousSchoolType, Double)] = [
        (.academy, 49), (.laMaintained, 23), (.otherOrUnknown, 19), (.freeSchool, 2), (.independent, 2),
        (.alreadyHomeEducated, 2), (.notPreviouslyInSchool, 1.5), (.pupilReferralUnit, 1), (.earlyYears, 0.5),
        (.special, 0.3), (.alternativeProvision, 0.2),
    ]
    static let endReasons: [(EndReason, Double)] = [
        (.returnedToSchool, 62), (.movedLA, 14), (.movedAbroad, 4), (.unsuitableCME, 3), (.eotasByLA, 2),
        (.other, 10), (.unknown, 5),
    ]
    static let forenames = [
        "Olivia", "Amelia", "Isla", "Ava", "Ivy", "Freya", "Lily", "Florence", "Mia", "Willow", "Noah", "Oliver",
        "George", "Arthur", "Muhammad", "Leo", "Harry", "Oscar", "Archie", "Henry", "Zoë", "Aoife", "Siobhan",
        "Kacper", "Zuzanna", "Ayesha", "Kwame", "Chidi", "Priya", "Rhys", "Eilidh", "Tomasz", "Sofia", "Yusuf",
    ]
    static let surnames = [
        "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Patel", "Robinson",
        "Wright", "Thompson", "Thomson", "Evans", "Walker", "White", "Roberts", "Green", "Hall", "O'Neill",
        "Smith-Jones", "McDonald", "MacDonald", "Nowak", "Kowalski", "Okafor", "Mensah", "Khan", "Ahmed", "Stephens",
        "Stevens", "Clarke", "Nguyen", "Hughes", "Edwards", "Price",
    ]
    static let surnameStarts = [
        "Ash", "Brook", "Clay", "Dun", "East", "Fair", "Green", "Hart", "Kings", "Lang", "Mar", "North", "Oak", "Pen",
        "Red", "Stan", "Thorn", "Wood", "West", "Whit", "Bar", "Black", "Brad", "Cal", "Craw", "Har", "Holl", "Mil",
        "Ran", "Shel", "Ab", "Bel", "Carr", "Dal", "Elm", "Fox", "Gold", "Hay", "Ing", "Lock",
    ]
    static let surnameEnds = [
        "ford", "field", "ley", "ton", "well", "wood", "by", "worth", "more", "ham", "dale", "croft", "wick", "stone",
        "bury", "hurst", "son", "man", "ridge", "land", "combe", "low", "thorpe", "wright", "cott",
    ]
    static let streets = ["High Street", "Station Road", "Church Lane", "Mill Road", "Park Avenue", "Victoria Road"]

    mutating func pick<T>(_ weighted: [(T, Double)]) -> T {
        let total = weighted.reduce(0) { $0 + $1.1 }
        var roll = Double.random(in: 0..<total, using: &generator)
        for (value, weight) in weighted {
            if roll < weight { return value }
            roll -= weight
        }
        return weighted[weighted.count - 1].0
    }

    mutating func chance(_ percent: Double) -> Bool { Double.random(in: 0..<100, using: &generator) < percent }

    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &generator) }

    mutating func digits(_ count: Int) -> String {
        String((0..<count).map { _ in Character(String(int(0...9))) })
    }

    /// A well-formed UPN (check letter and 12 digits) for a made-up pupil.
    mutating func upn() -> String {
        let body = "999" + digits(9)
        return String(Identifiers.upnCheckLetter(for: body)!) + body
    }

    mutating func postcode() -> String {
        let prefix = postcodePrefixes[int(0...(postcodePrefixes.count - 1))]
        let letters = Array("ABDEFGHJLNPQRSTUWXYZ")
        return "\(prefix) \(int(1...9))\(letters[int(0...19)])\(letters[int(0...19)])"
    }

    /// The next synthetic case.
    public mutating func next() -> CaseRecord {
        let ncy = pick(Self.yearGroups)
        // Born in the academic year that puts the child in `ncy` today.
        let birthAY = SchoolCalendar.academicYear(of: today) - ncy - 5
        let dob = LocalDate(birthAY, 9, 1).adding(days: int(0...364))
        let csaStart = SchoolCalendar.compulsorySchoolAgeStart(dateOfBirth: dob)
        // Common surnames for half the children, made-up English place-style surnames (1,000 of them) for
        // the rest, and one in ten double-barrelled: a spread of names like a real register's.
        var surname =
            chance(50)
            ? Self.surnames[int(0...(Self.surnames.count - 1))]
            : Self.surnameStarts[int(0...(Self.surnameStarts.count - 1))] + Self.surnameEnds[int(0...(Self.surnameEnds.count - 1))]
        if chance(10) { surname += "-" + Self.surnames[int(0...(Self.surnames.count - 1))] }
        let sex = pick(Self.sexes)
        let address = PostalAddress(
            line1: "\(int(1...240)) \(Self.streets[int(0...(Self.streets.count - 1))])",
            town: "Exampleton",
            postcode: postcode()
        )
        let child = Child(
            forenames: Self.forenames[int(0...(Self.forenames.count - 1))],
            surname: surname,
            dateOfBirth: dob,
            sex: sex,
            upn: chance(85) ? upn() : nil,
            address: address
        )
        let parent = ParentCarer(
            name: "\(Self.forenames[int(0...(Self.forenames.count - 1))]) \(surname)",
            relationship: "parent",
            address: address,
            phones: ["07\(digits(9))"],
            email: chance(70) ? "family\(digits(6))@example.org" : nil,
            hoursPerWeek: Double(int(10...30))
        )
        // Episode: started within the last three years, not before the child was near school age.
        let earliest = max(csaStart.adding(days: -300), today.adding(days: -3 * 365))
        let span = max(0, earliest.days(until: today))
        let start = earliest.adding(days: int(0...span))
        var episode = Episode(
            startDate: start,
            notificationSource: chance(70) ? .deletionReturn : (chance(70) ? .parent : .otherLA),
            notificationDate: start,
            previousSchool: PreviousSchool(urn: "1\(digits(5))", type: pick(Self.previousSchools)),
            primaryReason: pick(Self.reasons)
        )
        var contacts: [Contact] = []
        var contactDate = start.adding(days: int(10...40))
        while contactDate < today, contacts.count < 4 {
            contacts.append(
                Contact(
                    date: contactDate,
                    method: chance(50) ? .homeVisit : .email,
                    officer: "officer\(int(1...8))",
                    judgement: chance(85) ? .suitable : .concernsInformalEnquiry
                )
            )
            contactDate = contactDate.adding(days: int(200...420))
        }
        if chance(28) {
            let length = max(0, start.days(until: today))
            let end = start.adding(days: int(0...length))
            episode.endDate = end
            episode.endReason = pick(Self.endReasons)
            if episode.endReason == .returnedToSchool { episode.returnSchoolURN = "1\(digits(5))" }
            contacts = contacts.filter { $0.date <= end }
        }
        // Enforcement (DOMAIN.md §13.6): s.437 notices for about 4 %, SAOs issued for 1.4 %, revoked for 0.3 %.
        var enforcement: [EnforcementEvent] = []
        let lastDay = episode.endDate ?? today
        if chance(4), start.days(until: lastDay) > 120 {
            let enquiry = start.adding(days: int(30...60))
            enforcement.append(EnforcementEvent(kind: .informalEnquiry, date: enquiry))
            let notice = enquiry.adding(days: int(20...40))
            let period = chance(70) ? 15 : 28
            let expiry = notice.adding(days: period - 1)
            enforcement.append(EnforcementEvent(kind: .s437Notice, date: notice, periodDays: period))
            if chance(35), notice.adding(days: 45) <= lastDay {
                // The notice ended with an order to follow; the order names a school (issue 16 item 8). Worked
                // out from values already drawn, so the rest of the generated register is unchanged.
                enforcement[enforcement.count - 1].outcome = .saoToFollow
                enforcement[enforcement.count - 1].outcomeDate = expiry.adding(days: 1)
                let urn = String(100_000 + abs(notice.daysSinceEpoch * 7919) % 100_000)
                enforcement.append(EnforcementEvent(kind: .saoIssued, date: notice.adding(days: int(30...45)), namedSchoolURN: urn))
                if chance(20), notice.adding(days: 120) <= lastDay {
                    enforcement.append(
                        EnforcementEvent(
                            kind: .saoRevoked,
                            date: notice.adding(days: int(60...120)),
                            revocationReason: .suitableEducationArranged
                        )
                    )
                }
            } else if expiry.adding(days: 7) <= lastDay {
                // Most notices end with the parent satisfying the LA; some with no further action.
                enforcement[enforcement.count - 1].outcome = notice.daysSinceEpoch % 5 == 0 ? .noFurtherAction : .parentSatisfiedLA
                enforcement[enforcement.count - 1].outcomeDate = expiry.adding(days: 7)
            }
        }
        let provision = pick(Self.sen)
        var ehcp: EHCP?
        if provision == .ehcp {
            let issue = start.adding(days: -int(30...700))
            let reviews =
                chance(60) && issue.adding(months: 11) < today
                ? [
                    AnnualReview(
                        meetingDate: issue.adding(months: 11),
                        decisionDate: issue.adding(months: 11).adding(days: 20),
                        decision: .maintain
                    )
                ]
                : []
            ehcp = EHCP(issueDate: issue, reviews: reviews)
        }
        var socialCare: [SocialCareStatus] = []
        if chance(1) { socialCare.append(SocialCareStatus(flag: .childInNeed, from: start)) }
        if chance(0.5) { socialCare.append(SocialCareStatus(flag: .childProtectionPlan, from: start)) }
        return CaseRecord(
            child: child,
            parents: [parent],
            senProvision: provision,
            ehcp: ehcp,
            socialCare: socialCare,
            episodes: [episode],
            contacts: contacts,
            enforcement: enforcement,
            assignedOfficer: "officer\(int(1...8))",
            notes: chance(30) ? "Family prefers contact by email." : nil
        )
    }
}

extension CaseService {
    /// Adds `count` synthetic cases in transactions of `batchSize` (each batch whole or not at all),
    /// calling `progress` with the number stored so far.
    public func seedDemo(
        count: Int,
        seed: UInt64,
        batchSize: Int = 1_000,
        progress: (Int) -> Void = { _ in }
    ) async throws -> Int {
        var demo = DemoRegister(seed: seed, today: today, postcodePrefixes: planningAreas.prefixes)
        var stored = 0
        while stored < count {
            let size = min(batchSize, count - stored)
            let records = (0..<size).map { _ in prepared(demo.next()) }
            _ = try await store.add(records)
            stored += size
            progress(stored)
        }
        return stored
    }
}
