import EHEApp
import EHECore
import Foundation
import HTTPTypes
import Hummingbird

/// Cases: the list, finding a child, registering one, the case page and the actions taken from it.
struct CasePages: RouteController {
    let services: APIServer.Services

    func add(to table: inout RouteTable) {
        table.page(.get, "/cases", .permission(.readCases), action: "case.list") { request, context, note in
            try await list(request, context, &note)
        }
        table.page(.get, "/find", .permission(.search)) { _, context, _ in
            page(FindView(), context)
        }
        table.page(.post, "/find", .permission(.search)) { _, context, _ in
            try await find(context)
        }
        table.page(.get, "/cases/new", .permission(.changeCases)) { _, context, _ in
            page(NewCaseForm.view(FormData()), context)
        }
        table.page(.post, "/cases/new", .permission(.changeCases)) { _, context, _ in
            try await registerChild(context)
        }
        table.page(.get, "/cases/{reference}", .permission(.readCases)) { request, context, _ in
            let stored = try await cases(context).show(try context.reference())
            var view = try await caseView(stored, identity: try context.signedIn())
            view.added = request.query("added") != nil
            view.saved = request.query("saved") != nil
            return page(view, context)
        }
        addActions(to: &table)
    }

    func list(_ request: Request, _ context: APIContext, _ note: inout AuditNote) async throws -> Response {
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
        let view = CasesView(
            rows: facts.prefix(perPage).map { facts in
                CasesView.Row(
                    reference: facts.reference.description,
                    status: facts.status == .open ? "Open" : "Closed",
                    yearGroup: SchoolCalendar.yearGroupLabel(facts.yearGroup(on: asOf)),
                    reason: facts.primaryReason.label,
                    sen: facts.senProvision.label,
                    officer: facts.assignedOfficer ?? "Unassigned",
                    start: PageModel.date(facts.episodeStart)
                )
            },
            empty: facts.isEmpty,
            statuses: [
                OptionView(value: "", label: "Any", selected: status == nil),
                OptionView(value: "open", label: "Open", selected: status == "open"),
                OptionView(value: "closed", label: "Closed", selected: status == "closed"),
            ],
            officer: query.officer ?? "",
            reasons: OptionView.list(PrimaryReason.self, selected: reason, blank: "Any"),
            ehcp: ehcp,
            overdue: overdue,
            page: pageNumber,
            previous: pageNumber > 1 ? base + "page=\(pageNumber - 1)" : "",
            next: facts.count > perPage ? base + "page=\(pageNumber + 1)" : ""
        )
        return page(view, context)
    }

    func find(_ context: APIContext) async throws -> Response {
        let form = context.form
        var view = FindView(
            upn: form["upn"] ?? "",
            surname: form["surname"] ?? "",
            forename: form["forename"] ?? "",
            dateOfBirth: form["dateOfBirth"] ?? "",
            postcode: form["postcode"] ?? "",
            soundsLike: form["soundsLike"] ?? ""
        )
        var dateOfBirth: LocalDate?
        if let text = form["dateOfBirth"] {
            dateOfBirth = LocalDate(iso: text)
            if dateOfBirth == nil {
                view.errors.append(FieldErrorView(id: "dateOfBirth", message: "Date of birth must be a date like 2015-03-27"))
            }
        }
        if view.errors.isEmpty {
            do {
                let criteria = SearchCriteria(
                    upn: form["upn"],
                    surname: form["surname"],
                    forename: form["forename"],
                    dateOfBirth: dateOfBirth,
                    postcode: form["postcode"],
                    soundsLike: form["soundsLike"]
                )
                let asOf = today
                view.results = try await cases(context).find(criteria).map { hit in
                    let found = FoundChild(hit, today: asOf)
                    return FindView.Result(
                        reference: found.reference,
                        name: "\(found.forenames) \(found.surname)",
                        dateOfBirth: PageModel.date(LocalDate(iso: found.dateOfBirth)),
                        yearGroup: found.yearGroup,
                        status: found.status == "open" ? "Open" : "Closed"
                    )
                }
            } catch RegisterError.invalid(let problems) {
                view.errors = problems.map {
                    FieldErrorView(
                        id: $0.field == "(criteria)" ? "surname" : $0.field,
                        message: $0.message.prefix(1).uppercased() + $0.message.dropFirst()
                    )
                }
            }
        }
        view.searched = view.errors.isEmpty
        view.noResults = view.errors.isEmpty && view.results.isEmpty
        return page(view, context, status: view.errors.isEmpty ? .ok : .unprocessableContent)
    }

    func registerChild(_ context: APIContext) async throws -> Response {
        let form = context.form
        var view = NewCaseForm.view(form)
        do {
            let document = try NewCaseForm.document(form)
            let stored = try await cases(context).add(document, newChild: form.flag("newChild"))
            return PageRenderer.redirect("/cases/\(stored.reference)?added=1")
        } catch RegisterError.invalid(let problems) {
            view.errors = problems.map { FieldErrorView(id: NewCaseForm.anchor($0.field), message: NewCaseForm.message($0)) }
        } catch RegisterError.possibleDuplicate(let matches) {
            view.duplicates = matches.map {
                NewCaseView.Duplicate(reference: $0.reference.description, rules: $0.rules.map(\.rawValue).joined(separator: ", "))
            }
        }
        return page(view, context, status: .unprocessableContent)
    }

