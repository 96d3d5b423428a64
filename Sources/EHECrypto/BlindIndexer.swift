internal import Crypto
public import EHECore
import Foundation

/// Blind-index tokens: HMAC-SHA256 of the normalised value under a key derived for the index kind
/// (HKDF-SHA256, info `ehe/blind-index/v1/<kind>`) from the keyring's index key, truncated to 8 bytes.
///
/// Eight bytes (64 bits) keep false matches negligible (about 1 in 10^13 per lookup against a million
/// distinct values), so a lookup returns essentially only true candidates, while adding only 8 bytes per
/// entry. Shorter tokens would not hide more: without the key nobody can compute a token for a guess,
/// and what the tokens leak — which children share a value, and how often values repeat — is the same
/// at any width that keeps lookups selective. Candidates are always opened and compared, so a collision
/// can never put a wrong child in a result.
public struct BlindIndexer: IndexHasher {
    /// Per key id and kind, an HMAC already keyed (copied for each token, so the key schedule runs once).
    private let keys: [String: [IndexKind: HMAC<SHA256>]]
    public let primaryKeyID: String
    public let keyIDs: [String]

    public init(keyring: Keyring) throws(RegisterError) {
        var entries = (keyring.indexKeys ?? []).compactMap { entry in entry.secret.map { (entry.id, $0) } }
        var primary = keyring.indexPrimary
        if entries.isEmpty {
            // A keyring from before index keys existed: derive one from the primary key's root secret.
            guard let root = keyring.keys.first(where: { $0.id == keyring.primary })?.secret,
                let data = Data(base64Encoded: root)
            else { throw .keyring("the keyring has no index key and no primary key to derive one from") }
            let derived = EnvelopeSealer.derive(SymmetricKey(data: data), purpose: "ehe/index-root/v1")
            let text = derived.withUnsafeBytes { Data($0).base64EncodedString() }
            entries = [("idx-" + keyring.primary, text)]
            primary = "idx-" + keyring.primary
        }
        var keys: [String: [IndexKind: HMAC<SHA256>]] = [:]
        for (id, text) in entries {
            guard let secret = Data(base64Encoded: text), secret.count == 32 else {
                throw .keyring("index key '\(id)' does not hold a 32-byte base64 secret")
            }
            let root = SymmetricKey(data: secret)
            var perKind: [IndexKind: HMAC<SHA256>] = [:]
            for kind in IndexKind.allCases {
                perKind[kind] = HMAC<SHA256>(key: EnvelopeSealer.derive(root, purpose: "ehe/blind-index/v1/\(kind.rawValue)"))
            }
            keys[id] = perKind
        }
        guard let primary, keys[primary] != nil else { throw .keyring("the primary index key is not in the keyring") }
        self.keys = keys
        self.primaryKeyID = primary
        self.keyIDs = [primary] + keys.keys.filter { $0 != primary }.sorted()
    }

    public func token(_ term: IndexTerm, keyID: String) -> IndexToken? {
        guard var hmac = keys[keyID]?[term.kind] else { return nil }
        hmac.update(data: Array(term.value.utf8))
        let mac = hmac.finalize()
        let value = mac.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        return IndexToken(kind: term.kind, keyID: keyID, value: Int64(bitPattern: value))
    }
}
