import EHEApp
import EHECore
import EHETestSupport
import Foundation
import Testing

enum EHETestFixtures {
    static func simple() -> CaseRecord { Fixtures.simpleRecord() }
}

@Suite("Officers' case operations")
struct CaseServiceTests {
    let today = LocalDate(2026, 11, 30)

    func service(_ store: any CaseStore = InMemoryCaseStore()) -> CaseService {
        CaseService(store: store, planningAreas: PlanningAreaLookup(entries: ["EX1": "PA-EXN", "EX1 3": "PA-EXE"]), today: today)
    }

    func document(_ record: CaseRecord) -> CaseDocument {
        var document = CaseDocument(StoredCase(reference: CaseReference(number: 1), version: 1, record: record), asOf: today)
        document.reference = nil
        document.version = nil
        return document
    }

    @Test("registering a child derives the planning area from the postcode sector, else the district")
    func planningArea() async throws {
        let service = service()
        let sector = try await service.add(document(Fixtures.canaryRecord()))
        #expect(sector.record.planningArea == "PA-EXE")
        var record = Fixtures.simpleRecord()
        record.child.address = PostalAddress(line1: "2 Road", postcode: "ex1 9ab")
        let district = try await service.add(document(record))
        #expect(district.record.planningArea == "PA-EXN")
        #expect(district.record.child.address?.postcode == "EX1 9AB")
    }

