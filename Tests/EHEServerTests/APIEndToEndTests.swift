import EHETestSupport
import Foundation
import Testing

@Suite("The JSON API over a live server on 127.0.0.1", .serialized)
struct APIEndToEndTests {
    @Test("create, read, update with If-Match; a stale update is 412 and changes nothing; invalid bodies list every field")
    func caseLifecycle() async throws {
        let server = try ServerHarness(children: 5)
        defer { server.remove() }
        let officer = ServerHarness.bearer(try server.token("officer"))

        // Create: 201, Location, ETag "1".
        let created = try await server.request("POST", "/api/v1/cases", raw: Data(Fixtures.canaryDocument().utf8), headers: officer)
        #expect(created.status == 201, "\(created.text)")
        let reference = try created.json()["reference"] as? String ?? ""
        #expect(reference == "EHE-000006")
        #expect(created.header("ETag") == "\"1\"")
        #expect(created.header("Location") == "/api/v1/cases/\(reference)")

        // Adding the same child again is refused as a possible duplicate, with the match.
        let again = try await server.request("POST", "/api/v1/cases", raw: Data(Fixtures.canaryDocument().utf8), headers: officer)
        #expect(again.status == 409)
        #expect(again.header("Content-Type") == "application/problem+json")
        #expect(again.text.contains(reference))

        // Read: the document and its ETag.
        let read = try await server.request("GET", "/api/v1/cases/\(reference)", headers: officer)
        #expect(read.status == 200)
        #expect(read.header("ETag") == "\"1\"")
        var document = try read.json()
        #expect((document["child"] as? [String: Any])?["surname"] as? String == Canary.surname)

        // Update with If-Match "1": version 2.
        document["notes"] = "Moved to weekly contact"
        document.removeValue(forKey: "derived")
        let updated = try await server.request(
            "PUT",
            "/api/v1/cases/\(reference)",
            json: document,
            headers: officer.merging(["If-Match": "\"1\""]) { $1 }
        )
        #expect(updated.status == 200, "\(updated.text)")
        #expect(updated.header("ETag") == "\"2\"")

        // Stale update (If-Match "1" again): 412 with the current version; the case is unchanged.
        document["notes"] = "An overwrite that must not happen"
        let stale = try await server.request(
            "PUT",
            "/api/v1/cases/\(reference)",
            json: document,
            headers: officer.merging(["If-Match": "\"1\""]) { $1 }
        )
        #expect(stale.status == 412)
        #expect(try stale.json()["currentVersion"] as? Int == 2)
        let after = try await server.request("GET", "/api/v1/cases/\(reference)", headers: officer)
        #expect(after.header("ETag") == "\"2\"")
        #expect(try after.json()["notes"] as? String == "Moved to weekly contact")

        // No If-Match at all: 428.
        let unconditional = try await server.request("PUT", "/api/v1/cases/\(reference)", json: document, headers: officer)
        #expect(unconditional.status == 428)

        // Invalid body: 422 problem+json naming every bad field; nothing added.
        let invalid = try await server.request(
            "POST",
            "/api/v1/cases",
            json: [
                "child": ["forenames": "", "surname": "Smith", "dateOfBirth": "2014-02-30", "sex": "robot"],
                "episodes": [["startDate": "yesterday", "primaryReason": "bored"]],
            ],
            headers: officer
        )
        #expect(invalid.status == 422, "\(invalid.text)")
        #expect(invalid.header("Content-Type") == "application/problem+json")
        let fields = Set((try invalid.json()["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String })
        for field in ["child.forenames", "child.dateOfBirth", "child.sex", "episodes[0].startDate", "episodes[0].primaryReason"] {
            #expect(fields.contains(field), "\(field) missing from \(fields.sorted())")
        }
        let list = try await server.request("GET", "/api/v1/cases?perPage=200", headers: officer)
        #expect((try list.json()["items"] as? [Any])?.count == 6)

        // A body that is not JSON, and a wrong type: 422 naming the field, never echoing the value.
        let garbage = try await server.request("POST", "/api/v1/cases", raw: Data("{not json".utf8), headers: officer)
        #expect(garbage.status == 422)
        let wrongType = try await server.request("POST", "/api/v1/cases", json: ["child": ["surname": 42]], headers: officer)
        #expect(wrongType.status == 422)
        #expect(wrongType.text.contains("child.surname"))

        // A contact through its own route, with If-Match: version 3, and the due item moves.
        let contact = try await server.request(
            "POST",
            "/api/v1/cases/\(reference)/contacts",
            json: ["date": "2026-11-20", "method": "home_visit", "officer": "O. Officer", "judgement": "suitable", "substantive": true],
            headers: officer.merging(["If-Match": "\"2\""]) { $1 }
        )
        #expect(contact.status == 200, "\(contact.text)")
        #expect(contact.header("ETag") == "\"3\"")

        // Close with a stale version: 412; with the current one: closed.
        let staleClose = try await server.request(
            "POST",
            "/api/v1/cases/\(reference)/close",
            json: ["endReason": "returned_to_school", "endDate": "2026-11-25", "returnSchoolURN": "113001"],
            headers: officer.merging(["If-Match": "\"2\""]) { $1 }
        )
        #expect(staleClose.status == 412)
        let close = try await server.request(
            "POST",
            "/api/v1/cases/\(reference)/close",
            json: ["endReason": "returned_to_school", "endDate": "2026-11-25", "returnSchoolURN": "113001"],
            headers: officer.merging(["If-Match": "\"3\""]) { $1 }
        )
        #expect(close.status == 200, "\(close.text)")
        #expect(try close.json()["status"] as? String == "closed")

        // Unknown case: 404 problem.
        #expect(try await server.request("GET", "/api/v1/cases/EHE-999999", headers: officer).status == 404)
        #expect(server.stop() == 0)
        #expect(server.log.contains("database closed"))
    }

    @Test("sign-in sets a strict HttpOnly cookie; changes need the CSRF token; repeated failures lock the account")
    func sessions() async throws {
        let server = try ServerHarness(children: 3) { cli in
            let added = try cli.run("user", "add", "olivia", "--role", "officer", "--password-stdin", input: "officer-password-1\n")
            #expect(added.status == 0, "\(added.stderr)")
        }
        defer { server.remove() }
        let signIn = try await server.request("POST", "/api/v1/session", json: ["name": "olivia", "password": "officer-password-1"])
        #expect(signIn.status == 201)
        let cookie = signIn.header("Set-Cookie") ?? ""
        #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.hasPrefix("ehe_session="))
        let session = String(cookie.split(separator: ";")[0])
        let csrf = try signIn.json()["csrfToken"] as? String ?? ""

        let me = try await server.request("GET", "/api/v1/me", headers: ["Cookie": session])
        #expect(try me.json()["role"] as? String == "officer")
        let withoutToken = try await server.request("POST", "/api/v1/search", json: ["upn": "A123"], headers: ["Cookie": session])
        #expect(withoutToken.status == 403)
        let search = try await server.request(
            "POST",
            "/api/v1/search",
            json: ["surname": "Smith"],
            headers: ["Cookie": session, "X-CSRF-Token": csrf]
        )
        #expect(search.status == 200, "\(search.text)")

        // Sign out: the cookie no longer works.
        #expect(try await server.request("DELETE", "/api/v1/session", headers: ["Cookie": session, "X-CSRF-Token": csrf]).status == 204)
        #expect(try await server.request("GET", "/api/v1/me", headers: ["Cookie": session]).status == 401)

        // A burst of parallel guesses is checked one at a time per account: the rest are refused unchecked.
        let burst = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<12 {
                group.addTask {
                    try await server.request("POST", "/api/v1/session", json: ["name": "olivia", "password": "guess-number-\(index)"])
                        .status
                }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(burst.allSatisfy { $0 == 401 || $0 == 429 }, "\(burst)")
        // Unlocked again for the rest of this test.
        #expect(try server.cli.run("user", "reset-password", "olivia", "--password-stdin", input: "officer-password-1\n").status == 0)

        // Five wrong passwords lock the account: even the right password is then refused (429).
        for _ in 0..<5 {
            let wrong = try await server.request("POST", "/api/v1/session", json: ["name": "olivia", "password": "not-the-password"])
            #expect(wrong.status == 401)
        }
        let locked = try await server.request("POST", "/api/v1/session", json: ["name": "olivia", "password": "officer-password-1"])
        #expect(locked.status == 429, "\(locked.text)")
        // An unknown user gets the same answer as a wrong password.
        let unknown = try await server.request("POST", "/api/v1/session", json: ["name": "nobody", "password": "whatever-it-is"])
        #expect(unknown.status == 401)
        #expect(try unknown.json()["detail"] as? String == "the user name or password is wrong, or the account is disabled")
        server.stop()
        // The audit log has the sign-ins, the failures and the lock.
        let trail = try server.cli.run("audit", "export", "--from", "2026-01-01", "--to", "2030-12-31")
        for action in ["signin,", "signin.failed", "account.locked", "signout", "concurrent attempt"] {
            #expect(trail.stdout.contains(action), "\(action)")
        }
    }

    @Test("a burst of concurrent audited reads all succeed, then SIGTERM stops the server cleanly")
    func burstThenStop() async throws {
        let server = try ServerHarness(children: 40)
        defer { server.remove() }
        let officer = ServerHarness.bearer(try server.token("officer"))
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<200 {
                group.addTask {
                    let path = index % 4 == 0 ? "/api/v1/me" : String(format: "/api/v1/cases/EHE-%06d", index % 40 + 1)
                    return try await server.request("GET", path, headers: officer).status
                }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(statuses.count == 200 && statuses.allSatisfy { $0 == 200 }, "\(Set(statuses))")
        #expect(server.stop() == 0)
        #expect(server.log.contains("database closed"))
        #expect(try server.cli.run("audit", "verify").status == 0)
    }

    @Test("exports through the API: analysts get disclosure-controlled files, exact figures only for managers (refusals audited)")
    func exportsByRole() async throws {
        let server = try ServerHarness(children: 60)
        defer { server.remove() }
        let analyst = ServerHarness.bearer(try server.token("analyst"))
        let manager = ServerHarness.bearer(try server.token("manager"))
        let published = try await server.request("GET", "/api/v1/exports/dashboard?disclosure=suppress", headers: analyst)
        #expect(published.status == 200)
        #expect(try published.json()["notForPublication"] as? Bool == false)
        #expect(try published.json()["disclosure"] as? String == "suppress:6")
        let refused = try await server.request(
            "GET",
            "/api/v1/exports/dfe-census?term=autumn&year=2026/27&disclosure=exact",
            headers: analyst
        )
        #expect(refused.status == 403)
        let exact = try await server.request(
            "GET",
            "/api/v1/exports/dfe-census?term=autumn&year=2026/27&disclosure=exact",
            headers: manager
        )
        #expect(exact.status == 200, "\(exact.text)")
        #expect(try exact.json()["notForPublication"] as? Bool == true)
        let files = try #require(try exact.json()["files"] as? [[String: Any]])
        #expect(files.allSatisfy { ($0["name"] as? String)?.contains("NOT-FOR-PUBLICATION") == true })
        server.stop()
        let trail = try server.cli.run("audit", "export", "--from", "2026-01-01", "--to", "2030-12-31")
        #expect(trail.stdout.contains("token:analyst-client,export,,127.0.0.1,denied,kind=dfe-census disclosure=exact"))
    }

    @Test("health, readiness, metrics and security headers")
    func operations() async throws {
        let server = try ServerHarness(children: 3)
        defer { server.remove() }
        let live = try await server.request("GET", "/health/live")
        #expect(live.status == 200)
        for (name, value) in [
            ("X-Content-Type-Options", "nosniff"), ("X-Frame-Options", "DENY"), ("Referrer-Policy", "no-referrer"),
            ("Cache-Control", "no-store"),
        ] {
            #expect(live.header(name) == value)
        }
        #expect(live.header("Content-Security-Policy")?.contains("frame-ancestors 'none'") == true)
        #expect(live.header("X-Request-Id")?.isEmpty == false)
        let ready = try await server.request("GET", "/health/ready")
        #expect(ready.status == 200)
        #expect(try ready.json()["migrations"] as? Bool == true)
        let metrics = try await server.request("GET", "/metrics")
        #expect(metrics.status == 200)
        #expect(metrics.text.contains("hb_requests") || metrics.text.contains("hb_request"))
        #expect(metrics.text.contains("/health/live"))
        let document = try await server.request("GET", "/api/v1/openapi.json")
        #expect(try document.json()["openapi"] as? String == "3.1.0")
    }
}
