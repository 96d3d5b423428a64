import EHEApp
import EHECore
import EHEReports
import Foundation
import HTTPTypes
import Hummingbird
import Prometheus

struct SignInRequest: Codable, Sendable {
    var name: String
    var password: String
}

struct SignInResponse: Codable, Sendable {
    var name: String
    var role: String
    /// Send in `X-CSRF-Token` with every change made with the session cookie.
    var csrfToken: String
    var expiresAt: String
}

struct MeResponse: Codable, Sendable {
    var name: String
    var role: String
    var credential: String
    var permissions: [String]
}

struct SearchRequest: Codable, Sendable {
    var upn: String?
    var surname: String?
    var forename: String?
    var dateOfBirth: String?
    var postcode: String?
    var soundsLike: String?
}

struct SearchResponse: Codable, Sendable {
    var results: [FoundChild]
}

struct DueItemDTO: Codable, Sendable {
    var reference: String
    var kind: String
    var label: String
    var dueDate: String
    var officer: String?
    var overdue: Bool
}

struct UserDTO: Codable, Sendable {
    var name: String
    var role: String
    var createdAt: String
    var disabled: Bool
    var lockedUntil: String?
}

struct TokenDTO: Codable, Sendable {
    var id: Int64
    var name: String
    var role: String
    var createdAt: String
    var createdBy: String
    var expiresAt: String
    var revokedAt: String?
}

struct ExportResponse: Codable, Sendable {
    struct File: Codable, Sendable {
        var name: String
        var text: String
    }

    var kind: String
    var disclosure: String
    var notForPublication: Bool
    var note: String
    var files: [File]
}

/// `/api/v1/session` and `/api/v1/me`: signing in and out with the API, and who is signed in.
struct SessionController: RouteController {
    let services: APIServer.Services

    func add(to table: inout RouteTable) {
        let accounts = services.register.accounts
        table.add(.post, "/api/v1/session", .open) { request, context, _ in
            let body = try await JSON.body(SignInRequest.self, request, context: context)
            let signedIn = try await services.signIn(name: body.name, password: body.password, address: context.clientAddress)
            var response = try JSON.response(
                SignInResponse(
                    name: signedIn.user.name,
                    role: signedIn.user.role.rawValue,
                    csrfToken: signedIn.csrfToken,
                    expiresAt: signedIn.expiresAt
                ),
                status: .created
            )
            response.setCookie(services.sessionCookie(signedIn))
            return response
        }

        table.add(.delete, "/api/v1/session", .signedIn) { request, context, _ in
            let identity = try context.signedIn()
            guard case .session(let secret, _) = identity.credential else {
                throw Problem.badRequest("only a session can be signed out; revoke a token with `ehe token revoke`", field: "Authorization")
            }
            try await accounts.signOut(secret: secret, actor: identity.actor, address: context.clientAddress)
            var response = Response(status: .noContent)
            response.setCookie(services.sessionCookie(nil))
            return response
        }

        table.add(.get, "/api/v1/me", .signedIn) { _, context, _ in
            let identity = try context.signedIn()
            let credential: String
            switch identity.credential {
            case .session: credential = "session"
            case .token: credential = "token"
            }
            return try JSON.response(
                MeResponse(
                    name: identity.name,
                    role: identity.role.rawValue,
                    credential: credential,
                    permissions: identity.role.permissions.map(\.rawValue).sorted()
                )
            )
        }
    }

}

/// `/api/v1/search`: finding a child on sealed data (the criteria in the body, never the URL).
struct SearchController: RouteController {
    let services: APIServer.Services

