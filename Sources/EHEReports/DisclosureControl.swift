public import EHECore

/// Disclosure control for published counts (DOMAIN.md §11): DfE-style rounding, or primary suppression of
/// small counts plus secondary suppression so that no suppressed cell can be worked out from the totals
/// that are published — across every breakdown of the same total at once.
///
/// A table is a set of named cells (totals included) and the additive relations between them
/// (`total = part₁ + part₂ + …`). Several breakdowns of one total (by sex, by year group, by reason) are
/// several relations sharing the total cell, so suppression is decided for all of them together.
public struct DisclosureTable: Sendable, Hashable {
    /// A total and the cells that add up to it.
    public struct Relation: Sendable, Hashable {
        public var total: String
        public var parts: [String]

        public init(total: String, parts: [String]) {
            self.total = total
            self.parts = parts
        }
    }

    public var counts: [String: Int]
    public var relations: [Relation]

    public init(counts: [String: Int], relations: [Relation]) {
        self.counts = counts
        self.relations = relations
    }
}

/// How counts are made safe to publish.
public enum DisclosureMode: Sendable, Hashable, CustomStringConvertible {
    /// Exact counts: only for restricted use, never for publication.
    case exact
    /// Round to the nearest `base` (DfE LA practice: 10); a non-zero count that rounds to 0 is `low`.
    case rounding(base: Int)
    /// Suppress counts from 1 to `threshold - 1` (`c`), then suppress further cells until none can be
    /// recovered from published totals.
    case suppression(threshold: Int)

    /// The mode as it is asked for: `dfe` (rounding to 10), `round:N`, `suppress:N` or `exact`.
    public var description: String {
        switch self {
        case .exact: "exact"
        case .rounding(let base): base == 10 ? "dfe" : "round:\(base)"
        case .suppression(let threshold): "suppress:\(threshold)"
        }
    }
}

/// A published value: a number or one of the GSS/DfE symbols (DOMAIN.md §11.2).
public enum PublishedValue: Sendable, Hashable, CustomStringConvertible {
    case count(Int)
    /// `c`: confidential, suppressed.
    case suppressed
    /// `low`: not zero, but rounds to zero.
    case low
    /// `z`: not applicable.
    case notApplicable
    /// `x`: unavailable.
    case unavailable

    public var description: String {
        switch self {
        case .count(let value): String(value)
        case .suppressed: "c"
        case .low: "low"
        case .notApplicable: "z"
        case .unavailable: "x"
        }
    }

    /// The number, when one is published.
    public var number: Int? {
        if case .count(let value) = self { return value }
        return nil
    }
}

public enum DisclosureControl {
    /// The published value of every cell of the table under `mode`.
    public static func apply(_ table: DisclosureTable, mode: DisclosureMode) -> [String: PublishedValue] {
        switch mode {
        case .exact:
            return table.counts.mapValues(PublishedValue.count)
        case .rounding(let base):
            return table.counts.mapValues { count in
                let rounded = Int((Double(count) / Double(base)).rounded(.toNearestOrAwayFromZero)) * base
                return count > 0 && rounded == 0 ? .low : .count(rounded)
            }
        case .suppression(let threshold):
            var suppressed = Set(table.counts.filter { (1..<threshold).contains($0.value) }.keys)
            // Add secondary suppressions until no suppressed cell is determined by the published ones.
            while true {
                let exposed = recoverable(table, suppressed: suppressed).sorted()
                if exposed.isEmpty { break }
                if let extra = exposed.lazy.compactMap({ secondaryCandidate(for: $0, in: table, suppressed: suppressed) }).first {
                    suppressed.insert(extra)
                } else {
                    // Nothing left to hide beside the exposed cells: fail safe and publish no number at all.
                    suppressed = Set(table.counts.keys)
                }
            }
            return Dictionary(
                uniqueKeysWithValues: table.counts.map { key, value in
                    (key, suppressed.contains(key) ? PublishedValue.suppressed : .count(value))
                }
            )
        }
    }

    /// The cell to suppress next so that `exposed` is no longer determined: in a relation containing it, the
    /// unsuppressed cell with the smallest non-zero count (least information lost; a true zero protects
    /// little, since counts cannot be negative), preferring parts to totals.
    static func secondaryCandidate(for exposed: String, in table: DisclosureTable, suppressed: Set<String>) -> String? {
        var best: (cell: String, isTotal: Bool, count: Int)?
        for relation in table.relations where relation.total == exposed || relation.parts.contains(exposed) {
            for cell in relation.parts + [relation.total] where !suppressed.contains(cell) {
                let candidate = (cell: cell, isTotal: cell == relation.total, count: table.counts[cell] ?? 0)
                func rank(_ value: (cell: String, isTotal: Bool, count: Int)) -> (Int, Int, Int, String) {
                    (value.isTotal ? 1 : 0, value.count == 0 ? 1 : 0, value.count, value.cell)
                }
                if let current = best {
                    if rank(candidate) < rank(current) {
                        best = candidate
                    }
                } else {
                    best = candidate
                }
            }
        }
        return best?.cell
    }

