import ArgumentParser
import EHEApp
import EHECore
import Foundation

struct YearGroupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "year-group",
        abstract: "Year group and compulsory school age for a date of birth.",
        discussion: """
            Year group is the DfE expected year group, from age on 31 August. Compulsory school age starts on \
            the first of 31 March, 31 August or 31 December on or after the 5th birthday, and ends on the last \
            Friday in June of the school year in which the child turns 16 (Education Act 1996 s.8). Needs no \
            register or keyring.

            Example: ehe year-group --dob 2019-09-01 --as-of 2025-10-02
            """
    )

    @Option(help: "Date of birth, YYYY-MM-DD.")
    var dob: String

    @Option(name: .customLong("as-of"), help: "The date to work it out for (default: today).")
    var asOf: String?

    @OptionGroup var output: OutputFlags

    func run() async throws {
        let dob = try Arguments.date(dob, option: "--dob")
        let asOf = try Arguments.optionalDate(asOf, option: "--as-of") ?? (try Self.today())
        guard dob <= asOf else { throw ValidationError("--dob: the date of birth must not be after --as-of") }
        let facts = SchoolAgeFacts(dateOfBirth: dob, asOf: asOf)
        if output.json {
            print(try Terminal.json(facts))
            return
        }
        print(
            """
            Date of birth:           \(facts.dateOfBirth)
            On:                      \(facts.asOf) (academic year \(facts.academicYear))
            Year group:              \(facts.yearGroupLabel) (NCY \(facts.yearGroup))
            Age:                     \(facts.ageInYears)
            Compulsory school age:   \(facts.compulsorySchoolAgeStart) to \(facts.compulsorySchoolAgeEnd)
            Of compulsory school age on \(facts.asOf): \(facts.ofCompulsorySchoolAge ? "yes" : "no")
            """
        )
    }

    static func today() throws -> LocalDate {
        try Register.today()
    }
}
