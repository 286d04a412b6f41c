import AlliancesServer
import Foundation
import Logging
import SQLKit
import Testing

/// The engines database tests run on: SQLite always, PostgreSQL when
/// `ALLIANCES_TEST_POSTGRES_URL` is set (CI sets it).
enum TestEngine: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite
    case postgres

    static var available: [TestEngine] {
        ProcessInfo.processInfo.environment["ALLIANCES_TEST_POSTGRES_URL"].map {
            $0.isEmpty ? [.sqlite] : [.sqlite, .postgres]
        } ?? [.sqlite]
    }

    var testDescription: String { rawValue }
}

/// A fresh, migrated database for one test: a new SQLite file, or a new PostgreSQL schema.
struct TestDatabase {
    let database: Database
    let cleanup: @Sendable () async -> Void
    /// Another connection pool on the same database, as a second app instance would have.
    var sibling: @Sendable () throws -> Database = { throw CancellationError() }

    static let logger: Logger = {
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        return logger
    }()

    static func make(_ engine: TestEngine, migrate: Bool = true) async throws -> TestDatabase {
        let result: TestDatabase
        switch engine {
        case .sqlite:
            let path = FileManager.default.temporaryDirectory.appendingPathComponent(
                "alliances-test-\(UUID().uuidString).sqlite"
            ).path
            let database = try Database(location: .sqlite(path: path), logger: logger)
            result = TestDatabase(
                database: database,
                cleanup: {
                    await database.shutdown()
                    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
                }, sibling: { try Database(location: .sqlite(path: path), logger: logger) })
        case .postgres:
            // Swift Testing runs every test at once: without a bound, the tests' pools together
            // can ask PostgreSQL for more connections than it accepts (max_connections).
            let url = ProcessInfo.processInfo.environment["ALLIANCES_TEST_POSTGRES_URL"]!
            let schema = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
            let admin = try Database(location: .postgres(url: url), logger: logger, maxConnectionsPerEventLoop: 1)
            await PostgresTestSlots.shared.acquire()
            do {
                try await admin.withConnection { db in try await db.raw("CREATE SCHEMA \(ident: String(schema))").run()
                }
            } catch {
                // A pool must be shut down before it goes away, even when the server refused us.
                await admin.shutdown()
                await PostgresTestSlots.shared.release()
                throw error
            }
            let database = try Database(
                location: .postgres(url: url), logger: logger, maxConnectionsPerEventLoop: 2,
                searchPath: [String(schema)])
            result = TestDatabase(
                database: database,
                cleanup: {
                    await database.shutdown()
                    try? await admin.withConnection { db in
                        try await db.raw("DROP SCHEMA \(ident: String(schema)) CASCADE").run()
                    }
                    await admin.shutdown()
                    await PostgresTestSlots.shared.release()
                },
                sibling: {
                    try Database(
                        location: .postgres(url: url), logger: logger, maxConnectionsPerEventLoop: 1,
                        searchPath: [String(schema)])
                })
        }
        if migrate { try await Migrator(database: result.database, logger: logger).migrate() }
        return result
    }
}

/// Runs `body` with a fresh database and always cleans up.
func withTestDatabase<T>(
    _ engine: TestEngine, migrate: Bool = true, demo: Bool = false, _ body: (Database) async throws -> T
) async throws -> T {
    let test = try await TestDatabase.make(engine, migrate: migrate)
    do {
        if demo { try await DemoLoader.loadIfEmpty(database: test.database, logger: TestDatabase.logger) }
        let value = try await body(test.database)
        await test.cleanup()
        return value
    } catch {
        await test.cleanup()
        throw error
    }
}

/// Runs `body` with a fresh database and a second pool on it (two app instances).
func withTwoInstances<T>(_ engine: TestEngine, demo: Bool = true, _ body: (Database, Database) async throws -> T)
    async throws -> T
{
    let test = try await TestDatabase.make(engine)
    let second = try test.sibling()
    do {
        if demo { try await DemoLoader.loadIfEmpty(database: test.database, logger: TestDatabase.logger) }
        let value = try await body(test.database, second)
        await second.shutdown()
        await test.cleanup()
        return value
    } catch {
        await second.shutdown()
        await test.cleanup()
        throw error
    }
}

/// How many PostgreSQL test databases may be open at once. Each holds at most one admin
/// connection, two per event loop in its pool and one per event loop in a sibling pool: 16 of
/// them stay far below the `max_connections=300` that `.ci/run` and the README's cluster set.
/// A test never opens a second test database inside the first, so waiting here cannot deadlock.
actor PostgresTestSlots {
    static let shared = PostgresTestSlots(slots: 16)

    private var free: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(slots: Int) { free = slots }

    func acquire() async {
        if free > 0 {
            free -= 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    func release() {
        if waiting.isEmpty {
            free += 1
        } else {
            waiting.removeFirst().resume()
        }
    }
}
