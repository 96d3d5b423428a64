public import Foundation
import GRDB

/// Runs the real `ehe` binary in a temporary register folder.
public struct CLI {
    public struct Result: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
        public var all: String { stdout + stderr }
    }

    public static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    /// The `ehe` built next to this test bundle (the test target depends on it), or `EHE_BINARY`.
    public static let binary: String = {
        if let path = ProcessInfo.processInfo.environment["EHE_BINARY"] { return path }
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("ehe").path
        if FileManager.default.isExecutableFile(atPath: beside) { return beside }
        return repositoryRoot + "/.build/debug/ehe"
    }()

    public let folder: String
    public var data: String { folder + "/data" }
    public var database: String { data + "/register.sqlite" }
    /// The audit log's file.
    public var auditDatabase: String { data + "/audit.sqlite" }
    public var environment: [String: String] = [:]
    /// Everything every command printed, for canary scans.
    public private(set) var transcript: [Result] = []

    public init() {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("ehe-cli-\(UUID())").path
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    public func process(_ arguments: [String]) -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        var env = ProcessInfo.processInfo.environment
        env["EHE_HOME"] = Self.repositoryRoot
        env["EHE_TODAY"] = "2026-11-30"
        env["EHE_DATA_DIR"] = data
        // Cheap password hashes keep sign-in tests fast; production uses auth.bcryptCost (12).
        env["EHE_BCRYPT_COST"] = "4"
        env.removeValue(forKey: "EHE_KEYRING")
        for (key, value) in environment { env[key] = value }
        process.environment = env
        return process
    }

    @discardableResult
    public mutating func run(_ arguments: String..., input: String? = nil, record: Bool = true) throws -> Result {
        try run(arguments, input: input, record: record)
    }

    @discardableResult
    public mutating func run(_ arguments: [String], input: String? = nil, record: Bool = true) throws -> Result {
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

    public func write(_ text: String, to name: String) throws -> String {
        let path = folder + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Every byte in the data folder (database, WAL, shared memory), excluding the keyring.
    public func dataFiles() throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: data) where !name.hasPrefix("keyring") {
            files[name] = try Data(contentsOf: URL(fileURLWithPath: data + "/" + name))
        }
        return files
    }

    /// Every row of every table, for before/after comparisons.
    public func snapshot() throws -> [String] {
        try DatabaseSnapshot.of(database)
    }

    public func remove() { try? FileManager.default.removeItem(atPath: folder) }
}
