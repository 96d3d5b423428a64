// The libFuzzer entry point (issue 15). Declarations only: libFuzzer brings its own `main`, and in an
// ordinary build this is an empty program. Build and run it as Fuzz/README.md says.
//
// Each input is given to every decoder that takes text from outside the register: the case document
// (JSON, then every domain rule), the form parser, ISO dates and case references. None may trap; a case
// document that passes validation must print back as the same record (checked by trapping on purpose,
// which libFuzzer reports as a finding).
import EHECore
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let data = Data(bytes: bytes, count: count)
    caseDocument(data)
    let text = String(decoding: data, as: UTF8.self)
    let form = FormData(encoded: text)
    for name in form.values.keys { _ = (form[name], form.all(name), form.flag(name)) }
    for line in text.split(separator: "\n", omittingEmptySubsequences: false).prefix(64) {
        if let date = LocalDate(iso: String(line)) {
            guard LocalDate(iso: date.iso) == date else { fatalError("a parsed date does not print back: \(line)") }
            _ = (date.adding(days: count * 1_000_003), date.adding(months: -count * 7919), SchoolAgeFacts(dateOfBirth: date, asOf: date))
        }
        if let reference = CaseReference(String(line)) {
            guard CaseReference(reference.description) == reference else { fatalError("a reference does not print back") }
        }
    }
    return 0
}

/// Decodes, validates and — when valid — prints and re-reads a case document.
func caseDocument(_ data: Data) {
    guard let document = try? JSONDecoder().decode(CaseDocument.self, from: data) else { return }
    let today = LocalDate(2026, 11, 30)
    do {
        let record = try document.record(today: today)
        let stored = StoredCase(reference: CaseReference(number: 1), version: 1, record: record)
        let printed = try JSONEncoder().encode(CaseDocument(stored, asOf: today))
        let again = try JSONDecoder().decode(CaseDocument.self, from: printed).record(today: today)
        guard again == record else { fatalError("a valid case document does not read back as the same record") }
    } catch let error as RegisterError {
        guard case .invalid(let problems) = error, !problems.isEmpty,
            problems.allSatisfy({ !$0.field.isEmpty && !$0.rule.isEmpty })
        else { fatalError("a refused case document did not name its fields and rules: \(error)") }
    } catch {
        fatalError("unexpected error \(type(of: error))")
    }
}
