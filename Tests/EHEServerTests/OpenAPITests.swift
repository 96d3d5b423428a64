import EHEApp
import EHEServer
import EHETestSupport
import Foundation
import Testing

@Suite("The OpenAPI document", .serialized)
struct OpenAPITests {
    @Test("documents exactly the routes the router has, each with its responses")
    func documentMatchesRouter() async throws {
        let server = try await InProcessHarness(children: 1)
        defer { server.remove() }
        let (_, rules) = AuthorisationMatrixTests.inventory(server)
        // The document covers the JSON API and operations routes, not the officers' HTML pages.
        let registered = Set(rules.filter { $0.kind == .api }.map(\.name))
        let document = try #require(try JSONSerialization.jsonObject(with: Data(APIServer.openAPIDocument)) as? [String: Any])
        #expect(document["openapi"] as? String == "3.1.0")
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        var documented: Set<String> = []
        for (path, item) in paths {
            for (method, operation) in item where ["get", "put", "post", "delete", "patch"].contains(method) {
                documented.insert("\(method.uppercased()) \(path)")
                let responses = (operation as? [String: Any])?["responses"] as? [String: Any] ?? [:]
                #expect(!responses.isEmpty, "\(method) \(path) has no responses")
            }
        }
        #expect(documented == registered, "differences: \(documented.symmetricDifference(registered).sorted())")
        // The copy in the repository is the one served.
        let file = try Data(contentsOf: URL(fileURLWithPath: CLI.repositoryRoot + "/Sources/EHEServer/Resources/openapi.json"))
        #expect(Array(file) == APIServer.openAPIDocument)
    }
}
