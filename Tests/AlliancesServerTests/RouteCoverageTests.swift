import AlliancesCore
@testable import AlliancesServer
import Foundation
import Hummingbird
import Testing

/// Every route of the router has a row in the access-control matrix that
/// `scripts/check_security.py` runs against the real server (six roles, expected statuses),
/// and every row names a route that exists: a new page or endpoint cannot ship unchecked.
@Suite struct RouteCoverageTests {
    @Test func test_every_route_has_a_row_in_the_access_matrix() async throws {
        let test = try await TestDatabase.make(.sqlite, migrate: false)
        let router = buildRouter(configuration: TestApp.configuration(test.database), database: test.database)
        let routes = Set(router.routes.map { "\($0.method) \($0.path)" })
        await test.cleanup()

        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
            .appendingPathComponent("scripts/access_matrix.txt")
        let rows = try String(contentsOf: file, encoding: .utf8).split(separator: "\n")
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
            .map { $0.split(separator: " ", maxSplits: 9).map(String.init) }
        #expect(
            rows.allSatisfy { $0.count >= 9 && $0[3..<9].allSatisfy { Int($0) != nil } },
            "each row: METHOD ROUTE PATH and six statuses")
        let covered = Set(rows.map { "\($0[0]) \($0[1])" })
        #expect(routes.count > 150)
        #expect(routes.subtracting(covered).sorted() == [], "routes without a row in scripts/access_matrix.txt")
        #expect(covered.subtracting(routes).sorted() == [], "rows naming no route of the router")
    }

    @Test func test_every_api_route_is_documented_and_every_documented_operation_exists() async throws {
        let test = try await TestDatabase.make(.sqlite, migrate: false)
        let router = buildRouter(configuration: TestApp.configuration(test.database), database: test.database)
        let routes = Set(router.routes.map { "\($0.method) \($0.path)" }.filter { $0.contains(" /api/v1/") })
        await test.cleanup()

        let document = try JSONSerialization.jsonObject(with: Data(OpenAPIDocument.json.utf8)) as? [String: Any]
        let paths = document?["paths"] as? [String: [String: Any]] ?? [:]
        let methods: Set<String> = ["get", "post", "put", "patch", "delete"]
        var documented: Set<String> = []
        for (path, operations) in paths {
            // The router prints its parameters as OpenAPI does: `{lab}`.
            for method in operations.keys where methods.contains(method) {
                documented.insert("\(method.uppercased()) \(path)")
            }
        }
        #expect(routes.count >= 30)
        #expect(routes.subtracting(documented).sorted() == [], "API routes missing from the OpenAPI document")
        #expect(documented.subtracting(routes).sorted() == [], "documented operations the router does not serve")
        // A token's scopes are per capability: every API route belongs to one, so no new
        // route is open to every token by mistake.
        let withoutCapability = routes.filter { route in
            ApiCapability.of(path: String(route.split(separator: " ")[1])) == nil
        }
        #expect(withoutCapability.sorted() == [], "API routes of no capability (ApiCapability.of)")
    }
}
