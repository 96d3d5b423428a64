import Foundation

/// How an open episode ends: the values of an officer's "close the case".
public struct CaseClosure: Sendable, Hashable {
    public var endReason: EndReason
    public var endDate: LocalDate
    /// The school the child returns to, when the reason is a return to school.
    public var returnSchoolURN: String?

    public init(endReason: EndReason, endDate: LocalDate, returnSchoolURN: String? = nil) {
        self.endReason = endReason
        self.endDate = endDate
        self.returnSchoolURN = returnSchoolURN
    }
}

/// The LA's decision after an EHCP annual review meeting.
public struct EHCPReviewDecision: Sendable, Hashable {
    public var decision: ReviewDecision
    public var date: LocalDate

    public init(decision: ReviewDecision, date: LocalDate) {
        self.decision = decision
        self.date = date
    }
}

/// The LA's decision at the end of a s.437(1) notice period (DOMAIN.md §4.4).
public struct S437Decision: Sendable, Hashable {
    public var outcome: S437Outcome
    public var date: LocalDate

    public init(outcome: S437Outcome, date: LocalDate) {
        self.outcome = outcome
        self.date = date
    }
}

extension CaseDocument {
    /// An officer's "close the case" as sent by a driver (API body, page form).
    public struct ClosureDTO: Codable, Sendable, Equatable {
        public var endReason: String?
        public var endDate: String?
        public var returnSchoolURN: String?

        public init(endReason: String? = nil, endDate: String? = nil, returnSchoolURN: String? = nil) {
            self.endReason = endReason
            self.endDate = endDate
            self.returnSchoolURN = returnSchoolURN
        }
    }

    /// The decision after an EHCP review meeting as sent by a driver.
    public struct ReviewDecisionDTO: Codable, Sendable, Equatable {
        public var decision: String?
        public var decisionDate: String?

        public init(decision: String? = nil, decisionDate: String? = nil) {
            self.decision = decision
            self.decisionDate = decisionDate
        }
    }

    /// The outcome of a s.437(1) notice as sent by a driver.
    public struct S437OutcomeDTO: Codable, Sendable, Equatable {
        public var outcome: String?
        public var date: String?

        public init(outcome: String? = nil, date: String? = nil) {
            self.outcome = outcome
            self.date = date
        }
    }
}

// MARK: - Reading one part of a case

/// Each reader turns what a driver received into domain values, or throws `RegisterError.invalid` naming
/// every field it could not read as `name.field` (just `field` when `name` is empty), so a driver reports
/// the same problems the case document would.
extension CaseDocument.EpisodeDTO {
    public func value(named name: String = "episode") throws(RegisterError) -> Episode {
        try FieldReader.reading { $0.episode(self, name) }
    }
}

extension CaseDocument.ContactDTO {
    public func value(named name: String = "contact") throws(RegisterError) -> Contact {
        try FieldReader.reading { $0.contact(self, name) }
    }
}

extension CaseDocument.ReviewDTO {
    public func value(named name: String = "review") throws(RegisterError) -> AnnualReview {
        try FieldReader.reading { $0.review(self, name) }
    }
}

extension CaseDocument.ReturnPlanDTO {
    public func value(named name: String = "plan") throws(RegisterError) -> ReturnPlan {
        try FieldReader.reading { $0.returnPlan(self, name) }
    }
}

extension CaseDocument.EnforcementDTO {
    public func value(named name: String = "step") throws(RegisterError) -> EnforcementEvent {
        try FieldReader.reading { $0.enforcementStep(self, name) }
    }
}

extension CaseDocument.ClosureDTO {
    public func value(named name: String = "") throws(RegisterError) -> CaseClosure {
        try FieldReader.reading { reader in
            CaseClosure(
                endReason: reader.code(EndReason.self, endReason, FieldReader.path(name, "endReason"), standIn: .other),
                endDate: reader.date(endDate, FieldReader.path(name, "endDate")),
                returnSchoolURN: reader.optionalText(returnSchoolURN)
            )
        }
    }
}

extension CaseDocument.ReviewDecisionDTO {
    public func value(named name: String = "") throws(RegisterError) -> EHCPReviewDecision {
        try FieldReader.reading { reader in
            EHCPReviewDecision(
                decision: reader.code(ReviewDecision.self, decision, FieldReader.path(name, "decision"), standIn: .maintain),
                date: reader.date(decisionDate, FieldReader.path(name, "decisionDate"))
            )
        }
    }
}

extension CaseDocument.S437OutcomeDTO {
    public func value(named name: String = "") throws(RegisterError) -> S437Decision {
        try FieldReader.reading { reader in
            S437Decision(
                outcome: reader.code(S437Outcome.self, outcome, FieldReader.path(name, "outcome"), standIn: .noFurtherAction),
                date: reader.date(date, FieldReader.path(name, "date"))
            )
        }
    }
}

extension FieldReader {
    /// `name.field`, or `field` alone under no name.
    static func path(_ name: String, _ field: String) -> String { name.isEmpty ? field : "\(name).\(field)" }

    /// Runs `body` on a fresh reader; throws every problem it noted.
    static func reading<Value>(_ body: (inout FieldReader) -> Value) throws(RegisterError) -> Value {
        var reader = FieldReader()
        let value = body(&reader)
        try reader.problems.throwIfAny()
        return value
    }
}
