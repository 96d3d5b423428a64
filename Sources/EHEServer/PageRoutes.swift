import EHEApp
import EHECore
import EHEReports
import Foundation
import HTTPTypes
import Hummingbird

/// A controller: one area of the service (cases, search, reminders, exports, accounts, audit, operations,
/// and the pages of each area), adding its routes to the route table. What every controller shares: the
/// services, "today" read per request (the service stays right past midnight), page rendering, and the
/// case service acting for the signed-in person.
protocol RouteController: Sendable {
    var services: APIServer.Services { get }
    func add(to table: inout RouteTable)
}

extension RouteController {
    var register: Register { services.register }
    var today: LocalDate { services.register.today }

    func page(_ view: some PageView, _ context: APIContext, status: HTTPResponse.Status = .ok) -> Response {
        services.pages.render(view, identity: context.identity, status: status)
    }

    func cases(_ context: APIContext) throws -> CaseService {
        register.cases.acting(as: try context.signedIn().actor, from: context.clientAddress)
    }
}

extension APIServer {
    /// How far back a case page's audit trail looks: the log's last million entries (case.mustache says so).
    static let caseAuditWindow = 1_000_000

    /// A path on this server to return to after signing in: starts with one `/`, and holds no backslash,
    /// whitespace or control character (browsers drop tabs and read `/\\host` as `//host`).
    static func isLocalPath(_ path: String) -> Bool {
        path.hasPrefix("/") && !path.hasPrefix("//")
            && path.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value != 0x7F && $0 != "\\" && $0.properties.isWhitespace == false }
    }
}

/// Builds DTOs from form fields named `prefix-field` with Hummingbird's URL-encoded form decoder, so a
/// page's form reaches the same domain readers as the API's JSON (`substantive`-style checkboxes become
/// booleans; a field the DTO cannot take is named as `prefix.field`).
enum FormFields {
    static let booleans: Set<String> = [
        "substantive", "homeVisitRequested", "homeVisitDeclined", "livesWithChild", "parentalResponsibility",
    ]

    static func decode<T: Decodable>(_ type: T.Type, _ form: FormData, prefix: String) throws -> T {
        var fields: [String: String] = [:]
        for (name, values) in form.values where name.hasPrefix(prefix + "-") {
            let field = String(name.dropFirst(prefix.count + 1))
            guard let value = values.first?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { continue }
            fields[field] = booleans.contains(field) ? "true" : value
        }
        for field in booleans where fields[field] == nil && form.values["\(prefix)-\(field)-present"] != nil { fields[field] = "false" }
        do {
            return try URLEncodedFormDecoder().decode(type, from: try URLEncodedFormEncoder().encode(fields))
        } catch let error as DecodingError {
            let field: String
            switch error {
            case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
                field = context.codingPath.map(\.stringValue).joined(separator: ".")
            case .keyNotFound(let key, let context):
                field = (context.codingPath + [key]).map(\.stringValue).joined(separator: ".")
            @unknown default:
                field = ""
            }
            let rule = ["periodDays", "hoursPerWeek"].contains(field) ? ("number", "must be a whole number") : ("format", "is not valid")
            throw RegisterError.invalid([
                ValidationProblem(field: field.isEmpty ? prefix : "\(prefix).\(field)", rule: rule.0, message: rule.1)
            ])
        }
    }
}
