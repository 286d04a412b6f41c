// AsyncKit predates Sendable checking; its connection pools guard their state with locks
// and event loops and are shared across tasks by Vapor in the same way.
@preconcurrency import AsyncKit
import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import PostgresKit
import SQLiteKit

/// The two engines Alliances runs on. Query code is shared; the few places where the
/// engines truly differ (DDL identity columns, locking) ask `engine`.
public enum DatabaseEngine: String, Sendable {
    case sqlite
    case postgres
}

/// Where the data lives: an embedded SQLite file or a PostgreSQL server.
public enum DatabaseLocation: Sendable, Equatable {
    case sqlite(path: String)
    case postgres(url: String)

    /// `DATABASE_URL` wins when it is a postgres URL; otherwise the SQLite path is used.
    public static func resolve(sqlitePath: String, environment: [String: String]) -> DatabaseLocation {
        if let url = environment["DATABASE_URL"], !url.isEmpty {
            return .postgres(url: url)
        }
        return .sqlite(path: sqlitePath)
    }

    /// A printable description that never shows a password.
    public var redacted: String {
        switch self {
        case .sqlite(let path): return "SQLite \(path)"
        case .postgres(let url):
            guard var components = URLComponents(string: url) else { return "PostgreSQL" }
            if components.password != nil { components.password = "***" }
            return "PostgreSQL \(components.string ?? "")"
        }
    }
}

public struct DatabaseError: Error, CustomStringConvertible {
    public let description: String

    /// A message a person can act on. PostgresNIO hides details from `description` on
    /// purpose (they may hold data); the server's own message and the error code are safe.
    public static func explain(_ error: any Error) -> String {
        if let error = error as? PSQLError {
            if let message = error.serverInfo?[.message] {
                return "PostgreSQL: \(message)"
            }
            let cause = error.underlying.map { " (\($0))" } ?? ""
            return "PostgreSQL: \(error.code)\(cause). Check DATABASE_URL and that the server is running."
        }
        return String(describing: error)
    }
}

/// The database handle shared by the whole application.
///
/// Connections are leased from a pool for the duration of one unit of work (a request's
/// queries, or a transaction) and always given back, also when the work throws.
public final class Database: Sendable {
    enum Pool: Sendable {
        case sqlite(SQLitePool)
        case postgres(EventLoopGroupConnectionPool<PostgresConnectionSource>)
    }

    public let engine: DatabaseEngine
    public let location: DatabaseLocation
    /// The PostgreSQL schemas searched (nil: the server's default); a backup dumps these.
    public let searchPath: [String]?
    let pool: Pool
    let logger: Logger

    /// - Parameter searchPath: PostgreSQL schemas to use (tests run each in a schema of its own).
    public init(
        location: DatabaseLocation, logger: Logger, maxConnectionsPerEventLoop: Int? = nil, searchPath: [String]? = nil
    ) throws {
        self.location = location
        self.searchPath = searchPath
        self.logger = logger
        let group = MultiThreadedEventLoopGroup.singleton
        switch location {
        case .sqlite(let path):
            engine = .sqlite
            writers = WriterQueue.shared(for: path)
            let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
            if !FileManager.default.fileExists(atPath: directory) {
                throw DatabaseError(description: "The folder of the SQLite database does not exist: \(directory)")
            }
            // Reads run on the threads of the tasks that lease (`SQLiteLeasedDatabase`), so
            // a connection per concurrent unit of work; SQLite's connections are cheap.
            pool = .sqlite(SQLitePool(path: path, maxConnections: maxConnectionsPerEventLoop.map { $0 * 2 } ?? 16))
        case .postgres(let url):
            engine = .postgres
            writers = WriterQueue.unused
            var configuration: SQLPostgresConfiguration
            do {
                configuration = try SQLPostgresConfiguration(url: url)
                configuration.searchPath = searchPath
            } catch {
                throw DatabaseError(
                    description:
                        "DATABASE_URL is not a valid PostgreSQL URL (postgres://user:password@host:port/database).")
            }
            pool = .postgres(
                EventLoopGroupConnectionPool(
                    source: PostgresConnectionSource(sqlConfiguration: configuration),
                    maxConnectionsPerEventLoop: maxConnectionsPerEventLoop ?? 4,
                    requestTimeout: .seconds(30),
                    logger: logger,
                    on: group
                ))
        }
    }

