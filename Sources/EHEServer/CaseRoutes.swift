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

struct CloseRequest: Codable, Sendable {
    var endReason: String
    var endDate: String
    var returnSchoolURN: String?
}

struct AssignRequest: Codable, Sendable {
    /// The officer's name; null unassigns the case.
    var officer: String?
}

extension APIServer {
    /// Applies `edit` to the case's document and stores the result, if `version` is still the case's
    /// version (else `RegisterError.conflict`, nothing changed). The whole case is validated again.
    static func changeDocument(
        _ service: CaseService,
        reference: CaseReference,
        version: Int,
        action: String,
        today: LocalDate,
        _ edit: (inout CaseDocument) throws -> Void
    ) async throws -> StoredCase {
        let current = try await service.store.load(reference)
        guard current.version == version else {
            throw RegisterError.conflict(reference, expected: version, actual: current.version)
        }
        var edited = CaseDocument(current, asOf: today)
        edited.derived = nil
        try edit(&edited)
        edited.version = version
        return try await service.update(reference, with: edited, action: action)
    }

    /// `/api/v1/cases…`: list, create, read, replace, and the actions officers take on a case. Reads and
    /// changes are audited by `CaseService` under the request's identity; every change needs `If-Match`.
    static func addCaseRoutes(_ table: inout RouteTable, register: Register) {
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
        /// Checks If-Match, decodes the body, applies it to the case's document and stores the result if
        /// the version is still current. Returns the whole case (200).
        @Sendable func change<Body: Decodable & Sendable>(
            _ request: Request,
            _ context: APIContext,
            action: String,
            body type: Body.Type,
            _ edit: @escaping @Sendable (inout CaseDocument, Body) throws -> Void
        ) async throws -> Response {
            let version = try request.requiredVersion()
            let reference = try context.reference()
            let body = try await JSON.body(type, request, context: context)
            let stored = try await APIServer.changeDocument(
                try cases(context),
                reference: reference,
                version: version,
                action: action,
                today: today
            ) { try edit(&$0, body) }
            return try document(stored)
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
            let version = try request.requiredVersion()
            let body = try await JSON.body(CloseRequest.self, request, context: context)
            var problems: [ValidationProblem] = []
            let reason = EndReason(rawValue: body.endReason)
            if reason == nil {
                problems.append(
                    ValidationProblem(
                        field: "endReason",
                        rule: "code",
                        message: "must be one of \(EndReason.allCodes.joined(separator: ", "))"
                    )
                )
            }
            let date = LocalDate(iso: body.endDate)
            if date == nil {
                problems.append(ValidationProblem(field: "endDate", rule: "date", message: "must be a date written YYYY-MM-DD"))
            }
            guard let reason, let date, problems.isEmpty else { throw RegisterError.invalid(problems) }
            let stored = try await cases(context).close(
                try context.reference(),
                reason: reason,
                date: date,
                returnSchoolURN: body.returnSchoolURN,
                expectedVersion: version
            )
            return try document(stored)
        }

        table.add(.post, "/api/v1/cases/{reference}/reopen", .permission(.changeCases)) { request, context, _ in
            try await change(request, context, action: "case.reopen", body: CaseDocument.EpisodeDTO.self) { document, body in
                guard document.episodes?.contains(where: { $0.endDate == nil }) == false else {
                    throw RegisterError.notAllowed(
                        CaseReference(document.reference ?? "") ?? CaseReference(number: 0),
                        "the case already has an open episode; nothing was changed"
                    )
                }
                document.episodes = (document.episodes ?? []) + [body]
            }
        }

        table.add(.post, "/api/v1/cases/{reference}/contacts", .permission(.changeCases)) { request, context, _ in
            try await change(request, context, action: "case.contact", body: CaseDocument.ContactDTO.self) { document, body in
                // Kept in date order, as `CaseService.addContact` keeps them (dates are ISO text).
                document.contacts = ((document.contacts ?? []) + [body]).sorted { ($0.date ?? "") < ($1.date ?? "") }
            }
        }

        table.add(.post, "/api/v1/cases/{reference}/ehcp-reviews", .permission(.changeCases)) { request, context, _ in
            try await change(request, context, action: "case.ehcp-review", body: CaseDocument.ReviewDTO.self) { document, body in
                guard var ehcp = document.ehcp else {
                    throw RegisterError.invalid([
                        ValidationProblem(
                            field: "ehcp",
                            rule: "required",
                            message: "the child has no EHCP on the register; record the plan first"
                        )
                    ])
                }
                ehcp.reviews = (ehcp.reviews ?? []) + [body]
                document.ehcp = ehcp
            }
        }

        table.add(.post, "/api/v1/cases/{reference}/return-plans", .permission(.changeCases)) { request, context, _ in
            try await change(request, context, action: "case.return-plan", body: CaseDocument.ReturnPlanDTO.self) { document, body in
                document.returnPlans = (document.returnPlans ?? []) + [body]
            }
        }

        table.add(.post, "/api/v1/cases/{reference}/enforcement", .permission(.changeCases)) { request, context, _ in
            try await change(request, context, action: "case.enforcement", body: CaseDocument.EnforcementDTO.self) { document, body in
                document.enforcement = (document.enforcement ?? []) + [body]
            }
        }

        table.add(.put, "/api/v1/cases/{reference}/officer", .permission(.changeCases)) { request, context, _ in
            let version = try request.requiredVersion()
            let body = try await JSON.body(AssignRequest.self, request, context: context)
            do {
                return try document(
                    try await cases(context).assign(try context.reference(), officer: body.officer, expectedVersion: version)
                )
            } catch let error as RegisterError {
                throw error.renamingFields(["--officer": "officer"])
            }
        }
    }
}
