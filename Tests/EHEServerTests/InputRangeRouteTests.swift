import EHETestSupport
import Foundation
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
        let reminders = try await server.request("GET", "/api/v1/reminders?asOf=9999-12-31&within=1", headers: manager)
        #expect(reminders.status == 422)
        let fine = try await server.request("GET", "/api/v1/exports/dashboard?asOf=2026-11-30", headers: analyst)
        #expect(fine.status == 200)
    }
}

@Suite("Smaller findings of the probe (issue 15): disclosure floor, bearer scheme")
struct ProbeFindingsTests {
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
