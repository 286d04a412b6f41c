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
            let url = ProcessInfo.processInfo.environment["ALLIANCES_TEST_POSTGRES_URL"]!
            let schema = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
            let admin = try Database(location: .postgres(url: url), logger: logger, maxConnectionsPerEventLoop: 1)
            do {
                try await admin.withConnection { db in try await db.raw("CREATE SCHEMA \(ident: String(schema))").run()
                }
            } catch {
                // A pool must be shut down before it goes away, even when the server refused us.
                await admin.shutdown()
                throw error
            }
            let database = try Database(location: .postgres(url: url), logger: logger, searchPath: [String(schema)])
            result = TestDatabase(
                database: database,
                cleanup: {
                    await database.shutdown()
                    try? await admin.withConnection { db in
                        try await db.raw("DROP SCHEMA \(ident: String(schema)) CASCADE").run()
                    }
                    await admin.shutdown()
                },
                sibling: {
                    try Database(
                        location: .postgres(url: url), logger: logger, maxConnectionsPerEventLoop: 2,
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
