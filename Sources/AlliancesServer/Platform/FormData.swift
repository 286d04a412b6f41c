import AlliancesCore

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
        case tooManyFields(limit: Int)
    }

    /// More fields than any page's form has (the largest, a workshop ranking or a lunch
    /// plan, has a few hundred): a body of a million tiny fields is refused unparsed.
    public static let maxFields = 2000

    public static func parse(_ body: String, maxFields: Int = FormData.maxFields) throws(ParseError) -> FormData {
        // Counted before splitting, so the refusal costs no array of a million pieces.
        guard body.utf8.count(where: { $0 == UInt8(ascii: "&") }) < maxFields else {
            throw .tooManyFields(limit: maxFields)
        }
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
    static func decode(_ text: Substring) -> String? { PercentDecoding.decode(text, plusAsSpace: true) }

    public subscript(_ key: String) -> String? { fields[key]?.first }
    public func all(_ key: String) -> [String] { fields[key] ?? [] }

    /// Replaces a field's values (a picker's names by the numbers they meant).
    public mutating func replace(_ key: String, with values: [String]) {
        fields[key] = values.isEmpty ? nil : values
    }
    public func has(_ key: String) -> Bool { fields[key] != nil }
}
