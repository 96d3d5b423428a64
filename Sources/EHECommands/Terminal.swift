import EHECore
import Foundation

/// Writing to the terminal: results on standard output, errors, warnings and progress on standard error.
enum Terminal {
    static func error(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }

    static var standardErrorIsTerminal: Bool { isatty(2) == 1 }

    /// Progress on standard error: a bar redrawn in place on a terminal; elsewhere (a log file, a pipe,
    /// CI) a plain line every `interval` seconds and one at the end, so a long job is never silent.
    struct Progress {
        let total: Int
        let label: String
        let terminal: Bool
        let interval: Double
        let now: () -> Double
        let write: (String) -> Void
        private var lastPercent = -1
        private var lastLine: Double?

        init(
            total: Int,
            label: String,
            terminal: Bool = Terminal.standardErrorIsTerminal,
            interval: Double = 5,
            now: @escaping () -> Double = { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 },
            write: @escaping (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }
        ) {
            self.total = max(total, 1)
            self.label = label
            self.terminal = terminal
            self.interval = interval
            self.now = now
            self.write = write
        }

        mutating func update(_ done: Int) {
            let percent = min(done, total) * 100 / total
            if terminal {
                guard percent != lastPercent else { return }
                lastPercent = percent
                let width = 30
                let filled = percent * width / 100
                let bar = String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled)
                write("\r\(label) [\(bar)] \(percent)% \(done)/\(total)")
                if done >= total { write("\n") }
                return
            }
            let time = now()
            let finished = done >= total
            if lastLine == nil { lastLine = time }
            guard finished || time - (lastLine ?? time) >= interval else { return }
            guard !(finished && lastPercent == 100) else { return }
            lastLine = time
            lastPercent = percent
            write("\(label): \(done)/\(total) (\(percent)%)\(finished ? ", done" : "")\n")
        }
    }

    /// Left-aligned columns separated by two spaces.
    static func table(_ header: [String], _ rows: [[String]]) -> String {
        var widths = header.map(\.count)
        for row in rows {
            for (index, cell) in row.enumerated() where index < widths.count { widths[index] = max(widths[index], cell.count) }
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in
                index == cells.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }
        return ([line(header)] + rows.map(line)).joined(separator: "\n")
    }

    /// Pretty JSON with sorted keys.
    static func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