    /// SQLite: copies the write-ahead log into the file and empties it, so that the log no
    /// longer holds pages as they were before a deletion (an erasure). Nothing on PostgreSQL.
    public func checkpoint() async throws {
        guard engine == .sqlite else { return }
        try await write { db in _ = try await db.raw("PRAGMA wal_checkpoint(TRUNCATE)").all() }
    }

    /// Runs `body` with one leased connection.
    /// One round trip to the database (the health check).
    public func ping() async throws {
        try await withConnection { db in _ = try await db.raw("SELECT 1 AS ok").first() }
    }

    public func withConnection<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        try await withLease { db, _ in try await body(db) }
    }

    /// One leased connection, with the engine's own connection.
    private func withLease<T: Sendable>(_ body: (any SQLDatabase, NativeConnection) async throws -> T) async throws -> T
    {
        switch pool {
        case .sqlite(let pool):
            let connection = try await pool.lease()
            defer { pool.release(connection) }
            return try await body(SQLiteLeasedDatabase(connection: connection, logger: logger), .sqlite(connection))
        case .postgres(let pool):
            let conn = try await pool.requestConnection(logger: logger).get()
            defer { pool.releaseConnection(conn, logger: logger) }
            return try await body(conn.sql(queryLogLevel: nil), .postgres(conn))
        }
    }

    /// Runs `body` inside a transaction: committed when it returns, rolled back when it throws.
    /// On SQLite the transaction takes the write lock at once (`BEGIN IMMEDIATE`) so that two
    /// writers never deadlock upgrading a read lock, and this process's writers queue in
    /// arrival order before leasing a connection: under hundreds of concurrent writes no
    /// writer starves past `busy_timeout` (SQLite's busy handler polls and is not fair), and
    /// readers keep their connections meanwhile.
    public func transaction<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        try await bulkTransaction { db, _ in try await body(db) }
    }

    /// A transaction that also hands over the engine's own connection, for bulk loads
    /// (`BulkInsert`): on a million rows SQLKit's per-value encoding costs more than the
    /// inserts themselves (BENCHMARKS.md).
    func bulkTransaction<T: Sendable>(_ body: (any SQLDatabase, NativeConnection) async throws -> T) async throws -> T {
        guard engine == .sqlite else { return try await runTransaction(body) }
        return try await exclusiveWrite { try await runTransaction(body) }
    }

    /// Shared by every `Database` of this process on the same SQLite file (two app
    /// instances in one process, a command beside the server's pool): SQLite's busy handler
    /// waits on a thread of the shared pool, so two writers of one process contending for
    /// the file could hold every such thread while the one holding the lock waits for one.
    private let writers: WriterQueue

    /// A write outside a transaction, committed statement by statement (a limit's
    /// reservation must be visible before it is counted). On SQLite it queues with the
    /// process's other writers, as transactions do.
    public func write<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        guard engine == .sqlite else { return try await withConnection(body) }
        return try await exclusiveWrite { try await withConnection(body) }
    }

    /// Runs `body` as this process's only SQLite writer: the transactions of the pool, and
    /// writes through a connection outside it (`SQLiteBulkConnection`), queue here.
    func exclusiveWrite<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        await writers.acquire()
        do {
            let result = try await body()
            await writers.release()
            return result
        } catch {
            await writers.release()
            throw error
        }
    }

    private func runTransaction<T: Sendable>(_ body: (any SQLDatabase, NativeConnection) async throws -> T) async throws
        -> T
    {
        try await withLease { db, native in
            try await db.raw(engine == .sqlite ? "BEGIN IMMEDIATE" : "BEGIN").run()
            do {
                let result = try await body(db, native)
                try await db.raw("COMMIT").run()
                return result
            } catch {
                try? await db.raw("ROLLBACK").run()
                throw error
            }
        }
    }

    private let isShutDown = NIOLockedValueBox(false)

    /// Closes every connection; later calls do nothing.
    public func shutdown() async {
        let first = isShutDown.withLockedValue { done in
            defer { done = true }
            return !done
        }
        guard first else { return }
        do {
            switch pool {
            case .sqlite(let pool): pool.shutdown()
            case .postgres(let pool): try await pool.shutdownAsync()
            }
        } catch {
            logger.warning("Database pool did not shut down cleanly: \(error)")
        }
    }
}

