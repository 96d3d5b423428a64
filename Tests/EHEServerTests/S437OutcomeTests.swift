import EHECore
import EHETestSupport
import Foundation
import Testing

/// The action added with the application façade (issue 14): the outcome of a s.437(1) notice, recorded
/// through the API and through the case page, each ending the notice's reminder.
@Suite("Recording a s.437(1) notice's outcome over the API and the pages", .serialized)
struct S437OutcomeTests {
    nonisolated(unsafe) static let child: [String: Any] = [
        "child": ["forenames": "Noor", "surname": "Quantrill", "dateOfBirth": "2014-10-10", "sex": "female"],
        "episodes": [["startDate": "2026-09-07", "notificationSource": "parent", "primaryReason": "physical_health"]],
    ]

    /// Adds a child with a s.437(1) notice served on 2 November 2026; returns its reference and version.
    static func childWithNotice(_ server: some HTTPHarness, _ headers: [String: String]) async throws -> (String, Int) {
        let created = try await server.request("POST", "/api/v1/cases?newChild=true", json: child, headers: headers)
        #expect(created.status == 201, "\(created.text)")
        let reference = try #require(try created.json()["reference"] as? String)
        let served = try await server.request(
            "POST",
            "/api/v1/cases/\(reference)/enforcement",
            json: ["kind": "s437_notice", "date": "2026-11-02", "periodDays": 15],
            headers: headers.merging(["If-Match": "\"1\""]) { $1 }
        )
        #expect(served.status == 200, "\(served.text)")
        return (reference, 2)
    }

    static func dueKinds(_ server: some HTTPHarness, _ reference: String, _ headers: [String: String]) async throws -> [String] {
        let due = try await server.request("GET", "/api/v1/reminders?kind=s437_expiry", headers: headers)
        #expect(due.status == 200)
        let items = try JSONSerialization.jsonObject(with: due.body) as? [[String: Any]] ?? []
        return items.filter { $0["reference"] as? String == reference }.compactMap { $0["kind"] as? String }
    }

    @Test("issue 16 item 8 over the API: an SAO's named school and revocation reason are recorded, or refused by field")
    func saoFields() async throws {
        let server = try await InProcessHarness(children: 2)
        defer { server.remove() }
        let officer = ServerHarness.bearer(try await server.apiToken("officer"))
        let (reference, version) = try await Self.childWithNotice(server, officer)
        let wrong = try await server.request(
            "POST",
            "/api/v1/cases/\(reference)/enforcement",
            json: ["kind": "sao_issued", "date": "2026-11-20", "namedSchoolURN": "12", "revocationReason": "bored"],
            headers: officer.merging(["If-Match": "\"\(version)\""]) { $1 }
        )
        #expect(wrong.status == 422, "\(wrong.text)")
        let fields = Set(((try wrong.json()["errors"] as? [[String: Any]]) ?? []).compactMap { $0["field"] as? String })
        #expect(fields.contains { $0.hasSuffix("revocationReason") }, "\(fields)")
        let issued = try await server.request(
            "POST",
            "/api/v1/cases/\(reference)/enforcement",
            json: ["kind": "sao_issued", "date": "2026-11-20", "namedSchoolURN": "113001"],
            headers: officer.merging(["If-Match": "\"\(version)\""]) { $1 }
        )
        #expect(issued.status == 200, "\(issued.text)")
        let steps = try issued.json()["enforcement"] as? [[String: Any]] ?? []
        #expect(steps.last?["namedSchoolURN"] as? String == "113001")
    }

