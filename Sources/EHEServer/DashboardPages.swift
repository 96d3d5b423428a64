import EHEApp
import EHECore
import EHEReports
import Hummingbird

/// The dashboard: published (disclosure-controlled) figures, from the register's clear data.
struct DashboardPages: RouteController {
    let services: APIServer.Services

    func add(to table: inout RouteTable) {
        table.page(.get, "/dashboard", .permission(.aggregates), action: "dashboard.view") { _, context, _ in
            var mode = try ExportRequest.disclosureMode(nil, settings: register.settings)
            if mode == .exact, !(context.identity?.role.permissions.contains(.exactAggregates) ?? false) {
                mode = .rounding(base: 10)
            }
            let (dashboard, made) = try await services.dashboards.dashboard(asOf: today) { services.statistics() }
            return page(DashboardPage.view(dashboard, mode: mode, made: made), context)
        }
    }
}
