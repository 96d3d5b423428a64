import EHEApp
import EHECore
import EHETestSupport
import Foundation
import Testing

/// The officer actions of the application façade, as the CLI, the API and the pages all call them.
@Suite("Officer actions: one rule each, whatever the driver")
struct OfficerActionsTests {
    let today = LocalDate(2026, 11, 30)
    let rules = DueRules(policy: DuePolicy(), calendar: WorkingDayCalendar(bankHolidays: []))

    func service(_ store: any CaseStore = InMemoryCaseStore()) -> CaseService {
        CaseService(store: store, planningAreas: PlanningAreaLookup(entries: [:]), today: today)
    }

    func added(
        _ service: CaseService,
        _ record: CaseRecord = Fixtures.simpleRecord(start: LocalDate(2026, 9, 7))
    ) async throws -> StoredCase {
        var document = CaseDocument(StoredCase(reference: CaseReference(number: 1), version: 1, record: record), asOf: today)
        document.reference = nil
        document.version = nil
        return try await service.add(document, newChild: true)
    }

    func dueKinds(_ stored: StoredCase) -> [DueKind: LocalDate] {
        Dictionary(uniqueKeysWithValues: rules.items(for: stored.reference, stored.record).map { ($0.kind, $0.dueDate) })
    }

    @Test("the outcome of a s.437(1) notice is recorded on the notice and ends its expiry reminder")
    func s437Outcome() async throws {
        let service = service()
        let start = try await added(service)
        let served = try await service.recordEnforcementStep(
            start.reference,
            EnforcementEvent(kind: .s437Notice, date: LocalDate(2026, 11, 2), periodDays: 15),
            expectedVersion: start.version
        )
        // Served 2 November, 15 days beginning with that day: the period's last day is 16 November.
        #expect(dueKinds(served)[.s437Expiry] == LocalDate(2026, 11, 16))

        let decided = try await service.recordS437Outcome(
            start.reference,
            S437Decision(outcome: .parentSatisfiedLA, date: LocalDate(2026, 11, 20)),
            expectedVersion: served.version
        )
        #expect(decided.version == served.version + 1)
        #expect(decided.record.enforcement[0].outcome == .parentSatisfiedLA)
        #expect(decided.record.enforcement[0].outcomeDate == LocalDate(2026, 11, 20))
        #expect(dueKinds(decided)[.s437Expiry] == nil)

        // A second outcome for the same notice is refused: no notice awaits one.
        await #expect(
            throws: RegisterError.notAllowed(start.reference, "the case has no s.437(1) notice awaiting an outcome; nothing was changed")
        ) {
            _ = try await service.recordS437Outcome(start.reference, S437Decision(outcome: .saoToFollow, date: today))
        }
        // The outcome survives a round trip through the case document.
        let document = CaseDocument(decided, asOf: today)
        #expect(document.enforcement?.first?.outcome == "satisfied")
        #expect(try document.record(today: today).enforcement[0].outcomeDate == LocalDate(2026, 11, 20))
    }

    @Test("an outcome goes on the latest notice still awaiting one, dated neither before it nor in the future")
    func s437OutcomeRules() async throws {
        let service = service()
        let start = try await added(service)
        await #expect(
            throws: RegisterError.notAllowed(start.reference, "the case has no s.437(1) notice awaiting an outcome; nothing was changed")
        ) {
            _ = try await service.recordS437Outcome(start.reference, S437Decision(outcome: .noFurtherAction, date: today))
        }
        _ = try await service.recordEnforcementStep(start.reference, EnforcementEvent(kind: .informalEnquiry, date: LocalDate(2026, 10, 1)))
        let served = try await service.recordEnforcementStep(
            start.reference,
            EnforcementEvent(kind: .s437Notice, date: LocalDate(2026, 11, 2), periodDays: 21)
        )
        func problem(_ date: LocalDate) async -> [String] {
            do {
                _ = try await service.recordS437Outcome(start.reference, S437Decision(outcome: .saoToFollow, date: date))
                return []
            } catch RegisterError.invalid(let problems) {
                return problems.map { "\($0.field) \($0.rule)" }
            } catch {
                return ["\(error)"]
            }
        }
        #expect(await problem(LocalDate(2026, 11, 1)) == ["date before_notice"])
        #expect(await problem(LocalDate(2026, 12, 1)) == ["date date_in_future"])
        // Nothing was changed by the refused attempts.
        #expect(try await service.show(start.reference).version == served.version)
        // The same day as the notice is allowed.
        let decided = try await service.recordS437Outcome(
            start.reference,
            S437Decision(outcome: .saoToFollow, date: LocalDate(2026, 11, 2))
        )
        #expect(decided.record.enforcement.map(\.outcome) == [nil, .saoToFollow])
    }

    @Test("an outcome or its date on a step that is not a s.437(1) notice breaks a rule of the case")
    func outcomeOnlyOnNotices() {
        var record = Fixtures.simpleRecord(start: LocalDate(2026, 9, 7))
        record.enforcement = [
            EnforcementEvent(
                kind: .informalEnquiry,
                date: LocalDate(2026, 10, 1),
                outcome: .noFurtherAction,
                outcomeDate: LocalDate(2026, 10, 2)
            ),
            EnforcementEvent(kind: .s437Notice, date: LocalDate(2026, 11, 2), periodDays: 15, outcome: .noFurtherAction),
            EnforcementEvent(kind: .s437Notice, date: LocalDate(2026, 11, 3), periodDays: 15, outcomeDate: LocalDate(2026, 11, 4)),
        ]
        let found = Set(record.problems(today: today).map { "\($0.field) \($0.rule)" })
        #expect(
            found == [
                "enforcement[0].outcome not_applicable", "enforcement[1].outcomeDate required", "enforcement[2].outcome required",
            ]
        )
    }

    @Test("a s.437(1) notice's period is at least 15 days, named as the step's field")
    func noticePeriod() async throws {
        let service = service()
        let start = try await added(service)
        await #expect(
            throws: RegisterError.invalid([
                ValidationProblem(
                    field: "step.periodDays",
                    rule: "s437_period",
                    message: "a s.437(1) notice must give at least 15 days (EA 1996 s.437(2))"
                )
            ])
        ) {
            _ = try await service.recordEnforcementStep(
                start.reference,
                EnforcementEvent(kind: .s437Notice, date: LocalDate(2026, 11, 2), periodDays: 14)
            )
        }
        #expect(try await service.show(start.reference).record.enforcement.isEmpty)
    }

    @Test("EHCP reviews: refused without a plan; a decision goes on the latest meeting awaiting one")
    func ehcpReviews() async throws {
        let service = service()
        let plain = try await added(service)
        await #expect(throws: RegisterError.self) {
            _ = try await service.recordEHCPReview(plain.reference, AnnualReview(meetingDate: LocalDate(2026, 11, 1)))
        }
        var record = Fixtures.simpleRecord(start: LocalDate(2026, 9, 7))
        record.senProvision = .ehcp
        record.ehcp = EHCP(issueDate: LocalDate(2025, 3, 1))
        let withPlan = try await added(service, record)
        let met = try await service.recordEHCPReview(withPlan.reference, AnnualReview(meetingDate: LocalDate(2026, 2, 20)))
        #expect(dueKinds(met)[.ehcpDecision] != nil)
        let decided = try await service.recordEHCPReviewDecision(
            withPlan.reference,
            EHCPReviewDecision(decision: .maintain, date: LocalDate(2026, 3, 6)),
            expectedVersion: met.version
        )
        #expect(decided.record.ehcp?.reviews.first?.decision == .maintain)
        #expect(dueKinds(decided)[.ehcpDecision] == nil)
        await #expect(throws: RegisterError.self) {
            _ = try await service.recordEHCPReviewDecision(withPlan.reference, EHCPReviewDecision(decision: .cease, date: today))
        }
    }

    @Test("return plans are recorded and moved on by number; a missing plan is named")
    func returnPlans() async throws {
        let service = service()
        let start = try await added(service)
        let planned = try await service.recordReturnPlan(
            start.reference,
            ReturnPlan(targetDate: LocalDate(2027, 1, 5), status: .intended)
        )
        #expect(dueKinds(planned)[.returnPlanTarget] == LocalDate(2027, 1, 5))
        let withdrawn = try await service.updateReturnPlan(
            start.reference,
            at: 0,
            to: ReturnPlan(targetDate: LocalDate(2027, 1, 5), status: .withdrawn),
            expectedVersion: planned.version
        )
        #expect(dueKinds(withdrawn)[.returnPlanTarget] == nil)
        do {
            _ = try await service.updateReturnPlan(start.reference, at: 3, to: ReturnPlan(targetDate: today, status: .applied))
            Issue.record("an update of a plan that does not exist was accepted")
        } catch RegisterError.invalid(let problems) {
            #expect(problems.map(\.field) == ["plan"])
        }
        await #expect(
            throws: RegisterError.invalid([
                ValidationProblem(field: "plan.targetSchoolURN", rule: "urn_format", message: "a school URN is 6 digits")
            ])
        ) {
            _ = try await service.recordReturnPlan(start.reference, ReturnPlan(targetDate: today, targetSchoolURN: "12", status: .applied))
        }
    }

    @Test("drivers' bodies are read into domain values with every unreadable field named")
    func readingBodies() throws {
        #expect(throws: RegisterError.self) { try CaseDocument.ClosureDTO(endReason: "bored").value() }
        do {
            _ = try CaseDocument.ClosureDTO(endReason: "bored", endDate: "2026-02-30").value()
        } catch {
            guard case .invalid(let problems) = error else { return }
            #expect(problems.map { "\($0.field) \($0.rule)" } == ["endReason code", "endDate date_format"])
        }
        do {
            _ = try CaseDocument.S437OutcomeDTO(outcome: "maybe").value()
        } catch {
            guard case .invalid(let problems) = error else { return }
            #expect(problems.map { "\($0.field) \($0.rule)" } == ["outcome code", "date required"])
        }
        #expect(
            try CaseDocument.S437OutcomeDTO(outcome: "no_further_action", date: "2026-11-20").value()
                == S437Decision(outcome: .noFurtherAction, date: LocalDate(2026, 11, 20))
        )
        let contact = try JSONDecoder().decode(CaseDocument.ContactDTO.self, from: Data(#"{"date": "2026-11-20"}"#.utf8))
        do {
            _ = try contact.value()
            Issue.record("a contact without a method or an officer was read")
        } catch {
            guard case .invalid(let problems) = error else { return }
            #expect(problems.map(\.field) == ["contact.method", "contact.officer"])
        }
    }

    @Test("errors speak the domain's words: no command-line flags, no URLs")
    func domainWording() async throws {
        let service = service()
        let start = try await added(service)
        await #expect(
            throws: RegisterError.invalid([
                ValidationProblem(field: "officer", rule: "required", message: "name the officer, or unassign the case")
            ])
        ) {
            _ = try await service.assign(start.reference, officer: "  ")
        }
        await #expect(
            throws: RegisterError.invalid([ValidationProblem(field: "reason", rule: "required", message: "say why the record is erased")])
        ) {
            try await service.erase(start.reference, reason: " ")
        }
        var document = CaseDocument(start, asOf: today)
        document.version = nil
        do {
            _ = try await service.update(start.reference, with: document)
        } catch {
            #expect(!"\(error)".contains("ehe ") && !"\(error)".contains("--"))
        }
    }
}

