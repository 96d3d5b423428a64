import ArgumentParser
import EHEApp
import EHEReports
import Foundation

/// What every export takes: the register folder, the disclosure mode and where to write; and writing the
/// files, marked NOT FOR PUBLICATION in exact mode.
struct ExportFlags: ParsableArguments {
    @Option(name: .customLong("data-dir"), help: "Folder holding the register database (default: ./data).")
    var dataDirectory: String?

    @OptionGroup var disclosure: DisclosureFlags

    @Option(help: "Folder to write the files into.")
    var out = "exports"

    /// The register opened for statistics (no keyring) and the disclosure mode to apply.
    func open() throws -> (source: StatisticsSource, mode: DisclosureMode) {
        let source = try StatisticsSource.open(options: RegisterOptions(dataDirectory: dataDirectory))
        return (source, try disclosure.mode(source.settings))
    }

    /// Writes `stem` + each suffix into the output folder and says so; returns the paths.
    @discardableResult
    func write(_ stem: String, mode: DisclosureMode, _ files: [(suffix: String, text: String)]) throws -> [String] {
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let base = out + "/" + stem + (mode == .exact ? ".NOT-FOR-PUBLICATION" : "")
        let paths = try files.map { file in
            try Data(file.text.utf8).write(to: URL(fileURLWithPath: base + file.suffix))
            return base + file.suffix
        }
        print("Wrote " + paths.joined(separator: " and "))
        if mode == .exact { Terminal.error("warning: exact counts — NOT FOR PUBLICATION") }
        return paths
    }
}
