import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// One log line per request, through the request's logger: its id (also sent back as
/// `X-Request-Id`; the request's logger carries it, so an error logged while serving it
/// names it too), the method, the
/// route's pattern, the status and the duration. The pattern, not the path: paths hold
/// private-link tokens and ids, the pattern holds neither; no address, no query, no body.
struct RequestLogMiddleware<Context: RequestContext>: RouterMiddleware {
    static var header: HTTPField.Name { HTTPField.Name("X-Request-Id")! }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let start = ContinuousClock.now
        let id = context.id
        do {
            var response = try await next(request, context)
            response.headers[Self.header] = id
            log(request, context, id: id, status: response.status.code, since: start)
            return response
        } catch {
            log(request, context, id: id, status: (error as? any HTTPResponseError)?.status.code ?? 500, since: start)
            throw error
        }
    }

    func log(_ request: Request, _ context: Context, id: String, status: Int, since start: ContinuousClock.Instant) {
        guard context.logger.logLevel <= .info else { return }
        // Tenths of a millisecond in integers: `String(format:)` cost more than the rest of
        // the line (perf, BENCHMARKS.md).
        let elapsed = (ContinuousClock.now - start).components
        let tenths = Int(elapsed.seconds) * 10_000 + Int(elapsed.attoseconds / 100_000_000_000_000)
        let duration = "\(tenths / 10).\(tenths % 10)"
        // The id once, under a name log collectors understand, instead of Hummingbird's key.
        var logger = context.logger
        logger[metadataKey: "hb.request.id"] = nil
        logger.info(
            "\(request.method) \(context.endpointPath ?? "(no route)") \(status) \(duration) ms",
            metadata: [
                "request_id": .string(id), "status": .stringConvertible(status), "duration_ms": .string(duration)
            ])
    }
}
