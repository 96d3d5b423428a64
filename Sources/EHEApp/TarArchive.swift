import EHECore
internal import EHECrypto
import Foundation

/// A POSIX ustar archive of a few flat, regular files — the backup's container, so an operator can list
/// or unpack one with `tar` — written and read in pieces, with each file's SHA-256 worked out as it goes.
/// The reader takes only plain names (no folders, no links, no `..`): an archive cannot write outside the
/// folder it is unpacked into.
enum TarArchive {
    static let block = 512
    static let piece = 1 << 20

    /// Writes `files` (name in the archive, path on disk) to `path`, created 0600, then the entry `trailer`
    /// makes from their sizes and SHA-256 hex (the manifest); returns those sums by name.
    static func write(
        _ files: [(name: String, path: String)],
        to path: String,
        trailer: ([String: (bytes: Int, sha256: String)]) throws -> (name: String, data: Data)
    ) throws -> [String: (bytes: Int, sha256: String)] {
        guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
            throw RegisterError.configuration("cannot create \(path)")
        }
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? output.close() }
        var sums: [String: (Int, String)] = [:]
        for file in files {
            let size = (try FileManager.default.attributesOfItem(atPath: file.path)[.size] as? NSNumber)?.intValue ?? 0
            guard size < 1 << 33 else { throw RegisterError.storage("\(file.name) is 8 GiB or more, past what a ustar entry holds") }
            try output.write(contentsOf: header(name: file.name, size: size))
            let input = try FileHandle(forReadingFrom: URL(fileURLWithPath: file.path))
            defer { try? input.close() }
            var digest = StreamingDigest()
            var written = 0
            while written < size, let data = try input.read(upToCount: min(piece, size - written)), !data.isEmpty {
                digest.update(data)
                try output.write(contentsOf: data)
                written += data.count
            }
            guard written == size else { throw RegisterError.storage("\(file.path) changed size while it was archived") }
            try output.write(contentsOf: Data(count: (block - size % block) % block))
            sums[file.name] = (size, digest.hex())
        }
        let last = try trailer(sums)
        try output.write(contentsOf: header(name: last.name, size: last.data.count))
        try output.write(contentsOf: last.data)
        try output.write(contentsOf: Data(count: (block - last.data.count % block) % block))
        try output.write(contentsOf: Data(count: 2 * block))
        try output.synchronize()
        return sums
    }

    /// Unpacks into `folder` (which must exist) the entries whose names are in `allowed`, in order,
    /// each file 0600; returns each file's size and SHA-256 hex by name. Anything else is refused.
    static func read(_ path: String, into folder: String, allowed: Set<String>) throws -> [String: (bytes: Int, sha256: String)] {
        let input = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        defer { try? input.close() }
        var sums: [String: (Int, String)] = [:]
        while true {
            guard let head = try input.read(upToCount: block), head.count == block else {
                throw invalid("the archive ends before its end marker")
            }
            if head.allSatisfy({ $0 == 0 }) { break }
            let bytes = [UInt8](head)
            guard checksum(bytes) == octal(bytes[148..<156]) else { throw invalid("an entry's header fails its checksum") }
            let name = String(decoding: bytes[0..<100].prefix { $0 != 0 }, as: UTF8.self)
            guard allowed.contains(name), sums[name] == nil else { throw invalid("unexpected entry '\(name)'") }
            guard bytes[156] == UInt8(ascii: "0") || bytes[156] == 0 else { throw invalid("'\(name)' is not a plain file") }
            guard let size = octal(bytes[124..<136]), size >= 0 else { throw invalid("'\(name)' has no readable size") }
            let target = folder + "/" + name
            guard FileManager.default.createFile(atPath: target, contents: nil, attributes: [.posixPermissions: 0o600]) else {
                throw RegisterError.configuration("cannot create \(target)")
            }
            let output = try FileHandle(forWritingTo: URL(fileURLWithPath: target))
            var digest = StreamingDigest()
            var left = size
            while left > 0 {
                guard let data = try input.read(upToCount: min(piece, left)), !data.isEmpty else {
                    try? output.close()
                    throw invalid("'\(name)' is cut short")
                }
                digest.update(data)
                try output.write(contentsOf: data)
                left -= data.count
            }
            try output.synchronize()
            try output.close()
            let padding = (block - size % block) % block
            if padding > 0 { _ = try input.read(upToCount: padding) }
            sums[name] = (size, digest.hex())
        }
        return sums
    }

    static func invalid(_ why: String) -> RegisterError {
        .invalid([ValidationProblem(field: "archive", rule: "backup_format", message: "not a register backup: \(why)")])
    }

    static func header(name: String, size: Int) -> Data {
        var bytes = [UInt8](repeating: 0, count: block)
        func put(_ text: String, at offset: Int) {
            for (index, byte) in text.utf8.enumerated() { bytes[offset + index] = byte }
        }
        func number(_ value: Int, width: Int) -> String {
            let digits = String(value, radix: 8)
            return String(repeating: "0", count: max(0, width - 1 - digits.count)) + digits
        }
        put(name, at: 0)
        put(number(0o600, width: 8), at: 100)
        put(number(0, width: 8), at: 108)
        put(number(0, width: 8), at: 116)
        put(number(size, width: 12), at: 124)
        put(number(Int(Date().timeIntervalSince1970), width: 12), at: 136)
        put("        ", at: 148)
        bytes[156] = UInt8(ascii: "0")
        put("ustar", at: 257)
        put("00", at: 263)
        put(number(checksum(bytes), width: 7), at: 148)
        bytes[155] = UInt8(ascii: " ")
        return Data(bytes)
    }

    /// The header checksum: the sum of its bytes with the checksum field read as spaces.
    static func checksum(_ bytes: [UInt8]) -> Int {
        bytes.enumerated().reduce(0) { sum, item in sum + ((148..<156).contains(item.offset) ? 32 : Int(item.element)) }
    }

    /// An octal field (NUL- or space-terminated); nil when it holds anything else.
    static func octal(_ field: ArraySlice<UInt8>) -> Int? {
        let digits = field.prefix { $0 != 0 && $0 != UInt8(ascii: " ") }.drop { $0 == UInt8(ascii: " ") }
        guard !digits.isEmpty, digits.count <= 11, digits.allSatisfy({ (48...55).contains($0) }) else { return nil }
        return digits.reduce(0) { $0 * 8 + Int($1 - 48) }
    }
}
