import EHECore
import EHETestSupport
import Foundation
import Testing

@testable import EHEServer

/// The API's JSON writer against Foundation's encoder: the same JSON for every shape the API sends.
@Suite("Streaming JSON encoder")
struct StreamingJSONEncoderTests {
    /// The two encodings as parsed JSON (Foundation's key order is not fixed, so bytes are not compared).
    static func parsedBoth(_ value: some Encodable) throws -> (ours: NSObject, foundation: NSObject) {
        let ours = try StreamingJSONEncoder().encode(value)
        let foundation = try JSONEncoder().encode(value)
        return (
            try #require(JSONSerialization.jsonObject(with: Data(ours), options: [.fragmentsAllowed]) as? NSObject),
            try #require(JSONSerialization.jsonObject(with: foundation, options: [.fragmentsAllowed]) as? NSObject)
        )
    }

    static func text(_ value: some Encodable) throws -> String {
        String(decoding: try StreamingJSONEncoder().encode(value), as: UTF8.self)
    }

    @Test("a whole case document encodes to the same JSON as Foundation's, and decodes back to the same document")
    func caseDocument() throws {
        let document = CaseDocument(
            StoredCase(reference: CaseReference(number: 42), version: 3, record: Fixtures.canaryRecord()),
            asOf: LocalDate(2026, 11, 30)
        )
        let (ours, foundation) = try Self.parsedBoth(document)
        #expect(ours == foundation)
        let decoded = try JSONDecoder().decode(CaseDocument.self, from: Data(try StreamingJSONEncoder().encode(document)))
        #expect(decoded == document)
    }

    struct Person: Codable, Equatable {
        var name: String
        var nickname: String?
        var age: Int
        var height: Double
        var tags: [String]
        var scores: [String: Int]
        var nested: [[Int]]
        var active: Bool
    }

    @Test("fields in declaration order; nil optionals left out; arrays, nested arrays and dictionaries")
    func ordinaryStructs() throws {
        let person = Person(
            name: "Ann",
            nickname: nil,
            age: 9,
            height: 1.25,
            tags: ["a", "b"],
            scores: ["maths": 7],
            nested: [[1, 2], [], [3]],
            active: true
        )
        #expect(
            try Self.text(person)
                == #"{"name":"Ann","age":9,"height":1.25,"tags":["a","b"],"scores":{"maths":7},"nested":[[1,2],[],[3]],"active":true}"#
        )
        let (ours, foundation) = try Self.parsedBoth(person)
        #expect(ours == foundation)
        #expect(try JSONDecoder().decode(Person.self, from: Data(try StreamingJSONEncoder().encode(person))) == person)
    }

    @Test("strings: quotes, backslashes and control characters escaped; other Unicode and '/' written as they are")
    func strings() throws {
        let tricky = "a\"b\\c\nd\re\tf\u{08}g\u{0C}h\u{01}i\u{1F}j/é–😀"
        #expect(try Self.text(tricky) == #""a\"b\\c\nd\re\tf\bg\fh\u0001i\u001fj/é–😀""#)
        #expect(try JSONDecoder().decode(String.self, from: Data(try StreamingJSONEncoder().encode(tricky))) == tricky)
        #expect(try Self.text([String]()) == "[]")
        #expect(try Self.text("") == #""""#)
    }

    @Test("numbers: whole doubles without a fraction, others in full; infinity and NaN are refused")
    func numbers() throws {
        #expect(try Self.text([2.0, -0.5, 0.1, 1e20]) == "[2,-0.5,0.1,1e+20]")
        #expect(try Self.text([Int64.min, Int64.max]) == "[-9223372036854775808,9223372036854775807]")
        #expect(try Self.text([UInt8(255)]) == "[255]")
        #expect(throws: EncodingError.self) { try StreamingJSONEncoder().encode([Double.infinity]) }
        #expect(throws: EncodingError.self) { try StreamingJSONEncoder().encode(["x": Double.nan]) }
    }

    struct Special: Codable {
        var when: Date
        var blob: Data
        var link: URL
        var amount: Decimal
    }

    @Test("dates, data, URLs and decimals as Foundation's encoder writes them by default")
    func foundationTypes() throws {
        let value = Special(
            when: Date(timeIntervalSinceReferenceDate: 86_400.5),
            blob: Data([0, 1, 254, 255]),
            link: try #require(URL(string: "https://example.org/a?b=c")),
            amount: Decimal(string: "12.34")!
        )
        let (ours, foundation) = try Self.parsedBoth(value)
        #expect(ours == foundation)
        #expect(try Self.text(value) == #"{"when":86400.5,"blob":"AAH+/w==","link":"https://example.org/a?b=c","amount":12.34}"#)
    }

    /// Hand-written encoding with nested containers, explicit nulls, a super encoder and an empty value.
    struct Custom: Encodable {
        struct Empty: Encodable {
            func encode(to encoder: any Encoder) throws {}
        }
        enum Keys: String, CodingKey { case id, inner, list, missing, base, empty, after }
        enum InnerKeys: String, CodingKey { case x, y }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(1, forKey: .id)
            var inner = container.nestedContainer(keyedBy: InnerKeys.self, forKey: .inner)
            try inner.encode("one", forKey: .x)
            try inner.encodeNil(forKey: .y)
            var list = container.nestedUnkeyedContainer(forKey: .list)
            try list.encode(true)
            var row = list.nestedUnkeyedContainer()
            try row.encode(5)
            try list.encode("last")
            try container.encodeNil(forKey: .missing)
            try [1, 2].encode(to: container.superEncoder(forKey: .base))
            try container.encode(Empty(), forKey: .empty)
            try container.encode("end", forKey: .after)
        }
    }

    @Test("nested containers close when their parent goes on; explicit nulls; super encoders; an empty value is {}")
    func customEncoding() throws {
        #expect(
            try Self.text(Custom())
                == #"{"id":1,"inner":{"x":"one","y":null},"list":[true,[5],"last"],"missing":null,"base":[1,2],"empty":{},"after":"end"}"#
        )
        let (ours, foundation) = try Self.parsedBoth(Custom())
        #expect(ours == foundation)
    }

    /// Writes to a nested container after its parent has moved on: not representable in one pass.
    struct OutOfOrder: Encodable {
        enum Keys: String, CodingKey { case first, second }
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            var first = container.nestedUnkeyedContainer(forKey: .first)
            try container.encode(2, forKey: .second)
            try first.encode(1)
        }
    }

    @Test("writing to a container after a later sibling was started throws instead of writing wrong JSON")
    func outOfOrder() {
        #expect(throws: EncodingError.self) { try StreamingJSONEncoder().encode(OutOfOrder()) }
    }

    @Test("a top-level value that encodes nothing is refused, as by Foundation's encoder")
    func emptyTopLevel() {
        #expect(throws: EncodingError.self) { try StreamingJSONEncoder().encode(Custom.Empty()) }
    }
}
