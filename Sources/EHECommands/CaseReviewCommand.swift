import ArgumentParser
import EHEApp
import EHECore

struct CaseReviewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "Record an EHCP annual review meeting, or the decision that followed it.",
        discussion: """
            With --meeting, records a review meeting on the child's plan (and the decision, when --decision and \
            --decided are given too). Without --meeting, records the decision on the latest meeting still \
            awaiting one. Decisions: \(ReviewDecision.allCodes.joined(separator: ", ")).

            Examples: ehe case review EHE-000123 --meeting 2026-11-20
                      ehe case review EHE-000123 --decision maintain --decided 2026-12-01
            """
    )

    @OptionGroup var register: RegisterFlags
    @OptionGroup var target: CaseChangeTarget

    @Option(help: "Date of the review meeting, YYYY-MM-DD.")
    var meeting: String?

    @Option(help: "The LA's decision after the meeting (a review decision code).")
    var decision: String?

    @Option(help: "Date of the decision, YYYY-MM-DD.")
    var decided: String?

    func validate() throws {
        if meeting == nil, decision == nil { throw ValidationError("give --meeting DATE, or --decision CODE --decided DATE") }
        if (decision == nil) != (decided == nil) { throw ValidationError("--decision and --decided go together") }
    }

    func run() async throws {
        let reference = try target.caseReference()
        let decisionCode = try decision.map { try Arguments.code(ReviewDecision.self, $0, option: "--decision") }
        let decisionDate = try Arguments.optionalDate(decided, option: "--decided")
        let names = ["review.meetingDate": "--meeting", "review.decision": "--decision", "review.decisionDate": "--decided"]
        let opened = try register.open()
        let stored: StoredCase
        if let meeting {
            let review = AnnualReview(
                meetingDate: try Arguments.date(meeting, option: "--meeting"),
                decisionDate: decisionDate,
                decision: decisionCode
            )
            stored = try await Arguments.flags(names) {
                try await opened.cases.recordEHCPReview(reference, review, expectedVersion: target.expectedVersion)
            }
        } else if let decisionCode, let decisionDate {
            stored = try await Arguments.flags(["decision": "--decision", "decisionDate": "--decided"]) {
                try await opened.cases.recordEHCPReviewDecision(
                    reference,
                    EHCPReviewDecision(decision: decisionCode, date: decisionDate),
                    expectedVersion: target.expectedVersion
                )
            }
        } else {
            throw ValidationError("give --meeting DATE, or --decision CODE --decided DATE")
        }
        var message = "\(stored.reference): EHCP review recorded (version \(stored.version))"
        if let plan = stored.record.ehcp {
            message +=
                ReviewClock.ehcpReviewDue(for: plan, policy: opened.policy).map { "; next review due \($0)" }
                ?? "; the plan is to cease: no further review"
        }
        print(message)
    }
}
