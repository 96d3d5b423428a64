import EHEApp
import EHECore
import Foundation
import Hummingbird

/// An officer's work: what is due, and the private calendar link.
struct WorkPages: RouteController {
    let services: APIServer.Services

    func add(to table: inout RouteTable) {
        table.page(.get, "/my-work", .permission(.reminders), action: "reminders.list") { request, context, note in
            let identity = try context.signedIn()
            let within = try request.queryInt("within", in: 0...365) ?? 30
            let asOf = today  // read once: every item is as of the same day
            let items = try await register.reminders.list(DueQuery(asOf: asOf, within: within, officer: identity.name), limit: 500)
            note.detail = "results=\(items.count)"
            var view = MyWorkView(
                items: items.map { DueRowView($0, today: asOf, dueSoonDays: register.dueRules.policy.dueSoonDays) },
                empty: items.isEmpty,
                within: within,
                overdueCount: items.filter { $0.dueDate < asOf }.count
            )
            if let user = try await register.accounts.user(named: identity.name) {
                view.hasFeed = try await register.accounts.hasCalendarFeed(user)
            }
            return page(view, context)
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
            let configuration = services.configuration
            let base = configuration.publicURL ?? "\(configuration.tls ? "https" : "http")://\(request.head.authority ?? "127.0.0.1")"
            return page(CalendarView(url: "\(base)/calendar/\(secret).ics"), context)
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
    }
}
