import EHEApp
import EHECore
import EHEReports
import Foundation
import HTTPTypes
import Hummingbird

extension APIServer {
    /// The officers' pages (issue 7): server-rendered, working without JavaScript, every form with a CSRF
    /// token, every change with the version it was made against.
    static func addPageRoutes(_ table: inout RouteTable, services: Services) {
        let register = services.register
        let pages = services.pages
        // "Today" is read per request, so pages stay right past midnight.
        var today: LocalDate { register.today }
        @Sendable func page(
            _ template: String,
            _ values: [String: Any],
            _ context: APIContext,
            status: HTTPResponse.Status = .ok
        )
            -> Response
        {
            pages.render(template, values, identity: context.identity, status: status)
        }
        @Sendable func cases(_ context: APIContext) throws -> CaseService {
            register.cases.acting(as: try context.signedIn().actor, from: context.clientAddress)
        }

        table.add(.get, "/static/style.css", .open, kind: .page) { _, _, _ in
            guard let stylesheet = APIServer.stylesheet else { throw Problem.notFound }
            return Response(
                status: .ok,
                headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "max-age=3600"],
                body: .init(byteBuffer: stylesheet)
            )
        }

        table.page(.get, "/", .open) { _, context, _ in
            PageRenderer.redirect(context.identity == nil ? "/sign-in" : "/my-work")
        }

        // MARK: Sign in and out

        table.page(.get, "/sign-in", .open) { request, context, _ in
            page(
                "sign-in",
                [
                    "title": "Sign in", "next": request.query("next") ?? "/my-work",
                    "expired": request.query("expired") != nil,
                ],
                context
            )
        }

        table.page(.post, "/sign-in", .open) { request, context, _ in
            let form = context.form
            // Only a path on this server: not `//host`, and no backslash (browsers read `/\host` as `//host`).
            let next = form["next"].flatMap { Self.isLocalPath($0) ? $0 : nil } ?? "/my-work"
            var errors: [[String: Any]] = []
            if form["name"] == nil { errors.append(["id": "name", "message": "Enter your user name"]) }
            if form["password"] == nil { errors.append(["id": "password", "message": "Enter your password"]) }
            if errors.isEmpty, let name = form["name"], let password = form["password"] {
                do {
                    let signedIn = try await services.signIn(name: name, password: password, address: context.clientAddress)
                    var response = PageRenderer.redirect(next)
                    response.setCookie(services.sessionCookie(signedIn))
                    return response
                } catch let failure as AccountService.SignInFailure {
                    errors.append(["id": "name", "message": failure.description.prefix(1).uppercased() + failure.description.dropFirst()])
                } catch let problem as Problem where problem.status == 429 {
                    errors.append(["id": "name", "message": "Too many failed sign-ins from this computer: wait a minute and try again"])
                }
            }
            return page(
                "sign-in",
                ["title": "Sign in", "next": next, "name": form["name"] ?? "", "errors": errors, "hasErrors": true],
                context,
                status: .unprocessableContent
            )
        }

        table.page(.post, "/sign-out", .signedIn) { _, context, _ in
            let identity = try context.signedIn()
            if case .session(let secret, _) = identity.credential {
                try await register.accounts.signOut(secret: secret, actor: identity.actor, address: context.clientAddress)
            }
            var response = PageRenderer.redirect("/sign-in")
            response.setCookie(services.sessionCookie(nil))
            return response
        }

        // MARK: Cases

