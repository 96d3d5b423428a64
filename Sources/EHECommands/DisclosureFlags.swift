import ArgumentParser
import EHEApp
import EHEReports

/// `--disclosure dfe|suppress[:N]|exact`, defaulting to Config/settings.json `disclosure`.
struct DisclosureFlags: ParsableArguments {
    @Option(
        help: """
            dfe (round to the nearest 10, 'low' for non-zero counts that round to 0), suppress[:N] (hide counts \
            1..N-1 as 'c', then hide more cells until none can be worked out from totals), or exact (NOT FOR \
            PUBLICATION: the file says so). Default: disclosure.defaultMode in Config/settings.json.
            """
    )
    var disclosure: String?

    func mode(_ settings: Settings) throws -> DisclosureMode {
        let text = disclosure ?? settings.disclosure?.defaultMode ?? "dfe"
        let threshold = settings.disclosure?.suppressionThreshold ?? 6
        switch text {
        case "dfe": return .rounding(base: 10)
        case "exact": return .exact
        case "suppress": return .suppression(threshold: threshold)
        default:
            if text.hasPrefix("suppress:"), let value = Int(text.dropFirst(9)), value >= 2 { return .suppression(threshold: value) }
            throw ValidationError("--disclosure: use dfe, suppress, suppress:N (N at least 2) or exact")
        }
    }
}
