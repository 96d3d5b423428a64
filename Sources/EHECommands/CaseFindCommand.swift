import ArgumentParser
import EHEApp
import EHECore
import Foundation

struct CaseFindCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "find",
        abstract: "Find a child by UPN, name, date of birth, postcode or a surname as heard.",
        discussion: """
            Every criterion given must match. Names match whatever their case, accents, apostrophes and \
            spaces (O'Neill = ONeill = O Neill; Zoë = Zoe), and a double-barrelled surname is found by either \
            part (Smith-Jones by Jones). --sounds-like matches surnames that sound alike (Thomson/Thompson, \
            Stephens/Stevens). A forename needs --dob or another criterion. Shows personal data: use it for \
            your work only.

            Examples: ehe case find --surname "O'Neill" --dob 2014-03-02
                      ehe case find --sounds-like Thomson --postcode EX1
            """
    )

    @OptionGroup var register: RegisterFlags
    @OptionGroup var output: OutputFlags

    @Option(help: "Unique pupil number.")
    var upn: String?

    @Option(help: "Surname, or one part of a double-barrelled surname.")
    var surname: String?

    @Option(help: "First forename (with --dob or another criterion).")
    var forename: String?

    @Option(help: "Date of birth, YYYY-MM-DD.")
    var dob: String?

    @Option(help: "Full postcode (EX1 3QZ) or district (EX1).")
    var postcode: String?

    @Option(name: .customLong("sounds-like"), help: "A surname as heard; matches sound-alike spellings.")
    var soundsLike: String?

    func run() async throws {
        let criteria = SearchCriteria(
            upn: upn,
            surname: surname,
            forename: forename,
            dateOfBirth: try Arguments.optionalDate(dob, option: "--dob"),
            postcode: postcode,
            soundsLike: soundsLike
        )
        let opened = try register.open()
        let hits: [SearchHit]
        do {
            hits = try await opened.cases.find(criteria)
        } catch let error as RegisterError {
            throw error.renamingFields([
                "upn": "--upn", "surname": "--surname", "soundsLike": "--sounds-like", "forename": "--forename",
                "postcode": "--postcode", "dateOfBirth": "--dob",
            ])
        }
        if output.json {
            let rows = hits.map { FoundChild($0, today: opened.today) }
            print(try Terminal.json(rows))
            return
        }
        guard !hits.isEmpty else {
            print("No child matches.")
            return
        }
        print(
            Terminal.table(
                ["REFERENCE", "NAME", "DATE OF BIRTH", "YEAR GROUP", "STATUS"],
                hits.map {
                    [
                        $0.reference.description, "\($0.child.forenames) \($0.child.surname)", $0.child.dateOfBirth.iso,
                        SchoolCalendar.yearGroupLabel(SchoolCalendar.yearGroup(dateOfBirth: $0.child.dateOfBirth, on: opened.today)),
                        $0.status.rawValue,
                    ]
                }
            )
        )
    }
}
