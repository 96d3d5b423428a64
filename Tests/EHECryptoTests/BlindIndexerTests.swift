import EHECore
import EHECrypto
import Foundation
import Testing

@Suite("Blind-index tokens")
struct BlindIndexerTests {
    @Test("tokens are deterministic for one key, separate per kind and per key")
    func tokens() throws {
        var keyring = Keyring.generate(development: true)
        let first = try BlindIndexer(keyring: keyring)
        let term = IndexTerm(.surname, "SMITH")
        let token = try #require(first.token(term, keyID: first.primaryKeyID))
        #expect(first.token(term, keyID: first.primaryKeyID) == token)
        #expect(first.token(IndexTerm(.phonetic, "SMITH"), keyID: first.primaryKeyID)?.value != token.value)
        let oldID = first.primaryKeyID
        _ = keyring.rotateIndexKey()
        let rotated = try BlindIndexer(keyring: keyring)
        #expect(rotated.keyIDs.count == 2 && rotated.primaryKeyID != oldID)
        #expect(rotated.token(term, keyID: rotated.primaryKeyID)?.value != token.value)
        #expect(rotated.token(term, keyID: oldID) == token, "the old key still gives the old token until retired")
        try keyring.retire(oldID)
        #expect(try BlindIndexer(keyring: keyring).token(term, keyID: oldID) == nil)
    }

    @Test("a retired key-encryption key loses its secret; the primary cannot be retired")
    func retire() throws {
        var keyring = Keyring.generate(development: true)
        let old = keyring.primary
        #expect(throws: RegisterError.self) { try keyring.retire(old) }
        _ = keyring.rotateKeyEncryptionKey()
        try keyring.retire(old)
        #expect(keyring.keys.first { $0.id == old }?.secret == nil)
        _ = try keyring.validated()
        #expect(try EnvelopeSealer(keyring: keyring).keyIDs == [keyring.primary])
    }
}
