import ArgumentParser
import EHEApp
import EHECore
import Foundation

/// Turning command-line text into domain values, with errors that name the option and the rule.
enum Arguments {
    static func date(_ text: String, option: String) throws -> LocalDate {
        guard let date = LocalDate(iso: text) else {
            throw ValidationError("\(option): must be a real date written YYYY-MM-DD")
        }
        guard LocalDate.registerRange.contains(date) else { throw ValidationError("\(option): \(LocalDate.registerRangeMessage)") }
        return date
    }

    /// An academic year written `2025/26`, as a usage error (64) naming the option when it is not one.
    static func academicYear(_ text: String, option: String) throws -> Int {
        do {
            return try ExportRequest.academicYear(text, field: option)
        } catch {
            guard case .invalid(let problems) = error else { throw error }
            throw ValidationError(problems.map { "\($0.field): \($0.message)" }.joined(separator: "; "))
        }
    }

    static func optionalDate(_ text: String?, option: String) throws -> LocalDate? {
        try text.map { try date($0, option: option) }
    }

    static func code<C: CodeList>(_ type: C.Type, _ text: String, option: String) throws -> C {
        guard let code = C(rawValue: text) else {
            throw ValidationError("\(option): not a \(C.listName) code; use one of: \(C.allCodes.joined(separator: ", "))")
        }
        return code
    }

    static func reference(_ text: String) throws -> CaseReference {
        guard let reference = CaseReference(text) else {
            throw ValidationError("REF: expected a case reference such as EHE-000123")
        }
        return reference
    }

    /// Runs an action, naming the fields of any validation problem as this command's flags
    /// (`officer` → `--officer`): the application names them in the domain's words.
    static func flags<Result>(_ names: [String: String], _ action: () async throws -> Result) async throws -> Result {
        do {
            return try await action()
        } catch let error as RegisterError {
            throw error.renamingFields(names)
        }
    }

    /// The bytes of a file, or of standard input for nil or "-".
    static func input(file: String?) throws -> Data {
        if let file, file != "-" {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw ValidationError("--file: cannot read \(file)")
            }
            return data
        }
        return FileHandle.standardInput.readDataToEndOfFile()
    }
}

/// `--json` for commands that can print machine-readable output.
struct OutputFlags: ParsableArguments {
    @Flag(help: "Print JSON instead of a table.")
    var json = false
}

/// The case a change is made to, and optionally the version it must still be at.
struct CaseChangeTarget: ParsableArguments {
    @Argument(help: "Case reference, e.g. EHE-000123.")
    var reference: String

    @Option(name: .customLong("expected-version"), help: "Refuse (exit 67) if the case is no longer at this version.")
    var expectedVersion: Int?

    func caseReference() throws -> CaseReference {
        try Arguments.reference(reference)
    }
}
