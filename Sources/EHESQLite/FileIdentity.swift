import EHECore
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The device and inode each database file had when the register opened it, checked before every write:
/// a file replaced (or removed) under a running register — a restored copy dropped in place, another
/// register's file, an attacker's — would otherwise take the writes into the old, unlinked file, where they
/// vanish at the next start. Checked with one `stat` per transaction; a mismatch refuses the write.
enum FileIdentity {
    struct Identity: Sendable, Hashable {
        var device: UInt64
        var inode: UInt64
    }

    private static let opened = Locked<[String: Identity]>([:])

    static func current(_ path: String) -> Identity? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Identity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    }

    /// Remembers the file at `path` as the one this process opened.
    static func remember(_ path: String) {
        guard let identity = current(path) else { return }
        opened.update { $0[path] = identity }
    }

    /// Whether the file at `path` is still the one opened (true for a path never remembered).
    static func isInPlace(_ path: String) -> Bool {
        guard let expected = opened.withLock({ $0[path] }) else { return true }
        return current(path) == expected
    }

    static func check(_ path: String) throws(RegisterError) {
        guard isInPlace(path) else {
            throw .integrity(
                nil,
                "the database file \((path as NSString).lastPathComponent) was replaced or removed while the register had it open; "
                    + "nothing was written. Stop the service, check the files (ehe audit verify) and restart it"
            )
        }
    }
}
