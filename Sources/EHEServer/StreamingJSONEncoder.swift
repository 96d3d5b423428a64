import Foundation

/// Encodes an `Encodable` value as JSON straight into bytes, in one pass, in the order the value encodes
/// its fields (no sorted keys, no whitespace) — what `JSONEncoder()` with default options produces, except
/// that `/` is not escaped.
///
/// Foundation's encoder first builds a tree of reference-counted nodes with a dictionary per object, then
/// writes it out; for a case document that was a tenth of the CPU of an audited case read. Encoding is
/// sequential here: a container's fields are written as they are encoded, and a container is closed when
/// its parent writes its next field or finishes. Synthesized `Codable` and hand-written `encode(to:)` that
/// fill one container at a time (all of ours) work; writing to a container after a later sibling was started
/// throws rather than producing wrong JSON.
///
/// Dates encode as Foundation's default (seconds since 2001 as a number), `Data` as Base64, URLs as their
/// absolute string, and `Decimal` as a number, as `JSONEncoder` does. Non-finite numbers throw.
struct StreamingJSONEncoder {
    func encode(_ value: some Encodable) throws -> [UInt8] {
        let stream = Stream()
        try stream.encodeValue(value, path: CodingPath(parent: [], key: nil), emptyAsObject: false)
        try stream.closeFrames(downTo: 0)
        if stream.bytes.isEmpty {
            throw EncodingError.invalidValue(
                value,
                EncodingError.Context(codingPath: [], debugDescription: "Top-level \(type(of: value)) did not encode any values.")
            )
        }
        return stream.bytes
    }
}

