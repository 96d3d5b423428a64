import EHECore
import EHESQLite
import EHETestSupport
import Foundation
import GRDB
import Testing

@Suite("Personal data sealed at rest")
struct SealedStorageTests {
    @Test("no canary value appears in the database file or its WAL")
    func noPlaintextAtRest() async throws {
        let database = try TestDatabase()
        defer { database.remove() }
        let added = try await database.store.add([Fixtures.canaryRecord()])[0]
        _ = try await database.store.modify(added.reference, expectedVersion: 1) { record in
            record.contacts.append(
                Contact(date: LocalDate(2025, 3, 1), method: .email, officer: "O", judgement: .suitable, notes: Canary.contactNotes)
            )
        }
        let bytes = try database.filesOnDisk()
        for canary in Canary.all {
            #expect(bytes.range(of: Data(canary.utf8)) == nil, "found \(canary) on disk")
        }
        // The clear columns aggregates need are there.
        let sex = try await database.pool.read { try String.fetchOne($0, sql: #"SELECT "sex" FROM "child""#) }
        #expect(sex == "female")
    }

    @Test(
        "one flipped byte in any sealed field group makes reading the case fail with an integrity error naming it",
        arguments: ["identity_sealed", "address_sealed", "family_sealed", "notes_sealed"]
    )
    func flippedByte(column: String) async throws {
        let database = try TestDatabase()
        defer { database.remove() }
        let added = try await database.store.add([Fixtures.canaryRecord(), Fixtures.canaryRecord()])
        let target = added[1].reference
        try await database.pool.write { db in
            var blob = try #require(
                try Data.fetchOne(db, sql: "SELECT \"\(column)\" FROM \"child\" WHERE \"id\" = ?", arguments: [target.number])
            )
            blob[blob.count / 2] ^= 0x40
            try db.execute(sql: "UPDATE \"child\" SET \"\(column)\" = ? WHERE \"id\" = ?", arguments: [blob, target.number])
        }
        await #expect {
            _ = try await database.store.load(target)
        } throws: { error in
            guard case .integrity(let reference, _) = error as? RegisterError else { return false }
            return reference == target && "\(error)".contains(target.description)
        }
        // The untouched case still reads correctly.
        #expect(try await database.store.load(added[0].reference).record == Fixtures.canaryRecord())
    }

    @Test("a sealed value or data key copied from one child's row onto another's does not open")
    func copiedBetweenRows() async throws {
        let database = try TestDatabase()
        defer { database.remove() }
        var other = Fixtures.simpleRecord()
        other.child.address = PostalAddress(line1: "1 Other Road", postcode: "TQ1 1AA")
        let added = try await database.store.add([Fixtures.canaryRecord(), other])
        let (source, target) = (added[0].reference.number, added[1].reference.number)
        try await database.pool.write { db in
            try db.execute(
                sql: """
                    UPDATE "child" SET "identity_sealed" = (SELECT "identity_sealed" FROM "child" WHERE "id" = ?)
                    WHERE "id" = ?
                    """,
                arguments: [source, target]
            )
        }
        await #expect(throws: RegisterError.integrity(added[1].reference, "sealed field group 'identity' failed authentication")) {
            _ = try await database.store.load(added[1].reference)
        }
        // A data key moved between children is refused too.
        let third = try await database.store.add([Fixtures.simpleRecord(surname: "Third")])[0]
        try await database.pool.write { db in
            try db.execute(
                sql: """
                    UPDATE "data_key" SET "wrapped" = (SELECT "wrapped" FROM "data_key" WHERE "child_id" = ?)
                    WHERE "child_id" = ?
                    """,
                arguments: [source, third.reference.number]
            )
        }
        await #expect {
            _ = try await database.store.load(third.reference)
        } throws: { error in
            guard case .integrity(let reference, let detail) = error as? RegisterError else { return false }
            return reference == third.reference && detail.contains("data key")
        }
        // Contact notes moved to another contact row of the same child fail as well.
        var twoContacts = Fixtures.canaryRecord()
        twoContacts.contacts.append(
            Contact(date: LocalDate(2025, 1, 2), method: .phone, officer: "O", judgement: .suitable, notes: "second")
        )
        let fourth = try await database.store.add([twoContacts])[0]
        try await database.pool.write { db in
            try db.execute(
                sql: """
                    UPDATE "contact" SET "notes_sealed" = (SELECT "notes_sealed" FROM "contact" WHERE "child_id" = ? AND "seq" = 0)
                    WHERE "child_id" = ? AND "seq" = 1
                    """,
                arguments: [fourth.reference.number, fourth.reference.number]
            )
        }
        await #expect(throws: RegisterError.integrity(fourth.reference, "sealed notes of contact 1 failed authentication")) {
            _ = try await database.store.load(fourth.reference)
        }
    }

    @Test("a case with no data key is an integrity error, never garbage")
    func missingDataKey() async throws {
        let database = try TestDatabase()
        defer { database.remove() }
        let added = try await database.store.add([Fixtures.simpleRecord()])[0]
        try await database.pool.write { db in
            try db.execute(sql: #"DELETE FROM "data_key" WHERE "child_id" = ?"#, arguments: [added.reference.number])
        }
        await #expect(throws: RegisterError.integrity(added.reference, "the case has no data key")) {
            _ = try await database.store.load(added.reference)
        }
    }
}
