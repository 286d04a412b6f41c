import Foundation
import Logging
import NIOCore
import NIOPosix
import PostgresKit
import SQLiteKit

/// A value of a row loaded in bulk.
enum BulkValue: Sendable, Equatable {
    case text(String)
    case integer(Int)
    case real(Double)
    case null

    init(_ text: String?) { self = text.map { .text($0) } ?? .null }
    init(_ number: Int?) { self = number.map { .integer($0) } ?? .null }
    init(_ number: Double?) { self = number.map { .real($0) } ?? .null }

    /// The value as an SQLite literal, for a value shared by a whole batch: integers, and
    /// text without a NUL byte (quotes doubled, SQLite's only escape). Reals are always
    /// bound (SQLite's own decimal parsing is not guaranteed to round-trip a Double).
    var sqliteLiteral: String? {
        switch self {
        case .integer(let number): String(number)
        case .text(let text) where !text.utf8.contains(0): "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
        case .text, .real, .null: nil
        }
    }
}

/// Where the values of rows to insert are appended, one after the other.
protocol BulkValueSink {
    mutating func append(_ value: BulkValue)
}

extension Array: BulkValueSink where Element == BulkValue {}

/// Rows to insert kept in two flat arrays: a cell per value, and the bytes of all the
/// texts one after the other, which a prepared statement binds where they lie
/// (`SQLiteBulkConnection`), without SQLite copying each one first.
struct BulkRows: BulkValueSink, Sendable {
    enum Cell: Sendable {
        case null
        case integer(Int)
        case real(Double)
        case text(start: Int, count: Int)
    }
    let width: Int
    private(set) var cells: [Cell] = []
    private(set) var bytes: [UInt8] = []

    init(width: Int, capacity rows: Int = 0) {
        self.width = width
        cells.reserveCapacity(rows * width)
        bytes.reserveCapacity(rows * width * 8)
    }

    mutating func append(_ value: BulkValue) {
        switch value {
        case .null: cells.append(.null)
        case .integer(let number): cells.append(.integer(number))
        case .real(let number): cells.append(.real(number))
        case .text(var text):
            let start = bytes.count
            text.withUTF8 { bytes.append(contentsOf: $0) }
            cells.append(.text(start: start, count: bytes.count - start))
        }
    }
}

/// Bulk loads, where the engines truly differ: SQLite takes one multi-row INSERT with
/// `SQLiteData` bound directly, PostgreSQL a `COPY … FROM STDIN` in text format. Both run
/// on the connection of the current transaction. SQLKit's per-value encoding (a dynamic
/// cast per value) cost more than the inserts themselves on a million rows (BENCHMARKS.md).
enum BulkInsert {
    /// What one engine runs for a batch, built without a connection (by an import's
    /// reader, off the writes' path).
    enum Statement: Sendable {
        case empty
        case sqlite(sql: String, binds: [SQLiteData])
        case postgres(table: String, columns: [String], data: ByteBuffer)
    }

    /// Inserts `values` (row after row, `columns.count` values each) into `table`.
    static func insert(
        into table: String, columns: [String], values: [BulkValue], on connection: NativeConnection, logger: Logger
    ) async throws {
        let engine: DatabaseEngine =
            switch connection {
            case .sqlite: .sqlite;
            case .postgres: .postgres
            }
        try await run(
            statement(into: table, columns: columns, values: values, engine: engine), on: connection, logger: logger)
    }

    /// The statement inserting `values` (row after row, `columns.count` values each).
    static func statement(into table: String, columns: [String], values: [BulkValue], engine: DatabaseEngine)
        -> Statement
    {
        guard !values.isEmpty else { return .empty }
        precondition(values.count % columns.count == 0)
        switch engine {
        case .sqlite:
            // SQLite parses every placeholder of the statement (a third of the writes' time
            // on a million rows), so a column NULL in every row of the batch is left out
            // (the table's default applies: this is for columns that default to NULL), and
            // a column with one value for the whole batch is written once as a literal.
            let width = columns.count, rows = values.count / width
            var names: [String] = [], tuple: [String] = [], bound: [Int] = []
            for column in 0..<width {
                let first = values[column]
                var same = true, allNull = true
                for row in 0..<rows {
                    let value = values[row * width + column]
                    if value != .null { allNull = false }
                    if value != first { same = false }
                    if !same && !allNull { break }
                }
                if allNull { continue }
                names.append(columns[column])
                if same, rows > 1, let literal = first.sqliteLiteral {
                    tuple.append(literal)
                } else {
                    tuple.append("?"); bound.append(column)
                }
            }
            let placeholders = "(" + tuple.joined(separator: ",") + ")"
            let sql =
                "INSERT INTO \(table) (\(names.joined(separator: ", "))) VALUES "
                + Array(repeating: placeholders, count: rows).joined(separator: ",")
            var binds: [SQLiteData] = []
            binds.reserveCapacity(rows * bound.count)
            for row in 0..<rows {
                for column in bound {
                    let data: SQLiteData =
                        switch values[row * width + column] {
                        case .text(let text): .text(text)
                        case .integer(let number): .integer(number)
                        case .real(let number): .float(number)
                        case .null: .null
                        }
                    binds.append(data)
                }
            }
            return .sqlite(sql: sql, binds: binds)
        case .postgres:
            var buffer = ByteBufferAllocator().buffer(capacity: values.count * 16)
            for (index, value) in values.enumerated() {
                switch value {
                case .text(let text): appendEscaped(text, to: &buffer)
                case .integer(let number): buffer.writeString(String(number))
                case .real(let number): buffer.writeString("\(number)")
                case .null: buffer.writeStaticString("\\N")
                }
                buffer.writeInteger(UInt8((index + 1) % columns.count == 0 ? 10 : 9))
            }
            return .postgres(table: table, columns: columns, data: buffer)
        }
    }

    /// Runs a statement built for this connection's engine.
    static func run(_ statement: Statement, on connection: NativeConnection, logger: Logger) async throws {
        switch (statement, connection) {
        case (.empty, _): return
        case (.sqlite(let sql, let binds), .sqlite(let sqlite)):
            try await NIOThreadPool.singleton.runIfActive {
                try sqlite.query(sql, binds, decoder: SQLiteDataDecoder()) { _ in }
            }
            // The values are freed here rather than on SQLite's thread, which the next batch
            // waits for (their release was a sixth of that thread's time).
            withExtendedLifetime(binds) {}
        case (.postgres(let table, let columns, let data), .postgres(let postgres)):
            try await postgres.copyFrom(table: table, columns: columns, logger: logger) { writer in
                try await writer.write(data)
            }
        default:
            preconditionFailure("a bulk statement built for another engine")
        }
    }

    /// COPY's text format: backslash, tab, line feed and carriage return escaped.
    static func appendEscaped(_ text: String, to buffer: inout ByteBuffer) {
        let utf8 = text.utf8
        guard utf8.contains(where: { $0 == 92 || $0 == 9 || $0 == 10 || $0 == 13 }) else {
            buffer.writeString(text)
            return
        }
        for byte in utf8 {
            switch byte {
            case 92: buffer.writeStaticString("\\\\")
            case 9: buffer.writeStaticString("\\t")
            case 10: buffer.writeStaticString("\\n")
            case 13: buffer.writeStaticString("\\r")
            default: buffer.writeInteger(byte)
            }
        }
    }
}

/// The connection under a transaction, for what only the engine's own API does well.
enum NativeConnection {
    case sqlite(SQLiteConnectionHandle)
    case postgres(PostgresConnection)
}
