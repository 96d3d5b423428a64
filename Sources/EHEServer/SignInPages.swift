import EHEApp
import EHECore
import Foundation
import Hummingbird

/// Signing in and out, the front door and the stylesheet.
struct SignInPages: RouteController {
    let services: APIServer.Services

    func add(to table: inout RouteTable) {
        table.add(.get, "/static/style.css", .open, kind: .page) { _, _, _ in
            guard let stylesheet = APIServer.stylesheet else { throw Problem.notFound }
            return Response(
                status: .ok,
                headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "max-age=3600"],
                body: .init(byteBuffer: stylesheet)
            )
        }

        table.page(.get, "/", .open) { _, context, _ in
            PageRenderer.redirect(context.identity == nil ? "/sign-in" : "/my-work")
        }

        table.page(.get, "/sign-in", .open) { request, context, _ in
            page(SignInView(next: request.query("next") ?? "/my-work", expired: request.query("expired") != nil), context)
        }

        table.page(.post, "/sign-in", .open) { _, context, _ in
            let form = context.form
            // Only a path on this server: not `//host`, and no backslash (browsers read `/\host` as `//host`).
            let next = form["next"].flatMap { APIServer.isLocalPath($0) ? $0 : nil } ?? "/my-work"
            var view = SignInView(next: next, name: form["name"] ?? "")
            if form["name"] == nil { view.errors.append(FieldErrorView(id: "name", message: "Enter your user name")) }
            if form["password"] == nil { view.errors.append(FieldErrorView(id: "password", message: "Enter your password")) }
            if view.errors.isEmpty, let name = form["name"], let password = form["password"] {
                do {
                    let signedIn = try await services.signIn(name: name, password: password, address: context.clientAddress)
                    var response = PageRenderer.redirect(next)
                    response.setCookie(services.sessionCookie(signedIn))
                    return response
                } catch let failure as AccountService.SignInFailure {
                    let message = failure.description.prefix(1).uppercased() + failure.description.dropFirst()
                    view.errors.append(FieldErrorView(id: "name", message: message))
                } catch let problem as Problem where problem.status == 429 {
                    view.errors.append(
                        FieldErrorView(id: "name", message: "Too many failed sign-ins from this computer: wait a minute and try again")
                    )
                }
            }
            return page(view, context, status: .unprocessableContent)
        }

        table.page(.post, "/sign-out", .signedIn) { _, context, _ in
            let identity = try context.signedIn()
            if case .session(let secret, _) = identity.credential {
                try await register.accounts.signOut(secret: secret, actor: identity.actor, address: context.clientAddress)
            }
            var response = PageRenderer.redirect("/sign-in")
            response.setCookie(services.sessionCookie(nil))
            return response
        }
    }
}
