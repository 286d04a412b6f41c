import Foundation
import Logging
import Synchronization

/// How the process writes its log lines: text for a person, JSON for a log collector.
public enum LogFormat: String, Sendable, CaseIterable {
    case text
    case json
}

/// One JSON object per line on standard error (`serve --log-format json`), for journald's
/// and Loki's or Elasticsearch's collectors: `time`, `level`, `label`, `message` and the
/// metadata as strings. swift-log ships only the text handler and no package here offers
/// one, so these few lines are ours; the line is written by hand rather than through
/// `JSONEncoder`, which cost 15 % of a cached page's throughput (BENCHMARKS.md).
struct JSONLogHandler: LogHandler {
    let label: String
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]

    /// Lines from concurrent tasks are written whole, one at a time.
    static let output = Mutex<Void>(())

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var fields: [(String, String)] = [
            ("time", Self.timestamp()), ("level", event.level.rawValue), ("label", label),
            ("message", event.message.description)
        ]
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        for key in merged.keys.sorted() where !["time", "level", "label", "message"].contains(key) {
            fields.append((key, "\(merged[key]!)"))
        }
        if event.level >= .error { fields.append(("source", "\(event.file):\(event.line)")) }
        var line = "{"
        for (index, (key, value)) in fields.enumerated() {
            if index > 0 { line += "," }
            Self.append(key, to: &line)
            line += ":"
            Self.append(value, to: &line)
        }
        line += "}\n"
        let data = Data(line.utf8)
        Self.output.withLock { _ in FileHandle.standardError.write(data) }
    }

    /// A JSON string: quotes, backslashes and control characters escaped (RFC 8259).
    static func append(_ text: String, to line: inout String) {
        line += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": line += "\\\""
            case "\\": line += "\\\\"
            case "\n": line += "\\n"
            case "\r": line += "\\r"
            case "\t": line += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                line += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: line.unicodeScalars.append(scalar)
            }
        }
        line += "\""
    }

    /// UTC, to the millisecond: 2026-12-06T19:13:46.123Z.
    static func timestamp() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        var parts = tm()
        var seconds = now.tv_sec
        gmtime_r(&seconds, &parts)
        func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let millis = Int(now.tv_nsec) / 1_000_000
        let ms = millis < 10 ? "00\(millis)" : millis < 100 ? "0\(millis)" : "\(millis)"
        return
            "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)).\(ms)Z"
    }
}
