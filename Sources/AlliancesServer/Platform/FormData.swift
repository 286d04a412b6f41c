/// A decoded `application/x-www-form-urlencoded` body, keeping every value as typed.
///
/// Written here rather than decoding into a Codable type with Hummingbird's
/// URLEncodedFormDecoder: a form that fails validation must be shown again with exactly
/// what the person typed, field by field, which a failed Codable decode cannot give back.
public struct FormData: Sendable, Equatable {
    public private(set) var fields: [String: [String]] = [:]

    public init(_ pairs: [(String, String)] = []) {
        for (key, value) in pairs { fields[key, default: []].append(value) }
    }

    public enum ParseError: Error, Equatable {
        case invalidEncoding(field: String)
    }

    public static func parse(_ body: String) throws(ParseError) -> FormData {
        var form = FormData()
        for pair in body.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let key = decode(parts[0]) else { throw .invalidEncoding(field: String(parts[0].prefix(40))) }
            let rawValue = parts.count > 1 ? parts[1] : ""
            guard let value = decode(rawValue) else { throw .invalidEncoding(field: key) }
            form.fields[key, default: []].append(value)
        }
        return form
    }

    /// Percent-decoding with "+" as space; nil on a bad escape or invalid UTF-8.
    static func decode(_ text: Substring) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "+"): bytes.append(UInt8(ascii: " "))
            case UInt8(ascii: "%"):
                guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else { return nil }
                bytes.append(high << 4 | low)
            default: bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - 48
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - 87
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - 55
        default: nil
        }
    }

    public subscript(_ key: String) -> String? { fields[key]?.first }
    public func all(_ key: String) -> [String] { fields[key] ?? [] }
    public func has(_ key: String) -> Bool { fields[key] != nil }
}
