import EHECore
import EHEServer
import EHETestSupport
import Foundation
import HTTPTypes
import Testing

@Suite("Routes refuse dates outside the register's range with 422, never a crash")
struct InputRangeRouteTests {
    @Test("exports, reminders and workload as of year 1 or 9999 are 422 naming the parameter")
    func queryDates() async throws {
        let server = try await InProcessHarness(children: 5)
        defer { server.remove() }
        let analyst = ServerHarness.bearer(try await server.apiToken("analyst"))
        let manager = ServerHarness.bearer(try await server.apiToken("manager"))
        for path in [
            "/api/v1/exports/dashboard?asOf=0001-01-01", "/api/v1/exports/place-planning?asOf=0002-06-01",
            "/api/v1/exports/dashboard?asOf=9999-12-31",
        ] {
            let reply = try await server.request("GET", path, headers: analyst)
            #expect(reply.status == 422, "\(path): \(reply.status)")
            #expect((try reply.json()["errors"] as? [[String: Any]])?.first?["rule"] as? String == "date_range", "\(path)")
        }
        // The academic years that trapped in `LocalDate` (9999/00 ends in year 10000; 0000/01 starts in year 0).
        for year in ["9999/00", "0000/01", "2199/00", "1899/00"] {
            let reply = try await server.request("GET", "/api/v1/exports/dfe-annual?year=\(year)", headers: analyst)
            #expect(reply.status == 422, "\(year): \(reply.status)")
            #expect((try reply.json()["errors"] as? [[String: Any]])?.first?["rule"] as? String == "date_range", "\(year)")
        }
        #expect(try await server.request("GET", "/api/v1/exports/dfe-annual?year=2025/26", headers: analyst).status == 200)
        let reminders = try await server.request("GET", "/api/v1/reminders?asOf=9999-12-31&within=1", headers: manager)
        #expect(reminders.status == 422)
        let fine = try await server.request("GET", "/api/v1/exports/dashboard?asOf=2026-11-30", headers: analyst)
        #expect(fine.status == 200)
    }
}

@Suite("Smaller findings of the probe (issue 15): disclosure floor, bearer scheme, gaps, methods, origins, lockout")
struct ProbeFindingsTests {
    @Test("a census year with no census date is 422 saying what is missing, not 503 'unavailable'")
    func censusGap() async throws {
        let server = try await InProcessHarness(children: 5)
        defer { server.remove() }
        let analyst = ServerHarness.bearer(try await server.apiToken("analyst"))
        let reply = try await server.request("GET", "/api/v1/exports/dfe-census?term=spring&year=2019/20", headers: analyst)
        #expect(reply.status == 422, "\(reply.text)")
        let error = (try reply.json()["errors"] as? [[String: Any]])?.first
        #expect(error?["field"] as? String == "year" && error?["rule"] as? String == "census_date")
        #expect((error?["detail"] as? String)?.contains("no spring census date is configured for 2019/20") == true)
        #expect(!reply.text.contains("/work/") && !reply.text.contains(CLI.repositoryRoot), "no server paths in the answer")
    }

    @Test("a path served for other methods is 405 with Allow; an unknown path is 404; both are problems with the headers")
    func methodsAndUnknownPaths() async throws {
        let server = try await InProcessHarness(children: 2)
        defer { server.remove() }
        let officer = ServerHarness.bearer(try await server.apiToken("officer"))
        for method in ["HEAD", "TRACE", "PATCH", "DELETE"] {
            let reply = try await server.request(method, "/api/v1/cases/EHE-000001", headers: officer)
            #expect(reply.status == 405, "\(method): \(reply.status)")
            #expect(reply.header("Allow") == "GET, PUT", "\(method): \(reply.header("Allow") ?? "no Allow")")
            #expect(reply.header("X-Content-Type-Options") == "nosniff")
        }
        for path in ["/nowhere", "/api/v1/nothing-here", "/api/v1/cases/EHE-000001/nothing"] {
            let reply = try await server.request("GET", path, headers: officer)
            #expect(reply.status == 404, "\(path)")
            #expect(reply.header("Content-Type") == "application/problem+json", "\(path)")
            #expect(reply.header("X-Content-Type-Options") == "nosniff" && reply.header("Content-Security-Policy") != nil)
            let id = reply.header("X-Request-Id")
            let named = try reply.json()["requestId"] as? String
            #expect(id != nil && named == id, "the problem names the request")
        }
        // Signed out, an unknown path is still a 404 problem, not a sign-in demand that would map the API.
        #expect(try await server.request("GET", "/api/v1/nothing-here").status == 404)
    }

    @Test("an officer's error page names its request id, as the problem documents do")
    func errorPageRequestID() async throws {
        let server = try await InProcessHarness(children: 2)
        defer { server.remove() }
        try await server.addUser("olivia", role: .officer, password: "officer-password-1")
        let (cookie, _) = try await PageTests.signIn(server, "olivia", "officer-password-1")
        let page = try await server.request("GET", "/cases/EHE-999999", headers: ["Cookie": cookie])
        #expect(page.status == 404)
        let id = try #require(page.header("X-Request-Id"))
        #expect(page.text.contains("request \(id)"), "\(page.text.suffix(400))")
    }