        table.page(.get, "/cases", .permission(.readCases), action: "case.list") { request, context, note in
            let pageNumber = try request.queryInt("page", in: 1...100_000) ?? 1
            let perPage = 50
            var query = CaseQuery(limit: perPage + 1, offset: (pageNumber - 1) * perPage)
            let status = request.query("status")
            query.status = status.flatMap(CaseStatus.init(rawValue:))
            query.officer = request.query("officer")
            let reason = request.query("reason")
            query.primaryReason = reason.flatMap(PrimaryReason.init(rawValue:))
            let ehcp = request.query("ehcp") == "yes"
            if ehcp { query.senProvision = .ehcp }
            let overdue = request.query("overdue") == "yes"
            let asOf = today  // read once: every row is as of the same day
            if overdue { query.overdueOn = asOf }
            let facts = try await register.cases.list(query)
            note.detail = "page=\(pageNumber) results=\(min(facts.count, perPage))"
            var filters: [String] = []
            if let status = query.status { filters.append("status=\(status.rawValue)") }
            if let officer = query.officer {
                filters.append("officer=\(officer.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")")
            }
            if let reason = query.primaryReason { filters.append("reason=\(reason.rawValue)") }
            if ehcp { filters.append("ehcp=yes") }
            if overdue { filters.append("overdue=yes") }
            let base = "/cases?" + filters.map { $0 + "&" }.joined()
            return page(
                "cases",
                [
                    "title": "Cases",
                    "rows": facts.prefix(perPage).map { facts -> [String: Any] in
                        [
                            "reference": facts.reference.description, "status": facts.status == .open ? "Open" : "Closed",
                            "yearGroup": SchoolCalendar.yearGroupLabel(facts.yearGroup(on: asOf)), "reason": facts.primaryReason.label,
                            "sen": facts.senProvision.label, "officer": facts.assignedOfficer ?? "Unassigned",
                            "start": PageModel.date(facts.episodeStart),
                        ]
                    },
                    "empty": facts.isEmpty,
                    "statuses": [
                        ["value": "", "label": "Any", "selected": status == nil],
                        ["value": "open", "label": "Open", "selected": status == "open"],
                        ["value": "closed", "label": "Closed", "selected": status == "closed"],
                    ],
                    "officer": query.officer ?? "",
                    "reasons": PageModel.options(PrimaryReason.self, selected: reason, blank: "Any"),
                    "ehcp": ehcp, "overdue": overdue,
                    "page": pageNumber,
                    "previous": pageNumber > 1 ? base + "page=\(pageNumber - 1)" : "",
                    "next": facts.count > perPage ? base + "page=\(pageNumber + 1)" : "",
                ],
                context
            )
        }

        table.page(.get, "/find", .permission(.search)) { _, context, _ in
            page("find", ["title": "Find a child"], context)
        }

        table.page(.post, "/find", .permission(.search)) { _, context, _ in
            let form = context.form
            var errors: [[String: Any]] = []
            var dateOfBirth: LocalDate?
            if let text = form["dateOfBirth"] {
                dateOfBirth = LocalDate(iso: text)
                if dateOfBirth == nil { errors.append(["id": "dateOfBirth", "message": "Date of birth must be a date like 2015-03-27"]) }
            }
            var results: [[String: Any]] = []
            if errors.isEmpty {
                do {
                    let hits = try await cases(context).find(
                        SearchCriteria(
                            upn: form["upn"],
                            surname: form["surname"],
                            forename: form["forename"],
                            dateOfBirth: dateOfBirth,
                            postcode: form["postcode"],
                            soundsLike: form["soundsLike"]
                        )
                    )
                    let asOf = today
                    results = hits.map { hit in
                        let found = FoundChild(hit, today: asOf)
                        return [
                            "reference": found.reference, "name": "\(found.forenames) \(found.surname)",
                            "dateOfBirth": PageModel.date(LocalDate(iso: found.dateOfBirth)), "yearGroup": found.yearGroup,
                            "status": found.status == "open" ? "Open" : "Closed",
                        ]
                    }
                } catch RegisterError.invalid(let problems) {
                    errors = problems.map {
                        [
                            "id": $0.field == "(criteria)" ? "surname" : $0.field,
                            "message": $0.message.prefix(1).uppercased() + $0.message.dropFirst(),
                        ]
                    }
                }
            }
            var values: [String: Any] = ["title": "Find a child", "results": results, "searched": errors.isEmpty]
            values["noResults"] = errors.isEmpty && results.isEmpty
            for field in ["upn", "surname", "forename", "dateOfBirth", "postcode", "soundsLike"] { values[field] = form[field] ?? "" }
            if !errors.isEmpty {
                values["errors"] = errors
                values["hasErrors"] = true
            }
            return page("find", values, context, status: errors.isEmpty ? .ok : .unprocessableContent)
        }

        table.page(.get, "/cases/new", .permission(.changeCases)) { _, context, _ in
            page("new-case", NewCaseForm.values(FormData(), today: today), context)
        }

