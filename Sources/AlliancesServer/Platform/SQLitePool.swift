import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import SQLKit
import SQLiteKit
// The SQLite that SQLiteNIO compiles in (see `SQLiteBulkConnection` for why it must be
// this very copy).
import VaporCSQLite

/// One connection to the SQLite file through SQLite's C API, with its statements prepared
/// once and kept.
///
/// Why not SQLiteNIO's connection, which the first wave used: measured on a signed-in
/// page (BENCHMARKS.md, "Signed-in pages"), each query paid for SQLite parsing its text
/// anew (SQLiteNIO prepares every statement and finalizes it after one use) and for four
/// thread hops (AsyncKit's pool leases on an event loop, SQLiteNIO runs every statement on
/// NIO's blocking pool and resumes the caller from there), which cost more than the
/// queries themselves: a primary-key read takes microseconds, the hops and the parse a
/// tenth of a millisecond. No package here offers a statement cache or a lease without a
/// hop, so this file is ours; SQLKit still builds every query and SQLiteKit's dialect,
/// encoder and decoder still do their work (`SQLiteLeasedDatabase`).
final class SQLiteConnectionHandle: @unchecked Sendable {
    // @unchecked Sendable: the mutable state (`handle`, `statements`) is only read or
    // written while `lock` is held (every method takes it; `deinit` runs when no other
    // reference remains), so no two threads ever touch it at once, whichever thread the
    // pool's current holder runs on.
    private let lock = NIOLock()
    private var handle: OpaquePointer?
    private var statements: [String: OpaquePointer] = [:]
    /// Distinct statements kept per connection; beyond, the cache starts again (queries
    /// built with a list of varying length make new texts).
    static let cachedStatements = 256

    private init(handle: OpaquePointer?) { self.handle = handle }

    deinit { closeLocked() }

    private static let initialised = NIOLockedValueBox(false)

    /// Opens (creating it if needed) the database at `path` with the pragmas Alliances
    /// relies on. Blocking: call it off the cooperative threads.
    ///
    /// WAL lets readers run beside one writer; `busy_timeout` makes a second writer wait
    /// instead of failing; foreign keys are off by default in SQLite. `secure_delete`
    /// overwrites deleted content with zeros, so that an erased person's data does not
    /// linger in the file's free pages (docs/PRIVACY.md).
    static func open(path: String) throws -> SQLiteConnectionHandle {
        // SQLite's global configuration is set up by the first call; SQLiteNIO guards it
        // the same way (two first opens at once raced on it).
        initialised.withLockedValue { done in
            if !done { _ = sqlite_nio_sqlite3_initialize() }
            done = true
        }
        var handle: OpaquePointer?
        let flags =
            SQLITE_OPEN_CREATE | SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI | SQLITE_OPEN_EXRESCODE
        let status = sqlite_nio_sqlite3_open_v2(path, &handle, flags, nil)
        let connection = SQLiteConnectionHandle(handle: handle)
        guard status == SQLITE_OK else {
            let message = handle.map { String(cString: sqlite_nio_sqlite3_errmsg($0)) } ?? "out of memory"
            throw DatabaseError(description: "Cannot open the SQLite database \(path): \(message)")
        }
        try connection.lock.withLock {
            for pragma in [
                "PRAGMA journal_mode = WAL", "PRAGMA busy_timeout = 10000", "PRAGMA foreign_keys = ON",
                "PRAGMA synchronous = NORMAL", "PRAGMA secure_delete = ON"
            ] {
                try connection.check(sqlite_nio_sqlite3_exec(handle, pragma, nil, nil, nil))
            }
        }
        return connection
    }

    func close() { lock.withLock { closeLocked() } }

    private func closeLocked() {
        for statement in statements.values { sqlite_nio_sqlite3_finalize(statement) }
        statements = [:]
        if let handle { sqlite_nio_sqlite3_close_v2(handle) }
        handle = nil
    }

    /// Whether running `sql` now could wait for another connection's write lock (SQLite's
    /// busy handler sleeps the calling thread, up to `busy_timeout`): a statement that
    /// writes, or begins a transaction, outside a write transaction this connection holds.
    /// Reads never wait in WAL mode.
    func mayWait(_ sql: String) throws -> Bool {
        try lock.withLock {
            guard let handle else { throw Self.closedError }
            if sqlite_nio_sqlite3_txn_state(handle, nil) == SQLITE_TXN_WRITE { return false }
            guard let statement = try prepared(sql) else { return false }
            return sqlite_nio_sqlite3_stmt_readonly(statement) == 0 || sql.utf8.starts(with: "BEGIN".utf8)
        }
    }

