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
/// one, so these few lines are ours.
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
        var object: [String: String] = [:]
        for (key, value) in metadata.merging(event.metadata ?? [:], uniquingKeysWith: { $1 }) {
            object[key] = "\(value)"
        }
        object["time"] = Date().formatted(.iso8601)
        object["level"] = event.level.rawValue
        object["label"] = label
        object["message"] = event.message.description
        if event.level >= .error { object["source"] = "\(event.file):\(event.line)" }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard var line = try? encoder.encode(object) else { return }
        line.append(0x0A)
        Self.output.withLock { _ in FileHandle.standardError.write(line) }
    }
}
