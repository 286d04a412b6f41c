import NIOConcurrencyHelpers
import NIOPosix
// The SQLite that SQLiteNIO compiles in (SQLiteNIO builds it as this module; its functions
// carry a `sqlite_nio_` prefix). Using that same copy matters: two copies of SQLite in one
// process do not see each other's POSIX locks on a file, which can corrupt it.
import VaporCSQLite

/// A connection of its own to the SQLite file, through SQLite's C API, for what SQLiteNIO
/// does not offer: statements prepared once and stepped again and again, with texts bound
/// where they lie. A bulk load of a million rows spent a quarter of its writes having
/// SQLite parse a new multi-row INSERT per batch, and more converting and copying values
/// (BENCHMARKS.md); the `sqlite3` shell imports with a statement prepared once, and so
/// do we. Written by hand because no package here wraps SQLite's statements (SQLiteNIO
/// keeps its own internal).
///
/// Everything runs on NIO's blocking thread pool (`run`), as SQLiteNIO's own connections
/// do. Writes through it must take part in `Database`'s writer queue
/// (`Database.exclusiveWrite`), like every other write of this process.
final class SQLiteBulkConnection: @unchecked Sendable {
    // @unchecked Sendable: the mutable state (`handle`, `statements`) is only read or
    // written while `lock` is held (in `run`, `close` and `deinit`, which runs when no
    // other reference remains), so no two threads touch it at once.
    private let lock = NIOLock()
    private var handle: OpaquePointer?
    private var statements: [String: OpaquePointer] = [:]

    private init(handle: OpaquePointer?) { self.handle = handle }

    /// Opens `path` (an existing database, already in WAL mode) with the pragmas every
    /// connection of `Database` has.
    static func open(path: String) async throws -> SQLiteBulkConnection {
        try await NIOThreadPool.singleton.runIfActive {
            var handle: OpaquePointer?
            let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE
            let status = sqlite_nio_sqlite3_open_v2(path, &handle, flags, nil)
            let connection = SQLiteBulkConnection(handle: handle)
            guard status == SQLITE_OK else {
                let message = handle.map { String(cString: sqlite_nio_sqlite3_errmsg($0)) } ?? "out of memory"
                connection.closeLocked()
                throw DatabaseError(description: "Cannot open the SQLite database \(path): \(message)")
            }
            try connection.lock.withLock {
                sqlite_nio_sqlite3_busy_timeout(handle, 10_000)
                try connection.execute("PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL")
            }
            return connection
        }
    }

    deinit { closeLocked() }

    /// Runs `body` with the connection on a thread of the blocking pool.
    func run<T: Sendable>(_ body: @escaping @Sendable (SQLiteBulkConnection) throws -> T) async throws -> T {
        try await NIOThreadPool.singleton.runIfActive { [self] in
            try lock.withLock { try body(self) }
        }
    }

    func close() async {
        _ = try? await NIOThreadPool.singleton.runIfActive { [self] in lock.withLock { closeLocked() } }
    }

    private func closeLocked() {
        for statement in statements.values { sqlite_nio_sqlite3_finalize(statement) }
        statements = [:]
        if let handle { sqlite_nio_sqlite3_close_v2(handle) }
        handle = nil
    }

    // MARK: Inside `run`

    /// Runs one or more statements without parameters.
    func execute(_ sql: String) throws {
        guard let handle else { throw DatabaseError(description: "SQLite: the bulk connection is closed.") }
        try check(sqlite_nio_sqlite3_exec(handle, sql, nil, nil, nil))
    }

    /// Runs `sql` once with `binds`; true when it returned a row.
    @discardableResult
    func step(_ sql: String, _ binds: [BulkValue]) throws -> Bool {
        let statement = try prepared(sql)
        defer { sqlite_nio_sqlite3_reset(statement) }
        for (index, value) in binds.enumerated() { try bind(value, at: Int32(index + 1), in: statement) }
        return try stepOnce(statement)
    }

    /// Rows per execution of the insert statement: stepping a statement has a cost of its
    /// own (cursors, the AUTOINCREMENT counter, constraint bookkeeping) that a multi-row
    /// statement pays once for all its rows (1M rows: 3.6 s one row per step, 2.4 s 250).
    static let rowsPerStatement = 250

