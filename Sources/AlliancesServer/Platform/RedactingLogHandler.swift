import AlliancesCore
import Logging

/// Wraps the process's log handler so that no secret reaches a log, whoever logs: messages
/// and metadata pass through `SecretRedaction` before the wrapped handler sees them. Call
/// sites redact too (the error page's path, an outbox error); this is the net under them.
public struct RedactingLogHandler: LogHandler {
    var wrapped: any LogHandler

    public init(_ wrapped: any LogHandler) { self.wrapped = wrapped }

    /// Installs it over swift-log's standard-error handler (or one JSON object per line, for
    /// log collectors), once per process.
    public static func bootstrap(level: Logger.Level, format: LogFormat = .text) {
        LoggingSystem.bootstrap { label in
            var handler: any LogHandler =
                switch format {
                case .text: StreamLogHandler.standardError(label: label)
                case .json: JSONLogHandler(label: label)
                }
            handler.logLevel = level
            return RedactingLogHandler(handler)
        }
    }

    public func log(event: LogEvent) {
        var event = event
        event.message = Logger.Message(stringLiteral: SecretRedaction.redact(event.message.description))
        event.metadata = event.metadata.map(Self.redact)
        wrapped.log(event: event)
    }

    static func redact(_ metadata: Logger.Metadata) -> Logger.Metadata {
        metadata.mapValues(redact)
    }

    static func redact(_ value: Logger.MetadataValue) -> Logger.MetadataValue {
        switch value {
        case .string(let text): .string(SecretRedaction.redact(text))
        case .stringConvertible(let item): .string(SecretRedaction.redact(item.description))
        case .dictionary(let dictionary): .dictionary(redact(dictionary))
        case .array(let items): .array(items.map(redact))
        }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { wrapped[metadataKey: key] }
        set { wrapped[metadataKey: key] = newValue }
    }

    public var metadata: Logger.Metadata {
        get { wrapped.metadata }
        set { wrapped.metadata = newValue }
    }

    public var logLevel: Logger.Level {
        get { wrapped.logLevel }
        set { wrapped.logLevel = newValue }
    }
}
