import ArgumentParser

struct CaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "case",
        abstract: "Register, find, show, change, close and reopen children's cases.",
        subcommands: [
            CaseAddCommand.self, CaseFindCommand.self, CaseShowCommand.self, CaseListCommand.self, CaseUpdateCommand.self,
            CaseCloseCommand.self, CaseReopenCommand.self, CaseAssignCommand.self, CaseReviewCommand.self, CaseReturnPlanCommand.self,
            CaseEnforcementCommand.self,
            CaseS437OutcomeCommand.self, CaseDuplicatesCommand.self, CaseEraseCommand.self,
        ]
    )
}
