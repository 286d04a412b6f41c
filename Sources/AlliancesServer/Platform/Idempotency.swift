import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SQLKit

/// `Idempotency-Key` on the API's POSTs (creations): the first request with a key runs and
/// its success (2xx) is kept a day for the account; the same request again gets that
/// answer (`Idempotent-Replayed: true`) and changes nothing, so a client that lost an
/// answer retries safely. The same key with another method, path or body is refused (422),
/// and while the first still runs (409). A refusal or a failure (4xx, 5xx) changed nothing
/// and frees the key: the request may be corrected and sent again with it. Without the
/// header, or signed out, nothing changes.
struct IdempotencyMiddleware: RouterMiddleware {
    typealias Context = AppContext
    let database: Database
    let store = IdempotencyStore()
    /// Bodies larger than this are not kept (none of the API's answers to a POST is).
    static let maxKeptBytes = 256 * 1024

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response)
        async throws -> Response
    {
        guard request.method == .post, request.uri.path.hasPrefix("/api/"),
            let key = request.headers[HTTPField.Name("Idempotency-Key")!], let userID = context.viewer?.userID
        else { return try await next(request, context) }
        guard (1...255).contains(key.utf8.count), key.utf8.allSatisfy({ $0 >= 0x21 && $0 <= 0x7E }) else {
            throw AppError.badRequest("Idempotency-Key : de 1 à 255 caractères ASCII visibles.")
        }
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: context.maxUploadSize)
        } catch {
            throw AppError(.contentTooLarge, "Le corps de la requête est trop volumineux.")
        }
        var hash = SHA256()
        hash.update(data: Data("\(request.method.rawValue) \(request.uri.path)\n".utf8))
        body.withUnsafeReadableBytes { hash.update(bufferPointer: $0) }
        let fingerprint = Hex.string(hash.finalize())
        let now = nowSeconds()
        let claimed = try await database.write { db in
            try await store.claim(userID: userID, key: key, fingerprint: fingerprint, at: now, on: db)
        }
        guard claimed else {
            let entry = try await database.withConnection { db in try await store.find(userID: userID, key: key, on: db)
            }
            guard let entry, entry.fingerprint == fingerprint else {
                throw AppError(
                    .unprocessableContent,
                    "Cette Idempotency-Key a déjà servi pour une autre requête : prenez-en une nouvelle.")
            }
            guard entry.status != 0 else {
                throw AppError(.conflict, "Une requête avec cette Idempotency-Key est en cours : réessayez.")
            }
            var response = JSONResponse.response(
                ByteBuffer(string: entry.body ?? ""), status: HTTPResponse.Status(code: entry.status))
            response.headers[HTTPField.Name("Idempotent-Replayed")!] = "true"
            if let location = entry.location { response.headers[.location] = location }
            return response
        }
        do {
            var response = try await next(request, context)
            guard (200..<300).contains(response.status.code) else {
                try await database.write { db in try await store.release(userID: userID, key: key, on: db) }
                return response
            }
            let collector = BodyCollector()
            try await response.body.write(collector)
            let kept = collector.buffer
            if kept.readableBytes <= Self.maxKeptBytes {
                try await database.write { db in
                    try await store.answer(
                        userID: userID, key: key, status: response.status.code, body: String(buffer: kept),
                        location: response.headers[.location], on: db)
                }
            } else {
                try await database.write { db in try await store.release(userID: userID, key: key, on: db) }
            }
            response.body = .init(byteBuffer: kept)
            return response
        } catch {
            try? await database.write { db in try await store.release(userID: userID, key: key, on: db) }
            throw error
        }
    }
}

/// Gathers a response's body, to keep it and send it.
final class BodyCollector: ResponseBodyWriter {
    var buffer = ByteBuffer()
    func write(_ buffer: ByteBuffer) async throws {
        var buffer = buffer
        self.buffer.writeBuffer(&buffer)
    }
    func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
