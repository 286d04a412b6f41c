import Foundation
import SQLKit

/// Rows of any table as JSON objects, for a GDPR export: every column, its value as the
/// database holds it (integers, decimals, text, null). Columns that are secrets or their
/// hashes are left out by the store that reads them.
enum PersonalData {
    static func objects(_ rows: [any SQLRow]) -> [[String: Any]] {
        rows.map { row in
            var object: [String: Any] = [:]
            for column in row.allColumns {
                if (try? row.decodeNil(column: column)) ?? true {
                    object[column] = NSNull()
                } else if let value = try? row.decode(column: column, as: Int.self) {
                    object[column] = value
                } else if let value = try? row.decode(column: column, as: Double.self) {
                    object[column] = value
                } else if let value = try? row.decode(column: column, as: String.self) {
                    object[column] = value
                } else {
                    object[column] = NSNull()
                }
            }
            return object
        }
    }
}