        table.page(.post, "/cases/new", .permission(.changeCases)) { _, context, _ in
            let form = context.form
            var values = NewCaseForm.values(form, today: today)
            do {
                let document = try NewCaseForm.document(form)
                let stored = try await cases(context).add(document, newChild: form.flag("newChild"))
                return PageRenderer.redirect("/cases/\(stored.reference)?added=1")
            } catch RegisterError.invalid(let problems) {
                values["errors"] = problems.map { ["id": NewCaseForm.anchor($0.field), "message": NewCaseForm.message($0)] }
                values["hasErrors"] = true
            } catch RegisterError.possibleDuplicate(let matches) {
                values["duplicates"] = matches.map {
                    ["reference": $0.reference.description, "rules": $0.rules.map(\.rawValue).joined(separator: ", ")]
                }
                values["hasDuplicates"] = true
            }
            return page("new-case", values, context, status: .unprocessableContent)
        }

        table.page(.get, "/cases/{reference}", .permission(.readCases)) { request, context, _ in
            let identity = try context.signedIn()
            let reference = try context.reference()
            let stored = try await cases(context).show(reference)
            var values = try await caseValues(stored, identity: identity)
            values["added"] = request.query("added") != nil
            values["saved"] = request.query("saved") != nil
            return page("case", values, context)
        }

        @Sendable func caseValues(_ stored: StoredCase, identity: Identity) async throws -> [String: Any] {
            var query = DueQuery(asOf: today)
            query.reference = stored.reference
            let due = try await register.reminders.list(query)
            var values = PageModel.casePage(stored, today: today, due: due)
            values["title"] = "Case \(stored.reference)"
            if identity.role.permissions.contains(.auditTrail) {
                try await register.audit.record(
                    AuditEvent(actor: identity.actor, action: "audit.read", caseReference: stored.reference.description)
                )
                // The 50 latest, newest first, read as such: the trail grows with every view of the case.
                // Among the log's last million entries (years of an LA's use), so the page's cost does not
                // grow with the log; the whole trail is one command or API call away (the page says so).
                var latest = AuditQuery(caseReference: stored.reference.description, limit: 50)
                latest.newestFirst = true
                latest.withinLast = Self.caseAuditWindow
                let entries = Collector<AuditRow>()
                try await register.audit.forEachEntry(latest) { entries.append(AuditRow($0)) }
                values["audit"] = entries.items.map { row -> [String: Any] in
                    [
                        "at": String(row.at.prefix(16)).replacingOccurrences(of: "T", with: " "), "who": row.actor, "action": row.action,
                        "outcome": row.outcome,
                    ]
                }
                values["showAudit"] = true
            }
            return values
        }

        /// A change from a form on the case page: stale versions and invalid input re-show the page with
        /// what went wrong; nothing is saved.
        func caseAction(
            form section: String,
            _ perform: @escaping @Sendable (FormData, CaseService, CaseReference, Int) async throws -> StoredCase
        ) -> RouteHandler {
            { _, context, _ in
                let identity = try context.signedIn()
                let reference = try context.reference()
                let form = context.form
                guard let version = form["version"].flatMap(Int.init) else {
                    throw Problem.badRequest("the form is missing the case version; reload the case", field: "version")
                }
                let service = try cases(context)
                do {
                    _ = try await perform(form, service, reference, version)
                    return PageRenderer.redirect("/cases/\(reference)?saved=1#\(section)")
                } catch RegisterError.conflict {
                    var values = try await caseValues(try await service.show(reference), identity: identity)
                    values["stale"] = true
                    return page("case", values, context, status: .conflict)
                } catch RegisterError.invalid(let problems) {
                    var values = try await caseValues(try await service.show(reference), identity: identity)
                    values["errors"] = problems.map { problem -> [String: Any] in
                        let field = problem.field.split(separator: ".").last.map(String.init) ?? problem.field
                        return ["id": "\(section)-\(field)", "message": "\(field): \(problem.message)"]
                    }
                    values["hasErrors"] = true
                    values["openForm"] = section
                    values["open" + section.prefix(1).uppercased() + section.dropFirst()] = true
                    return page("case", values, context, status: .unprocessableContent)
                } catch RegisterError.notAllowed(_, let reason) {
                    var values = try await caseValues(try await service.show(reference), identity: identity)
                    values["errors"] = [["id": section, "message": reason]]
                    values["hasErrors"] = true
                    return page("case", values, context, status: .conflict)
                }
            }
        }