    func add(to table: inout RouteTable) {
        let register = services.register
        table.add(.post, "/api/v1/search", .permission(.search)) { request, context, _ in
            let body = try await JSON.body(SearchRequest.self, request, context: context)
            var dateOfBirth: LocalDate?
            if let text = body.dateOfBirth {
                guard let date = LocalDate(iso: text) else {
                    throw Problem.badRequest("must be a date written YYYY-MM-DD", field: "dateOfBirth", rule: "date")
                }
                dateOfBirth = date
            }
            let criteria = SearchCriteria(
                upn: body.upn,
                surname: body.surname,
                forename: body.forename,
                dateOfBirth: dateOfBirth,
                postcode: body.postcode,
                soundsLike: body.soundsLike
            )
            let service = register.cases.acting(as: try context.signedIn().actor, from: context.clientAddress)
            let hits: [SearchHit]
            do {
                hits = try await service.find(criteria)
            } catch let error as RegisterError {
                throw error.renamingFields(["(criteria)": "(body)"])
            }
            let asOf = register.today  // read once: every result is as of the same day
            return try JSON.response(SearchResponse(results: hits.map { FoundChild($0, today: asOf) }))
        }
    }
}

/// `/api/v1/reminders` and `/api/v1/workload`: what is due, and the team's forecast.
struct RemindersController: RouteController {
    let services: APIServer.Services

    func add(to table: inout RouteTable) {
        let register = services.register
        table.add(.get, "/api/v1/reminders", .permission(.reminders), action: "reminders.list") { request, _, note in
            let asOf = try request.queryDate("asOf") ?? register.today
            var query = DueQuery(
                asOf: asOf,
                within: try request.queryInt("within", in: 0...3650),
                overdueOnly: try request.queryBool("overdue"),
                officer: request.query("officer"),
                unassignedOnly: try request.queryBool("unassigned")
            )
            if let kind = request.query("kind") {
                guard let parsed = DueKind(rawValue: kind) else {
                    throw Problem.badRequest(
                        "must be one of \(DueKind.allCodes.joined(separator: ", "))",
                        field: "kind",
                        rule: "code"
                    )
                }
                query.kind = parsed
            }
            let limit = try request.queryInt("limit", in: 1...10_000) ?? 1000
            let items = try await register.reminders.list(query, limit: limit)
            note.detail = "results=\(items.count)"
            return try JSON.response(
                items.map {
                    DueItemDTO(
                        reference: $0.reference.description,
                        kind: $0.kind.rawValue,
                        label: $0.kind.label,
                        dueDate: $0.dueDate.iso,
                        officer: $0.officer,
                        overdue: $0.dueDate < asOf
                    )
                }
            )
        }

        table.add(.get, "/api/v1/workload", .permission(.workload), action: "workload.read") { request, _, _ in
            let months = try request.queryInt("months", in: 1...24) ?? 6
            return try JSON.response(try await register.reminders.workload(asOf: register.today, months: months))
        }
    }

}

/// `/api/v1/summary` and `/api/v1/exports/{name}`: counts and disclosure-controlled files, from clear data.
struct ExportController: RouteController {
    let services: APIServer.Services

    func add(to table: inout RouteTable) {
        let register = services.register
        // Exact, unsuppressed counts: for officers and managers; analysts use the disclosure-controlled exports.
        table.add(.get, "/api/v1/summary", .permission(.readCases), action: "summary.read") { request, _, _ in
            let asOf = try request.queryDate("asOf") ?? register.today
            return try JSON.response(try await register.cases.summary(asOf: asOf))
        }

        table.add(.get, "/api/v1/exports/{name}", .permission(.aggregates), action: "export") { request, context, note in
            let identity = try context.signedIn()
            guard let name = context.parameters.get("name"), let kind = ExportRequest.Kind(rawValue: name) else {
                throw Problem.notFound
            }
            let mode = try ExportRequest.disclosureMode(request.query("disclosure"), settings: register.settings)
            note.detail = "kind=\(kind.rawValue) disclosure=\(mode)"
            if mode == .exact, !identity.role.permissions.contains(.exactAggregates) {
                try await register.audit.record(
                    AuditEvent(
                        actor: identity.actor,
                        action: "export",
                        address: context.clientAddress,
                        outcome: "denied",
                        detail: "kind=\(kind.rawValue) disclosure=exact role=\(identity.role.rawValue)"
                    )
                )
                throw Problem.forbidden("exact (unpublishable) figures are for the manager role only; ask for dfe or suppress")
            }
            let statistics = services.statistics()
            let made = try await statistics.export(
                ExportRequest(
                    kind: kind,
                    mode: mode,
                    asOf: try request.queryDate("asOf"),
                    from: try request.queryDate("from"),
                    term: request.query("term"),
                    year: request.query("year"),
                    horizonMonths: try request.queryInt("horizonMonths", in: 1...60) ?? 12
                )
            )
            return try JSON.response(
                ExportResponse(
                    kind: kind.rawValue,
                    disclosure: "\(mode)",
                    notForPublication: mode == .exact,
                    note: made.note,
                    files: made.files.map { ExportResponse.File(name: made.stem + $0.suffix, text: $0.text) }
                )
            )
        }
    }

}

