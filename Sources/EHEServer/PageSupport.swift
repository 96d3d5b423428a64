import EHEApp
import EHECore
import Foundation
import HTTPTypes
import Hummingbird
import Mustache

/// Server-rendered pages: Mustache templates from the module's resources, wrapped in one layout with
/// the navigation the signed-in role may use. Values are HTML-escaped by `{{ }}`; no template uses `{{{ }}}`
/// for anything but SVG the server drew from numbers.
struct PageRenderer: Sendable {
    let library: MustacheLibrary

    /// Every template a page route renders: each must be in the build and parse.
    static let templates = [
        "top", "bottom", "error", "sign-in", "cases", "find", "new-case", "case", "my-work", "calendar", "dashboard",
    ]

    /// Loads and parses every template, or throws naming the one that is missing or does not parse (the
    /// service refuses to start rather than serve broken pages).
    static func load() throws(RegisterError) -> PageRenderer {
        guard let folder = Bundle.module.url(forResource: "Templates", withExtension: nil) else {
            throw .configuration("the page templates folder is missing from the build")
        }
        var library = MustacheLibrary()
        for name in templates {
            let file = folder.appendingPathComponent(name + ".mustache")
            guard let text = try? String(contentsOf: file, encoding: .utf8) else {
                throw .configuration("the page template \(name).mustache is missing from the build")
            }
            do {
                try library.register(text, named: name)
            } catch {
                throw .configuration("the page template \(name).mustache does not parse: \(error)")
            }
        }
        return PageRenderer(library: library)
    }

    /// The page for `view`, with the layout's values for `identity`, as an HTML response.
    func render(_ view: some PageView, identity: Identity?, status: HTTPResponse.Status = .ok) -> Response {
        let context = PageContext(view: view, layout: LayoutView(identity))
        let template = type(of: view).template
        let html = library.render(context, withTemplate: template) ?? "<!doctype html><title>Error</title><p>Missing page.</p>"
        var headers: HTTPFields = [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"]
        // Same-origin only: nothing leaks to other sites, and browsers name this origin on form posts (with
        // no-referrer they send `Origin: null`, which the form check must refuse).
        headers[SecurityHeadersMiddleware.referrerPolicy] = "same-origin"
        // Pages may use this server's stylesheet and nothing else; forms post only here.
        headers[.contentSecurityPolicy] =
            "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// The page for a failed request: what went wrong, in words, with the status.
    func error(_ problem: Problem, identity: Identity?, requestId: String = "") -> Response {
        render(
            ErrorView(title: problem.title, detail: problem.detail ?? "", status: problem.status, requestId: requestId),
            identity: identity,
            status: HTTPResponse.Status(code: problem.status)
        )
    }

    static func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location, .cacheControl: "no-store"])
    }
}

extension FormData {
    static func read(_ request: Request, context: APIContext) async throws -> FormData {
        var request = request
        let buffer = try await request.collectBody(upTo: context.maxUploadSize)
        return FormData(encoded: String(buffer: buffer))
    }
}

extension String {
    /// An HTML id from a document path: `episodes[0].startDate` → `episodes-0-startDate`.
    var fieldID: String {
        String(map { $0.isLetter || $0.isNumber ? $0 : "-" }).replacingOccurrences(of: "--", with: "-")
            .trimmingCharacters(in: CharacterSet(charactersIn: "-"))
    }
}
