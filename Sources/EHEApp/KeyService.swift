import EHECore
internal import EHECrypto
internal import EHESQLite
import Foundation

/// The key lifecycle (issue #3): status, rotation, re-wrapping, retirement, and index-key rotation.
public struct KeyService: Sendable {
    let register: Register
    let maintenance: KeyMaintenance

    init(register: Register) {
        self.register = register
        self.maintenance = register.storage.keyMaintenance
    }

    /// One key in the keyring and what uses it.
    public struct KeyStatus: Sendable, Codable, Hashable {
        public var id: String
        /// `kek` (wraps data keys) or `index` (keys blind indexes).
        public var purpose: String
        public var created: String
        /// `primary`, `active` or `retired`.
        public var state: String
        public var retired: String?
        /// Data keys wrapped (kek) or children indexed (index) under it.
        public var children: Int
    }

    public func status() throws -> [KeyStatus] {
        let dataKeys = try maintenance.dataKeyCounts()
        let indexed = try maintenance.indexKeyCounts()
        let keyring = register.keyring
        var rows = keyring.keys.map { entry in
            KeyStatus(
                id: entry.id,
                purpose: "kek",
                created: entry.created,
                state: entry.secret == nil ? "retired" : entry.id == keyring.primary ? "primary" : "active",
                retired: entry.retired,
                children: dataKeys[entry.id] ?? 0
            )
        }
        let indexPrimary = register.indexer.primaryKeyID
        let indexEntries = keyring.indexKeys ?? []
        if indexEntries.isEmpty {
            rows.append(
                KeyStatus(
                    id: indexPrimary,
                    purpose: "index",
                    created: "(derived)",
                    state: "primary",
                    retired: nil,
                    children: indexed[indexPrimary] ?? 0
                )
            )
        }
        rows += indexEntries.map { entry in
            KeyStatus(
                id: entry.id,
                purpose: "index",
                created: entry.created,
                state: entry.secret == nil ? "retired" : entry.id == indexPrimary ? "primary" : "active",
                retired: entry.retired,
                children: indexed[entry.id] ?? 0
            )
        }
        return rows
    }

    func keyringFile() throws(RegisterError) -> String {
        guard let file = register.keyringFile else {
            throw .keyring("the keyring comes from EHE_KEYRING; rotate it where it is kept, or use a keyring file")
        }
        return file
    }

    /// Adds a new primary key-encryption key. Old keys still unwrap until re-wrapped and retired.
    /// The register learns the new key's check value before the keyring names it primary, so a crash
    /// in between leaves a keyring that still opens the register.
    public func rotate() throws -> String {
        let file = try keyringFile()
        var keyring = register.keyring
        let id = keyring.rotateKeyEncryptionKey()
        let sealer = try EnvelopeSealer(keyring: keyring)
        guard let check = sealer.keyCheck(for: id) else { throw RegisterError.keyring("the new key has no check value") }
        try maintenance.registerKeyCheck(id: id, value: check)
        try keyring.write(to: file)
        return id
    }

    /// Adds a new primary index key; run `reindex` to move every child's index entries to it.
    public func rotateIndexKey() throws -> String {
        let file = try keyringFile()
        var keyring = register.keyring
        let id = keyring.rotateIndexKey()
        try keyring.write(to: file)
        return id
    }

    /// Re-wraps every data key under the primary key, `batchSize` per transaction. Returns how many.
    public func rewrap(batchSize: Int, progress: (_ done: Int, _ total: Int) -> Void = { _, _ in }) throws -> Int {
        try Self.inBatches(total: try maintenance.remainingToRewrap(primaryKeyID: register.sealer.primaryKeyID), progress: progress) {
            try maintenance.rewrapBatch(sealer: register.sealer, after: $0, limit: batchSize)
        }
    }

    /// Re-computes every child's index entries under the primary index key. Returns how many children.
    public func reindex(batchSize: Int, progress: (_ done: Int, _ total: Int) -> Void = { _, _ in }) throws -> Int {
        try Self.inBatches(total: try maintenance.remainingToReindex(primaryKeyID: register.indexer.primaryKeyID), progress: progress) {
            try maintenance.reindexBatch(sealer: register.sealer, indexer: register.indexer, after: $0, limit: batchSize)
        }
    }

    /// Runs `batch` (given the last id of the previous batch) until it does nothing more, reporting
    /// progress; returns the total done.
    static func inBatches(
        total: Int,
        progress: (_ done: Int, _ total: Int) -> Void,
        _ batch: (Int64) throws -> (count: Int, last: Int64)
    ) throws -> Int {
        var done = 0
        var last: Int64 = 0
        progress(0, total)
        while true {
            let (count, next) = try batch(last)
            if count == 0 { return done }
            done += count
            last = next
            progress(done, total)
        }
    }

    /// Retires a key: refused while it is primary or anything still uses it; then its secret is removed.
    public func retire(_ id: String) throws {
        let file = try keyringFile()
        var keyring = register.keyring
        if keyring.keys.contains(where: { $0.id == id }) {
            let using = try maintenance.dataKeyCounts()[id] ?? 0
            guard using == 0 else {
                throw RegisterError.keyring("key '\(id)' still wraps \(using) children's data keys; run `ehe keys rewrap` first")
            }
        } else if keyring.indexKeys?.contains(where: { $0.id == id }) ?? false {
            let using = try maintenance.indexKeyCounts()[id] ?? 0
            guard using == 0 else {
                throw RegisterError.keyring("index key '\(id)' still indexes \(using) children; run `ehe keys reindex` first")
            }
        }
        try keyring.retire(id)
        try keyring.write(to: file)
    }
}

extension Register {
    /// The key lifecycle operations on this register.
    public var keys: KeyService { KeyService(register: self) }
}