    @Test("a form is accepted only from this server's own origin: scheme, host and port")
    func originMustMatch() async throws {
        let server = try await InProcessHarness(children: 2)
        defer { server.remove() }
        try await server.addUser("olivia", role: .officer, password: "officer-password-1")
        let form = PageTests.form(["name": "olivia", "password": "officer-password-1"])
        // The in-process server is http://localhost (port 80).
        for origin in ["http://localhost:8080", "https://localhost", "http://localhost.evil.example", "null", "http://evil.example"] {
            let reply = try await server.request(
                "POST",
                "/sign-in",
                raw: form,
                headers: ["Content-Type": "application/x-www-form-urlencoded", "Origin": origin]
            )
            #expect(reply.status == 403 && reply.header("Set-Cookie") == nil, "\(origin): \(reply.status)")
        }
        for origin in ["http://localhost", "http://LOCALHOST:80"] {
            let reply = try await server.request(
                "POST",
                "/sign-in",
                raw: form,
                headers: ["Content-Type": "application/x-www-form-urlencoded", "Origin": origin]
            )
            #expect(reply.status == 303, "\(origin): \(reply.status)")
        }
    }

    @Test("after repeated failures a real name and an unknown one get the same answer")
    func lockoutSaysNothingAboutNames() async throws {
        let server = try await InProcessHarness(children: 2)
        defer { server.remove() }
        try await server.addUser("olivia", role: .officer, password: "officer-password-1")
        var answers: [String: [Int]] = [:]
        for name in ["olivia", "nobody-at-all"] {
            for _ in 0..<6 {
                let reply = try await server.request("POST", "/api/v1/session", json: ["name": name, "password": "wrong-password-1"])
                answers[name, default: []].append(reply.status)
            }
        }
        #expect(answers["olivia"] == [401, 401, 401, 401, 401, 429])
        #expect(answers["olivia"] == answers["nobody-at-all"])
        let locked = try await server.request("POST", "/api/v1/session", json: ["name": "nobody-at-all", "password": "x-password-1"])
        let real = try await server.request("POST", "/api/v1/session", json: ["name": "olivia", "password": "officer-password-1"])
        #expect(locked.status == real.status)
        let lockedType = try locked.json()["type"] as? String
        #expect(try lockedType == real.json()["type"] as? String)
    }

    @Test("suppress:N below the configured threshold is refused; at or above it is applied")
    func suppressionFloor() async throws {
        let server = try await InProcessHarness(children: 30)
        defer { server.remove() }
        let analyst = ServerHarness.bearer(try await server.apiToken("analyst"))
        let low = try await server.request("GET", "/api/v1/exports/dashboard?disclosure=suppress:2", headers: analyst)
        #expect(low.status == 422)
        #expect((try low.json()["errors"] as? [[String: Any]])?.first?["rule"] as? String == "threshold")
        let higher = try await server.request("GET", "/api/v1/exports/dashboard?disclosure=suppress:10", headers: analyst)
        #expect(higher.status == 200)
        #expect(try higher.json()["disclosure"] as? String == "suppress:10")
    }

    @Test("the bearer scheme is case-insensitive")
    func lowerCaseBearer() async throws {
        let server = try await InProcessHarness(children: 2)
        defer { server.remove() }
        let token = try await server.apiToken("officer")
        for scheme in ["bearer", "BEARER", "Bearer"] {
            let reply = try await server.request("GET", "/api/v1/cases/EHE-000001", headers: ["Authorization": "\(scheme) \(token)"])
            #expect(reply.status == 200, "\(scheme): \(reply.status)")
        }
        #expect(try await server.request("GET", "/api/v1/cases/EHE-000001", headers: ["Authorization": "Basic \(token)"]).status == 401)
    }
}

@Suite("Every route, walked with extreme values, answers without a server error")
struct ExtremeValueWalkTests {
    static let extremeQuery =
        "asOf=9999-12-31&from=0001-01-01&to=9999-12-31&within=9223372036854775807&limit=-1&page=0&perPage=100000000"
        + "&months=0&horizonMonths=99999&year=9999/00&disclosure=suppress:0&term=winter&after=-5&officer=%00&status=x"

    nonisolated(unsafe) static let extremeBody: [String: Any] = [
        "date": "9999-12-31", "startDate": "0001-01-01", "endDate": "2199-12-31", "targetDate": "9999-12-31",
        "meetingDate": "0001-01-01", "decisionDate": "9999-12-31", "periodDays": Int.max, "hoursPerWeek": -1,
        "outcome": "satisfied", "outcomeDate": "9999-12-31", "kind": "s437_notice", "method": "phone",
        "officer": String(repeating: "x", count: 10_000), "endReason": "returned_to_school", "status": "intended",
        "child": ["dateOfBirth": "9999-12-31", "forenames": "A", "surname": "B"], "name": "x", "role": "officer",
    ]

    @Test("GET with absurd query values and writes with absurd bodies: 2xx or 4xx for every route and role, never 5xx")
    func walk() async throws {
        let server = try await InProcessHarness(children: 5)
        defer { server.remove() }
        let (_, rules) = APIServer.routeInventory(services: server.services)
        var tokens: [String: String] = [:]
        for role in ["officer", "manager", "analyst", "admin"] { tokens[role] = try await server.apiToken(role) }
        #expect(rules.filter { $0.kind == .api }.count >= 29, "every API route is walked")
        for rule in rules where rule.kind == .api {
            let path = rule.path.replacingOccurrences(of: "{reference}", with: "EHE-000001")
                .replacingOccurrences(of: "{plan}", with: "1").replacingOccurrences(of: "{id}", with: "999999999999")
            for (role, token) in tokens.sorted(by: { $0.key < $1.key }) {
                var headers = ServerHarness.bearer(token)
                headers["If-Match"] = "\"1\""
                let method = rule.method.rawValue
                let reply =
                    method == "GET"
                    ? try await server.request(method, path + "?" + Self.extremeQuery, headers: headers)
                    : try await server.request(method, path, json: Self.extremeBody, headers: headers)
                #expect(reply.status < 500, "\(rule.name) as \(role): \(reply.status) \(reply.text.prefix(200))")
            }
        }
    }
}
