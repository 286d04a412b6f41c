/// CSV as French Excel opens it: UTF-8 with a byte-order mark, `;` separators, CRLF, fields
/// quoted when they hold a separator, a quote or a line break. A field that Excel would run
/// as a formula (starting with = + - @ or a tab) gets a leading apostrophe.
public enum CSVWriter {
    public static func document(header: [String], rows: [[String]]) -> String {
        "\u{FEFF}" + ([header] + rows).map(row).joined()
    }

    public static func row(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ";") + "\r\n"
    }

    public static func field(_ text: String) -> String {
        var value = text
        if let first = value.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) { value = "'" + value }
        let needsQuotes = value.contains(";") || value.contains("\"") || value.contains("\n") || value.contains("\r")
        guard needsQuotes else { return value }
        var quoted = "\""
        for ch in value {
            if ch == "\"" { quoted += "\"\"" } else { quoted.append(ch) }
        }
        return quoted + "\""
    }
}