    /// Suppressed cells whose value follows from the published cells through the table's relations
    /// (exact Gaussian elimination over the rationals: a cell is determined when it is a pivot whose row
    /// has no free variable).
    public static func recoverable(_ table: DisclosureTable, suppressed: Set<String>) -> Set<String> {
        let unknowns = suppressed.sorted()
        guard !unknowns.isEmpty else { return [] }
        let column = Dictionary(uniqueKeysWithValues: unknowns.enumerated().map { ($1, $0) })
        var rows: [[Fraction]] = []
        for relation in table.relations {
            var row = [Fraction](repeating: .zero, count: unknowns.count)
            var involved = false
            if let index = column[relation.total] {
                row[index] = row[index] + Fraction(1)
                involved = true
            }
            for part in relation.parts {
                if let index = column[part] {
                    row[index] = row[index] - Fraction(1)
                    involved = true
                }
            }
            if involved { rows.append(row) }
        }
        // Reduced row echelon form.
        var pivotColumns: [Int] = []
        var rank = 0
        for col in 0..<unknowns.count where rank < rows.count {
            guard let pivot = (rank..<rows.count).first(where: { !rows[$0][col].isZero }) else { continue }
            rows.swapAt(rank, pivot)
            let lead = rows[rank][col]
            rows[rank] = rows[rank].map { $0 / lead }
            for other in 0..<rows.count where other != rank && !rows[other][col].isZero {
                let factor = rows[other][col]
                rows[other] = zip(rows[other], rows[rank]).map { $0 - factor * $1 }
            }
            pivotColumns.append(col)
            rank += 1
        }
        let pivots = Set(pivotColumns)
        var determined: Set<String> = []
        for (row, col) in pivotColumns.enumerated() {
            let freeEntries = rows[row].enumerated().filter { !pivots.contains($0.offset) && !$0.element.isZero }
            if freeEntries.isEmpty { determined.insert(unknowns[col]) }
        }
        return determined
    }
}

/// An exact fraction of machine integers (the relations' coefficients are small).
struct Fraction: Sendable, Hashable {
    let numerator: Int
    let denominator: Int

    static let zero = Fraction(0)

    init(_ value: Int) {
        self.numerator = value
        self.denominator = 1
    }

    init(_ numerator: Int, _ denominator: Int) {
        precondition(denominator != 0, "division by zero")
        func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? abs(a) : gcd(b, a % b) }
        let divisor = max(gcd(numerator, denominator), 1) * (denominator < 0 ? -1 : 1)
        self.numerator = numerator / divisor
        self.denominator = denominator / divisor
    }

    var isZero: Bool { numerator == 0 }

    static func + (a: Fraction, b: Fraction) -> Fraction {
        Fraction(a.numerator * b.denominator + b.numerator * a.denominator, a.denominator * b.denominator)
    }

    static func - (a: Fraction, b: Fraction) -> Fraction {
        Fraction(a.numerator * b.denominator - b.numerator * a.denominator, a.denominator * b.denominator)
    }

    static func * (a: Fraction, b: Fraction) -> Fraction {
        Fraction(a.numerator * b.numerator, a.denominator * b.denominator)
    }

    static func / (a: Fraction, b: Fraction) -> Fraction {
        Fraction(a.numerator * b.denominator, a.denominator * b.numerator)
    }
}

/// A statistic built by adding cases' clear data one at a time (census, academic year, place planning,
/// dashboard), so every export reads the register in a single streaming pass.
public protocol ClearCaseAggregate: Sendable {
    mutating func add(_ clear: ClearCase)
    /// Adds the counts of an aggregate made with the same parameters from other cases, so several readers
    /// can each count a part of the register.
    mutating func merge(_ other: Self)
}

extension Dictionary where Value == Int {
    /// Adds `other`'s counts to these.
    mutating func add(_ other: [Key: Int]) {
        for (key, count) in other { self[key, default: 0] += count }
    }
}

extension DisclosureControl {
    /// A whole-number percentage of exact counts, as DfE publishes them: `z` when the whole is 0, `low` for a
    /// non-zero part under 0.5 %.
    public static func percentage(_ part: Int, of whole: Int) -> String {
        guard whole > 0 else { return PublishedValue.notApplicable.description }
        let share = Double(part) * 100 / Double(whole)
        return part > 0 && share < 0.5 ? PublishedValue.low.description : String(Int(share.rounded()))
    }
}