/// `/api/v1/audit`: the audit trail, paged.
struct AuditController: RouteController {
    let services: APIServer.Services

    func add(to table: inout RouteTable) {
        let register = services.register
        table.add(.get, "/api/v1/audit", .permission(.auditTrail), action: "audit.read") { request, _, note in
            var query = AuditQuery(limit: try request.queryInt("limit", in: 1...10_000) ?? 1000)
            // Paging: the entries after this sequence number (the last one of the previous page).
            query.afterSequence = try request.queryInt("after", in: 0...Int.max)
            if let text = request.query("case") {
                guard let reference = CaseReference(text) else {
                    throw Problem.badRequest("is not a case reference (EHE-000123)", field: "case")
                }
                query.caseReference = reference.description
            }
            query.from = try request.queryDate("from")?.iso
            query.to = try request.queryDate("to")?.iso
            let entries = Collector<AuditRow>()
            try await register.audit.forEachEntry(query) { entries.append(AuditRow($0)) }
            note.detail = query.caseReference.map { "case=\($0)" }
            return try JSON.response(entries.items)
        }
    }
}

/// `/api/v1/users` and `/api/v1/tokens`: the accounts, for administrators.
struct AccountsController: RouteController {
    let services: APIServer.Services

    func add(to table: inout RouteTable) {
        let register = services.register
        table.add(.get, "/api/v1/users", .permission(.manageAccounts), action: "users.list") { _, _, _ in
            try JSON.response(
                try await register.accounts.users().map {
                    UserDTO(
                        name: $0.name,
                        role: $0.role.rawValue,
                        createdAt: $0.createdAt,
                        disabled: $0.disabledAt != nil,
                        lockedUntil: $0.lockedUntil
                    )
                }
            )
        }

        table.add(.get, "/api/v1/tokens", .permission(.manageAccounts), action: "tokens.list") { _, _, _ in
            try JSON.response(
                try await register.accounts.tokens().map {
                    TokenDTO(
                        id: $0.id,
                        name: $0.name,
                        role: $0.role.rawValue,
                        createdAt: $0.createdAt,
                        createdBy: $0.createdBy,
                        expiresAt: $0.expiresAt,
                        revokedAt: $0.revokedAt
                    )
                }
            )
        }
    }

}

/// Health, readiness, metrics and the OpenAPI document: open to anyone.
struct OperationsController: RouteController {
    let services: APIServer.Services

    func add(to table: inout RouteTable) {
        table.add(.get, "/health/live", .open) { _, _, _ in
            try JSON.response(["status": "live"])
        }

        table.add(.get, "/health/ready", .open) { _, _, _ in
            let readiness = await services.register.readiness()
            return try JSON.response(readiness, status: readiness.ready ? .ok : .serviceUnavailable)
        }

        table.add(.get, "/metrics", .open) { _, _, _ in
            var buffer: [UInt8] = []
            services.metrics.emit(into: &buffer)
            return Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4", .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(bytes: buffer))
            )
        }

        table.add(.get, "/api/v1/openapi.json", .open) { _, _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "application/json"],
                body: .init(byteBuffer: APIServer.openAPIBuffer)
            )
        }
    }
}
