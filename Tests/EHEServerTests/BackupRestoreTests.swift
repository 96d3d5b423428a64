import EHETestSupport
import Foundation
import Testing

/// Issue 15: `ehe backup` takes an online, consistent copy while `ehe serve` runs and writes to it;
/// `ehe restore` puts it into an empty folder and verifies it before it is trusted — and refuses, leaving
/// the folder empty, a damaged backup, the wrong keyring, or a folder that already holds a register.
@Suite("Backups that restore")
struct BackupRestoreTests {
    /// Records a contact on each case through the API (read the ETag, then write with If-Match); returns
    /// the statuses.
    static func writeContacts(_ server: ServerHarness, token: String, cases: ClosedRange<Int>) async throws -> [Int] {
        let headers = ServerHarness.bearer(token)
        var statuses: [Int] = []
        for number in cases {
            let reference = String(format: "EHE-%06d", number)
            let read = try await server.request("GET", "/api/v1/cases/\(reference)", headers: headers)
            guard let etag = read.header("ETag") else {
                statuses.append(read.status)
                continue
            }
            let written = try await server.request(
                "POST",
                "/api/v1/cases/\(reference)/contacts",
                json: ["date": "2026-11-20", "method": "phone", "officer": "B. Ackup", "substantive": false],
                headers: headers.merging(["If-Match": etag]) { $1 }
            )
            statuses.append(written.status)
        }
        return statuses
    }

    @Test("a backup taken while the service writes restores into an empty folder, verified; the keyring is never in it")
    func roundTrip() async throws {
        let server = try ServerHarness(children: 150)
        defer { server.remove() }
        let token = try server.token("officer")
        var cli = server.cli
        let archive = cli.folder + "/during.tar"
        // Writes go on while the backup is taken.
        let writes = Task.detached { try await Self.writeContacts(server, token: token, cases: 1...60) }
        let during = try cli.run("backup", "-o", archive, "--json")
        #expect(during.status == 0, "\(during.stderr)")
        #expect(try await writes.value.allSatisfy { $0 == 200 })
        let manifest = try JSONSerialization.jsonObject(with: Data(during.stdout.utf8)) as? [String: Any] ?? [:]
        #expect((manifest["contents"] as? [String: Any])?["cases"] as? Int == 150)
        #expect(manifest["format"] as? String == "ehe-backup/1")

        // The archive holds the manifest and the two files, 0600, and not one byte of the keyring's keys.
        let attributes = try FileManager.default.attributesOfItem(atPath: archive)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: archive))
        let keyring = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: cli.data + "/keyring.json")))
        for secret in Self.strings(in: keyring) where secret.count >= 32 {
            #expect(bytes.range(of: Data(secret.utf8)) == nil, "a keyring value is in the backup")
        }

        // A second backup after the writes, restored: the writes are there, the chain verifies, every case opens.
        #expect(try cli.run("backup", "-o", cli.folder + "/after.tar").status == 0)
        let restored = cli.folder + "/restored"
        let keyringPath = cli.data + "/keyring.json"
        let restore = try cli.run("restore", cli.folder + "/after.tar", "--data-dir", restored, "--keyring", keyringPath, "--json")
        #expect(restore.status == 0, "\(restore.stderr)")
        let report = try JSONSerialization.jsonObject(with: Data(restore.stdout.utf8)) as? [String: Any] ?? [:]
        #expect(report["casesOpened"] as? Int == 150)
        let verify = try cli.run("audit", "verify", "--data-dir", restored, "--keyring", keyringPath)
        #expect(verify.status == 0 && verify.stdout.contains("intact"), "\(verify.stdout) \(verify.stderr)")
        let shown = try cli.run("case", "show", "EHE-000060", "--json", "--data-dir", restored, "--keyring", keyringPath, record: false)
        #expect(shown.stdout.contains("B. Ackup"), "the contact written before the backup is in the restored register")
        for file in ["register.sqlite", "audit.sqlite"] {
            let mode = (try FileManager.default.attributesOfItem(atPath: restored + "/" + file)[.posixPermissions] as? NSNumber)?.intValue
            #expect(mode == 0o600, "\(file)")
        }
        // The copy taken during the writes restores and verifies too.
        let second = try cli.run("restore", archive, "--data-dir", cli.folder + "/restored-during", "--keyring", keyringPath)
        #expect(second.status == 0, "\(second.stderr)")
    }

    @Test("a damaged backup, the wrong keyring, or a folder with a register are refused; the folder is left as it was")
    func refusals() async throws {
        var cli = CLI()
        defer { cli.remove() }
        #expect(try cli.run("demo", "seed", "--children", "20").status == 0)
        let archive = cli.folder + "/b.tar"
        #expect(try cli.run("backup", "-o", archive).status == 0)
        let keyring = cli.data + "/keyring.json"

        // One byte changed deep inside the register's copy.
        var damaged = try Data(contentsOf: URL(fileURLWithPath: archive))
        damaged[damaged.count / 2] ^= 0x5A
        try damaged.write(to: URL(fileURLWithPath: cli.folder + "/damaged.tar"))
        let target = cli.folder + "/target"
        let refused = try cli.run("restore", cli.folder + "/damaged.tar", "--data-dir", target, "--keyring", keyring)
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("checksum"), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: target + "/register.sqlite"))

        // Not an archive at all.
        try Data("not a backup".utf8).write(to: URL(fileURLWithPath: cli.folder + "/junk.tar"))
        let junk = try cli.run("restore", cli.folder + "/junk.tar", "--data-dir", target, "--keyring", keyring)
        #expect(junk.status != 0 && junk.stderr.contains("not a register backup"), "\(junk.stderr)")

        // Another register's keyring: the key checks refuse it, and nothing stays behind.
        var other = CLI()
        defer { other.remove() }
        #expect(try other.run("init").status == 0)
        let wrong = try cli.run("restore", archive, "--data-dir", target, "--keyring", other.data + "/keyring.json")
        #expect(wrong.status != 0, "\(wrong.stdout)")
        #expect(!FileManager.default.fileExists(atPath: target + "/register.sqlite"))
        #expect(!FileManager.default.fileExists(atPath: target + "/audit.sqlite"))

        // A folder that already holds a register.
        let occupied = try cli.run("restore", archive, "--data-dir", cli.data, "--keyring", keyring)
        #expect(occupied.status != 0 && occupied.stderr.contains("already holds a register"), "\(occupied.stderr)")

        // And the right keyring into the now still empty folder works.
        #expect(try cli.run("restore", archive, "--data-dir", target, "--keyring", keyring).status == 0)
    }

    static func strings(in value: Any) -> [String] {
        switch value {
        case let text as String: [text]
        case let array as [Any]: array.flatMap(strings)
        case let object as [String: Any]: object.values.flatMap(strings)
        default: []
        }
    }
}
