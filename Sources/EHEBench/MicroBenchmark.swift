import EHEApp
import EHECore
import EHECrypto
import Foundation

/// `ehe-bench micro`: CPU cost per child of the steps of storing a case, without the database.
func microBenchmark(_ options: Options) throws {
    var demo = DemoRegister(seed: 1, today: LocalDate(2026, 11, 30), postcodePrefixes: ["EX1", "TQ1"])
    let records = (0..<options.children).map { _ in demo.next() }
    let keyring = Keyring.generate(development: true)
    let indexer = try BlindIndexer(keyring: keyring)
    let sealer = try EnvelopeSealer(keyring: keyring)
    let clock = ContinuousClock()
    func measure(_ name: String, _ body: () throws -> Int) rethrows {
        let start = clock.now
        let count = try body()
        let perChild = seconds(clock.now - start) / Double(records.count) * 1e6
        print(String(format: "%-28@ %.2f µs per child (%d)", name as NSString, perChild, count))
    }
    var terms: [[IndexTerm]] = []
    measure("index terms") {
        terms = records.map { IndexTerm.terms(for: $0.child) }
        return terms.count
    }
    measure("HMAC tokens") { terms.reduce(0) { $0 + indexer.primaryTokens($1).count } }
    try measure("data key + wrap") {
        try records.indices.reduce(0) { count, index in
            _ = try sealer.makeDataKey(for: SealContext(table: "child", fieldGroup: "data_key", recordID: String(index)))
            return count + 1
        }
    }
    let (key, _) = try sealer.makeDataKey(for: SealContext(table: "child", fieldGroup: "data_key", recordID: "1"))
    try measure("4 seals of ~120 bytes") {
        var count = 0
        for (index, _) in records.enumerated() {
            for group in ["identity", "address", "family", "notes"] {
                count += try key.seal(
                    Data(repeating: 65, count: 120),
                    context: SealContext(table: "child", fieldGroup: group, recordID: String(index))
                ).count
            }
        }
        return count
    }
}
