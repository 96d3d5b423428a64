import EHEApp
import EHECore
import EHEReports
import Foundation
import PropertyBased
import Testing

/// Issue 15: the probe's `dfe-annual?year=9999/00` and `suppress:2` found faults the examples missed.
/// For any text, the export parameters are a value the register can use or a problem naming the field.
@Suite("Properties: export parameters")
struct ExportParameterPropertyTests {
    /// The repository's settings (threshold 6).
    static let settings = FileManager.default.contents(atPath: Workspace.root + "/Config/settings.json")
        .flatMap { try? JSONDecoder().decode(Settings.self, from: $0) }

    static let yearText = Gen.oneOf(
        Gen.ascii.string(of: 0...9),
        zip(Gen.int(in: -100...10_100), Gen.int(in: -5...105)).map { String(format: "%04d/%02d", $0, $1) },
        Gen.int(in: 1850...2250).map { "\($0)/\(String(format: "%02d", ($0 + 1) % 100))" }
    )

    @Test("any academic-year text is a year whose first and last days are on the register's calendar, or a field-named problem")
    func academicYears() async {
        await propertyCheck(count: 3000, input: Self.yearText) { text in
            do {
                let first = try ExportRequest.academicYear(text)
                #expect(LocalDate.registerRange.contains(LocalDate(first, 9, 1)))
                #expect(LocalDate.registerRange.contains(LocalDate(first + 1, 8, 31)))
                #expect(text == "\(first)/\(String(format: "%02d", (first + 1) % 100))")
            } catch RegisterError.invalid(let problems) {
                #expect(problems.map(\.field) == ["year"])
                #expect(["format", "date_range"].contains(problems.first?.rule ?? ""))
            } catch {
                Issue.record("not a validation error: \(error)")
            }
        }
    }

    static let modeText = Gen.oneOf(
        Gen.ascii.string(of: 0...12),
        Gen.int().map { "suppress:\($0)" },
        Gen.int(in: -10...1100).map { "suppress:\($0)" },
        Gen.int(in: 0...3).map { ["dfe", "exact", "suppress", "suppress:"][$0] }
    )

    @Test("any disclosure text is a mode at or above the configured threshold, or a field-named problem")
    func disclosureModes() async throws {
        let settings = try #require(Self.settings)
        await propertyCheck(count: 3000, input: Self.modeText) { text in
            do {
                switch try ExportRequest.disclosureMode(text, settings: settings) {
                case .suppression(let threshold): #expect((6...1000).contains(threshold))
                case .rounding(let base): #expect(base == 10)
                case .exact: #expect(text == "exact")
                }
            } catch RegisterError.invalid(let problems) {
                #expect(problems.map(\.field) == ["disclosure"])
            } catch {
                Issue.record("not a validation error: \(error)")
            }
        }
    }
}