extension StreamingJSONEncoder {
    /// The output and the containers open in it, innermost last.
    fileprivate final class Stream {
        // Only one encoding uses a stream, on one thread, and no access to these overlaps another: the
        // run-time exclusivity checks (a third of the encoder's time) are turned off for them.
        @exclusivity(unchecked) var bytes: [UInt8] = []
        /// Open containers: whether each is an object (else an array), and whether it has a member yet.
        @exclusivity(unchecked) var frames: [(object: Bool, hasMember: Bool, id: Int)] = []
        private var nextID = 0

        init() {
            bytes.reserveCapacity(4096)
        }

        /// Opens a container at the current position; returns its depth and identity.
        func open(object: Bool) -> (depth: Int, id: Int) {
            nextID += 1
            bytes.append(object ? UInt8(ascii: "{") : UInt8(ascii: "["))
            frames.append((object, false, nextID))
            return (frames.count, nextID)
        }

        /// Closes every container deeper than `depth`.
        func closeFrames(downTo depth: Int) throws {
            while frames.count > depth {
                let frame = frames.removeLast()
                bytes.append(frame.object ? UInt8(ascii: "}") : UInt8(ascii: "]"))
            }
        }

        /// Makes the container at `depth` the innermost again (closing deeper ones) and starts a member,
        /// writing the separator and, in an object, the key.
        func beginMember(depth: Int, id: Int, key: String?, codingPath: @autoclosure () -> [any CodingKey]) throws {
            guard frames.count >= depth, frames[depth - 1].id == id else {
                throw EncodingError.invalidValue(
                    key as Any,
                    EncodingError.Context(
                        codingPath: codingPath(),
                        debugDescription: "a container was written to after it was closed (fields must be encoded in order)"
                    )
                )
            }
            try closeFrames(downTo: depth)
            if frames[depth - 1].hasMember {
                bytes.append(UInt8(ascii: ","))
            } else {
                frames[depth - 1].hasMember = true
            }
            if let key {
                writeString(key)
                bytes.append(UInt8(ascii: ":"))
            }
        }

        // MARK: Values

        func writeNull() {
            bytes.append(contentsOf: "null".utf8)
        }

        func writeBool(_ value: Bool) {
            bytes.append(contentsOf: value ? "true".utf8 : "false".utf8)
        }

        func writeInteger(_ value: some BinaryInteger) {
            bytes.append(contentsOf: String(value).utf8)
        }

        func writeFloatingPoint(_ value: Double, codingPath: @autoclosure () -> [any CodingKey]) throws {
            guard value.isFinite else {
                throw EncodingError.invalidValue(
                    value,
                    EncodingError.Context(codingPath: codingPath(), debugDescription: "Unable to encode \(value) directly in JSON.")
                )
            }
            if value == value.rounded(), abs(value) < 1e15 {
                writeInteger(Int64(value))
            } else {
                bytes.append(contentsOf: value.description.utf8)
            }
        }

        func writeString(_ value: String) {
            bytes.append(UInt8(ascii: "\""))
            var value = value
            value.withUTF8 { utf8 in
                var plain = 0  // start of the run of bytes that need no escape
                for (index, byte) in utf8.enumerated() where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                    bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[plain..<index]))
                    plain = index + 1
                    bytes.append(UInt8(ascii: "\\"))
                    switch byte {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes.append(byte)
                    case 0x0A: bytes.append(UInt8(ascii: "n"))
                    case 0x0D: bytes.append(UInt8(ascii: "r"))
                    case 0x09: bytes.append(UInt8(ascii: "t"))
                    case 0x08: bytes.append(UInt8(ascii: "b"))
                    case 0x0C: bytes.append(UInt8(ascii: "f"))
                    default:
                        let hex: StaticString = "0123456789abcdef"
                        bytes.append(UInt8(ascii: "u"))
                        bytes.append(UInt8(ascii: "0"))
                        bytes.append(UInt8(ascii: "0"))
                        bytes.append(hex.utf8Start[Int(byte >> 4)])
                        bytes.append(hex.utf8Start[Int(byte & 0xF)])
                    }
                }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[plain...]))
            }
            bytes.append(UInt8(ascii: "\""))
        }

        /// Writes any value at the current position (after a key, an array separator, or at the top).
        /// A value that encodes nothing is an empty object, as with Foundation's encoder — except at the top,
        /// where that encoder refuses it.
        func encodeValue<T: Encodable>(_ value: T, path: CodingPath, emptyAsObject: Bool = true) throws {
            // Comparing types first keeps the (slower) dynamic casts off the path of ordinary structs.
            if T.self == String.self, let string = value as? String {
                writeString(string)
            } else if T.self == Date.self, let date = value as? Date {
                try writeFloatingPoint(date.timeIntervalSinceReferenceDate, codingPath: path.keys)
            } else if T.self == Data.self, let data = value as? Data {
                writeString(data.base64EncodedString())
            } else if T.self == URL.self, let url = value as? URL {
                writeString(url.absoluteString)
            } else if T.self == Decimal.self, let decimal = value as? Decimal {
                bytes.append(contentsOf: decimal.description.utf8)
            } else {
                let depth = frames.count
                let start = bytes.count
                try value.encode(to: ValueEncoder(stream: self, path: path))
                try closeFrames(downTo: depth)
                if emptyAsObject && bytes.count == start { bytes.append(contentsOf: "{}".utf8) }
            }
        }
    }

    /// The encoder handed to a value's `encode(to:)`: its one container starts at the current position.
    fileprivate struct ValueEncoder: Encoder {
        let stream: Stream
        let path: CodingPath
        var codingPath: [any CodingKey] { path.keys }
        var userInfo: [CodingUserInfoKey: Any] { [:] }

        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
            let (depth, id) = stream.open(object: true)
            return KeyedEncodingContainer(KeyedContainer<Key>(stream: stream, depth: depth, id: id, codingPath: path.keys))
        }

        func unkeyedContainer() -> any UnkeyedEncodingContainer {
            let (depth, id) = stream.open(object: false)
            return UnkeyedContainer(stream: stream, depth: depth, id: id, codingPath: path.keys)
        }

        func singleValueContainer() -> any SingleValueEncodingContainer {
            SingleValueContainer(stream: stream, path: path)
        }
    }

    /// A coding path built only when something asks for it (a container opened, or an error): most members
    /// are single values, and each of them used to build an array (an allocation and a copy of the path).
    fileprivate struct CodingPath {
        let parent: [any CodingKey]
        let key: (any CodingKey)?

        var keys: [any CodingKey] { key.map { parent + [$0] } ?? parent }
    }

    fileprivate struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let stream: Stream
        let depth: Int
        let id: Int
        let codingPath: [any CodingKey]

        private func begin(_ key: Key) throws {
            try stream.beginMember(depth: depth, id: id, key: key.stringValue, codingPath: codingPath + [key])
        }

        mutating func encodeNil(forKey key: Key) throws {
            try begin(key)
            stream.writeNull()
        }
        mutating func encode(_ value: Bool, forKey key: Key) throws {
            try begin(key)
            stream.writeBool(value)
        }
        mutating func encode(_ value: String, forKey key: Key) throws {
            try begin(key)
            stream.writeString(value)
        }
        mutating func encode(_ value: Double, forKey key: Key) throws {
            try begin(key)
            try stream.writeFloatingPoint(value, codingPath: codingPath + [key])
        }
        mutating func encode(_ value: Float, forKey key: Key) throws {
            try begin(key)
            try stream.writeFloatingPoint(Double(value), codingPath: codingPath + [key])
        }
        mutating func encode(_ value: Int, forKey key: Key) throws {
            try begin(key)
            stream.writeInteger(value)
        }
        mutating func encode(_ value: Int8, forKey key: Key) throws { try encodeInteger(value, key) }
        mutating func encode(_ value: Int16, forKey key: Key) throws { try encodeInteger(value, key) }
        mutating func encode(_ value: Int32, forKey key: Key) throws { try encodeInteger(value, key) }
        mutating func encode(_ value: Int64, forKey key: Key) throws { try encodeInteger(value, key) }
        mutating func encode(_ value: UInt, forKey key: Key) throws { try encodeInteger(value, key) }
        mutating func encode(_ value: UInt8, forKey key: Key) throws { try encodeInteger(value, key) }
        mutating func encode(_ value: UInt16, forKey key: Key) throws { try encodeInteger(value, key) }
        mutating func encode(_ value: UInt32, forKey key: Key) throws { try encodeInteger(value, key) }
        mutating func encode(_ value: UInt64, forKey key: Key) throws { try encodeInteger(value, key) }

        private func encodeInteger(_ value: some BinaryInteger, _ key: Key) throws {
            try begin(key)
            stream.writeInteger(value)
        }

        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            try begin(key)
            try stream.encodeValue(value, path: CodingPath(parent: codingPath, key: key))
        }

        mutating func nestedContainer<NestedKey: CodingKey>(
            keyedBy keyType: NestedKey.Type,
            forKey key: Key
        ) -> KeyedEncodingContainer<NestedKey> {
            // The protocol does not let this throw; a misuse is caught by the next write to a closed container.
            try? begin(key)
            let (depth, id) = stream.open(object: true)
            return KeyedEncodingContainer(KeyedContainer<NestedKey>(stream: stream, depth: depth, id: id, codingPath: codingPath + [key]))
        }

        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            try? begin(key)
            let (depth, id) = stream.open(object: false)
            return UnkeyedContainer(stream: stream, depth: depth, id: id, codingPath: codingPath + [key])
        }

        mutating func superEncoder() -> any Encoder {
            try? stream.beginMember(depth: depth, id: id, key: "super", codingPath: codingPath)
            return ValueEncoder(stream: stream, path: CodingPath(parent: codingPath, key: nil))
        }

        mutating func superEncoder(forKey key: Key) -> any Encoder {
            try? begin(key)
            return ValueEncoder(stream: stream, path: CodingPath(parent: codingPath, key: key))
        }
    }

    fileprivate struct UnkeyedContainer: UnkeyedEncodingContainer {
        let stream: Stream
        let depth: Int
        let id: Int
        let codingPath: [any CodingKey]
        private(set) var count = 0

        init(stream: Stream, depth: Int, id: Int, codingPath: [any CodingKey]) {
            self.stream = stream
            self.depth = depth
            self.id = id
            self.codingPath = codingPath
        }

        private mutating func begin() throws {
            try stream.beginMember(depth: depth, id: id, key: nil, codingPath: codingPath)
            count += 1
        }

        mutating func encodeNil() throws {
            try begin()
            stream.writeNull()
        }
        mutating func encode(_ value: Bool) throws {
            try begin()
            stream.writeBool(value)
        }
        mutating func encode(_ value: String) throws {
            try begin()
            stream.writeString(value)
        }
        mutating func encode(_ value: Double) throws {
            try begin()
            try stream.writeFloatingPoint(value, codingPath: codingPath)
        }
        mutating func encode(_ value: Int) throws {
            try begin()
            stream.writeInteger(value)
        }
        mutating func encode<T: Encodable>(_ value: T) throws {
            try begin()
            try stream.encodeValue(value, path: CodingPath(parent: codingPath, key: nil))
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            try? begin()
            let (depth, id) = stream.open(object: true)
            return KeyedEncodingContainer(KeyedContainer<NestedKey>(stream: stream, depth: depth, id: id, codingPath: codingPath))
        }

        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
            try? begin()
            let (depth, id) = stream.open(object: false)
            return UnkeyedContainer(stream: stream, depth: depth, id: id, codingPath: codingPath)
        }

        mutating func superEncoder() -> any Encoder {
            try? begin()
            return ValueEncoder(stream: stream, path: CodingPath(parent: codingPath, key: nil))
        }
    }

    fileprivate struct SingleValueContainer: SingleValueEncodingContainer {
        let stream: Stream
        let path: CodingPath
        var codingPath: [any CodingKey] { path.keys }

        mutating func encodeNil() throws { stream.writeNull() }
        mutating func encode(_ value: Bool) throws { stream.writeBool(value) }
        mutating func encode(_ value: String) throws { stream.writeString(value) }
        mutating func encode(_ value: Double) throws { try stream.writeFloatingPoint(value, codingPath: codingPath) }
        mutating func encode(_ value: Float) throws { try stream.writeFloatingPoint(Double(value), codingPath: codingPath) }
        mutating func encode(_ value: Int) throws { stream.writeInteger(value) }
        mutating func encode(_ value: Int8) throws { stream.writeInteger(value) }
        mutating func encode(_ value: Int16) throws { stream.writeInteger(value) }
        mutating func encode(_ value: Int32) throws { stream.writeInteger(value) }
        mutating func encode(_ value: Int64) throws { stream.writeInteger(value) }
        mutating func encode(_ value: UInt) throws { stream.writeInteger(value) }
        mutating func encode(_ value: UInt8) throws { stream.writeInteger(value) }
        mutating func encode(_ value: UInt16) throws { stream.writeInteger(value) }
        mutating func encode(_ value: UInt32) throws { stream.writeInteger(value) }
        mutating func encode(_ value: UInt64) throws { stream.writeInteger(value) }
        mutating func encode<T: Encodable>(_ value: T) throws { try stream.encodeValue(value, path: path) }
    }
}
