import EHETestSupport
import Foundation
import Testing

/// The officers' pages in headless Chromium (selenium from PyPI, chromium and chromium-driver from Debian;
/// `.ci/run` installs them). Screenshots go to `test-output/browser/` (not committed).
@Suite("Officers' pages in a real browser", .serialized)
struct BrowserTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Browser/scenarios.py").path

    @Test("sign in, register with errors then correct, find by a misspelt surname, record a contact, stale tabs, roles, accessibility")
    func scenarios() throws {
        let password = "browser-password-1"
        let server = try ServerHarness(children: 30) { cli in
            for (name, role) in [("olivia", "officer"), ("mo", "manager"), ("ana", "analyst")] {
                let added = try cli.run("user", "add", name, "--role", role, "--password-stdin", input: password + "\n")
                #expect(added.status == 0, "\(added.stderr)")
            }
        }
        defer { server.remove() }
        let output = CLI.repositoryRoot + "/test-output/browser"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Self.script, "--base", server.base, "--out", output]
        var environment = ProcessInfo.processInfo.environment
        environment["EHE_TEST_PASSWORD"] = password
        environment["EHE_TEST_FORENAME"] = Canary.forenames
        environment["EHE_TEST_SURNAME"] = "Thompson"
        environment["EHE_TEST_MISSPELT"] = "Thomson"
        environment["EHE_TEST_STREET"] = Canary.street
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let transcript = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(transcript)")
        #expect(transcript.contains("OK:"), "\(transcript)")
        server.stop()
        // The server log after the browser session holds no personal data.
        let log = server.log
        #expect(log.contains("route=/cases/{reference}"))
        for canary in Canary.all { #expect(!log.contains(canary), "\(canary) in the server log") }
        for canary in [Canary.forenames, Canary.street] {
            #expect(try server.cli.dataFiles().values.allSatisfy { $0.range(of: Data(canary.utf8)) == nil }, "\(canary) at rest")
        }
    }
}
