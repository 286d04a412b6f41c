/// CSV as French Excel opens it: UTF-8 with a byte-order mark, `;` separators, CRLF, fields
/// quoted when they hold a separator, a quote or a line break. A field that Excel would run
/// as a formula (starting with = + - @, a tab or a carriage return) gets a leading
/// apostrophe (CSV injection), except a plain number such as `-3,5`, which Excel reads as a
/// number and never runs. Every CSV the platform writes goes through here, the rejects of
/// an import included, since their cells are lines typed by others.
public enum CSVWriter {
    public static let byteOrderMark = "\u{FEFF}"

    public static func document(header: [String], rows: [[String]]) -> String {
        byteOrderMark + ([header] + rows).map(row).joined()
    }

    public static func row(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ";") + "\r\n"
    }

    public static func field(_ text: String) -> String {
        var value = text
        if let first = value.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first), !isPlainNumber(value) {
            value = "'" + value
        }
        let needsQuotes = value.contains(";") || value.contains("\"") || value.contains("\n") || value.contains("\r")
        guard needsQuotes else { return value }
        var quoted = "\""
        for ch in value {
            if ch == "\"" { quoted += "\"\"" } else { quoted.append(ch) }
        }
        return quoted + "\""
    }

    /// A sign, digits, at most one decimal comma or point between digits, and nothing else.
    static func isPlainNumber(_ text: String) -> Bool {
        var bytes = Substring(text).utf8[...]
        if let first = bytes.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
            bytes = bytes.dropFirst()
        }
        let parts = bytes.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false).flatMap {
            $0.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        }
        guard parts.count <= 2 else { return false }
        return parts.allSatisfy { !$0.isEmpty && $0.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") } }
    }
}
