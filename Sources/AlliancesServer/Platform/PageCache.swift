import Hummingbird
import NIOConcurrencyHelpers
import NIOCore

/// Rendered pages for visitors who are not logged in, keyed by lab and URL and tagged with
/// the lab's `data_version`.
///
/// A visitor's page depends only on the lab's data and the URL (no token, no name, no
/// contact details), and every write to a lab bumps its version in the same transaction,
/// so a cached page is served only while it is exactly what rendering would give. Pages
/// for logged-in people are always rendered. Memory is bounded: past `maxBytes` the cache
/// starts again from empty.
public final class PageCache: Sendable {
    private struct Entry {
        let version: Int
        let body: ByteBuffer
    }

    private struct State {
        var entries: [String: Entry] = [:]
        var bytes = 0
    }

    private let state = NIOLockedValueBox(State())
    private let maxBytes: Int

    public init(maxBytes: Int = 24 * 1024 * 1024) { self.maxBytes = maxBytes }

    func page(lab: Lab, request: Request, context: AppContext, render: () async throws -> HTML) async throws -> Response
    {
        try await page(
            scope: "lab:\(lab.id)", version: lab.dataVersion, request: request, context: context, render: render)
    }

    /// The same for any scope with a version bumped by its writes (e.g. an event).
    func page(scope: String, version: Int, request: Request, context: AppContext, render: () async throws -> HTML)
        async throws -> Response
    {
        let key = "\(scope)|\(request.uri)"
        guard context.identity == nil, key.utf8.count <= 1024 else {
            return htmlResponse(try await render())
        }
        if let entry = state.withLockedValue({ $0.entries[key] }), entry.version == version {
            return Self.response(entry.body)
        }
        let body = ByteBuffer(string: try await render().rendered)
        state.withLockedValue { state in
            if state.bytes + body.readableBytes > maxBytes {
                state = State()
            }
            state.bytes += body.readableBytes - (state.entries[key]?.body.readableBytes ?? 0)
            state.entries[key] = Entry(version: version, body: body)
        }
        return Self.response(body)
    }

    private static func response(_ body: ByteBuffer) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-store"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: body))
    }
}
