import EHECore
import EHETestSupport
import Foundation
import Testing

/// Page behaviour checked over HTTP without a browser (the browser scenarios are in BrowserTests).
@Suite("Officers' pages over HTTP", .serialized)
struct PageTests {
    /// Signs in through the API: the session cookie and CSRF token, usable on pages too.
    static func signIn(_ server: some HTTPHarness, _ name: String, _ password: String) async throws -> (cookie: String, csrf: String) {
        let reply = try await server.request("POST", "/api/v1/session", json: ["name": name, "password": password])
        let cookie = String((reply.header("Set-Cookie") ?? "").split(separator: ";")[0])
        return (cookie, try reply.json()["csrfToken"] as? String ?? "")
    }

    static func form(_ fields: [String: String]) -> Data {
        Data(
            fields.map { key, value in
                "\(key)=\(value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")"
            }.joined(separator: "&").utf8
        )
    }

    @Test("the private calendar link gives the officer's items with no names, and stops working when revoked")
    func calendarFeed() async throws {
        let server = try await InProcessHarness(children: 120)
        defer { server.remove() }
        try await server.addUser("officer5", role: .officer, password: "officer-password-1")
        let (cookie, csrf) = try await Self.signIn(server, "officer5", "officer-password-1")
        let headers = ["Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"]
        // Without the CSRF token the form is refused.
        let forged = try await server.request("POST", "/my-work/calendar", raw: Self.form(["action": "create"]), headers: headers)
        #expect(forged.status == 403)
        let made = try await server.request(
            "POST",
            "/my-work/calendar",
            raw: Self.form(["action": "create", "_csrf": csrf]),
            headers: headers
        )
        #expect(made.status == 200)
        let link = try #require(made.text.range(of: #"/calendar/cal_[A-Za-z0-9_-]+\.ics"#, options: .regularExpression))
        let path = String(made.text[link])
        let feed = try await server.request("GET", path)
        #expect(feed.status == 200)
        #expect(feed.header("Content-Type")?.hasPrefix("text/calendar") == true)
        #expect(feed.text.hasPrefix("BEGIN:VCALENDAR") && feed.text.contains("EHE-"))
        // Only the case references and kinds: no child's name appears (the register's first case's surname).
        let names = try await server.request(
            "GET",
            "/api/v1/cases/EHE-000001",
            headers: ServerHarness.bearer(try await server.apiToken("officer"))
        )
        let surname = try #require((try names.json()["child"] as? [String: Any])?["surname"] as? String)
        #expect(!feed.text.contains(surname))
        // Revoked: the link no longer works.
        let revoked = try await server.request(
            "POST",
            "/my-work/calendar",
            raw: Self.form(["action": "revoke", "_csrf": csrf]),
            headers: headers
        )
        #expect(revoked.status == 303)
        #expect(try await server.request("GET", path).status == 404)
    }

    @Test("an ended session sends a page back to sign in; the page's CSP allows only this server's stylesheet")
    func sessionsAndHeaders() async throws {
        let server = try await InProcessHarness(children: 5)
        defer { server.remove() }
        try await server.addUser("olivia", role: .officer, password: "officer-password-1")
        let (cookie, csrf) = try await Self.signIn(server, "olivia", "officer-password-1")
        let page = try await server.request("GET", "/cases", headers: ["Cookie": cookie])
        #expect(page.status == 200)
        #expect(page.header("Content-Security-Policy")?.contains("style-src 'self'") == true)
        #expect(page.header("Content-Security-Policy")?.contains("script-src") == false)
        #expect(page.text.contains(#"<html lang="en-GB">"#))
        let css = try await server.request("GET", "/static/style.css")
        #expect(css.status == 200 && css.header("Content-Type")?.hasPrefix("text/css") == true)
        // A form posted from another site is refused, sign-in included.
        let crossSite = try await server.request(
            "POST",
            "/sign-in",
            raw: Self.form(["name": "olivia", "password": "officer-password-1"]),
            headers: ["Content-Type": "application/x-www-form-urlencoded", "Origin": "http://evil.example"]
        )
        #expect(crossSite.status == 403 && crossSite.header("Set-Cookie") == nil)
        // Signing in never redirects off this server.
        for next in ["//evil.example/x", "/\\evil.example", "https://evil.example/", "/\t/evil.example", "/ /evil.example"] {
            let signIn = try await server.request(
                "POST",
                "/sign-in",
                raw: Self.form(["name": "olivia", "password": "officer-password-1", "next": next]),
                headers: ["Content-Type": "application/x-www-form-urlencoded"]
            )
            #expect(signIn.status == 303 && signIn.header("Location") == "/my-work", "\(next)")
        }
        // Sign out through the API; the old cookie on a page now leads to the sign-in page.
        #expect(try await server.request("DELETE", "/api/v1/session", headers: ["Cookie": cookie, "X-CSRF-Token": csrf]).status == 204)
        let after = try await server.request("GET", "/cases", headers: ["Cookie": cookie])
        #expect(after.status == 303)
        #expect(after.header("Location") == "/sign-in?expired=1")
    }
}
