public import EHECore
public import Foundation

/// The register's secret keys, kept outside the database: a JSON file (mode 0600) or the `EHE_KEYRING`
/// environment variable. Each key entry holds a 256-bit root secret; the keys actually used are derived
/// from it with HKDF-SHA256 and a purpose label, so sealing, index and audit keys never coincide.
///
/// ```json
/// { "format": 1, "primary": "kek-20261130-1a2b3c4d",
///   "keys": [ { "id": "kek-20261130-1a2b3c4d", "created": "2026-11-30T09:00:00Z", "secret": "<base64 32 bytes>" } ],
///   "indexPrimary": "idx-20261130-5e6f7a8b",
///   "indexKeys": [ { "id": "idx-20261130-5e6f7a8b", "created": "…", "secret": "<base64 32 bytes>" } ],
///   "development": true }
/// ```
///
/// `keys` are key-encryption keys (they wrap each child's data key); `indexKeys` key the blind indexes.
/// A retired key keeps its id and dates but loses its secret.
public struct Keyring: Sendable, Codable, Equatable {
    public struct Entry: Sendable, Codable, Equatable {
        public var id: String
        public var created: String
        /// Base64 of 32 random bytes; nil once the key is retired.
        public var secret: String?
        /// When the key was retired.
        public var retired: String?
    }

    public var format: Int
    /// Id of the key new data keys are wrapped under.
    public var primary: String
    public var keys: [Entry]
    /// Id of the key new blind-index entries are written under.
    public var indexPrimary: String?
    public var indexKeys: [Entry]?
    /// Id of the key new audit entries are MACed with.
    public var auditPrimary: String?
    /// Keys for the audit log's MAC chain. Keep retired ones' ids: old entries name the key they used.
    public var auditKeys: [Entry]?
    /// True for the keyring `ehe` creates on first run; never use one in production.
    public var development: Bool?

    /// A new keyring with one fresh key-encryption key and one fresh index key.
    public static func generate(development: Bool, now: Date = Date()) -> Keyring {
        let entry = newEntry(prefix: "kek", now: now)
        let index = newEntry(prefix: "idx", now: now)
        let audit = newEntry(prefix: "aud", now: now)
        return Keyring(
            format: 1,
            primary: entry.id,
            keys: [entry],
            indexPrimary: index.id,
            indexKeys: [index],
            auditPrimary: audit.id,
            auditKeys: [audit],
            development: development
        )
    }

    /// Adds a fresh key-encryption key and makes it the primary; returns its id.
    public mutating func rotateKeyEncryptionKey(now: Date = Date()) -> String {
        let entry = Self.newEntry(prefix: "kek", now: now)
        keys.append(entry)
        primary = entry.id
        return entry.id
    }

    /// Adds a fresh index key and makes it the index primary; returns its id.
    public mutating func rotateIndexKey(now: Date = Date()) -> String {
        let entry = Self.newEntry(prefix: "idx", now: now)
        indexKeys = (indexKeys ?? []) + [entry]
        indexPrimary = entry.id
        return entry.id
    }

    /// Drops a key's secret and marks it retired. The caller checks nothing still uses it.
    public mutating func retire(_ id: String, now: Date = Date()) throws(RegisterError) {
        let stamp = now.iso8601()
        if let index = keys.firstIndex(where: { $0.id == id }) {
            guard id != primary else { throw .keyring("'\(id)' is the primary key; rotate to a new key first") }
            keys[index].secret = nil
            keys[index].retired = stamp
        } else if let index = indexKeys?.firstIndex(where: { $0.id == id }) {
            guard id != indexPrimary else { throw .keyring("'\(id)' is the primary index key; rotate the index key first") }
            indexKeys?[index].secret = nil
            indexKeys?[index].retired = stamp
        } else {
            throw .keyring("no key '\(id)' in the keyring")
        }
    }

    static func newEntry(prefix: String, now: Date) -> Entry {
        var generator = SystemRandomNumberGenerator()
        let secret = Data((0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
        let stamp = now.iso8601()
        let day = String(stamp.prefix(10).filter { $0 != "-" })
        let suffix = (0..<4).map { _ in String(format: "%02x", UInt8.random(in: .min ... .max, using: &generator)) }
            .joined()
        return Entry(id: "\(prefix)-\(day)-\(suffix)", created: stamp, secret: secret.base64EncodedString(), retired: nil)
    }

    /// Checks the keyring's shape: format, primary present, ids unique, each secret 32 bytes.
    public func validated() throws(RegisterError) -> Keyring {
        guard format == 1 else { throw .keyring("unsupported keyring format \(format) (expected 1)") }
        guard !keys.isEmpty else { throw .keyring("the keyring holds no keys") }
        let all = keys + (indexKeys ?? []) + (auditKeys ?? [])
        guard Set(all.map(\.id)).count == all.count else { throw .keyring("the keyring has two keys with one id") }
        guard keys.contains(where: { $0.id == primary && $0.secret != nil }) else {
            throw .keyring("the primary key '\(primary)' is not among the keyring's live keys")
        }
        if let indexPrimary {
            guard (indexKeys ?? []).contains(where: { $0.id == indexPrimary && $0.secret != nil }) else {
                throw .keyring("the primary index key '\(indexPrimary)' is not among the keyring's live index keys")
            }
        }
        if let auditPrimary {
            guard (auditKeys ?? []).contains(where: { $0.id == auditPrimary && $0.secret != nil }) else {
                throw .keyring("the primary audit key '\(auditPrimary)' is not among the keyring's live audit keys")
            }
        }
        for entry in all {
            guard let text = entry.secret else {
                guard entry.retired != nil else { throw .keyring("key '\(entry.id)' has no secret and is not retired") }
                continue
            }
            guard let secret = Data(base64Encoded: text), secret.count == 32 else {
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