@Suite("Dates from outside are held to the register's range; absurd notice periods are refused")
struct InputRangeTests {
    let today = LocalDate(2026, 11, 30)

    @Test("a date of birth in year 9999 or 0001 is refused by name, not computed with")
    func datesOutOfRange() throws {
        for text in ["9999-12-31", "9983-09-01", "0001-01-01", "1899-12-31"] {
            let json =
                #"{"child": {"forenames": "A", "surname": "B", "dateOfBirth": "\#(text)", "sex": "female"},"#
                + #" "episodes": [{"startDate": "2026-09-07", "notificationSource": "parent", "primaryReason": "lifestyle"}]}"#
            let document = try JSONDecoder().decode(CaseDocument.self, from: Data(json.utf8))
            do {
                _ = try document.record(today: today)
                Issue.record("\(text) was accepted")
            } catch {
                guard case .invalid(let problems) = error else { return }
                #expect(problems.contains { $0.field == "child.dateOfBirth" && $0.rule == "date_range" }, "\(text): \(problems)")
            }
        }
        #expect(LocalDate.registerRange.contains(LocalDate(1900, 1, 1)) && LocalDate.registerRange.contains(LocalDate(2199, 12, 31)))
    }

    @Test("a s.437(1) notice period beyond a year is refused before any date is computed from it")
    func hugePeriod() {
        var record = Fixtures.simpleRecord(start: LocalDate(2026, 9, 7))
        for days in [367, 1 << 62, Int.max] {
            record.enforcement = [EnforcementEvent(kind: .s437Notice, date: LocalDate(2026, 11, 2), periodDays: days)]
            #expect(record.problems(today: today).map { "\($0.field) \($0.rule)" } == ["enforcement[0].periodDays s437_period"])
        }
        record.enforcement = [EnforcementEvent(kind: .s437Notice, date: LocalDate(2026, 11, 2), periodDays: 366)]
        #expect(record.problems(today: today).isEmpty)
    }
}