    /// Runs the first statement of `sql` with `binds`, handing each row to `onRow`.
    func query(_ sql: String, _ binds: [SQLiteData], decoder: SQLiteDataDecoder, _ onRow: (any SQLRow) -> Void)
        throws
    {
        try lock.withLock {
            guard let statement = try prepared(sql) else { return }
            // Reset, so that the statement holds no read transaction, but its bindings are
            // left for the next run to overwrite (every parameter is bound each time):
            // clearing them marks a statement whose plan looked at a bound value as expired,
            // and SQLite would then parse it again at its next run. Large values (a
            // document, a long text) are cleared all the same, so that up to
            // `cachedStatements` copies of them do not stay in memory.
            defer {
                sqlite_nio_sqlite3_reset(statement)
                if binds.contains(where: Self.isLarge) { sqlite_nio_sqlite3_clear_bindings(statement) }
            }
            for (offset, value) in binds.enumerated() {
                try check(Self.bind(value, at: Int32(offset + 1), in: statement))
            }
            var columns: SQLiteColumnNames?
            while true {
                let status = sqlite_nio_sqlite3_step(statement)
                guard status == SQLITE_ROW else {
                    if status == SQLITE_DONE { return }
                    throw error(status)
                }
                let count = Int32(sqlite_nio_sqlite3_column_count(statement))
                if columns == nil { columns = try Self.columnNames(statement, count: count) }
                var values: [SQLiteData] = []
                values.reserveCapacity(Int(count))
                for column in 0..<count { values.append(Self.value(statement, column)) }
                onRow(SQLiteLeasedRow(columns: columns!, values: values, decoder: decoder))
            }
        }
    }

    // MARK: Under the lock

    private static let closedError = DatabaseError(description: "SQLite: the connection is closed.")

    /// The prepared statement of `sql` (its first statement), or nil when it holds none.
    private func prepared(_ sql: String) throws -> OpaquePointer? {
        if let statement = statements[sql] { return statement }
        guard let handle else { throw Self.closedError }
        var statement: OpaquePointer?
        try check(sqlite_nio_sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil))
        guard let statement else { return nil }
        if statements.count >= Self.cachedStatements {
            for old in statements.values { sqlite_nio_sqlite3_finalize(old) }
            statements = [:]
        }
        statements[sql] = statement
        return statement
    }

    private static func isLarge(_ value: SQLiteData) -> Bool {
        switch value {
        case .text(let text): text.utf8.count > 1024
        case .blob(let buffer): buffer.readableBytes > 1024
        default: false
        }
    }

    private static func bind(_ value: SQLiteData, at index: Int32, in statement: OpaquePointer) -> Int32 {
        switch value {
        case .integer(let number): return sqlite_nio_sqlite3_bind_int64(statement, index, Int64(number))
        case .float(let number): return sqlite_nio_sqlite3_bind_double(statement, index, number)
        case .null: return sqlite_nio_sqlite3_bind_null(statement, index)
        case .text(var text):
            // `withUTF8` reads a native string where it is.
            return text.withUTF8 { utf8 in
                // A NULL pointer would bind NULL: an empty text needs an address.
                let base =
                    utf8.baseAddress.map { UnsafeRawPointer($0) } ?? UnsafeRawPointer(("" as StaticString).utf8Start)
                return sqlite_nio_sqlite3_bind_text64(
                    statement, index, base.assumingMemoryBound(to: CChar.self), UInt64(utf8.count), SQLITE_TRANSIENT,
                    UInt8(SQLITE_UTF8))
            }
        case .blob(let buffer):
            return buffer.withUnsafeReadableBytes { bytes in
                sqlite_nio_sqlite3_bind_blob64(
                    statement, index, bytes.baseAddress ?? UnsafeRawPointer(("" as StaticString).utf8Start),
                    UInt64(bytes.count), SQLITE_TRANSIENT)
            }
        }
    }

    private static func value(_ statement: OpaquePointer, _ column: Int32) -> SQLiteData {
        switch sqlite_nio_sqlite3_column_type(statement, column) {
        case SQLITE_INTEGER: return .integer(Int(sqlite_nio_sqlite3_column_int64(statement, column)))
        case SQLITE_FLOAT: return .float(sqlite_nio_sqlite3_column_double(statement, column))
        case SQLITE_TEXT:
            // The pointer first, then the length (SQLite's documented order).
            guard let text = sqlite_nio_sqlite3_column_text(statement, column) else { return .text("") }
            let length = Int(sqlite_nio_sqlite3_column_bytes(statement, column))
            return .text(String(decoding: UnsafeBufferPointer(start: text, count: length), as: UTF8.self))
        case SQLITE_BLOB:
            let length = Int(sqlite_nio_sqlite3_column_bytes(statement, column))
            var buffer = ByteBufferAllocator().buffer(capacity: length)
            if let bytes = sqlite_nio_sqlite3_column_blob(statement, column) {
                buffer.writeBytes(UnsafeRawBufferPointer(start: bytes, count: length))
            }
            return .blob(buffer)
        default: return .null
        }
    }

    private static func columnNames(_ statement: OpaquePointer, count: Int32) throws -> SQLiteColumnNames {
        var names: [String] = []
        names.reserveCapacity(Int(count))
        for column in 0..<count {
            guard let name = sqlite_nio_sqlite3_column_name(statement, column) else {
                throw DatabaseError(description: "SQLite: no name for column \(column).")
            }
            names.append(String(cString: name))
        }
        return SQLiteColumnNames(names)
    }

    private func check(_ status: Int32) throws {
        guard status != SQLITE_OK else { return }
        throw error(status)
    }

    private func error(_ status: Int32) -> DatabaseError {
        let message = handle.map { String(cString: sqlite_nio_sqlite3_errmsg($0)) } ?? "error \(status)"
        return DatabaseError(description: "SQLite error \(status): \(message)")
    }
}

