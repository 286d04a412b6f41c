/// Where a browser may be sent back to after signing in: a path on this site, never
/// another host.
///
/// Browsers are lenient with `Location`: `//evil.example` and `/\evil.example` name another
/// host, and they strip tabs and newlines before reading it, so `/\t/evil.example` becomes
/// `//evil.example`. Accepted: one `/` then anything but `/` or `\`; no backslash, no
/// control character and no whitespace anywhere; the same again once percent-decoded (a
/// proxy or a framework that decodes must not turn it into another host either).
public enum SameSitePath {
    public static let maximumLength = 500

    public static func isSafe(_ value: String) -> Bool {
        guard value.utf8.count <= maximumLength else { return false }
        var current = value
        // Decoded until it no longer changes (a few rounds: %252F → %2F → /).
        for _ in 0..<4 {
            guard isSafeAsWritten(current) else { return false }
            guard let decoded = PercentDecoding.decode(current, plusAsSpace: false) else { return false }
            if decoded == current { return true }
            current = decoded
        }
        return false
    }

    /// The path to send the browser to: `value` when it is safe, `/` otherwise.
    public static func orHome(_ value: String?) -> String {
        guard let value, isSafe(value) else { return "/" }
        return value
    }

    static func isSafeAsWritten(_ value: String) -> Bool {
        let bytes = Array(value.utf8)
        guard bytes.first == UInt8(ascii: "/") else { return false }
        if bytes.count > 1, bytes[1] == UInt8(ascii: "/") { return false }
        for scalar in value.unicodeScalars {
            if scalar == "\\" || scalar.properties.isWhitespace || scalar.properties.generalCategory == .control
                || scalar.properties.generalCategory == .format || scalar.value == 0x7F
            {
                return false
            }
        }
        return true
    }
}
