import EHEApp
import EHECore
import Foundation
import HTTPTypes
import Hummingbird

/// One case in a list: clear facts only (no personal data), so lists are not audited case by case.
struct CaseSummaryDTO: Codable, Sendable {
    var reference: String
    var version: Int
    var status: String
    var sex: String
    var yearGroup: String
    var senProvision: String
    var planningArea: String?
    var assignedOfficer: String?
    var episodeStart: String
    var primaryReason: String
    var episodeEnd: String?
    var endReason: String?

    init(_ facts: CaseFacts, today: LocalDate) {
        reference = facts.reference.description
        version = facts.version
        status = facts.status.rawValue
        sex = facts.sex.rawValue
        yearGroup = SchoolCalendar.yearGroupLabel(facts.yearGroup(on: today))
        senProvision = facts.senProvision.rawValue
        planningArea = facts.planningArea
        assignedOfficer = facts.assignedOfficer
        episodeStart = facts.episodeStart.iso
        primaryReason = facts.primaryReason.rawValue
        episodeEnd = facts.episodeEnd?.iso
        endReason = facts.endReason?.rawValue
    }
}

struct CasePage: Codable, Sendable {
    var items: [CaseSummaryDTO]
    var page: Int
    var perPage: Int
    /// Whether another page follows.
    var hasMore: Bool
}

struct AssignRequest: Codable, Sendable {
    /// The officer's name; null unassigns the case.
    var officer: String?
}

/// `/api/v1/cases…`: list, create, read, replace, and the actions officers take on a case. Reads and
/// changes are audited by `CaseService` under the request's identity; every change needs `If-Match`.
struct CaseController: RouteController {
    let services: APIServer.Services

