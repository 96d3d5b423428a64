internal import Crypto
public import EHECore
public import Foundation

/// The audit chain's MAC keys: HMAC-SHA256 under a key derived (HKDF, info `ehe/audit-mac/v1`) from each
/// audit key in the keyring. A keyring from before audit keys existed gets them derived from its key-encryption
/// keys' root secrets (`aud-<kek id>`, the primary's for new entries), the same way index keys were; retiring
/// such a key-encryption key makes the entries MACed under it unverifiable, so give the keyring an audit key.
public struct AuditKeys: AuditSigner {
    /// HMAC states with each key already absorbed, copied for each MAC (keying costs two hash blocks).
    private let keyed: [String: HMAC<SHA256>]
    public let keyID: String

    public init(keyring: Keyring) throws(RegisterError) {
        var entries = (keyring.auditKeys ?? []).compactMap { entry in entry.secret.map { (entry.id, $0) } }
        var primary = keyring.auditPrimary
        if entries.isEmpty {
            // One derived audit key per live key-encryption key, so entries MACed before a rotation still verify.
            for entry in keyring.keys {
                guard let root = entry.secret, let data = Data(base64Encoded: root) else { continue }
                let derived = EnvelopeSealer.derive(SymmetricKey(data: data), purpose: "ehe/audit-root/v1")
                entries.append(("aud-" + entry.id, derived.withUnsafeBytes { Data($0).base64EncodedString() }))
            }
            guard entries.contains(where: { $0.0 == "aud-" + keyring.primary }) else {
                throw .keyring("the keyring has no audit key and no primary key to derive one from")
            }
            primary = "aud-" + keyring.primary
        }
        var keys: [String: SymmetricKey] = [:]
        for (id, text) in entries {
            guard let secret = Data(base64Encoded: text), secret.count == 32 else {
                throw .keyring("audit key '\(id)' does not hold a 32-byte base64 secret")
            }
            keys[id] = EnvelopeSealer.derive(SymmetricKey(data: secret), purpose: "ehe/audit-mac/v1")
        }
        guard let primary, keys[primary] != nil else { throw .keyring("the primary audit key is not in the keyring") }
        self.keyed = keys.mapValues { HMAC<SHA256>(key: $0) }
        self.keyID = primary
    }

    public func mac(previous: Data, content: Data, keyID: String) -> Data? {
        guard var hmac = keyed[keyID] else { return nil }
        hmac.update(data: previous)
        hmac.update(data: content)
        return Data(hmac.finalize())
    }
}
