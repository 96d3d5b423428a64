import EHETestSupport
import Foundation
import Testing

@testable import EHECommands

@Suite("The command-line reference in docs/")
struct CLIReferenceTests {
    @Test("docs/cli-reference.md is every command's help as the commands print it now")
    func referenceMatchesHelp() throws {
        let page = try String(contentsOfFile: CLI.repositoryRoot + "/docs/cli-reference.md", encoding: .utf8)
        #expect(page == ReferenceCommand.markdown(), "regenerate: swift run ehe reference > docs/cli-reference.md")
        // Every command the tree has is on the page, new ones included.
        for name in ["ehe case s437-outcome", "ehe case enforcement", "ehe config show", "ehe config keys", "ehe serve"] {
            #expect(page.contains("## `\(name)`"), "\(name) missing")
        }
    }
}
