public import Foundation

/// Where a sealed value belongs. Bound into every ciphertext as associated data, so a value copied to
/// another table, field group or record fails to open.
public struct SealContext: Sendable, Hashable {
    public var table: String
    public var fieldGroup: String
    public var recordID: String

    public init(table: String, fieldGroup: String, recordID: String) {
        self.table = table
        self.fieldGroup = fieldGroup
        self.recordID = recordID
    }

    /// The associated-data bytes: `ehe/v1|table|fieldGroup|recordID`.
    public var associatedData: Data { Data("ehe/v1|\(table)|\(fieldGroup)|\(recordID)".utf8) }
}

/// A child's data key, wrapped (encrypted) under a key-encryption key from the keyring.
public struct WrappedDataKey: Sendable, Hashable {
    /// Id of the key-encryption key that wraps it.
    public var keyEncryptionKeyID: String
    public var sealed: Data

    public init(keyEncryptionKeyID: String, sealed: Data) {
        self.keyEncryptionKeyID = keyEncryptionKeyID
        self.sealed = sealed
    }
}

/// A child's unwrapped data key: seals and opens that child's personal fields.
public protocol DataKey: Sendable {
    func seal(_ plaintext: Data, context: SealContext) throws -> Data
    /// Throws when the value was altered, moved or sealed under another key.
    func open(_ sealed: Data, context: SealContext) throws -> Data
}

/// Envelope encryption of personal fields (DESIGN.md §4): makes and unwraps per-child data keys.
public protocol FieldSealer: Sendable {
    /// Id of the key-encryption key new data keys are wrapped under.
    var primaryKeyID: String { get }
    /// A fresh random data key for the record `owner`, and its wrapped form to store.
    func makeDataKey(for owner: SealContext) throws -> (key: any DataKey, wrapped: WrappedDataKey)
    /// Unwraps a stored data key. Throws when the wrap was altered, moved, or its key is not in the keyring.
    func unwrap(_ wrapped: WrappedDataKey, for owner: SealContext) throws -> any DataKey
    /// The same data key wrapped under the primary key-encryption key (key rotation).
    func rewrap(_ wrapped: WrappedDataKey, for owner: SealContext) throws -> WrappedDataKey
}
