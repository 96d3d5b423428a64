import Foundation
import GRDB

/// Runs the real `ehe` binary in a temporary register folder.
struct CLI {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        var all: String { stdout + stderr }
    }

    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    /// The `ehe` built next to this test bundle (the test target depends on it), or `EHE_BINARY`.
    static let binary: String = {
        if let path = ProcessInfo.processInfo.environment["EHE_BINARY"] { return path }
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("ehe").path
        if FileManager.default.isExecutableFile(atPath: beside) { return beside }
        return repositoryRoot + "/.build/debug/ehe"
    }()

    let folder: String
    var data: String { folder + "/data" }
    var database: String { data + "/register.sqlite" }
    var environment: [String: String] = [:]
    /// Everything every command printed, for canary scans.
    private(set) var transcript: [Result] = []

    init() {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("ehe-cli-\(UUID())").path
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    func process(_ arguments: [String]) -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        var env = ProcessInfo.processInfo.environment
        env["EHE_HOME"] = Self.repositoryRoot
        env["EHE_TODAY"] = "2026-11-30"
        env["EHE_DATA_DIR"] = data
        env.removeValue(forKey: "EHE_KEYRING")
        for (key, value) in environment { env[key] = value }
        process.environment = env
        return process
    }

    @discardableResult
    mutating func run(_ arguments: String..., input: String? = nil, record: Bool = true) throws -> Result {
        try run(arguments, input: input, record: record)
    }

    @discardableResult
    mutating func run(_ arguments: [String], input: String? = nil, record: Bool = true) throws -> Result {
        let process = process(arguments)
        let out = Pipe()
        let err = Pipe()
        let inPipe = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = inPipe
        try process.run()
        if let input { inPipe.fileHandleForWriting.write(Data(input.utf8)) }
        try inPipe.fileHandleForWriting.close()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let result = Result(
            status: process.terminationStatus,
            stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self)
        )
        if record { transcript.append(result) }
        return result
    }

    func write(_ text: String, to name: String) throws -> String {
        let path = folder + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Every byte in the data folder (database, WAL, shared memory), excluding the keyring.
    func dataFiles() throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: data) where !name.hasPrefix("keyring") {
            files[name] = try Data(contentsOf: URL(fileURLWithPath: data + "/" + name))
        }
        return files
    }

    /// Every row of every table, for before/after comparisons.
    func snapshot() throws -> [String] {
        var configuration = Configuration()
        configuration.readonly = true
        let queue = try DatabaseQueue(path: database, configuration: configuration)
        defer { try? queue.close() }
        return try queue.read { db in
            var lines: [String] = []
            for table in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name") {
                lines += try Row.fetchAll(db, sql: "SELECT * FROM \"\(table)\"").map { "\(table): \($0)" }.sorted()
            }
            return lines
        }
    }

    func remove() { try? FileManager.default.removeItem(atPath: folder) }
}
