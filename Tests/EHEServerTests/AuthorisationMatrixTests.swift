import EHEApp
import EHECore
import EHEServer
import EHETestSupport
import Foundation
import Testing

/// Every route × every role × signed out, generated from the router's own route list: a route added
/// without an entry in the expected table below (or without a rule) fails this test.
@Suite("Authorisation matrix", .serialized)
struct AuthorisationMatrixTests {
    /// Who may call each route. `anyone` includes signed-out callers.
    static let anyone: Set<String> = ["officer", "manager", "analyst", "admin", "signed-out"]
    static let signedIn: Set<String> = ["officer", "manager", "analyst", "admin"]
    static let caseworkers: Set<String> = ["officer", "manager"]
    static let expected: [String: Set<String>] = [
        "GET /health/live": anyone,
        "GET /health/ready": anyone,
        "GET /metrics": anyone,
        "GET /api/v1/openapi.json": anyone,
        "POST /api/v1/session": anyone,
        "DELETE /api/v1/session": signedIn,
        "GET /api/v1/me": signedIn,
        "GET /api/v1/cases": caseworkers,
        "POST /api/v1/cases": caseworkers,
        "GET /api/v1/cases/{reference}": caseworkers,
        "PUT /api/v1/cases/{reference}": caseworkers,
        "POST /api/v1/cases/{reference}/close": caseworkers,
        "POST /api/v1/cases/{reference}/reopen": caseworkers,
        "POST /api/v1/cases/{reference}/contacts": caseworkers,
        "POST /api/v1/cases/{reference}/ehcp-reviews": caseworkers,
        "POST /api/v1/cases/{reference}/ehcp-reviews/decision": caseworkers,
        "POST /api/v1/cases/{reference}/return-plans": caseworkers,
        "PUT /api/v1/cases/{reference}/return-plans/{plan}": caseworkers,
        "POST /api/v1/cases/{reference}/enforcement": caseworkers,
        "POST /api/v1/cases/{reference}/enforcement/s437-outcome": caseworkers,
        "PUT /api/v1/cases/{reference}/officer": caseworkers,
        "POST /api/v1/search": caseworkers,
        "GET /api/v1/reminders": caseworkers,
        "GET /api/v1/workload": ["manager"],
        "GET /api/v1/summary": caseworkers,
        "GET /api/v1/exports/{name}": ["officer", "manager", "analyst"],
        "GET /api/v1/audit": ["manager"],
        "GET /api/v1/users": ["admin"],
        "GET /api/v1/tokens": ["admin"],
        // Officers' pages: signed-out visitors are sent to the sign-in page (303), other roles get a 403 page.
        "GET /static/style.css": anyone,
        "GET /": anyone,
        "GET /sign-in": anyone,
        "POST /sign-in": anyone,
        "POST /sign-out": signedIn,
        "GET /cases": caseworkers,
        "GET /find": caseworkers,
        "POST /find": caseworkers,
        "GET /cases/new": caseworkers,
        "POST /cases/new": caseworkers,
        "GET /cases/{reference}": caseworkers,
        "POST /cases/{reference}/contacts": caseworkers,
        "POST /cases/{reference}/ehcp-reviews": caseworkers,
        "POST /cases/{reference}/return-plans": caseworkers,
        "POST /cases/{reference}/enforcement": caseworkers,
        "POST /cases/{reference}/enforcement/s437-outcome": caseworkers,
        "POST /cases/{reference}/close": caseworkers,
        "POST /cases/{reference}/reopen": caseworkers,
        "POST /cases/{reference}/assign": caseworkers,
        "GET /my-work": caseworkers,
        "POST /my-work/calendar": caseworkers,
        "GET /calendar/{feed}": anyone,
        "GET /dashboard": ["officer", "manager", "analyst"],
    ]

    /// The routes the router really has, and the rules they were added with.
    static func inventory(_ server: InProcessHarness) -> (registered: Set<String>, rules: [RouteRule]) {
        APIServer.routeInventory(services: server.services)
    }

    @Test("the router's routes, the rules and the expected table name the same routes")
    func everyRouteHasARule() async throws {
        let server = try await InProcessHarness(children: 2)
        defer { server.remove() }
        let (registered, rules) = Self.inventory(server)
        #expect(registered == Set(rules.map(\.name)), "router vs rules: \(registered.symmetricDifference(rules.map(\.name)))")
        #expect(registered == Set(Self.expected.keys), "router vs expected table: \(registered.symmetricDifference(Self.expected.keys))")
        #expect(rules.count == registered.count, "a route was added twice")
    }

    @Test("every route answers each role and a signed-out caller as the table says (401 signed out, 403 wrong role)")
    func matrix() async throws {
        let server = try await InProcessHarness(children: 3)
        defer { server.remove() }
        let (_, rules) = Self.inventory(server)
        var credentials: [String: [String: String]] = ["signed-out": [:]]
        for role in ["officer", "manager", "analyst", "admin"] { credentials[role] = ServerHarness.bearer(try await server.apiToken(role)) }
        var failures: [String] = []
        for rule in rules.sorted(by: { $0.name < $1.name }) {
            let path = rule.path.replacingOccurrences(of: "{reference}", with: "EHE-000001")
                .replacingOccurrences(of: "{name}", with: "dashboard")
            let allowed = Self.expected[rule.name] ?? []
            for (who, headers) in credentials.sorted(by: { $0.key < $1.key }) {
                let hasBody = rule.name.hasPrefix("POST /api") || rule.name.hasPrefix("PUT")
                let reply = try await server.request(
                    rule.name.split(separator: " ")[0].description,
                    path,
                    json: hasBody ? [String: String]() : nil,
                    headers: headers.merging(["If-Match": "\"1\""]) { $1 }
                )
                let outcome: String
                switch reply.status {
                case 401: outcome = "signed-out"
                case 303 where reply.header("Location")?.hasPrefix("/sign-in?next=") == true:
                    outcome = "signed-out"
                case 403: outcome = "denied"
                default: outcome = "allowed"
                }
                let wanted = allowed.contains(who) ? "allowed" : (who == "signed-out" ? "signed-out" : "denied")
                if outcome != wanted { failures.append("\(rule.name) as \(who): \(reply.status), expected \(wanted)") }
            }
        }
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
        // Denials by signed-in callers are in the audit log; an analyst never viewed a case.
        let outcomes = Collector<String>()
        try await server.register.audit.forEachEntry(AuditQuery()) {
            outcomes.append("\($0.event.actor),\($0.event.action),\($0.event.outcome)")
        }
        #expect(!outcomes.items.contains { $0.hasPrefix("token:analyst-client,case.view,") })
        #expect(outcomes.items.contains { $0.hasSuffix(",denied") })
    }
}
