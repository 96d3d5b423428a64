import EHECore
import EHECrypto
import Foundation
import Testing

@Suite("Envelope encryption and the keyring")
struct EnvelopeSealerTests {
    let identity = SealContext(table: "child", fieldGroup: "identity", recordID: "7")
    let owner = SealContext(table: "child", fieldGroup: "data_key", recordID: "7")

    func sealer() throws -> EnvelopeSealer { try EnvelopeSealer(keyring: Keyring.generate(development: true)) }

    @Test("a sealed value opens with its data key and context, and holds no plaintext")
    func roundTrip() throws {
        let sealer = try sealer()
        let (key, wrapped) = try sealer.makeDataKey(for: owner)
        let plaintext = Data("Zephyrine Quillfeather".utf8)
        let sealed = try key.seal(plaintext, context: identity)
        #expect(sealed.range(of: Data("Zephyrine".utf8)) == nil)
        #expect(sealed[0] == 1, "format version")
        #expect(try key.open(sealed, context: identity) == plaintext)
        let unwrapped = try sealer.unwrap(wrapped, for: owner)
        #expect(try unwrapped.open(sealed, context: identity) == plaintext)
        #expect(wrapped.keyEncryptionKeyID == sealer.primaryKeyID)
    }

    @Test("flipping any byte makes opening fail")
    func tamper() throws {
        let (key, _) = try sealer().makeDataKey(for: owner)
        let sealed = try key.seal(Data("secret".utf8), context: identity)
        for index in sealed.indices {
            var altered = sealed
            altered[index] ^= 0x01
            #expect(throws: (any Error).self) { try key.open(altered, context: identity) }
        }
    }

    @Test("a value moved to another record, field group or table does not open")
    func movedValue() throws {
        let (key, _) = try sealer().makeDataKey(for: owner)
        let sealed = try key.seal(Data("secret".utf8), context: identity)
        for other in [
            SealContext(table: "child", fieldGroup: "identity", recordID: "8"),
            SealContext(table: "child", fieldGroup: "address", recordID: "7"),
            SealContext(table: "contact", fieldGroup: "identity", recordID: "7"),
        ] {
            #expect(throws: SealError.authentication) { try key.open(sealed, context: other) }
        }
    }

    @Test("a data key wrapped for one child does not unwrap for another, nor under another keyring")
    func wrapping() throws {
        let sealer = try sealer()
        let (_, wrapped) = try sealer.makeDataKey(for: owner)
        #expect(throws: SealError.authentication) {
            try sealer.unwrap(wrapped, for: SealContext(table: "child", fieldGroup: "data_key", recordID: "8"))
        }
        var other = Keyring.generate(development: true)
        other.keys[0].id = wrapped.keyEncryptionKeyID
        other.primary = wrapped.keyEncryptionKeyID
        #expect(throws: SealError.authentication) { try EnvelopeSealer(keyring: other).unwrap(wrapped, for: owner) }
        #expect(throws: SealError.unknownKey(wrapped.keyEncryptionKeyID)) {
            try EnvelopeSealer(keyring: Keyring.generate(development: true)).unwrap(wrapped, for: owner)
        }
    }

    @Test("key checks tell keyrings apart without revealing keys")
    func keyChecks() throws {
        let first = try sealer()
        let second = try sealer()
        let check = try #require(first.keyCheck(for: first.primaryKeyID))
        #expect(check.count == 32)
        #expect(first.keyCheck(for: first.primaryKeyID) == check)
        #expect(second.keyCheck(for: first.primaryKeyID) == nil)
    }

    @Test("a keyring file is written 0600 and read back; a group- or world-readable one is refused")
    func keyringFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ehe-keyring-\(UUID())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/keyring.json"
        let keyring = Keyring.generate(development: false)
        try keyring.write(to: path)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o600)
        #expect(try Keyring.load(path: path) == keyring)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        #expect {
            _ = try Keyring.load(path: path)
        } throws: { error in
            guard case .keyring(let message) = error as? RegisterError else { return false }
            return message.contains("chmod 600")
        }
    }

    @Test(
        "malformed keyrings are refused with the reason",
        arguments: [
            #"{"format": 2, "primary": "a", "keys": []}"#,
            #"{"format": 1, "primary": "b", "keys": [{"id": "a", "created": "x", "secret": "AAAA"}]}"#,
            #"{"format": 1, "primary": "a", "keys": [{"id": "a", "created": "x", "secret": "AAAA"}]}"#,
            "not json",
        ]
    )
    func malformed(json: String) {
        #expect(throws: RegisterError.self) { try Keyring.parse(Data(json.utf8), source: "test") }
    }
}