/// SQLite copies a value bound with this destructor before the call returns.
private let SQLITE_TRANSIENT = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// The column names of a result, shared by its rows.
final class SQLiteColumnNames: Sendable {
    let names: [String]
    init(_ names: [String]) { self.names = names }

    /// The first column of that name (as SQLiteNIO's rows answer).
    func index(of name: String) -> Int? { names.firstIndex(of: name) }
}

/// A row as SQLKit reads it. Integers and texts asked as `Int` and `String` are returned
/// as they are; every other request goes through SQLiteKit's decoder, so conversions are
/// the library's.
struct SQLiteLeasedRow: SQLRow {
    let columns: SQLiteColumnNames
    let values: [SQLiteData]
    let decoder: SQLiteDataDecoder

    var allColumns: [String] { columns.names }

    func contains(column: String) -> Bool { columns.index(of: column) != nil }

    func decodeNil(column: String) throws -> Bool {
        guard let index = columns.index(of: column) else { return true }
        return values[index] == .null
    }

    func decode<D: Decodable>(column: String, as type: D.Type) throws -> D {
        guard let index = columns.index(of: column) else {
            throw DatabaseError(description: "SQLite: no column \(column) in this result.")
        }
        let value = values[index]
        switch value {
        case .integer(let number) where D.self == Int.self: return unsafeBitCast(number, to: D.self)
        case .text(let text) where D.self == String.self: return unsafeBitCast(text, to: D.self)
        default: return try decoder.decode(D.self, from: value)
        }
    }
}

/// A leased connection as SQLKit sees it. A statement runs on the calling thread when it
/// cannot wait for a lock (reads, and statements inside a write transaction this
/// connection holds): a handful of microseconds, less than a hop to another thread. A
/// statement that could wait for another connection's write lock runs on NIO's blocking
/// pool, so that a wait never holds one of the few threads Swift's tasks share.
struct SQLiteLeasedDatabase: SQLDatabase {
    let connection: SQLiteConnectionHandle
    let logger: Logger
    private static let encoder = SQLiteDataEncoder()
    private static let decoder = SQLiteDataDecoder()

    var eventLoop: any EventLoop { MultiThreadedEventLoopGroup.singleton.any() }
    var dialect: any SQLDialect { SQLiteDialect() }
    var queryLogLevel: Logger.Level? { nil }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void)
        -> EventLoopFuture<Void>
    {
        eventLoop.makeFutureWithTask { try await execute(sql: query, onRow) }
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        let (sql, rawBinds) = serialize(query)
        let binds = try rawBinds.map(Self.encode)
        let connection = connection
        if try connection.mayWait(sql) {
            try await NIOThreadPool.singleton.runIfActive {
                try connection.query(sql, binds, decoder: Self.decoder, onRow)
            }
        } else {
            try connection.query(sql, binds, decoder: Self.decoder, onRow)
        }
    }

    /// The common values directly (what SQLiteKit's encoder gives them, without its casts).
    private static func encode(_ value: any Encodable & Sendable) throws -> SQLiteData {
        switch value {
        case let number as Int: return .integer(number)
        case let text as String: return .text(text)
        default: return try encoder.encode(value)
        }
    }
}