    @Test("over the API: refused with named fields when wrong, recorded once, and the expiry reminder ends")
    func api() async throws {
        let server = try await InProcessHarness(children: 2)
        defer { server.remove() }
        let officer = ServerHarness.bearer(try await server.apiToken("officer"))
        let (reference, version) = try await Self.childWithNotice(server, officer)
        #expect(try await Self.dueKinds(server, reference, officer).contains("s437_expiry"))
        let path = "/api/v1/cases/\(reference)/enforcement/s437-outcome"
        let ifMatch = officer.merging(["If-Match": "\"\(version)\""]) { $1 }

        let bad = try await server.request("POST", path, json: ["outcome": "maybe", "date": "2026-11-01"], headers: ifMatch)
        #expect(bad.status == 422)
        let fields = (try bad.json()["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
        #expect(fields == ["outcome"])
        let early = try await server.request("POST", path, json: ["outcome": "satisfied", "date": "2026-11-01"], headers: ifMatch)
        #expect(early.status == 422)
        #expect((try early.json()["errors"] as? [[String: Any]])?.first?["rule"] as? String == "before_notice")

        let stale = try await server.request(
            "POST",
            path,
            json: ["outcome": "satisfied", "date": "2026-11-20"],
            headers: officer.merging(["If-Match": "\"1\""]) { $1 }
        )
        #expect(stale.status == 412)

        let recorded = try await server.request("POST", path, json: ["outcome": "satisfied", "date": "2026-11-20"], headers: ifMatch)
        #expect(recorded.status == 200, "\(recorded.text)")
        #expect(recorded.header("ETag") == "\"\(version + 1)\"")
        let step = (try recorded.json()["enforcement"] as? [[String: Any]])?.first
        #expect(step?["outcome"] as? String == "satisfied" && step?["outcomeDate"] as? String == "2026-11-20")
        #expect(try await !Self.dueKinds(server, reference, officer).contains("s437_expiry"))

        let again = try await server.request(
            "POST",
            path,
            json: ["outcome": "sao_to_follow", "date": "2026-11-21"],
            headers: officer.merging(["If-Match": "\"\(version + 1)\""]) { $1 }
        )
        #expect(again.status == 409)
        #expect((try again.json()["type"] as? String)?.hasSuffix("/not-allowed") == true)

        // An analyst may not record it.
        let analyst = try await server.request(
            "POST",
            path,
            json: ["outcome": "satisfied", "date": "2026-11-20"],
            headers: ServerHarness.bearer(try await server.apiToken("analyst")).merging(["If-Match": "\"3\""]) { $1 }
        )
        #expect(analyst.status == 403)
        #expect(try await server.auditActions(case: reference).filter { $0 == "case.s437-outcome" }.count == 1)
    }

    @Test("on the case page: the form shows while a notice awaits its outcome; a bad date re-shows the page")
    func page() async throws {
        let server = try await InProcessHarness(children: 2)
        defer { server.remove() }
        try await server.addUser("olivia", role: .officer, password: "officer-password-1")
        let (reference, version) = try await Self.childWithNotice(server, ServerHarness.bearer(try await server.apiToken("officer")))
        let (cookie, csrf) = try await PageTests.signIn(server, "olivia", "officer-password-1")
        let headers = ["Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"]
        let shown = try await server.request("GET", "/cases/\(reference)", headers: headers)
        #expect(shown.text.contains("Record the outcome of the s.437(1) notice"))

        // A notice period that is not a number is named on the form it came from; nothing is saved.
        let notNumber = try await server.request(
            "POST",
            "/cases/\(reference)/enforcement",
            raw: PageTests.form([
                "_csrf": csrf, "version": "\(version)", "step-kind": "s437_notice", "step-date": "2026-11-03", "step-periodDays": "fifteen",
            ]),
            headers: headers
        )
        #expect(notNumber.status == 422)
        #expect(notNumber.text.contains("step-periodDays"))

        let path = "/cases/\(reference)/enforcement/s437-outcome"
        let wrong = try await server.request(
            "POST",
            path,
            raw: PageTests.form([
                "_csrf": csrf, "version": "\(version)", "outcome-outcome": "no_further_action", "outcome-date": "2026-13-01",
            ]),
            headers: headers
        )
        #expect(wrong.status == 422)
        #expect(wrong.text.contains("outcome-date"))

        let saved = try await server.request(
            "POST",
            path,
            raw: PageTests.form([
                "_csrf": csrf, "version": "\(version)", "outcome-outcome": "no_further_action", "outcome-date": "2026-11-25",
            ]),
            headers: headers
        )
        #expect(saved.status == 303, "\(saved.text)")
        let after = try await server.request("GET", "/cases/\(reference)", headers: headers)
        #expect(after.text.contains("No further action"))
        #expect(!after.text.contains("Record the outcome of the s.437(1) notice"))
    }
}