        table.page(
            .post,
            "/cases/{reference}/contacts",
            .permission(.changeCases),
            caseAction(form: "contact") { form, cases, reference, version in
                let contact = try FormJSON.decode(CaseDocument.ContactDTO.self, form, prefix: "contact").value()
                return try await cases.addContact(reference, contact, expectedVersion: version)
            }
        )
        table.page(
            .post,
            "/cases/{reference}/ehcp-reviews",
            .permission(.changeCases),
            caseAction(form: "review") { form, cases, reference, version in
                let review = try FormJSON.decode(CaseDocument.ReviewDTO.self, form, prefix: "review").value()
                return try await cases.recordEHCPReview(reference, review, expectedVersion: version)
            }
        )
        table.page(
            .post,
            "/cases/{reference}/return-plans",
            .permission(.changeCases),
            caseAction(form: "plan") { form, cases, reference, version in
                let plan = try FormJSON.decode(CaseDocument.ReturnPlanDTO.self, form, prefix: "plan").value()
                return try await cases.recordReturnPlan(reference, plan, expectedVersion: version)
            }
        )
        table.page(
            .post,
            "/cases/{reference}/enforcement",
            .permission(.changeCases),
            caseAction(form: "step") { form, cases, reference, version in
                let step = try FormJSON.decode(CaseDocument.EnforcementDTO.self, form, prefix: "step").value()
                return try await cases.recordEnforcementStep(reference, step, expectedVersion: version)
            }
        )
        table.page(
            .post,
            "/cases/{reference}/enforcement/s437-outcome",
            .permission(.changeCases),
            caseAction(form: "outcome") { form, cases, reference, version in
                let decision = try FormJSON.decode(CaseDocument.S437OutcomeDTO.self, form, prefix: "outcome").value()
                return try await cases.recordS437Outcome(reference, decision, expectedVersion: version)
            }
        )
        table.page(
            .post,
            "/cases/{reference}/close",
            .permission(.changeCases),
            caseAction(form: "close") { form, cases, reference, version in
                let closure = try FormJSON.decode(CaseDocument.ClosureDTO.self, form, prefix: "close").value()
                return try await cases.close(reference, closure, expectedVersion: version)
            }
        )
        table.page(
            .post,
            "/cases/{reference}/reopen",
            .permission(.changeCases),
            caseAction(form: "reopen") { form, cases, reference, version in
                let episode = try FormJSON.decode(CaseDocument.EpisodeDTO.self, form, prefix: "reopen").value()
                return try await cases.reopen(reference, episode: episode, expectedVersion: version)
            }
        )
        table.page(
            .post,
            "/cases/{reference}/assign",
            .permission(.changeCases),
            caseAction(form: "assign") { form, cases, reference, version in
                try await cases.assign(reference, officer: form["assign-officer"], expectedVersion: version)
            }
        )

        // MARK: My work and the calendar feed

        table.page(.get, "/my-work", .permission(.reminders), action: "reminders.list") { request, context, note in
            let identity = try context.signedIn()
            let within = try request.queryInt("within", in: 0...365) ?? 30
            let asOf = today  // read once: every item is as of the same day
            let items = try await register.reminders.list(DueQuery(asOf: asOf, within: within, officer: identity.name), limit: 500)
            note.detail = "results=\(items.count)"
            var values: [String: Any] = [
                "title": "My work", "items": items.map { PageModel.dueRow($0, today: asOf) }, "empty": items.isEmpty,
                "within": within, "overdueCount": items.filter { $0.dueDate < asOf }.count,
            ]
            if let user = try await register.accounts.user(named: identity.name) {
                values["hasFeed"] = try await register.accounts.hasCalendarFeed(user)
            }
            return page("my-work", values, context)
        }