/// The SQLite connections of one `Database`: taken and given back under a lock, without
/// an event loop in between; a connection is opened when none is free and fewer than
/// `maxConnections` are open, and a request past that waits for one to come back
/// (first come, first served; at most `timeout`, like AsyncKit's pool before it).
final class SQLitePool: Sendable {
    private struct Waiter {
        let id: Int
        let continuation: CheckedContinuation<SQLiteConnectionHandle, any Error>
    }
    private struct State {
        var idle: [SQLiteConnectionHandle] = []
        var open = 0
        var waiters: [Waiter] = []
        var nextWaiter = 0
        var closed = false
    }

    let path: String
    let maxConnections: Int
    let timeout: Duration
    private let state = NIOLockedValueBox(State())

    init(path: String, maxConnections: Int, timeout: Duration = .seconds(30)) {
        self.path = path
        self.maxConnections = max(1, maxConnections)
        self.timeout = timeout
    }

    private enum Next {
        case take(SQLiteConnectionHandle)
        case open
        case wait
    }

    func lease() async throws -> SQLiteConnectionHandle {
        let next = try state.withLockedValue { state -> Next in
            guard !state.closed else { throw Self.closedError }
            if let connection = state.idle.popLast() { return .take(connection) }
            if state.open < maxConnections {
                state.open += 1
                return .open
            }
            return .wait
        }
        switch next {
        case .take(let connection): return connection
        case .open:
            let path = path
            do {
                return try await NIOThreadPool.singleton.runIfActive { try SQLiteConnectionHandle.open(path: path) }
            } catch {
                let waiters = state.withLockedValue { state in
                    state.open -= 1
                    // Nobody would give a connection back to those waiting: they fail too.
                    if state.open > 0 { return [Waiter]() }
                    defer { state.waiters = [] }
                    return state.waiters
                }
                for waiter in waiters { waiter.continuation.resume(throwing: error) }
                throw error
            }
        case .wait:
            return try await wait()
        }
    }

    private func wait() async throws -> SQLiteConnectionHandle {
        let id = state.withLockedValue { state in
            state.nextWaiter += 1
            return state.nextWaiter
        }
        let timeout = timeout
        let timer = Task { [weak self] in
            try await Task.sleep(for: timeout)
            self?.expire(id)
        }
        defer { timer.cancel() }
        return try await withCheckedThrowingContinuation { continuation in
            let ready = state.withLockedValue { state -> Result<SQLiteConnectionHandle, any Error>? in
                if state.closed { return .failure(Self.closedError) }
                if let connection = state.idle.popLast() { return .success(connection) }
                state.waiters.append(Waiter(id: id, continuation: continuation))
                return nil
            }
            if let ready { continuation.resume(with: ready) }
        }
    }

    private func expire(_ id: Int) {
        let waiter = state.withLockedValue { state -> Waiter? in
            guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
            return state.waiters.remove(at: index)
        }
        waiter?.continuation.resume(
            throwing: DatabaseError(
                description: "SQLite: no connection free after \(timeout) (\(maxConnections) in use)."))
    }

    func release(_ connection: SQLiteConnectionHandle) {
        enum Action {
            case hand(Waiter)
            case close
            case keep
        }
        let action = state.withLockedValue { state -> Action in
            if state.closed {
                state.open -= 1
                return .close
            }
            if !state.waiters.isEmpty { return .hand(state.waiters.removeFirst()) }
            state.idle.append(connection)
            return .keep
        }
        switch action {
        case .hand(let waiter): waiter.continuation.resume(returning: connection)
        case .close: connection.close()
        case .keep: break
        }
    }

    /// Closes the free connections and refuses new leases; a leased one is closed when it
    /// comes back.
    func shutdown() {
        let (idle, waiters) = state.withLockedValue { state in
            state.closed = true
            defer {
                state.open -= state.idle.count
                state.idle = []
                state.waiters = []
            }
            return (state.idle, state.waiters)
        }
        for connection in idle { connection.close() }
        for waiter in waiters { waiter.continuation.resume(throwing: Self.closedError) }
    }

    private static let closedError = DatabaseError(description: "SQLite: the database is shut down.")
}
