internal import EHECore
import Foundation

/// The binary form of a case's clear data kept in `child.clear_snapshot`: dates as day numbers, codes as
/// their position in the code list, lists with a count. Each snapshot starts with a fingerprint of the code
/// lists it was written under; a register whose snapshots were written under other code lists reads the
/// tables instead until `ehe maintenance run` rewrites them.
enum ClearSnapshot {
    static let version: UInt8 = 1

    /// FNV-1a over every code list's codes in order: changes when a code is added, removed or moved.
    static let codesFingerprint: UInt32 = {
        var hash: UInt32 = 2_166_136_261
        let lists: [[String]] = [
            Sex.allCodes, SENProvision.allCodes, EndReason.allCodes, PrimaryReason.allCodes, PreviousSchoolType.allCodes,
            NotificationSource.allCodes, SocialCareFlag.allCodes, EnforcementKind.allCodes, ReturnPlanStatus.allCodes,
        ]
        for code in lists.joined() {
            for byte in code.utf8 + [0] {
                hash ^= UInt32(byte)
                hash = hash &* 16_777_619
            }
        }
        return hash
    }()

    /// What `register_meta` holds under `clear_snapshots` when every child has a snapshot written under
    /// these code lists.
    static var completeMarker: String { "v\(version)-\(codesFingerprint)" }

    struct Stale: Error {}

    // Each code list once (`allCases` builds a new array on every call).
    static let sexes = Sex.allCases
    static let senProvisions = SENProvision.allCases
    static let endReasons = EndReason.allCases
    static let primaryReasons = PrimaryReason.allCases
    static let schoolTypes = PreviousSchoolType.allCases
    static let sources = NotificationSource.allCases
    static let socialCareFlags = SocialCareFlag.allCases
    static let enforcementKinds = EnforcementKind.allCases
    static let planStatuses = ReturnPlanStatus.allCases

    // MARK: Writing

    static func encode(_ clear: ClearCase) -> Data {
        var out = Writer()
        out.byte(version)
        out.u32(codesFingerprint)
        out.code(clear.sex, in: sexes)
        out.i32(clear.birthAcademicYear)
        out.date(clear.compulsorySchoolAgeStart)
        out.date(clear.compulsorySchoolAgeEnd)
        out.code(clear.senProvision, in: senProvisions)
        out.text(clear.planningArea)
        out.byte(clear.livesInLA ? 1 : 0)
        out.date(clear.ehcpIssueDate)
        out.count(clear.episodes.count)
        for episode in clear.episodes {
            out.date(episode.start)
            out.date(episode.end)
            out.code(episode.endReason, in: endReasons)
            out.code(episode.primaryReason, in: primaryReasons)
            out.code(episode.previousSchoolType, in: schoolTypes)
            out.code(episode.notificationSource, in: sources)
        }
        out.count(clear.socialCare.count)
        for status in clear.socialCare {
            out.code(status.flag, in: socialCareFlags)
            out.date(status.from)
            out.date(status.to)
        }
        // Contacts as dates with a substantive flag, from which both lists are rebuilt.
        let substantive = clear.substantiveContactDates
        var remaining = substantive[...]
        out.count(clear.contactDates.count)
        for date in clear.contactDates {
            out.date(date)
            if let first = remaining.first, first == date {
                out.byte(1)
                remaining = remaining.dropFirst()
            } else {
                out.byte(0)
            }
        }
        out.count(clear.reviewMeetings.count)
        for date in clear.reviewMeetings { out.date(date) }
        out.count(clear.enforcement.count)
        for step in clear.enforcement {
            out.code(step.kind, in: enforcementKinds)
            out.date(step.date)
        }
        out.count(clear.returnPlans.count)
        for plan in clear.returnPlans {
            out.date(plan.targetDate)
            out.text(plan.targetSchoolURN)
            out.code(plan.status, in: planStatuses)
        }
        return out.data
    }

    struct Writer {
        var data = Data()

