import EHEApp
import EHECore
import EHEReports
import Foundation

/// Formatting shared by the page views.
enum PageModel {
    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// `30 Nov 2026`.
    static func date(_ date: LocalDate?) -> String {
        guard let date else { return "" }
        return "\(date.day) \(months[date.month - 1]) \(date.year)"
    }
}

/// The dashboard's aggregates, kept for a few minutes: counting a million children takes about a second,
/// a page must not.
actor DashboardCache {
    struct Entry {
        var asOf: LocalDate
        var made: Date
        var dashboard: Dashboard
    }

    private var entry: Entry?
    static let lifetime: TimeInterval = 600

    func dashboard(asOf: LocalDate, source: () throws -> StatisticsSource) async throws -> (Dashboard, Date) {
        if let entry, entry.asOf == asOf, Date().timeIntervalSince(entry.made) < Self.lifetime {
            return (entry.dashboard, entry.made)
        }
        let made = Date()
        let dashboard = try await source().dashboard(asOf: asOf, periodStart: asOf.adding(months: -12).adding(days: 1))
        entry = Entry(asOf: asOf, made: made, dashboard: dashboard)
        return (dashboard, made)
    }
}

/// Charts drawn on the server as SVG from published (disclosure-controlled) numbers: a line for the trend,
/// horizontal bars for breakdowns. Suppressed values are drawn as gaps and labelled.
enum Chart {
    static func bars(_ title: String, _ rows: [(label: String, value: PublishedValue)]) -> String {
        let width = 640
        let rowHeight = 22
        let labelWidth = 260
        let height = rows.count * rowHeight + 10
        let top = rows.compactMap { if case .count(let value) = $0.value { value } else { nil } }.max() ?? 0
        var svg =
            #"<svg role="img" aria-label="\#(escape(title))" viewBox="0 0 \#(width) \#(height)" width="100%" class="chart"><title>\#(escape(title))</title>"#
        for (index, row) in rows.enumerated() {
            let y = index * rowHeight + 5
            let label = row.label.count > 36 ? String(row.label.prefix(35)) + "…" : row.label
            svg += #"<text x="0" y="\#(y + 15)" class="chart-label"><title>\#(escape(row.label))</title>\#(escape(label))</text>"#
            switch row.value {
            case .count(let value):
                let length = top == 0 ? 0 : Int(Double(width - labelWidth - 60) * Double(value) / Double(top))
                svg += #"<rect x="\#(labelWidth)" y="\#(y + 3)" width="\#(max(length, 1))" height="14" class="chart-bar"></rect>"#
                svg += #"<text x="\#(labelWidth + length + 6)" y="\#(y + 15)" class="chart-value">\#(value)</text>"#
            default:
                svg += #"<text x="\#(labelWidth)" y="\#(y + 15)" class="chart-value">\#(row.value) (not published)</text>"#
            }
        }
        return svg + "</svg>"
    }

    static func line(_ title: String, _ points: [(label: String, value: PublishedValue)]) -> String {
        let width = 640
        let height = 220
        let values = points.compactMap { if case .count(let value) = $0.value { value } else { nil } }
        let top = max(values.max() ?? 1, 1)
        func x(_ index: Int) -> Int { 40 + index * (width - 110) / max(points.count - 1, 1) }
        func y(_ value: Int) -> Int { height - 30 - value * (height - 60) / top }
        var svg =
            #"<svg role="img" aria-label="\#(escape(title))" viewBox="0 0 \#(width) \#(height)" width="100%" class="chart"><title>\#(escape(title))</title>"#
        svg += #"<line x1="40" y1="\#(height - 30)" x2="\#(width - 20)" y2="\#(height - 30)" class="chart-axis"></line>"#
        var path = ""
        for (index, point) in points.enumerated() {
            guard case .count(let value) = point.value else { continue }
            path += (path.isEmpty ? "M" : " L") + "\(x(index)) \(y(value))"
            svg +=
                #"<circle cx="\#(x(index))" cy="\#(y(value))" r="3" class="chart-point"><title>\#(escape(point.label)): \#(value)</title></circle>"#
        }
        svg += #"<path d="\#(path)" class="chart-line"></path>"#
        for (index, point) in points.enumerated() where index % 6 == 0 || index == points.count - 1 {
            svg += #"<text x="\#(x(index))" y="\#(height - 10)" text-anchor="middle" class="chart-label">\#(escape(point.label))</text>"#
        }
        svg += #"<text x="0" y="\#(y(top) + 4)" class="chart-label">\#(top)</text>"#
        return svg + "</svg>"
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
