import ArgumentParser
import EHEApp
import EHECore

struct KeysRotateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rotate",
        abstract: "Add a new primary key; older keys keep working until re-wrapped (or re-indexed) and retired."
    )

    @OptionGroup var register: RegisterFlags

    @Flag(help: "Rotate the blind-index key instead of the key-encryption key.")
    var index = false

    func run() async throws {
        let opened = try register.open()
        let keys = opened.keys
        if index {
            let id = try keys.rotateIndexKey()
            try await opened.recordOperation("keys.rotate", detail: "index key=\(id)")
            print("New primary index key \(id). Next: ehe keys reindex")
        } else {
            let id = try keys.rotate()
            try await opened.recordOperation("keys.rotate", detail: "key=\(id)")
            print("New primary key-encryption key \(id). Next: ehe keys rewrap")
        }
    }
}
