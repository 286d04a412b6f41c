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
}
