import Hummingbird
import NIOConcurrencyHelpers
import NIOCore

/// Rendered pages for visitors who are not logged in, keyed by lab and URL and tagged with
/// the lab's `data_version`.
///
/// A visitor's page depends only on the lab's data and the URL (no token, no name, no
/// contact details), and every write to a lab bumps its version in the same transaction,
/// so a cached page is served only while it is exactly what rendering would give. Pages
/// for logged-in people are rendered each time, but the part of a page that depends only
/// on the lab's data and on the viewer's role (`fragment`) is kept the same way, and only
/// the frame around it (menu, account, form tokens) is rendered. Memory is bounded: past
/// `maxBytes` the cache starts again from empty.
public final class PageCache: Sendable {
    private struct Entry {
        let version: Int
        let body: ByteBuffer
    }

    private struct Fragment {
        let version: Int
        let html: HTML
    }

    private struct State {
        var entries: [String: Entry] = [:]
        var fragments: [String: Fragment] = [:]
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

    /// The body of a page for a logged-in viewer, kept per lab data version, URL and
    /// `variant`. The caller names in `variant` everything about the viewer the body depends
    /// on (e.g. whether they may create a record); the body must hold no token, no name and
    /// nothing else personal: those belong to the frame, rendered each time. Measured on
    /// the signed-in directory page (BENCHMARKS.md, "Signed-in pages").
    func fragment(lab: Lab, request: Request, variant: String, render: () async throws -> HTML) async throws -> HTML {
        let key = "lab:\(lab.id)|\(variant)|\(request.uri)"
        guard key.utf8.count <= 1024 else { return try await render() }
        if let entry = state.withLockedValue({ $0.fragments[key] }), entry.version == lab.dataVersion {
            return entry.html
        }
        let html = try await render()
        let size = html.rendered.utf8.count
        state.withLockedValue { state in
            if state.bytes + size > maxBytes {
                state = State()
            }
            state.bytes += size - (state.fragments[key]?.html.rendered.utf8.count ?? 0)
            state.fragments[key] = Fragment(version: lab.dataVersion, html: html)
        }
        return html
    }

    private static func response(_ body: ByteBuffer) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-store"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: body))
    }
}
