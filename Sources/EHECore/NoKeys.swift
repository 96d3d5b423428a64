import Foundation

/// Stands in for the keyring where statistics are made: any use of a key is an error.
public struct NoKeys: FieldSealer, IndexHasher {
    public init() {}

    public var primaryKeyID: String { "none" }
    public var keyIDs: [String] { [] }

    public func makeDataKey(for owner: SealContext) throws -> (key: any DataKey, wrapped: WrappedDataKey) {
        throw RegisterError.keyring("statistics are made without the keyring; personal data cannot be written here")
    }

    public func unwrap(_ wrapped: WrappedDataKey, for owner: SealContext) throws -> any DataKey {
        throw RegisterError.keyring("statistics are made without the keyring; personal data cannot be read here")
    }

    public func rewrap(_ wrapped: WrappedDataKey, for owner: SealContext) throws -> WrappedDataKey {
        throw RegisterError.keyring("statistics are made without the keyring")
    }

    public func token(_ term: IndexTerm, keyID: String) -> IndexToken? { nil }
}
