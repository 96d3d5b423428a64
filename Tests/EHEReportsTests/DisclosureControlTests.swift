import EHECore
import EHEReports
import Testing

/// An attacker's check, written independently of the register's: a suppressed cell can be recovered
/// when adding "this cell" as a row does not raise the rank of the relations over the suppressed cells
/// (floating-point elimination with partial pivoting, unlike the register's exact fractions).
enum IndependentRecovery {
    static func rank(_ matrix: [[Double]]) -> Int {
        var rows = matrix
        guard let width = rows.first?.count else { return 0 }
        var rank = 0
        for column in 0..<width where rank < rows.count {
            let pivot = (rank..<rows.count).max { abs(rows[$0][column]) < abs(rows[$1][column]) }!
            guard abs(rows[pivot][column]) > 1e-9 else { continue }
            rows.swapAt(rank, pivot)
            for other in (rank + 1)..<rows.count {
                let factor = rows[other][column] / rows[rank][column]
                for index in column..<width { rows[other][index] -= factor * rows[rank][index] }
            }
            rank += 1
        }
        return rank
    }

    /// The suppressed cells an attacker can work out from the published ones.
    static func recovered(_ table: DisclosureTable, _ published: [String: PublishedValue]) -> [String] {
        let hidden = published.filter { $0.value.number == nil }.map(\.key).sorted()
        let index = Dictionary(uniqueKeysWithValues: hidden.enumerated().map { ($1, $0) })
        let matrix: [[Double]] = table.relations.map { relation in
            var row = [Double](repeating: 0, count: hidden.count)
            if let column = index[relation.total] { row[column] += 1 }
            for part in relation.parts { if let column = index[part] { row[column] -= 1 } }
            return row
        }.filter { $0.contains { $0 != 0 } }
        let base = rank(matrix)
        return hidden.filter { cell in
            var unit = [Double](repeating: 0, count: hidden.count)
            unit[index[cell]!] = 1
            return rank(matrix + [unit]) == base
        }
    }
}

@Suite("Disclosure control")
struct DisclosureControlTests {
    @Test("rounding to the nearest 10: low for non-zero counts that round to 0, true zeros stay 0")
    func rounding() {
        let table = DisclosureTable(counts: ["a": 0, "b": 3, "c": 4, "d": 5, "e": 14, "f": 15, "g": 126], relations: [])
        let published = DisclosureControl.apply(table, mode: .rounding(base: 10))
        #expect(published.mapValues(\.description) == ["a": "0", "b": "low", "c": "low", "d": "10", "e": "10", "f": "20", "g": "130"])
    }

    @Test("one small part and its total: a second part is suppressed too, the smallest non-zero one")
    func singleRelation() {
        let table = DisclosureTable(
            counts: ["total": 50, "a": 2, "b": 20, "c": 28, "d": 0],
            relations: [.init(total: "total", parts: ["a", "b", "c", "d"])]
        )
        let published = DisclosureControl.apply(table, mode: .suppression(threshold: 6))
        #expect(published["a"] == .suppressed && published["b"] == .suppressed)
        #expect(published["c"] == .count(28) && published["d"] == .count(0) && published["total"] == .count(50))
        #expect(IndependentRecovery.recovered(table, published).isEmpty)
    }

    @Test("a two-way table with margins needs a rectangle of suppressions")
    func twoWayTable() {
        // Rows: planning areas; columns: phases. Cell (north, primary) = 3.
        let counts = [
            "north.primary": 3, "north.secondary": 40, "south.primary": 25, "south.secondary": 60,
            "north": 43, "south": 85, "primary": 28, "secondary": 100, "total": 128,
        ]
        let table = DisclosureTable(
            counts: counts,
            relations: [
                .init(total: "north", parts: ["north.primary", "north.secondary"]),
                .init(total: "south", parts: ["south.primary", "south.secondary"]),
                .init(total: "primary", parts: ["north.primary", "south.primary"]),
                .init(total: "secondary", parts: ["north.secondary", "south.secondary"]),
                .init(total: "total", parts: ["north", "south"]),
                .init(total: "total", parts: ["primary", "secondary"]),
            ]
        )
        let published = DisclosureControl.apply(table, mode: .suppression(threshold: 6))
        #expect(published.values.filter { $0 == .suppressed }.count >= 4)
        #expect(IndependentRecovery.recovered(table, published).isEmpty)
    }

    @Test("several breakdowns of one total are protected together")
    func breakdownsOfOneTotal() {
        let counts = [
            "total": 41, "sex.female": 39, "sex.male": 2, "year.10": 20, "year.11": 17, "year.1": 4, "reason.mental_health": 30,
            "reason.other": 11,
        ]
        let table = DisclosureTable(
            counts: counts,
            relations: [
                .init(total: "total", parts: ["sex.female", "sex.male"]), .init(total: "total", parts: ["year.10", "year.11", "year.1"]),
                .init(total: "total", parts: ["reason.mental_health", "reason.other"]),
            ]
        )
        let published = DisclosureControl.apply(table, mode: .suppression(threshold: 6))
        #expect(published["sex.male"] == .suppressed && published["year.1"] == .suppressed)
        #expect(IndependentRecovery.recovered(table, published).isEmpty)
    }

    @Test("random tables: no published cell from 1 to N-1, and nothing suppressed can be recovered", arguments: 0..<40)
    func randomTables(seed: Int) {
        var generator = SeededGenerator(seed: UInt64(seed) &+ 1)
        let rows = Int.random(in: 2...5, using: &generator)
        let columns = Int.random(in: 2...5, using: &generator)
        let threshold = [3, 6, 10][seed % 3]
        var counts: [String: Int] = [:]
        var relations: [DisclosureTable.Relation] = []
        for row in 0..<rows {
            for column in 0..<columns {
                counts["r\(row).c\(column)"] =
                    Bool.random(using: &generator) ? Int.random(in: 0...8, using: &generator) : Int.random(in: 9...60, using: &generator)
            }
            counts["r\(row)"] = (0..<columns).reduce(0) { $0 + counts["r\(row).c\($1)"]! }
            relations.append(.init(total: "r\(row)", parts: (0..<columns).map { "r\(row).c\($0)" }))
        }
        for column in 0..<columns {
            counts["c\(column)"] = (0..<rows).reduce(0) { $0 + counts["r\($1).c\(column)"]! }
            relations.append(.init(total: "c\(column)", parts: (0..<rows).map { "r\($0).c\(column)" }))
        }
        counts["total"] = (0..<rows).reduce(0) { $0 + counts["r\($1)"]! }
        relations.append(.init(total: "total", parts: (0..<rows).map { "r\($0)" }))
        relations.append(.init(total: "total", parts: (0..<columns).map { "c\($0)" }))
        let table = DisclosureTable(counts: counts, relations: relations)
        let published = DisclosureControl.apply(table, mode: .suppression(threshold: threshold))
        for (cell, value) in published {
            if let number = value.number { #expect(!(1..<threshold).contains(number), "\(cell) = \(number) published") }
        }
        #expect(IndependentRecovery.recovered(table, published).isEmpty, "seed \(seed)")
        #expect(published.values.contains { $0.number != nil }, "something is still published")
    }

    @Test("exact mode publishes every count as it is")
    func exact() {
        let table = DisclosureTable(counts: ["a": 1, "b": 2], relations: [])
        #expect(DisclosureControl.apply(table, mode: .exact) == ["a": .count(1), "b": .count(2)])
    }
}
