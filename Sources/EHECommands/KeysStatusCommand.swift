import ArgumentParser
import EHEApp
import EHECore

struct KeysStatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Key ids, when created, state, and how many children each key serves."
    )

    @OptionGroup var register: RegisterFlags
    @OptionGroup var output: OutputFlags

    func run() async throws {
        let rows = try register.open().keys.status()
        if output.json {
            print(try Terminal.json(rows))
            return
        }
        print(
            Terminal.table(
                ["ID", "PURPOSE", "STATE", "CREATED", "CHILDREN"],
                rows.map { [$0.id, $0.purpose, $0.state + ($0.retired.map { " \($0)" } ?? ""), $0.created, String($0.children)] }
            )
        )
    }
}
