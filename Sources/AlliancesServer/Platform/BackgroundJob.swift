import AlliancesCore
import Logging
import Metrics

/// Work no request waits for (housekeeping, the outbox, the barometer's warming, an import
/// after its page was answered): a failure is logged with the job's name and context and
/// counted in `alliances_background_failures_total{job}`, never dropped silently. The
/// loops that call it try again on their next round; callers pick a shorter wait after a
/// failure where that makes sense.
enum BackgroundJob {
    static let logger = Logger(label: "alliances.background")

    /// Runs `body`; on failure logs and counts it and returns nil. Cancellation at shutdown
    /// is not a failure.
    @discardableResult
    static func run<T: Sendable>(_ job: String, _ context: @autoclosure () -> String = "", _ body: () async throws -> T)
        async -> T?
    {
        do {
            return try await body()
        } catch is CancellationError {
            return nil
        } catch {
            failed(job, context(), error)
            return nil
        }
    }

    static func failed(_ job: String, _ context: String, _ error: any Error) {
        Counter(label: "alliances_background_failures_total", dimensions: [("job", job)]).increment()
        logger.error(
            "Background job \(job) failed\(context.isEmpty ? "" : " (\(context))"): \(SecretRedaction.redact(String(reflecting: error)))"
        )
    }
}
