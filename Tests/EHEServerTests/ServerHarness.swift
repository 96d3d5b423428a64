import EHETestSupport
import Foundation
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The real `ehe serve` on 127.0.0.1 with a free port, in a temporary register folder; its standard error
/// (the server log) is kept for canary scans. Stopped with SIGTERM.
final class ServerHarness: @unchecked Sendable {
    var cli: CLI
    let process: Process
    let port: Int
    let logFile: String
    var base: String { "http://127.0.0.1:\(port)" }

    /// Seeds the register with `children` synthetic cases, adds one token per role, then starts the server.
    init(children: Int = 20, dataDirectory: String? = nil, prepare: (inout CLI) throws -> Void = { _ in }) throws {
        var cli = CLI()
        if let dataDirectory { cli.environment["EHE_DATA_DIR"] = dataDirectory }
        let seeded = try cli.run("demo", "seed", "--children", String(children))
        guard seeded.status == 0 else { throw HarnessError("seed failed: \(seeded.stderr)") }
        try prepare(&cli)
        logFile = cli.folder + "/server.log"
        _ = FileManager.default.createFile(atPath: logFile, contents: nil)
        let process = cli.process(["serve", "--port", "0"])
        let out = Pipe()
        process.standardOutput = out
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: logFile))
        try process.run()
        // The first line says where it listens.
        var text = ""
        let deadline = Date().addingTimeInterval(30)
        while !text.contains("\n"), Date() < deadline, process.isRunning {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        guard let range = text.range(of: "127.0.0.1:"), let port = Int(text[range.upperBound...].prefix { $0.isNumber }) else {
            process.terminate()
            throw HarnessError(
                "the server did not start: \(text) \((try? String(contentsOfFile: cli.folder + "/server.log", encoding: .utf8)) ?? "")"
            )
        }
        self.cli = cli
        self.process = process
        self.port = port
        // Keep draining standard output so the server never blocks on a full pipe.
        out.fileHandleForReading.readabilityHandler = { handle in _ = handle.availableData }
    }

    /// SIGTERM, then waits (bounded) for a graceful exit; returns the exit status.
    @discardableResult
    func stop() -> Int32 {
        guard process.isRunning else { return process.terminationStatus }
        kill(process.processIdentifier, SIGTERM)
        let deadline = Date().addingTimeInterval(20)
        while process.isRunning, Date() < deadline { usleep(20_000) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        return process.terminationStatus
    }

    func remove() {
        stop()
        cli.remove()
    }

    var log: String { (try? String(contentsOfFile: logFile, encoding: .utf8)) ?? "" }

    /// A new API token for a role, made with the CLI.
    func token(_ role: String) throws -> String {
        let result = try cli.run("token", "create", "--name", "\(role)-client", "--role", role, record: false)
        guard result.status == 0 else { throw HarnessError("token create failed: \(result.stderr)") }
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    // MARK: HTTP

    struct Reply {
        var status: Int
        var headers: [String: String]
        var body: Data
        var text: String { String(decoding: body, as: UTF8.self) }
        func json() throws -> [String: Any] {
            guard let object = try JSONSerialization.jsonObject(with: body) as? [String: Any] else {
                throw HarnessError("not a JSON object: \(text)")
            }
            return object
        }
        func header(_ name: String) -> String? {
            headers.first { $0.key.lowercased() == name.lowercased() }?.value
        }
    }

    static let session: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpCookieStorage = nil
        configuration.httpShouldSetCookies = false
        configuration.timeoutIntervalForRequest = 30
        return URLSession(configuration: configuration, delegate: NoRedirects(), delegateQueue: nil)
    }()

    /// Redirects are answers to check (pages send signed-out visitors to sign in), not to follow.
    final class NoRedirects: NSObject, URLSessionTaskDelegate, @unchecked Sendable {
        func urlSession(
            _ session: URLSession,
            task: URLSessionTask,
            willPerformHTTPRedirection response: HTTPURLResponse,
            newRequest request: URLRequest,
            completionHandler: @escaping (URLRequest?) -> Void
        ) {
            completionHandler(nil)
        }
    }

    func request(
        _ method: String,
        _ path: String,
        json body: Any? = nil,
        raw: Data? = nil,
        headers: [String: String] = [:]
    ) async throws -> Reply {
        var request = URLRequest(url: URL(string: base + path)!)
        request.httpMethod = method
        if let body {
            request.httpBody = try JSONSerialization.data(withJSONObject: body)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        } else if let raw {
            request.httpBody = raw
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (data, response) = try await Self.session.data(for: request)
        guard let http = response as? HTTPURLResponse else { throw HarnessError("no HTTP response") }
        var fields: [String: String] = [:]
        for (key, value) in http.allHeaderFields { fields["\(key)"] = "\(value)" }
        return Reply(status: http.statusCode, headers: fields, body: data)
    }

    static func bearer(_ token: String) -> [String: String] { ["Authorization": "Bearer \(token)"] }
}

struct HarnessError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