        mutating func byte(_ value: UInt8) { data.append(value) }
        mutating func u32(_ value: UInt32) { withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) } }
        mutating func i32(_ value: Int) { u32(UInt32(bitPattern: Int32(clamping: value))) }
        mutating func count(_ value: Int) { u32(UInt32(clamping: value)) }
        /// Day number; `Int32.min` for none.
        mutating func date(_ value: LocalDate?) { i32(value?.daysSinceEpoch ?? Int(Int32.min)) }
        /// Position in the code list; 255 for none.
        mutating func code<C: CodeList>(_ value: C?, in list: [C]) {
            byte(value.flatMap { list.firstIndex(of: $0) }.map { UInt8($0) } ?? 255)
        }
        mutating func text(_ value: String?) {
            guard let value else { return count(Int(UInt32.max)) }
            let bytes = Array(value.utf8)
            count(bytes.count)
            data.append(contentsOf: bytes)
        }
    }

    // MARK: Reading

    static func decode(_ bytes: UnsafeRawBufferPointer, reference: CaseReference) throws -> ClearCase {
        var input = Reader(bytes: bytes)
        guard try input.byte() == version, try input.u32() == codesFingerprint else { throw Stale() }
        let sex = try input.code(sexes)
        let birthYear = try input.i32()
        let csaStart = try input.requiredDate()
        let csaEnd = try input.requiredDate()
        let sen = try input.code(senProvisions)
        let area = try input.text()
        let lives = try input.byte() == 1
        let ehcpIssue = try input.date()
        var episodes: [ClearCase.ClearEpisode] = []
        for _ in 0..<(try input.count()) {
            episodes.append(
                ClearCase.ClearEpisode(
                    start: try input.requiredDate(),
                    end: try input.date(),
                    endReason: try input.optionalCode(endReasons),
                    primaryReason: try input.code(primaryReasons),
                    previousSchoolType: try input.optionalCode(schoolTypes),
                    notificationSource: try input.code(sources)
                )
            )
        }
        var social: [SocialCareStatus] = []
        for _ in 0..<(try input.count()) {
            social.append(SocialCareStatus(flag: try input.code(socialCareFlags), from: try input.requiredDate(), to: try input.date()))
        }
        let contactCount = try input.count()
        var contacts: [LocalDate] = []
        var substantive: [LocalDate] = []
        contacts.reserveCapacity(contactCount)
        for _ in 0..<contactCount {
            let date = try input.requiredDate()
            contacts.append(date)
            if try input.byte() == 1 { substantive.append(date) }
        }
        var reviews: [LocalDate] = []
        for _ in 0..<(try input.count()) { reviews.append(try input.requiredDate()) }
        var enforcement: [ClearCase.EnforcementStep] = []
        for _ in 0..<(try input.count()) {
            enforcement.append(ClearCase.EnforcementStep(kind: try input.code(enforcementKinds), date: try input.requiredDate()))
        }
        var plans: [ClearCase.ClearReturnPlan] = []
        for _ in 0..<(try input.count()) {
            plans.append(
                ClearCase.ClearReturnPlan(
                    targetDate: try input.requiredDate(),
                    targetSchoolURN: try input.text(),
                    status: try input.code(planStatuses)
                )
            )
        }
        return ClearCase(
            reference: reference,
            sex: sex,
            birthAcademicYear: birthYear,
            compulsorySchoolAgeStart: csaStart,
            compulsorySchoolAgeEnd: csaEnd,
            senProvision: sen,
            planningArea: area,
            livesInLA: lives,
            episodes: episodes,
            socialCare: social,
            contactDates: contacts,
            substantiveContactDates: substantive,
            ehcpIssueDate: ehcpIssue,
            reviewMeetings: reviews,
            enforcement: enforcement,
            returnPlans: plans
        )
    }

    struct Malformed: Error {}

    struct Reader {
        let bytes: UnsafeRawBufferPointer
        var offset = 0

        mutating func byte() throws -> UInt8 {
            guard offset < bytes.count else { throw Malformed() }
            defer { offset += 1 }
            return bytes[offset]
        }

        mutating func u32() throws -> UInt32 {
            guard offset + 4 <= bytes.count else { throw Malformed() }
            var value: UInt32 = 0
            for index in 0..<4 { value |= UInt32(bytes[offset + index]) << (8 * index) }
            offset += 4
            return value
        }

        mutating func i32() throws -> Int { Int(Int32(bitPattern: try u32())) }
        mutating func count() throws -> Int {
            let value = Int(try u32())
            guard value <= bytes.count else { throw Malformed() }
            return value
        }

        mutating func date() throws -> LocalDate? {
            let days = try i32()
            return days == Int(Int32.min) ? nil : LocalDate(daysSinceEpoch: days)
        }

        mutating func requiredDate() throws -> LocalDate {
            guard let date = try date() else { throw Malformed() }
            return date
        }

        mutating func optionalCode<C>(_ list: [C]) throws -> C? {
            let index = Int(try byte())
            guard index != 255 else { return nil }
            guard index < list.count else { throw Malformed() }
            return list[index]
        }

        mutating func code<C>(_ list: [C]) throws -> C {
            guard let code = try optionalCode(list) else { throw Malformed() }
            return code
        }

        mutating func text() throws -> String? {
            let length = try u32()
            guard length != UInt32.max else { return nil }
            guard offset + Int(length) <= bytes.count else { throw Malformed() }
            defer { offset += Int(length) }
            return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + Int(length)]), as: UTF8.self)
        }
    }
}
