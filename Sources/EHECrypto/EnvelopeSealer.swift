internal import Crypto
public import EHECore
public import Foundation

/// Envelope encryption with AES-256-GCM (DESIGN.md §4).
///
/// - Each child has a random 256-bit data key (DEK), stored wrapped under a key-encryption key (KEK).
/// - KEKs are derived from the keyring's root secrets with HKDF-SHA256, info `ehe/kek/v1`.
/// - Every ciphertext is `version(1) | idLength(1) | keyID | nonce(12) | ciphertext | tag(16)`; the header
///   and the `SealContext` (table, field group, record id) are the associated data, so a value moved to
///   another row, group or table, or relabelled with another key id, fails to open.
public struct EnvelopeSealer: FieldSealer {
    private let keyEncryptionKeys: [String: SymmetricKey]
    private let checkKeys: [String: SymmetricKey]
    public let primaryKeyID: String

    public init(keyring: Keyring) throws(RegisterError) {
        let keyring = try keyring.validated()
        var keks: [String: SymmetricKey] = [:]
        var checks: [String: SymmetricKey] = [:]
        for entry in keyring.keys {
            guard let text = entry.secret else { continue }
            guard let secret = Data(base64Encoded: text) else { throw .keyring("key '\(entry.id)' is not base64") }
            let root = SymmetricKey(data: secret)
            keks[entry.id] = Self.derive(root, purpose: "ehe/kek/v1")
            checks[entry.id] = Self.derive(root, purpose: "ehe/key-check/v1")
        }
        self.keyEncryptionKeys = keks
        self.checkKeys = checks
        self.primaryKeyID = keyring.primary
    }

    static func derive(_ root: SymmetricKey, purpose: String) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(
            inputKeyMaterial: root,
            salt: Data("ehe-register".utf8),
            info: Data(purpose.utf8),
            outputByteCount: 32
        )
    }

    /// Ids of the keys this sealer holds.
    public var keyIDs: [String] { keyEncryptionKeys.keys.sorted() }

    /// A value that shows whether a key matches the one a register was set up with, without revealing it:
    /// HMAC-SHA256 under a key derived for this purpose only. Nil when the key is not in the keyring.
    public func keyCheck(for keyID: String) -> Data? {
        checkKeys[keyID].map { Data(HMAC<SHA256>.authenticationCode(for: Data("ehe key check".utf8), using: $0)) }
    }

    public func makeDataKey(for owner: SealContext) throws -> (key: any DataKey, wrapped: WrappedDataKey) {
        guard let kek = keyEncryptionKeys[primaryKeyID] else { throw SealError.unknownKey(primaryKeyID) }
        let dataKey = SymmetricKey(size: .bits256)
        let keyID = "dek-" + Self.hex(UInt32.random(in: .min ... .max))
        var plaintext = Data(keyID.utf8)
        dataKey.withUnsafeBytes { plaintext.append(contentsOf: $0) }
        let wrapped = try Self.seal(plaintext, key: kek, keyID: primaryKeyID, context: owner.wrapping)
        return (AESDataKey(key: dataKey, keyID: keyID), WrappedDataKey(keyEncryptionKeyID: primaryKeyID, sealed: wrapped))
    }

    public func unwrap(_ wrapped: WrappedDataKey, for owner: SealContext) throws -> any DataKey {
        guard let kek = keyEncryptionKeys[wrapped.keyEncryptionKeyID] else {
            throw SealError.unknownKey(wrapped.keyEncryptionKeyID)
        }
        let (keyID, plaintext) = try Self.open(wrapped.sealed, key: kek, context: owner.wrapping)
        guard keyID == wrapped.keyEncryptionKeyID, plaintext.count == 12 + 32 else { throw SealError.authentication }
        let dataKeyID = String(decoding: plaintext.prefix(12), as: UTF8.self)
        return AESDataKey(key: SymmetricKey(data: plaintext.suffix(32)), keyID: dataKeyID)
    }

    /// Re-wraps a data key under the primary key (for key rotation).
    public func rewrap(_ wrapped: WrappedDataKey, for owner: SealContext) throws -> WrappedDataKey {
        guard let old = keyEncryptionKeys[wrapped.keyEncryptionKeyID], let kek = keyEncryptionKeys[primaryKeyID] else {
            throw SealError.unknownKey(wrapped.keyEncryptionKeyID)
        }
        let (_, plaintext) = try Self.open(wrapped.sealed, key: old, context: owner.wrapping)
        let sealed = try Self.seal(plaintext, key: kek, keyID: primaryKeyID, context: owner.wrapping)
        return WrappedDataKey(keyEncryptionKeyID: primaryKeyID, sealed: sealed)
    }

    /// Eight lower-case hex digits.
    static func hex(_ value: UInt32) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: 8 - text.count) + text
    }

    static func header(keyID: String) -> Data {
        let idBytes = Array(keyID.utf8)
        var header = Data([1, UInt8(idBytes.count)])
        header.append(contentsOf: idBytes)
        return header
    }

    static func seal(_ plaintext: Data, key: SymmetricKey, keyID: String, context: SealContext) throws -> Data {
        let header = header(keyID: keyID)
        let box = try AES.GCM.seal(plaintext, using: key, authenticating: header + context.associatedData)
        var output = header
        output.append(contentsOf: box.nonce)
        output.append(box.ciphertext)
        output.append(box.tag)
        return output
    }

    static func open(_ sealed: Data, key: SymmetricKey, context: SealContext) throws -> (keyID: String, Data) {
        // Read in place: nonce, ciphertext and tag are contiguous after the header, which is exactly the
        // "combined" form (copying the parts out first was a quarter of the cost of opening a value).
        let start = sealed.startIndex
        guard sealed.count >= 2 + 12 + 16, sealed[start] == 1 else { throw SealError.malformed }
        let idLength = Int(sealed[start + 1])
        guard sealed.count >= 2 + idLength + 12 + 16 else { throw SealError.malformed }
        let header = sealed[start..<(start + 2 + idLength)]
        let keyID = String(decoding: header.dropFirst(2), as: UTF8.self)
        var authenticated = Data(header)
        authenticated.append(context.associatedData)
        do {
            let box = try AES.GCM.SealedBox(combined: sealed[(start + 2 + idLength)...])
            return (keyID, try AES.GCM.open(box, using: key, authenticating: authenticated))
        } catch {
            throw SealError.authentication
        }
    }
}

extension SealContext {
    /// The context a record's data key is wrapped in: bound to the record, apart from its fields.
    var wrapping: SealContext { SealContext(table: table, fieldGroup: "data_key", recordID: recordID) }
}

/// One child's data key.
struct AESDataKey: DataKey {
    let key: SymmetricKey
    let keyID: String

    func seal(_ plaintext: Data, context: SealContext) throws -> Data {
        try EnvelopeSealer.seal(plaintext, key: key, keyID: keyID, context: context)
    }

    func open(_ sealed: Data, context: SealContext) throws -> Data {
        let (storedID, plaintext) = try EnvelopeSealer.open(sealed, key: key, context: context)
        guard storedID == keyID else { throw SealError.authentication }
        return plaintext
    }
}

/// Why a sealed value could not be opened. Carries no plaintext.
public enum SealError: Error, Sendable, Equatable, CustomStringConvertible {
    case malformed
    case authentication
    case unknownKey(String)

    public var description: String {
        switch self {
        case .malformed: "sealed value is malformed"
        case .authentication: "sealed value failed authentication (altered, moved, or sealed under another key)"
        case .unknownKey(let id): "key '\(id)' is not in the keyring"
        }
    }
}