    /// The case page for someone: its sections, what is due, and (for those who may see it) the latest of
    /// its audit trail, whose reading is itself audited.
    func caseView(_ stored: StoredCase, identity: Identity) async throws -> CaseView {
        let asOf = today
        var query = DueQuery(asOf: asOf)
        query.reference = stored.reference
        var view = CaseView(
            stored,
            today: asOf,
            due: try await register.reminders.list(query),
            dueSoonDays: register.dueRules.policy.dueSoonDays
        )
        if identity.role.permissions.contains(.auditTrail) {
            try await register.audit.record(
                AuditEvent(actor: identity.actor, action: "audit.read", caseReference: stored.reference.description)
            )
            // The 50 latest, newest first, read as such: the trail grows with every view of the case.
            // Among the log's last million entries (years of an LA's use), so the page's cost does not
            // grow with the log; the whole trail is one command or API call away (the page says so).
            var latest = AuditQuery(caseReference: stored.reference.description, limit: 50)
            latest.newestFirst = true
            latest.withinLast = APIServer.caseAuditWindow
            let entries = Collector<AuditRow>()
            try await register.audit.forEachEntry(latest) { entries.append(AuditRow($0)) }
            view.audit = entries.items.map { row in
                CaseView.AuditRowView(
                    at: String(row.at.prefix(16)).replacingOccurrences(of: "T", with: " "),
                    who: row.actor,
                    action: row.action,
                    outcome: row.outcome
                )
            }
            view.showAudit = true
        }
        return view
    }

    /// `POST /cases/{reference}/PATH`: the form's `SECTION-…` fields read into `Body`, then `perform`.
    func action<Body: Decodable & Sendable>(
        _ path: String,
        form section: String,
        _ body: Body.Type,
        to table: inout RouteTable,
        _ perform: @escaping @Sendable (Body, CaseService, CaseReference, Int) async throws -> StoredCase
    ) {
        table.page(
            .post,
            "/cases/{reference}/\(path)",
            .permission(.changeCases),
            caseAction(form: section) { form, cases, reference, version in
                try await perform(try FormFields.decode(Body.self, form, prefix: section), cases, reference, version)
            }
        )
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
                var view = try await caseView(try await service.show(reference), identity: identity)
                view.stale = true
                return page(view, context, status: .conflict)
            } catch RegisterError.invalid(let problems) {
                var view = try await caseView(try await service.show(reference), identity: identity)
                view.errors = problems.map { problem in
                    let field = problem.field.split(separator: ".").last.map(String.init) ?? problem.field
                    return FieldErrorView(id: "\(section)-\(field)", message: "\(field): \(problem.message)")
                }
                view.openForm = section
                return page(view, context, status: .unprocessableContent)
            } catch RegisterError.notAllowed(_, let reason) {
                var view = try await caseView(try await service.show(reference), identity: identity)
                view.errors = [FieldErrorView(id: section, message: reason)]
                return page(view, context, status: .conflict)
            }
        }
    }

    /// The actions on the case page's forms, each one call of the application with the form read into the
    /// same body the API takes.
    func addActions(to table: inout RouteTable) {
        action("contacts", form: "contact", CaseDocument.ContactDTO.self, to: &table) { body, cases, reference, version in
            try await cases.addContact(reference, try body.value(), expectedVersion: version)
        }
        action("ehcp-reviews", form: "review", CaseDocument.ReviewDTO.self, to: &table) { body, cases, reference, version in
            try await cases.recordEHCPReview(reference, try body.value(), expectedVersion: version)
        }
        action("return-plans", form: "plan", CaseDocument.ReturnPlanDTO.self, to: &table) { body, cases, reference, version in
            try await cases.recordReturnPlan(reference, try body.value(), expectedVersion: version)
        }
        action("enforcement", form: "step", CaseDocument.EnforcementDTO.self, to: &table) { body, cases, reference, version in
            try await cases.recordEnforcementStep(reference, try body.value(), expectedVersion: version)
        }
        action("enforcement/s437-outcome", form: "outcome", CaseDocument.S437OutcomeDTO.self, to: &table) {
            body,
            cases,
            reference,
            version in
            try await cases.recordS437Outcome(reference, try body.value(), expectedVersion: version)
        }
        action("close", form: "close", CaseDocument.ClosureDTO.self, to: &table) { body, cases, reference, version in
            try await cases.close(reference, try body.value(), expectedVersion: version)
        }
        action("reopen", form: "reopen", CaseDocument.EpisodeDTO.self, to: &table) { body, cases, reference, version in
            try await cases.reopen(reference, episode: try body.value(), expectedVersion: version)
        }
        table.page(
            .post,
            "/cases/{reference}/assign",
            .permission(.changeCases),
            caseAction(form: "assign") { form, cases, reference, version in
                try await cases.assign(reference, officer: form["assign-officer"], expectedVersion: version)
            }
        )
    }
}
