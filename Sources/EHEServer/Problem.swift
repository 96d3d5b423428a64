import EHEApp
public import EHECore
import Foundation
public import HTTPTypes
public import Hummingbird

/// An RFC 9457 problem: every error the API returns, as `application/problem+json`. Details name fields,
/// rules and case references only — never personal data (they are built from `RegisterError`, whose
/// messages hold none).
public struct Problem: Error, Sendable, ResponseGenerator, Codable, Equatable {
    public struct FieldProblem: Sendable, Codable, Equatable {
        /// JSON path of the field, e.g. `child.dateOfBirth` or `contacts[2].date`.
        public var field: String
        public var rule: String
        public var detail: String
    }

    public var type: String
    public var title: String
    public var status: Int
    public var detail: String?
    /// Per-field problems of an invalid request (422).
    public var errors: [FieldProblem]?
    /// Possible duplicates of a child being added (409).
    public var matches: [DuplicateMatch]?
    /// The current version when a write was stale (412).
    public var currentVersion: Int?
    /// The request's id, as in the `X-Request-Id` header and the server's log line for it.
    public var requestId: String?

    public init(
        _ status: HTTPResponse.Status,
        type: String,
        title: String,
        detail: String? = nil,
        errors: [FieldProblem]? = nil
    ) {
        self.type = "https://ehe-register.invalid/problems/" + type
        self.title = title
        self.status = status.code
        self.detail = detail
        self.errors = errors
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/problem+json"
        if status == 401 { headers[.wwwAuthenticate] = #"Bearer realm="ehe""# }
        var document = self
        document.requestId = context.id
        return Response(
            status: HTTPResponse.Status(code: status),
            headers: headers,
            body: .init(byteBuffer: try JSON.encode(document))
        )
    }

    // MARK: The problems the API returns

    static let signInRequired = Problem(
        .unauthorized,
        type: "sign-in-required",
        title: "Sign in required",
        detail: "send a session cookie or an `Authorization: Bearer` token"
    )

    static func forbidden(_ detail: String) -> Problem {
        Problem(.forbidden, type: "forbidden", title: "Not allowed for your role", detail: detail)
    }

    static func badRequest(_ detail: String, field: String? = nil, rule: String = "format") -> Problem {
        Problem(
            .unprocessableContent,
            type: "invalid",
            title: "The request is invalid; nothing was changed",
            detail: detail,
            errors: field.map { [FieldProblem(field: $0, rule: rule, detail: detail)] }
        )
    }

    static let notFound = Problem(.notFound, type: "not-found", title: "No such resource")

    static let ifMatchRequired = Problem(
        HTTPResponse.Status(code: 428),
        type: "if-match-required",
        title: "If-Match required",
        detail: "send the ETag from your last read of the case in If-Match, so a stale copy cannot overwrite a newer one"
    )

    /// The problem for any error a handler throws. Unknown errors become a bare 500: their text could hold
    /// anything.
    static func from(_ error: any Error) -> Problem {
        switch error {
        case let problem as Problem:
            return problem
        case let error as RegisterError:
            return from(error)
        case let failure as AccountService.SignInFailure:
            switch failure {
            case .wrongNameOrPassword:
                return Problem(.unauthorized, type: "sign-in-failed", title: "Sign-in failed", detail: failure.description)
            case .locked:
                return Problem(.tooManyRequests, type: "account-locked", title: "Account locked", detail: failure.description)
            }
        case let error as DecodingError:
            return decoding(error)
        case let error as any HTTPResponseError:
            return Problem(error.status, type: "http", title: error.status.reasonPhrase)
        default:
            return Problem(.internalServerError, type: "internal", title: "Internal error", detail: "see the server log for the request id")
        }
    }

    static func from(_ error: RegisterError) -> Problem {
        switch error {
        case .invalid(let problems):
            return Problem(
                .unprocessableContent,
                type: "invalid",
                title: "The request is invalid; nothing was changed",
                detail: "\(problems.count) problem\(problems.count == 1 ? "" : "s")",
                errors: problems.map { FieldProblem(field: $0.field, rule: $0.rule, detail: $0.message) }
            )
        case .notFound(let reference):
            return Problem(.notFound, type: "not-found", title: "No such case", detail: "no case with reference \(reference)")
        case .conflict(_, _, let actual):
            var problem = Problem(
                .preconditionFailed,
                type: "stale",
                title: "The case changed since you read it; nothing was changed",
                detail: error.description
            )
            problem.currentVersion = actual
            return problem
        case .notAllowed:
            return Problem(.conflict, type: "not-allowed", title: "Not possible for this case as it is", detail: error.description)
        case .erased(let reference, let date, _):
            // The free-text reason stays out of the answer: it may name the family.
            return Problem(
                .gone,
                type: "erased",
                title: "The case's personal data was erased",
                detail: "\(reference) was erased on \(date); its personal data no longer exists"
            )
        case .possibleDuplicate(let matches):
            var problem = Problem(
                .conflict,
                type: "possible-duplicate",
                title: "This child may already be on the register; nothing was added",
                detail: "check the matches; to add anyway, repeat with ?newChild=true"
            )
            problem.matches = matches
            return problem
        case .integrity(let reference, _):
            return Problem(
                .internalServerError,
                type: "integrity",
                title: "Integrity error",
                detail:
                    "a sealed value of \(reference.map { "case \($0)" } ?? "the register") failed its check; report this to the administrator"
            )
        case .keyring, .configuration, .storage:
            return Problem(.serviceUnavailable, type: "unavailable", title: "The register is unavailable", detail: "see the server log")
        }
    }

    /// A JSON body that does not decode: name the field and what was wrong, never the value.
    static func decoding(_ error: DecodingError) -> Problem {
        func path(_ context: DecodingError.Context, _ key: (any CodingKey)? = nil) -> String {
            var text = ""
            for part in context.codingPath + (key.map { [$0] } ?? []) {
                if let index = part.intValue {
                    text += "[\(index)]"
                } else {
                    text += text.isEmpty ? part.stringValue : "." + part.stringValue
                }
            }
            return text.isEmpty ? "(body)" : text
        }
        switch error {
        case .keyNotFound(let key, let context):
            return badRequest("is required", field: path(context, key), rule: "required")
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            return badRequest("must be \(jsonType(type))", field: path(context), rule: "type")
        case .dataCorrupted(let context):
            return badRequest(
                context.codingPath.isEmpty ? "the body is not valid JSON" : "is not valid",
                field: path(context),
                rule: "format"
            )
        @unknown default:
            return badRequest("the body is not valid JSON", field: "(body)")
        }
    }

    static func jsonType(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type, is Double.Type: "a number"
        case is Bool.Type: "true or false"
        default: "an object or array of the documented shape"
        }
    }
}