    func add(to table: inout RouteTable) {
        let register = services.register
        /// Read afresh on each use (the service outlives midnight): a handler reads it once per request.
        var today: LocalDate { register.today }
        @Sendable func cases(_ context: APIContext) throws -> CaseService {
            register.cases.acting(as: try context.signedIn().actor, from: context.clientAddress)
        }
        @Sendable func document(_ stored: StoredCase, status: HTTPResponse.Status = .ok, created: Bool = false) throws -> Response {
            var headers: HTTPFields = [.eTag: "\"\(stored.version)\""]
            if created { headers[.location] = "/api/v1/cases/\(stored.reference)" }
            return try JSON.response(CaseDocument(stored, asOf: today), status: status, headers: headers)
        }
        /// Checks If-Match and the reference, decodes the body, then performs the action through the
        /// application with the version the client read. Returns the whole case (200).
        @Sendable func change<Body: Decodable & Sendable>(
            _ request: Request,
            _ context: APIContext,
            body type: Body.Type,
            _ action: @escaping @Sendable (CaseService, CaseReference, Body, Int) async throws -> StoredCase
        ) async throws -> Response {
            let version = try request.requiredVersion()
            let reference = try context.reference()
            let body = try await JSON.body(type, request, context: context)
            return try document(try await action(try cases(context), reference, body, version))
        }

        table.add(.get, "/api/v1/cases", .permission(.readCases), action: "case.list") { request, context, note in
            let page = try request.queryInt("page", in: 1...100_000) ?? 1
            let perPage = try request.queryInt("perPage", in: 1...200) ?? 50
            var query = CaseQuery(limit: perPage + 1, offset: (page - 1) * perPage)
            if let status = request.query("status") {
                guard let parsed = CaseStatus(rawValue: status) else {
                    throw Problem.badRequest("must be open or closed", field: "status", rule: "code")
                }
                query.status = parsed
            }
            query.officer = request.query("officer")
            query.unassignedOnly = try request.queryBool("unassigned")
            let facts = try await register.cases.list(query)
            note.detail = "page=\(page) results=\(min(facts.count, perPage))"
            let asOf = today  // read once: every row is as of the same day
            return try JSON.response(
                CasePage(
                    items: facts.prefix(perPage).map { CaseSummaryDTO($0, today: asOf) },
                    page: page,
                    perPage: perPage,
                    hasMore: facts.count > perPage
                )
            )
        }

        table.add(.post, "/api/v1/cases", .permission(.changeCases)) { request, context, _ in
            let body = try await JSON.body(CaseDocument.self, request, context: context)
            let stored = try await cases(context).add(body, newChild: try request.queryBool("newChild"))
            return try document(stored, status: .created, created: true)
        }

        table.add(.get, "/api/v1/cases/{reference}", .permission(.readCases)) { request, context, _ in
            try document(try await cases(context).show(try context.reference()))
        }

        table.add(.put, "/api/v1/cases/{reference}", .permission(.changeCases)) { request, context, _ in
            let version = try request.requiredVersion()
            var body = try await JSON.body(CaseDocument.self, request, context: context)
            body.version = version
            return try document(try await cases(context).update(try context.reference(), with: body))
        }

        table.add(.post, "/api/v1/cases/{reference}/close", .permission(.changeCases)) { request, context, _ in
            try await change(request, context, body: CaseDocument.ClosureDTO.self) { cases, reference, body, version in
                try await cases.close(reference, try body.value(), expectedVersion: version)
            }
        }

        table.add(.post, "/api/v1/cases/{reference}/reopen", .permission(.changeCases)) { request, context, _ in
            try await change(request, context, body: CaseDocument.EpisodeDTO.self) { cases, reference, body, version in
                try await cases.reopen(reference, episode: try body.value(), expectedVersion: version)
            }
        }

        table.add(.post, "/api/v1/cases/{reference}/contacts", .permission(.changeCases)) { request, context, _ in
            try await change(request, context, body: CaseDocument.ContactDTO.self) { cases, reference, body, version in
                try await cases.addContact(reference, try body.value(), expectedVersion: version)
            }
        }

        table.add(.post, "/api/v1/cases/{reference}/ehcp-reviews", .permission(.changeCases)) { request, context, _ in
            try await change(request, context, body: CaseDocument.ReviewDTO.self) { cases, reference, body, version in
                try await cases.recordEHCPReview(reference, try body.value(), expectedVersion: version)
            }
        }

        table.add(.post, "/api/v1/cases/{reference}/ehcp-reviews/decision", .permission(.changeCases)) { request, context, _ in
            try await change(request, context, body: CaseDocument.ReviewDecisionDTO.self) { cases, reference, body, version in
                try await cases.recordEHCPReviewDecision(reference, try body.value(), expectedVersion: version)
            }
        }

        table.add(.post, "/api/v1/cases/{reference}/return-plans", .permission(.changeCases)) { request, context, _ in
            try await change(request, context, body: CaseDocument.ReturnPlanDTO.self) { cases, reference, body, version in
                try await cases.recordReturnPlan(reference, try body.value(), expectedVersion: version)
            }
        }

        table.add(.put, "/api/v1/cases/{reference}/return-plans/{plan}", .permission(.changeCases)) { request, context, _ in
            guard let number = context.parameters.get("plan").flatMap(Int.init), (1...1_000).contains(number) else {
                throw Problem.badRequest("must be the plan's number, 1 for the first recorded", field: "plan", rule: "range")
            }
            return try await change(request, context, body: CaseDocument.ReturnPlanDTO.self) { cases, reference, body, version in
                try await cases.updateReturnPlan(reference, at: number - 1, to: try body.value(), expectedVersion: version)
            }
        }

        table.add(.post, "/api/v1/cases/{reference}/enforcement", .permission(.changeCases)) { request, context, _ in
            try await change(request, context, body: CaseDocument.EnforcementDTO.self) { cases, reference, body, version in
                try await cases.recordEnforcementStep(reference, try body.value(), expectedVersion: version)
            }
        }

        table.add(.post, "/api/v1/cases/{reference}/enforcement/s437-outcome", .permission(.changeCases)) { request, context, _ in
            try await change(request, context, body: CaseDocument.S437OutcomeDTO.self) { cases, reference, body, version in
                try await cases.recordS437Outcome(reference, try body.value(), expectedVersion: version)
            }
        }

        table.add(.put, "/api/v1/cases/{reference}/officer", .permission(.changeCases)) { request, context, _ in
            let version = try request.requiredVersion()
            let body = try await JSON.body(AssignRequest.self, request, context: context)
            return try document(
                try await cases(context).assign(try context.reference(), officer: body.officer, expectedVersion: version)
            )
        }
    }
}
