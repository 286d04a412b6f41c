/// A field-level validation failure, with a message in French for the person who typed it.
public struct FieldError: Error, Sendable, Hashable, Codable {
    public let field: String
    public let message: String

    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }
}

public struct ValidationErrors: Error, Sendable, Hashable {
    public var errors: [FieldError]

    public init(_ errors: [FieldError] = []) { self.errors = errors }

    public var isEmpty: Bool { errors.isEmpty }

    public mutating func add(_ field: String, _ message: String) {
        errors.append(FieldError(field: field, message: message))
    }

    public func message(for field: String) -> String? {
        errors.first { $0.field == field }?.message
    }
}

/// Shared checks for free text typed into forms and the API.
public enum TextRules {
    /// Trims surrounding whitespace; nil when nothing is left.
    public static func clean(_ text: String?) -> String? {
        guard let text else { return nil }
        let trimmed = text.trimmingWhitespace()
        return trimmed.isEmpty ? nil : trimmed
    }

    /// Control characters other than newline and tab are rejected: they never come from
    /// a keyboard and break CSV exports and terminals.
    public static func hasForbiddenControlCharacters(_ text: String, allowNewlines: Bool) -> Bool {
        text.unicodeScalars.contains { scalar in
            if allowNewlines && (scalar == "\n" || scalar == "\r" || scalar == "\t") { return false }
            return scalar.value < 0x20 || scalar.value == 0x7F
        }
    }

    /// Checks a text field and records a French message when it is missing, too long or
    /// contains control characters.
    public static func check(
        _ value: String?, field: String, label: String, required: Bool, maxLength: Int,
        minLength: Int = 1, multiline: Bool = false, into errors: inout ValidationErrors
    ) -> String? {
        guard let value = clean(value) else {
            if required { errors.add(field, "\(label) est obligatoire.") }
            return nil
        }
        let count = value.count
        if count > maxLength {
            errors.add(field, "\(label) ne doit pas dépasser \(maxLength) caractères (\(count) saisis).")
            return nil
        }
        if count < minLength {
            errors.add(field, "\(label) doit compter au moins \(minLength) caractères.")
            return nil
        }
        if hasForbiddenControlCharacters(value, allowNewlines: multiline) {
            errors.add(field, "\(label) contient des caractères de contrôle non autorisés.")
            return nil
        }
        return value
    }
}

public enum EmailAddress {
    /// A deliberately plain structural check (RFC 5321 lengths, one "@", a dotted domain of
    /// letters, digits and hyphens): it catches typing mistakes without rejecting real addresses.
    public static func isValid(_ text: String) -> Bool {
        guard text.utf8.count <= 254, !text.contains(where: { $0.isWhitespace }) else { return false }
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return false }
        let local = parts[0]
        let domain = parts[1]
        guard !local.isEmpty, local.utf8.count <= 64, !local.hasPrefix("."), !local.hasSuffix("."),
            !local.contains("..")
        else { return false }
        let allowedLocal = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.!#$%&'*+/=?^_`{|}~-")
        guard local.allSatisfy({ allowedLocal.contains($0) }) else { return false }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2 else { return false }
        for label in labels {
            guard !label.isEmpty, label.utf8.count <= 63, !label.hasPrefix("-"), !label.hasSuffix("-") else {
                return false
            }
            guard label.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) else { return false }
        }
        return true
    }

    public static func normalise(_ text: String) -> String {
        text.trimmingWhitespace().lowercased()
    }
}

public enum PhoneNumber {
    /// Digits, spaces, dots, hyphens, parentheses and a leading "+"; 6 to 15 digits.
    public static func isValid(_ text: String) -> Bool {
        var digits = 0
        for (index, ch) in text.enumerated() {
            if ch.isASCII && ch.isNumber { digits += 1; continue }
            if ch == "+" && index == 0 { continue }
            if ch == " " || ch == "." || ch == "-" || ch == "(" || ch == ")" { continue }
            return false
        }
        return (6...15).contains(digits)
    }
}

public enum WebAddress {
    public static func isValid(_ text: String) -> Bool {
        let lower = text.lowercased()
        guard lower.hasPrefix("https://") || lower.hasPrefix("http://") else { return false }
        let rest = lower.drop(while: { $0 != "/" }).dropFirst(2)
        let host = rest.prefix(while: { $0 != "/" && $0 != "?" && $0 != "#" && $0 != ":" })
        guard host.contains("."), !host.hasPrefix("."), !host.hasSuffix(".") else { return false }
        return !text.contains(where: { $0.isWhitespace || $0 == "\"" || $0 == "<" || $0 == ">" })
    }
}

extension String {
    public func trimmingWhitespace() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}

extension TextRules {
    /// Parses a list of codes of a closed list (themes, modes): blanks skipped, duplicates
    /// merged, each unknown code reported as « \(unknown) : « code » ».
    public static func codes<T: RawRepresentable & Equatable>(
        _ raw: [String]?, as type: T.Type, field: String, unknown: String, max: Int, maxMessage: String,
        into errors: inout ValidationErrors
    ) -> [T] where T.RawValue == String {
        var values: [T] = []
        for item in raw ?? [] {
            guard let cleaned = clean(item) else { continue }
            if let value = T(rawValue: cleaned) {
                if !values.contains(value) { values.append(value) }
            } else {
                errors.add(field, "\(unknown) : « \(cleaned.prefix(40)) ».")
            }
        }
        if values.count > max { errors.add(field, maxMessage) }
        return values
    }
}