        table.page(.post, "/my-work/calendar", .permission(.reminders)) { request, context, _ in
            let identity = try context.signedIn()
            guard case .session = identity.credential, let user = try await register.accounts.user(named: identity.name) else {
                throw Problem.badRequest("a calendar link belongs to a person: sign in to make one", field: "action")
            }
            if context.form["action"] == "revoke" {
                try await register.accounts.revokeCalendarFeed(for: user, address: context.clientAddress)
                return PageRenderer.redirect("/my-work")
            }
            let secret = try await register.accounts.createCalendarFeed(for: user, address: context.clientAddress)
            // Built from the configured public address when there is one (never trust Host behind a proxy).
            let base =
                services.configuration.publicURL
                ?? "\(services.configuration.tls ? "https" : "http")://\(request.head.authority ?? "127.0.0.1")"
            return page(
                "calendar",
                ["title": "Your calendar link", "url": "\(base)/calendar/\(secret).ics"],
                context
            )
        }

        table.page(.get, "/calendar/{feed}", .open) { _, context, _ in
            guard let name = context.parameters.get("feed"), name.hasSuffix(".ics"),
                let user = try await register.accounts.calendarFeedUser(secret: String(name.dropLast(4))),
                user.role.permissions.contains(.reminders)
            else { throw Problem.notFound }
            try await register.audit.record(AuditEvent(actor: "user:\(user.name)", action: "calendar.read", address: context.clientAddress))
            let text = try await register.reminders.calendar(DueQuery(asOf: today, within: 365, officer: user.name))
            return Response(
                status: .ok,
                headers: [.contentType: "text/calendar; charset=utf-8", .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(string: text))
            )
        }

        // MARK: Dashboard

        table.page(.get, "/dashboard", .permission(.aggregates), action: "dashboard.view") { _, context, _ in
            var mode = try ExportRequest.disclosureMode(nil, settings: register.settings)
            if mode == .exact, !(context.identity?.role.permissions.contains(.exactAggregates) ?? false) {
                mode = .rounding(base: 10)
            }
            // The statistics view of the register is opened only when the cache has to be filled.
            let (dashboard, made) = try await services.dashboards.dashboard(asOf: today) { services.statistics() }
            return page("dashboard", DashboardPage.values(dashboard, mode: mode, made: made), context)
        }
    }
}

extension APIServer {
    /// How far back a case page's audit trail looks: the log's last million entries (case.mustache says so).
    static let caseAuditWindow = 1_000_000

    /// A path on this server to return to after signing in: starts with one `/`, and holds no backslash,
    /// whitespace or control character (browsers drop tabs and read `/\\host` as `//host`).
    static func isLocalPath(_ path: String) -> Bool {
        path.hasPrefix("/") && !path.hasPrefix("//")
            && path.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value != 0x7F && $0 != "\\" && $0.properties.isWhitespace == false }
    }
}

/// Builds DTOs from form fields named `prefix-field` with Hummingbird's URL-encoded form decoder, so a
/// page's form reaches the same domain readers as the API's JSON (`substantive`-style checkboxes become
/// booleans; a field the DTO cannot take is named as `prefix.field`).
enum FormJSON {
    static let booleans: Set<String> = [
        "substantive", "homeVisitRequested", "homeVisitDeclined", "livesWithChild", "parentalResponsibility",
    ]

    static func decode<T: Decodable>(_ type: T.Type, _ form: FormData, prefix: String) throws -> T {
        var fields: [String: String] = [:]
        for (name, values) in form.values where name.hasPrefix(prefix + "-") {
            let field = String(name.dropFirst(prefix.count + 1))
            guard let value = values.first?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { continue }
            fields[field] = booleans.contains(field) ? "true" : value
        }
        for field in booleans where fields[field] == nil && form.values["\(prefix)-\(field)-present"] != nil { fields[field] = "false" }
        do {
            return try URLEncodedFormDecoder().decode(type, from: try URLEncodedFormEncoder().encode(fields))
        } catch let error as DecodingError {
            let field: String
            switch error {
            case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
                field = context.codingPath.map(\.stringValue).joined(separator: ".")
            case .keyNotFound(let key, let context):
                field = (context.codingPath + [key]).map(\.stringValue).joined(separator: ".")
            @unknown default:
                field = ""
            }
            let rule = ["periodDays", "hoursPerWeek"].contains(field) ? ("number", "must be a whole number") : ("format", "is not valid")
            throw RegisterError.invalid([
                ValidationProblem(field: field.isEmpty ? prefix : "\(prefix).\(field)", rule: rule.0, message: rule.1)
            ])
        }
    }
}
