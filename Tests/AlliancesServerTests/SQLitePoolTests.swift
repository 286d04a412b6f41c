@testable import AlliancesServer
import Foundation
import NIOConcurrencyHelpers
import SQLKit
import Testing

/// The SQLite driver under the whole suite, on the cases the suite does not reach by itself:
/// more units of work than connections, a full pool timing out, a writer waiting for
/// another connection's transaction, more distinct statements than a connection keeps.
@Suite struct SQLitePoolTests {
    static func withFile(_ body: (String) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "sqlite-pool-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try await body(directory.appendingPathComponent("pool.sqlite").path)
    }

    static func run<T: Sendable>(
        _ pool: SQLitePool, _ body: (any SQLDatabase) async throws -> T
    ) async throws -> T {
        let connection = try await pool.lease()
        defer { pool.release(connection) }
        return try await body(SQLiteLeasedDatabase(connection: connection, logger: .init(label: "test")))
    }

    @Test func test_more_units_of_work_than_connections_all_run_and_never_share_one() async throws {
        try await Self.withFile { path in
            let pool = SQLitePool(path: path, maxConnections: 3)
            defer { pool.shutdown() }
            try await Self.run(pool) { db in try await db.raw("CREATE TABLE t (n INTEGER NOT NULL)").run() }
            let held = NIOLockedValueBox((now: 0, most: 0))
            try await withThrowingTaskGroup(of: Void.self) { group in
                for n in 0..<40 {
                    group.addTask {
                        try await Self.run(pool) { db in
                            held.withLockedValue {
                                $0.now += 1
                                $0.most = max($0.most, $0.now)
                            }
                            defer { held.withLockedValue { $0.now -= 1 } }
                            try await db.raw("INSERT INTO t (n) VALUES (\(bind: n))").run()
                            try await Task.sleep(for: .milliseconds(2))
                        }
                    }
                }
                try await group.waitForAll()
            }
            #expect(held.withLockedValue { $0.most } <= 3)
            let total = try await Self.run(pool) { db in
                try await db.raw("SELECT count(*) AS c, sum(n) AS s FROM t").first()
            }
            #expect(try total?.decode(column: "c", as: Int.self) == 40)
            #expect(try total?.decode(column: "s", as: Int.self) == (0..<40).reduce(0, +))
        }
    }

    @Test func test_a_full_pool_times_out_with_a_message_then_serves_again() async throws {
        try await Self.withFile { path in
            let pool = SQLitePool(path: path, maxConnections: 1, timeout: .milliseconds(100))
            defer { pool.shutdown() }
            let first = try await pool.lease()
            await #expect(throws: DatabaseError.self) { _ = try await pool.lease() }
            pool.release(first)
            let again = try await Self.run(pool) { db in try await db.raw("SELECT 7 AS n").first() }
            #expect(try again?.decode(column: "n", as: Int.self) == 7)
        }
    }

    @Test func test_a_writer_waits_for_another_connections_transaction() async throws {
        try await Self.withFile { path in
            let pool = SQLitePool(path: path, maxConnections: 2)
            defer { pool.shutdown() }
            try await Self.run(pool) { db in try await db.raw("CREATE TABLE t (n INTEGER NOT NULL)").run() }
            let holder = try await pool.lease()
            let holding = SQLiteLeasedDatabase(connection: holder, logger: .init(label: "test"))
            try await holding.raw("BEGIN IMMEDIATE").run()
            try await holding.raw("INSERT INTO t (n) VALUES (1)").run()
            // The second writer waits on the blocking pool for the lock, while this task
            // goes on and commits.
            let second = Task {
                try await Self.run(pool) { db in try await db.raw("INSERT INTO t (n) VALUES (2)").run() }
            }
            try await Task.sleep(for: .milliseconds(50))
            try await holding.raw("COMMIT").run()
            pool.release(holder)
            try await second.value
            let rows = try await Self.run(pool) { db in
                try await db.raw("SELECT n FROM t ORDER BY n").all().map { try $0.decode(column: "n", as: Int.self) }
            }
            #expect(rows == [1, 2])
        }
    }

    @Test func test_more_distinct_statements_than_kept_still_answer_right() async throws {
        try await Self.withFile { path in
            let pool = SQLitePool(path: path, maxConnections: 1)
            defer { pool.shutdown() }
            try await Self.run(pool) { db in
                let distinct = SQLiteConnectionHandle.cachedStatements + 20
                for n in 0..<distinct {
                    let row = try await db.raw("SELECT \(unsafeRaw: String(n)) + \(bind: 1) AS n").first()
                    #expect(try row?.decode(column: "n", as: Int.self) == n + 1)
                }
                // A kept statement, bound anew: a large text (cleared after the run), then a
                // small one; then NULL, read back as nil.
                let long = String(repeating: "é", count: 5_000)
                for text in [long, "court", long] {
                    let row = try await db.raw("SELECT \(bind: text) AS t").first()
                    #expect(try row?.decode(column: "t", as: String.self) == text)
                }
                let none = try await db.raw("SELECT \(bind: String?.none) AS t").first()
                #expect(try none?.decode(column: "t", as: String?.self) == nil)
            }
        }
    }
}
