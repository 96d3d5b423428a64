import Testing

@testable import EHECommands

@Suite("Progress of long commands")
struct ProgressTests {
    @Test("off a terminal: a plain line every interval and one at the end, never silent")
    func plainLines() {
        final class Clock: @unchecked Sendable { var seconds = 0.0 }
        final class Output: @unchecked Sendable { var lines: [String] = [] }
        let clock = Clock()
        let output = Output()
        var progress = Terminal.Progress(
            total: 1_000,
            label: "Seeding",
            terminal: false,
            interval: 5,
            now: { clock.seconds },
            write: { output.lines.append($0) }
        )
        progress.update(0)
        clock.seconds = 4.9
        progress.update(100)
        #expect(output.lines.isEmpty)
        clock.seconds = 5.0
        progress.update(200)
        #expect(output.lines == ["Seeding: 200/1000 (20%)\n"])
        clock.seconds = 6
        progress.update(300)
        clock.seconds = 10.5
        progress.update(900)
        progress.update(1_000)
        progress.update(1_000)
        #expect(output.lines == ["Seeding: 200/1000 (20%)\n", "Seeding: 900/1000 (90%)\n", "Seeding: 1000/1000 (100%), done\n"])
    }

    @Test("on a terminal: the bar is redrawn only when the percentage moves")
    func bar() {
        final class Output: @unchecked Sendable { var lines: [String] = [] }
        let output = Output()
        var progress = Terminal.Progress(total: 200, label: "Re-wrapping", terminal: true, write: { output.lines.append($0) })
        progress.update(1)
        progress.update(1)
        progress.update(200)
        #expect(output.lines.count == 3)
        #expect(output.lines.last == "\n")
        #expect(output.lines[1].hasPrefix("\rRe-wrapping [") && output.lines[1].contains("100% 200/200"))
    }
}
