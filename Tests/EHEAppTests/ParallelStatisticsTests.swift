import EHEApp
import EHECore
import EHEReports
import EHETestSupport
import Foundation
import Testing

@Suite("Statistics counted by several readers at once", .serialized)
struct ParallelStatisticsTests {
    @Test("every export is the same whether one reader or several count the register")
    func readersAgree() async throws {
        var cli = CLI()
        defer { cli.remove() }
        #expect(try cli.run("demo", "seed", "--children", "701").status == 0)
        var source = try StatisticsSource.open(
            options: RegisterOptions(dataDirectory: cli.data),
            environment: ["EHE_HOME": CLI.repositoryRoot, "EHE_TODAY": "2026-11-30"],
            currentDirectory: CLI.repositoryRoot
        )
        let requests = [
            ExportRequest(kind: .dashboard, mode: .exact),
            ExportRequest(kind: .dfeCensus, mode: .exact, term: "autumn", year: "2026/27"),
            ExportRequest(kind: .dfeAnnual, mode: .exact, year: "2025/26"),
            ExportRequest(kind: .placePlanning, mode: .exact),
        ]
        func texts() async throws -> [String] {
            var all: [String] = []
            for request in requests { all += try await source.export(request).files.map(\.text) }
            return all
        }
        source.readers = 1
        let single = try await texts()
        #expect(single[0].contains("Live EHE,Total,Total,"))
        for readers in [2, 3, 7] {
            source.readers = readers
            #expect(try await texts() == single, "\(readers) readers")
        }
    }
}
