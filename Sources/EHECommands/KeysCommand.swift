import ArgumentParser
import EHEApp
import EHECore
import Foundation

struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "See and manage the register's keys: rotate, re-wrap, re-index, retire.",
        discussion: """
            To rotate the key-encryption key: `ehe keys rotate`, then `ehe keys rewrap`, then \
            `ehe keys retire OLD-ID`. To rotate the index key: `ehe keys rotate --index`, `ehe keys reindex`, \
            `ehe keys retire OLD-ID`. Re-wrap and re-index work in batches, one transaction each: if either is \
            interrupted, run it again and it finishes the job.
            """,
        subcommands: [
            KeysStatusCommand.self, KeysRotateCommand.self, KeysRewrapCommand.self, KeysReindexCommand.self,
            KeysRetireCommand.self,
        ]
    )
}