    @Test("adding several children is all or nothing, with problems prefixed by the document's place")
    func allOrNothing() async throws {
        let store = InMemoryCaseStore()
        let service = service(store)
        var bad = document(Fixtures.simpleRecord())
        bad.child?.surname = nil
        await #expect(
            throws: RegisterError.invalid([ValidationProblem(field: "[1].child.surname", rule: "required", message: "is required")])
        ) {
            _ = try await service.add([document(Fixtures.simpleRecord()), bad])
        }
        #expect(try await store.facts(CaseQuery()).isEmpty)
    }

    @Test("close, contact and reopen: the episode history builds up and the version counts changes")
    func lifecycle() async throws {
        let service = service()
        let added = try await service.add(document(Fixtures.simpleRecord(start: LocalDate(2025, 1, 6))))
        let contacted = try await service.addContact(
            added.reference,
            Contact(date: LocalDate(2025, 6, 2), method: .homeVisit, officer: "O", judgement: .suitable)
        )
        #expect(ReviewClock.annualContactDue(for: contacted.record) == LocalDate(2026, 6, 2))
        let closed = try await service.close(
            added.reference,
            reason: .returnedToSchool,
            date: LocalDate(2025, 9, 3),
            returnSchoolURN: "123456"
        )
        #expect(closed.record.status == .closed && closed.version == 3)
        await #expect(throws: RegisterError.notAllowed(added.reference, "the case is already closed; nothing was changed")) {
            _ = try await service.close(added.reference, reason: .other, date: LocalDate(2025, 9, 4))
        }
        let reopened = try await service.reopen(
            added.reference,
            episode: Episode(startDate: LocalDate(2026, 2, 2), notificationSource: .deletionReturn, primaryReason: .mentalHealth)
        )
        #expect(reopened.record.episodes.count == 2 && reopened.record.status == .open)
        #expect(ReviewClock.annualContactDue(for: reopened.record) == LocalDate(2027, 2, 2))
    }

    @Test("a closing date before the episode started is refused and changes nothing")
    func closeBeforeStart() async throws {
        let service = service()
        let added = try await service.add(document(Fixtures.simpleRecord(start: LocalDate(2025, 1, 6))))
        await #expect(throws: RegisterError.self) {
            _ = try await service.close(added.reference, reason: .other, date: LocalDate(2024, 12, 1))
        }
        #expect(try await service.show(added.reference).version == 1)
    }

    @Test("a contact before the episode began is refused with the contact's field named")
    func contactBeforeEpisode() async throws {
        let service = service()
        let added = try await service.add(document(Fixtures.simpleRecord(start: LocalDate(2025, 1, 6))))
        await #expect {
            _ = try await service.addContact(
                added.reference,
                Contact(date: LocalDate(2024, 1, 1), method: .phone, officer: "O", judgement: .suitable)
            )
        } throws: { error in
            guard case .invalid(let problems) = error as? RegisterError else { return false }
            return problems.map(\.field) == ["contact.date"]
        }
    }

    @Test("an update from a stale copy is a conflict; a current one is applied")
    func staleUpdate() async throws {
        let service = service()
        let added = try await service.add(document(Fixtures.simpleRecord()))
        let copy = CaseDocument(try await service.show(added.reference), asOf: today)
        var first = copy
        first.notes = "first edit"
        _ = try await service.update(added.reference, with: first)
        var second = copy
        second.notes = "second edit"
        await #expect(throws: RegisterError.conflict(added.reference, expected: 1, actual: 2)) {
            _ = try await service.update(added.reference, with: second)
        }
        #expect(try await service.show(added.reference).record.notes == "first edit")
        var missingVersion = copy
        missingVersion.version = nil
        await #expect(throws: RegisterError.self) { _ = try await service.update(added.reference, with: missingVersion) }
    }

    @Test("the summary counts live EHE children only while they are of compulsory school age")
    func summary() async throws {
        let service = service()
        // Year 11 in 2025/26: CSA ends 26 June 2026.
        _ = try await service.add(document(Fixtures.simpleRecord(dateOfBirth: LocalDate(2010, 6, 30), start: LocalDate(2025, 1, 6))))
        _ = try await service.add(document(Fixtures.simpleRecord(start: LocalDate(2025, 1, 6), reason: .lifestyle)))
        let before = try await service.summary(asOf: LocalDate(2026, 6, 26))
        #expect(before.liveEHE == 2)
        #expect(before.byYearGroup == ["Year 11": 1, "Year 6": 1])
        let after = try await service.summary(asOf: LocalDate(2026, 6, 27))
        #expect(after.liveEHE == 1 && after.openNotOfCompulsorySchoolAge == 1)
        #expect(after.byPrimaryReason["lifestyle"] == 1 && after.byPrimaryReason["mental_health"] == 0)
    }

    func child(_ forenames: String, _ surname: String, _ dob: LocalDate, upn: String? = nil) -> CaseRecord {
        var record = Fixtures.simpleRecord(surname: surname, dateOfBirth: dob)
        record.child.forenames = forenames
        record.child.upn = upn
        return record
    }

    @Test("duplicates are caught on add: same UPN, same name and DOB without UPN, sound-alike; not different DOBs")
    func duplicateDetection() async throws {
        let service = service()
        let dob = LocalDate(2014, 4, 4)
        _ = try await service.add(document(child("Amira", "Thompson", dob, upn: "U999123456789")))
        // Same UPN, different name.
        await #expect {
            _ = try await service.add(document(child("Bo", "Other", LocalDate(2015, 1, 1), upn: "U999123456789")))
        } throws: { error in
            guard case .possibleDuplicate(let matches) = error as? RegisterError else { return false }
            return matches == [DuplicateMatch(reference: CaseReference(number: 1), rules: [.sameUPN])]
        }
        // Same surname and DOB, no UPN.
        await #expect {
            _ = try await service.add(document(child("Bella", "thompson", dob)))
        } throws: { error in
            guard case .possibleDuplicate(let matches) = error as? RegisterError else { return false }
            return matches.map(\.rules) == [[.sameSurnameAndDOB]]
        }
        // Sounds alike, same DOB and initial.
        await #expect {
            _ = try await service.add(document(child("Amy", "Thomson", dob)))
        } throws: { error in
            guard case .possibleDuplicate(let matches) = error as? RegisterError else { return false }
            return matches.map(\.rules) == [[.soundsAlikeDOBAndInitial]]
        }
        // Same surname, different DOB: a different child.
        let sibling = try await service.add(document(child("Amira", "Thompson", LocalDate(2016, 2, 2))))
        #expect(sibling.reference == CaseReference(number: 2))
        // Told it is a new child, the register adds it.
        let forced = try await service.add(document(child("Bella", "Thompson", dob)), newChild: true)
        #expect(forced.reference == CaseReference(number: 3))
        let groups = try await service.duplicateGroups()
        #expect(
            groups.contains(DuplicateGroup(rule: .sameSurnameAndDOB, references: [CaseReference(number: 1), CaseReference(number: 3)]))
        )
        #expect(!groups.contains { $0.references.contains(CaseReference(number: 2)) })
    }

    @Test("find filters index candidates exactly")
    func find() async throws {
        let service = service()
        _ = try await service.add(document(child("Zoë", "O'Neill", LocalDate(2014, 3, 2))))
        _ = try await service.add(document(child("Liam", "Smith-Jones", LocalDate(2013, 1, 9))))
        #expect(try await service.find(SearchCriteria(surname: "ONeill")).map(\.child.forenames) == ["Zoë"])
        #expect(try await service.find(SearchCriteria(forename: "zoe", dateOfBirth: LocalDate(2014, 3, 2))).count == 1)
        #expect(try await service.find(SearchCriteria(surname: "Jones", dateOfBirth: LocalDate(2013, 1, 9))).count == 1)
        #expect(try await service.find(SearchCriteria(surname: "Jones", dateOfBirth: LocalDate(2013, 1, 10))).isEmpty)
    }
}
