import EHETestSupport
import Foundation
import Testing

@Suite("TLS served directly", .serialized)
struct TLSTests {
    /// Runs a program to the end and returns its standard output.
    static func run(_ program: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = Pipe()
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test("with a certificate and key configured, the server speaks HTTPS, sends HSTS and marks the session cookie Secure")
    func https() throws {
        let server = try ServerHarness(children: 1) { cli in
            let made = try Self.run(
                "/usr/bin/openssl",
                [
                    "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
                    "-keyout", cli.folder + "/key.pem", "-out", cli.folder + "/cert.pem",
                ]
            )
            #expect(made.status == 0)
            cli.environment["EHE_TLS_CERT"] = cli.folder + "/cert.pem"
            cli.environment["EHE_TLS_KEY"] = cli.folder + "/key.pem"
            let added = try cli.run("user", "add", "olivia", "--role", "officer", "--password-stdin", input: "officer-password-1\n")
            #expect(added.status == 0)
        }
        defer { server.remove() }
        let https = "https://127.0.0.1:\(server.port)"
        let live = try Self.run("/usr/bin/curl", ["-k", "-s", "-i", "--max-time", "10", https + "/health/live"])
        #expect(live.output.hasPrefix("HTTP/1.1 200"), "\(live.output)")
        #expect(live.output.lowercased().contains("strict-transport-security: max-age="))
        let signIn = try Self.run(
            "/usr/bin/curl",
            [
                "-k", "-s", "-i", "--max-time", "10", "-H", "Content-Type: application/json", "-d",
                #"{"name":"olivia","password":"officer-password-1"}"#, https + "/api/v1/session",
            ]
        )
        let cookie = signIn.output.split(separator: "\r\n").first { $0.lowercased().hasPrefix("set-cookie:") } ?? ""
        #expect(cookie.contains("Secure") && cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), "\(signIn.output)")
        // Plain HTTP to the TLS port gets no answer.
        let plain = try Self.run("/usr/bin/curl", ["-s", "--max-time", "5", "http://127.0.0.1:\(server.port)/health/live"])
        #expect(plain.output.isEmpty)
    }
}
