import Foundation
import Logging
import NIOCore
import PostgresKit
import SQLiteKit

/// A value of a row loaded in bulk.
enum BulkValue: Sendable {
    case text(String)
    case integer(Int)
    case real(Double)
    case null

    init(_ text: String?) { self = text.map { .text($0) } ?? .null }
    init(_ number: Int?) { self = number.map { .integer($0) } ?? .null }
    init(_ number: Double?) { self = number.map { .real($0) } ?? .null }
}

/// Bulk loads, where the engines truly differ: SQLite takes one multi-row INSERT with
/// `SQLiteData` bound directly, PostgreSQL a `COPY … FROM STDIN` in text format. Both run
/// on the connection of the current transaction. SQLKit's per-value encoding (a dynamic
/// cast per value) cost more than the inserts themselves on a million rows (BENCHMARKS.md).
enum BulkInsert {
    /// Inserts `values` (row after row, `columns.count` values each) into `table`.
    static func insert(into table: String, columns: [String], values: [BulkValue], on connection: NativeConnection, logger: Logger) async throws {
        guard !values.isEmpty else { return }
        precondition(values.count % columns.count == 0)
        switch connection {
        case .sqlite(let sqlite):
            let rows = values.count / columns.count
            let placeholders = "(" + Array(repeating: "?", count: columns.count).joined(separator: ",") + ")"
            let sql = "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES " + Array(repeating: placeholders, count: rows).joined(separator: ",")
            let binds: [SQLiteData] = values.map {
                switch $0 {
                case .text(let text): .text(text)
                case .integer(let number): .integer(number)
                case .real(let number): .float(number)
                case .null: .null
                }
            }
            try await sqlite.query(sql, binds) { _ in }
        case .postgres(let postgres):
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
            try await postgres.copyFrom(table: table, columns: columns, logger: logger) { writer in try await writer.write(buffer) }
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
    case sqlite(SQLiteConnection)
    case postgres(PostgresConnection)
}