extension SQLRow {
    func int(_ column: String) throws -> Int { try decode(column: column, as: Int.self) }
    func optionalInt(_ column: String) throws -> Int? {
        try decodeNil(column: column) ? nil : decode(column: column, as: Int.self)
    }
    func string(_ column: String) throws -> String { try decode(column: column, as: String.self) }
    func optionalString(_ column: String) throws -> String? {
        try decodeNil(column: column) ? nil : decode(column: column, as: String.self)
    }
    func optionalDouble(_ column: String) throws -> Double? {
        try decodeNil(column: column) ? nil : decode(column: column, as: Double.self)
    }
    func bool(_ column: String) throws -> Bool { try decode(column: column, as: Int.self) != 0 }

    /// A coded value (a kind, a status, a role): a value the code does not know is an
    /// error naming the table, the column and the value, never a silent default that
    /// would show a wrong status or grant a wrong role.
    func code<T: RawRepresentable>(_ type: T.Type, _ column: String, in table: String) throws -> T
    where T.RawValue == String {
        let raw = try string(column)
        guard let value = T(rawValue: raw) else {
            throw DatabaseError(
                description:
                    "Unknown \(T.self) « \(raw.prefix(60)) » in \(table).\(column): the database holds a value this version does not know (a newer version wrote it, or it was edited by hand)."
            )
        }
        return value
    }

    /// A coded column that may be NULL: nil for NULL, and, as `code`, an error naming the
    /// table, the column and the value for a value this version does not know.
    func optionalCode<T: RawRepresentable>(_ type: T.Type, _ column: String, in table: String) throws -> T?
    where T.RawValue == String {
        guard try optionalString(column) != nil else { return nil }
        return try code(type, column, in: table)
    }
}

extension SQLDatabase {
    /// The aggregate joining text values with a separator: `string_agg` on PostgreSQL,
    /// `group_concat` on SQLite (the same arguments on both).
    func stringAggregate(_ expression: SQLQueryString, separator: String) -> SQLQueryString {
        "\(unsafeRaw: dialect.name == "postgresql" ? "string_agg" : "group_concat")(" + expression
            + ", \(literal: separator))"
    }
}

/// Current time as whole seconds since 1970, the format every timestamp column uses on
/// both engines.
func nowSeconds() -> Int { Int(Date().timeIntervalSince1970) }

/// A first-in, first-out lock for SQLite writers of one process. Waiting is not cancellable:
/// a transaction is short, and a cancelled request still gets its turn and returns at once.
actor WriterQueue {
    private static let queues = NIOLockedValueBox<[String: WriterQueue]>([:])
    static let unused = WriterQueue()

    /// The queue of one SQLite file, by its absolute, symlink-free path.
    static func shared(for path: String) -> WriterQueue {
        let key = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
        return queues.withLockedValue { queues in
            if let queue = queues[key] { return queue }
            let queue = WriterQueue()
            queues[key] = queue
            return queue
        }
    }

    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func acquire() async {
        guard busy else {
            busy = true
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    func release() {
        if waiting.isEmpty { busy = false } else { waiting.removeFirst().resume() }
    }
}
