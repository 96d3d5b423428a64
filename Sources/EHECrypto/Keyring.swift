public import EHECore
public import Foundation

/// The register's secret keys, kept outside the database: a JSON file (mode 0600) or the `EHE_KEYRING`
/// environment variable. Each key entry holds a 256-bit root secret; the keys actually used are derived
/// from it with HKDF-SHA256 and a purpose label, so sealing, index and audit keys never coincide.
///
/// ```json
/// { "format": 1, "primary": "kek-20261130-1a2b3c4d",
///   "keys": [ { "id": "kek-20261130-1a2b3c4d", "created": "2026-11-30T09:00:00Z", "secret": "<base64 32 bytes>" } ],
///   "development": true }
/// ```
public struct Keyring: Sendable, Codable, Equatable {
    public struct Entry: Sendable, Codable, Equatable {
        public var id: String
        public var created: String
        /// Base64 of 32 random bytes.
        public var secret: String
    }

    public var format: Int
    /// Id of the key new data keys are wrapped under.
    public var primary: String
    public var keys: [Entry]
    /// True for the keyring `ehe` creates on first run; never use one in production.
    public var development: Bool?

    /// A new keyring with one fresh random key.
    public static func generate(development: Bool, now: Date = Date()) -> Keyring {
        let entry = newEntry(now: now)
        return Keyring(format: 1, primary: entry.id, keys: [entry], development: development)
    }

    static func newEntry(now: Date) -> Entry {
        var generator = SystemRandomNumberGenerator()
        let secret = Data((0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
        let stamp = ISO8601DateFormatter().string(from: now)
        let day = String(stamp.prefix(10).filter { $0 != "-" })
        let suffix = (0..<4).map { _ in String(format: "%02x", UInt8.random(in: .min ... .max, using: &generator)) }
            .joined()
        return Entry(id: "kek-\(day)-\(suffix)", created: stamp, secret: secret.base64EncodedString())
    }

    /// Checks the keyring's shape: format, primary present, ids unique, each secret 32 bytes.
    public func validated() throws(RegisterError) -> Keyring {
        guard format == 1 else { throw .keyring("unsupported keyring format \(format) (expected 1)") }
        guard !keys.isEmpty else { throw .keyring("the keyring holds no keys") }
        guard Set(keys.map(\.id)).count == keys.count else { throw .keyring("the keyring has two keys with one id") }
        guard keys.contains(where: { $0.id == primary }) else {
            throw .keyring("the primary key '\(primary)' is not among the keyring's keys")
        }
        for entry in keys {
            guard let secret = Data(base64Encoded: entry.secret), secret.count == 32 else {
                throw .keyring("key '\(entry.id)' does not hold a 32-byte base64 secret")
            }
        }
        return self
    }

    /// Parses keyring JSON.
    public static func parse(_ data: Data, source: String) throws(RegisterError) -> Keyring {
        let keyring: Keyring
        do {
            keyring = try JSONDecoder().decode(Keyring.self, from: data)
        } catch {
            throw .keyring("\(source) is not a valid keyring (JSON with format, primary and keys)")
        }
        return try keyring.validated()
    }

    /// Loads a keyring file. Refuses a file that group or others can read or write.
    public static func load(path: String) throws(RegisterError) -> Keyring {
        let manager = FileManager.default
        guard manager.fileExists(atPath: path) else { throw .keyring("no keyring file at \(path)") }
        let attributes: [FileAttributeKey: Any]
        do {
            attributes = try manager.attributesOfItem(atPath: path)
        } catch {
            throw .keyring("cannot read the keyring file at \(path)")
        }
        if let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue, mode & 0o077 != 0 {
            throw .keyring(
                "keyring file \(path) is readable or writable by group or others (mode \(String(mode & 0o777, radix: 8))); run: chmod 600 \(path)"
            )
        }
        guard let data = manager.contents(atPath: path) else { throw .keyring("cannot read the keyring file at \(path)") }
        return try parse(data, source: "keyring file \(path)")
    }

    /// Writes the keyring atomically with mode 0600 (a crash leaves the old file or the new one, never half).
    public func write(to path: String) throws(RegisterError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let temporary = path + ".tmp-\(ProcessInfo.processInfo.processIdentifier)"
        do {
            let data = try encoder.encode(self)
            let created = FileManager.default.createFile(
                atPath: temporary,
                contents: data,
                attributes: [.posixPermissions: 0o600]
            )
            guard created else { throw RegisterError.keyring("cannot write the keyring at \(path)") }
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: temporary))
            try handle.synchronize()
            try handle.close()
            if rename(temporary, path) != 0 { throw RegisterError.keyring("cannot move the keyring into place at \(path)") }
        } catch let error as RegisterError {
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw .keyring("cannot write the keyring at \(path)")
        }
    }
}