    /// Inserts `rows` with statements prepared once per connection: `rowsPerStatement`
    /// rows at a time, then one by one. Texts are bound where they lie in `rows`, which
    /// outlives every step that reads them; the bindings are cleared before returning.
    func insert(into table: String, columns: [String], rows: BulkRows) throws {
        let width = columns.count
        precondition(rows.width == width)
        let tuple = "(" + Array(repeating: "?", count: width).joined(separator: ",") + ")"
        func statement(rows: Int) throws -> OpaquePointer {
            try prepared(
                "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES "
                    + Array(repeating: tuple, count: rows).joined(separator: ","))
        }
        let cells = rows.cells
        try rows.bytes.withUnsafeBufferPointer { bytes in
            var start = 0
            while start < cells.count {
                let count = cells.count - start >= Self.rowsPerStatement * width ? Self.rowsPerStatement : 1
                let insert = try statement(rows: count)
                defer {
                    sqlite_nio_sqlite3_reset(insert)
                    sqlite_nio_sqlite3_clear_bindings(insert)
                }
                for offset in 0..<(count * width) {
                    let index = Int32(offset + 1)
                    let status =
                        switch cells[start + offset] {
                        case .null: sqlite_nio_sqlite3_bind_null(insert, index)
                        case .integer(let number): sqlite_nio_sqlite3_bind_int64(insert, index, Int64(number))
                        case .real(let number): sqlite_nio_sqlite3_bind_double(insert, index, number)
                        case .text(_, 0):
                            // An empty text still needs an address (a NULL pointer binds NULL).
                            sqlite_nio_sqlite3_bind_text64(insert, index, "", 0, SQLITE_TRANSIENT, UInt8(SQLITE_UTF8))
                        case .text(let first, let length):
                            sqlite_nio_sqlite3_bind_text64(
                                insert, index,
                                UnsafeRawPointer(bytes.baseAddress! + first).assumingMemoryBound(to: CChar.self),
                                UInt64(length), nil, UInt8(SQLITE_UTF8))  // nil: SQLITE_STATIC
                        }
                    try check(status)
                }
                _ = try stepOnce(insert)
                start += count * width
            }
        }
    }

    private func prepared(_ sql: String) throws -> OpaquePointer {
        if let statement = statements[sql] { return statement }
        guard let handle else { throw DatabaseError(description: "SQLite: the bulk connection is closed.") }
        var statement: OpaquePointer?
        try check(sqlite_nio_sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil))
        guard let statement else { throw DatabaseError(description: "SQLite: an empty statement: \(sql)") }
        statements[sql] = statement
        return statement
    }

    private func bind(_ value: BulkValue, at index: Int32, in statement: OpaquePointer) throws {
        let status =
            switch value {
            case .text(var text):
                // `withUTF8` reads a short string where it is; passing the String as a C string
                // would copy each of those into a new array first.
                text.withUTF8 { utf8 in
                    guard let base = utf8.baseAddress else {
                        // A NULL pointer would bind NULL: an empty string needs an address.
                        return sqlite_nio_sqlite3_bind_text64(
                            statement, index, "", 0, SQLITE_TRANSIENT, UInt8(SQLITE_UTF8))
                    }
                    return sqlite_nio_sqlite3_bind_text64(
                        statement, index, UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self),
                        UInt64(utf8.count), SQLITE_TRANSIENT, UInt8(SQLITE_UTF8))
                }
            case .integer(let number): sqlite_nio_sqlite3_bind_int64(statement, index, Int64(number))
            case .real(let number): sqlite_nio_sqlite3_bind_double(statement, index, number)
            case .null: sqlite_nio_sqlite3_bind_null(statement, index)
            }
        try check(status)
    }

    private func stepOnce(_ statement: OpaquePointer) throws -> Bool {
        switch sqlite_nio_sqlite3_step(statement) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        case let status: try check(status); return false
        }
    }

    private func check(_ status: Int32) throws {
        guard status != SQLITE_OK else { return }
        let message = handle.map { String(cString: sqlite_nio_sqlite3_errmsg($0)) } ?? "error \(status)"
        throw DatabaseError(description: "SQLite: \(message)")
    }
}

/// SQLite copies a value bound with this destructor before the call returns.
private let SQLITE_TRANSIENT = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
