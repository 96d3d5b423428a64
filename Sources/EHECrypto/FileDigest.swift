internal import Crypto
import EHECore
public import Foundation

/// SHA-256 of data read in pieces (a backup's files can be gigabytes).
public struct StreamingDigest: Sendable {
    private var hasher = SHA256()

    public init() {}

    public mutating func update(_ bytes: Data) { hasher.update(data: bytes) }

    /// Lower-case hex of the digest.
    public func hex() -> String { Array(hasher.finalize()).hexString }
}
