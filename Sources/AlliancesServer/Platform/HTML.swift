import AlliancesCore
import Foundation
/// HTML built in Swift, escaped by default.
///
/// Literal parts of a `HTML` string are trusted markup; every interpolated `String` or
/// number is escaped for both text and (double-quoted) attribute contexts. Only another
/// `HTML` value is inserted as is. A small builder of our own rather than Plot: the
/// directory page renders 50 rows thousands of times a second, and appending escaped
/// strings into one buffer avoids building and walking a node tree (see BENCHMARKS.md).
public struct HTML: Sendable, ExpressibleByStringInterpolation, CustomStringConvertible {
    public private(set) var rendered: String

    public init(stringLiteral value: String) { rendered = value }
    public init(stringInterpolation: StringInterpolation) { rendered = stringInterpolation.output }
    /// Markup that is already safe (produced by this builder or written by us).
    public init(trusted: String) { rendered = trusted }

    public var description: String { rendered }
    public static let empty = HTML(trusted: "")

    public struct StringInterpolation: StringInterpolationProtocol {
        var output: String

        public init(literalCapacity: Int, interpolationCount: Int) {
            output = ""
            output.reserveCapacity(literalCapacity + interpolationCount * 16)
        }

        public mutating func appendLiteral(_ literal: String) { output += literal }
        public mutating func appendInterpolation(_ text: String) { HTML.escape(text, into: &output) }
        public mutating func appendInterpolation(_ text: String?) {
            if let text { HTML.escape(text, into: &output) }
        }
        public mutating func appendInterpolation(_ number: Int) { output += String(number) }
        public mutating func appendInterpolation(_ html: HTML) { output += html.rendered }
        public mutating func appendInterpolation(_ html: HTML?) { if let html { output += html.rendered } }
        public mutating func appendInterpolation(_ parts: [HTML]) {
            for part in parts { output += part.rendered }
        }
    }

    public static func escape(_ text: String, into output: inout String) {
        var needsEscape = false
        for byte in text.utf8 where byte == 38 || byte == 60 || byte == 62 || byte == 34 || byte == 39 {
            needsEscape = true
            break
        }
        guard needsEscape else {
            output += text
            return
        }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"": output += "&quot;"
            case "'": output += "&#39;"
            default: output.unicodeScalars.append(scalar)
            }
        }
    }

    public static func escape(_ text: String) -> String {
        var out = ""
        escape(text, into: &out)
        return out
    }

    /// Joins parts, e.g. rows of a table.
    public static func join(_ parts: [HTML], separator: HTML = .empty) -> HTML {
        var out = ""
        for (index, part) in parts.enumerated() {
            if index > 0 { out += separator.rendered }
            out += part.rendered
        }
        return HTML(trusted: out)
    }

    public static func + (lhs: HTML, rhs: HTML) -> HTML { HTML(trusted: lhs.rendered + rhs.rendered) }
}

/// Percent-encoding for values put into URLs (query strings, path segments).
public enum URLEncoding {
    public static func component(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"),
                UInt8(ascii: "."), UInt8(ascii: "~"):
                out.unicodeScalars.append(UnicodeScalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".utf8)
                out.unicodeScalars.append("%")
                out.unicodeScalars.append(UnicodeScalar(hex[Int(byte >> 4)]))
                out.unicodeScalars.append(UnicodeScalar(hex[Int(byte & 0xF)]))
            }
        }
        return out
    }

    /// "a=1&b=x%20y" from ordered pairs, skipping empty values.
    public static func query(_ pairs: [(String, String)]) -> String {
        pairs.filter { !$0.1.isEmpty }.map { "\(component($0.0))=\(component($0.1))" }.joined(separator: "&")
    }
}

/// Previous/next links of a paginated list, shared by every list page.
/// The « Ce labo · Tout le réseau » switch of a list shared across labs (`ListScope`).
enum ScopeNav {
    /// `base`: the list's path; `label`: the navigation's name; `lead`: the words before the links.
    static func nav(base: String, network: Bool, label: String, lead: String) -> HTML {
        let links: HTML =
            network
            ? "<a href=\"\(base)\">Ce labo</a> · <strong aria-current=\"page\">Tout le réseau</strong>"
            : "<strong aria-current=\"page\">Ce labo</strong> · <a href=\"\(base)?portee=reseau\">Tout le réseau</a>"
        return "<nav aria-label=\"\(label)\"><p>\(lead) \(links)</p></nav>"
    }
}

enum Pagination {
    static func nav(page: Int, pageCount: Int, url: (Int) -> String) -> HTML {
        guard pageCount > 1 else { return .empty }
        let previous: HTML = page > 1 ? "<a href=\"\(url(page - 1))\" rel=\"prev\">← Page précédente</a>" : .empty
        let next: HTML = page < pageCount ? "<a href=\"\(url(page + 1))\" rel=\"next\">Page suivante →</a>" : .empty
        return
            "<nav class=\"pagination\" aria-label=\"Pagination\">\(previous)<span>Page \(page) sur \(frenchNumber(pageCount))</span>\(next)</nav>"
    }
}

/// Free text typed in a form, as paragraphs: one `<p>` per non-empty line, escaped.
func paragraphs(_ text: String?) -> HTML {
    guard let text else { return .empty }
    let items: [HTML] = text.split(separator: "\n", omittingEmptySubsequences: true).map { "<p>\(String($0))</p>" }
    return "\(items)"
}

/// "27 novembre 2026" for a timestamp in seconds (Europe/Paris calendar day).
func frenchDate(_ seconds: Int) -> String {
    CalendarDate.french(Paris.day(seconds))
}

/// The labs' time zone: calendar days and UTC offsets, from Foundation's time-zone data.
enum Paris {
    static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Paris") ?? .gmt
        return calendar
    }()

    /// "2026-11-27" for a timestamp in seconds.
    static func day(_ seconds: Int) -> String {
        let parts = calendar.dateComponents(
            [.year, .month, .day], from: Date(timeIntervalSince1970: TimeInterval(seconds)))
        return String(format: "%04d-%02d-%02d", parts.year ?? 1970, parts.month ?? 1, parts.day ?? 1)
    }

    /// The local time in Paris of a timestamp in seconds.
    static func local(_ seconds: Int) -> LocalDateTime {
        let p = calendar.dateComponents(
            [.year, .month, .day, .hour, .minute], from: Date(timeIntervalSince1970: TimeInterval(seconds)))
        return LocalDateTime(
            year: p.year ?? 1970, month: p.month ?? 1, day: p.day ?? 1, hour: p.hour ?? 0, minute: p.minute ?? 0)
    }

    /// The timestamp in seconds of a local time in Paris.
    static func seconds(_ t: LocalDateTime) -> Int {
        let components = DateComponents(year: t.year, month: t.month, day: t.day, hour: t.hour, minute: t.minute)
        return calendar.date(from: components).map { Int($0.timeIntervalSince1970) } ?? 0
    }

    /// "+01:00" in winter, "+02:00" in summer, for a local time in Paris.
    static func offset(_ t: LocalDateTime) -> String {
        let components = DateComponents(year: t.year, month: t.month, day: t.day, hour: t.hour, minute: t.minute)
        let seconds = calendar.date(from: components).map { calendar.timeZone.secondsFromGMT(for: $0) } ?? 3600
        return (seconds < 0 ? "-" : "+") + String(format: "%02d:%02d", abs(seconds) / 3600, abs(seconds) % 3600 / 60)
    }
}
