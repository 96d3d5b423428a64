import ArgumentParser
import EHEApp
import EHECore

struct CaseReturnPlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "return-plan",
        abstract: "Record a plan for the child's return to school, or move an existing plan on.",
        discussion: """
            Statuses: \(ReturnPlanStatus.allCodes.joined(separator: ", ")). With --plan N, replaces plan N (1 is \
            the first recorded, as `ehe case show` lists them) instead of adding one.

            Example: ehe case return-plan EHE-000123 --target 2027-01-05 --status applied --urn 100001
            """
    )

    @OptionGroup var register: RegisterFlags
    @OptionGroup var target: CaseChangeTarget

    @Option(name: .customLong("target"), help: "Target date for the return, YYYY-MM-DD.")
    var targetDate: String

    @Option(help: "Where the plan has got to (a return plan status code).")
    var status: String

    @Option(help: "URN of the school the child is to return to.")
    var urn: String?

    @Option(help: "The plan to replace (1 is the first recorded); leave out to add a plan.")
    var plan: Int?

    func run() async throws {
        let reference = try target.caseReference()
        let returnPlan = ReturnPlan(
            targetDate: try Arguments.date(targetDate, option: "--target"),
            targetSchoolURN: urn?.trimmingWhitespace,
            status: try Arguments.code(ReturnPlanStatus.self, status, option: "--status")
        )
        let opened = try register.open()
        let names = ["plan.targetDate": "--target", "plan.targetSchoolURN": "--urn", "plan.status": "--status", "plan": "--plan"]
        let stored = try await Arguments.flags(names) {
            if let plan {
                return try await opened.cases.updateReturnPlan(
                    reference,
                    at: plan - 1,
                    to: returnPlan,
                    expectedVersion: target.expectedVersion
                )
            }
            return try await opened.cases.recordReturnPlan(reference, returnPlan, expectedVersion: target.expectedVersion)
        }
        print("\(stored.reference): return plan \(plan.map { "\($0) updated" } ?? "recorded") (version \(stored.version))")
    }
}
