import AlliancesCore
import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// Security headers on every response: a strict Content-Security-Policy (no inline
/// script at all, no framing), no MIME sniffing, a conservative referrer policy, and
/// `Cache-Control: no-store` unless the handler chose a policy.
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        var response = try await next(request, context)
        response.headers[.contentSecurityPolicy] =
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[HTTPField.Name("Referrer-Policy")!] = "same-origin"
        response.headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        // Pages, exports and API answers may be personal (a participant list, an agenda, an
        // account): no browser or proxy keeps them unless a handler says otherwise, as the
        // fingerprinted stylesheet does.
        if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-store" }
        return response
    }
}

/// The names and flags of the site's cookies. Over HTTPS (a public URL in `https://`, or
/// `--secure-cookies`) they are `Secure` and carry the `__Host-` prefix, which a browser
/// accepts only from this very host, over HTTPS, for the whole site: a sibling subdomain
/// cannot plant one.
public struct CookieNames: Sendable, Equatable {
    public let secure: Bool
    public var session: String { (secure ? "__Host-" : "") + "alliances_session" }
    public var csrf: String { (secure ? "__Host-" : "") + "alliances_csrf" }
}

/// CSRF protection by a token bound to the browser and its session.
///
/// Each browser gets a random nonce in an HttpOnly, SameSite=Lax cookie; forms carry, in a
/// hidden `_csrf` field, an HMAC of that nonce and of the session cookie under a key the
/// server keeps (`ServerSecret`). A POST whose token does not match is refused with 403
/// before any handler runs. A cross-site page can make the browser send the cookies but
/// can neither read them nor compute the token; a token read elsewhere is worth nothing
/// once the session changes, and the nonce is replaced whenever a response sets the
/// session cookie (sign-in, sign-out, an accepted invitation). The token never travels in a
/// URL: file uploads carry it as the first part of their body, checked by
/// `MultipartUpload` before any byte of the file is kept, and only the upload routes take
/// multipart bodies at all. The API (`/api/`) takes JSON only: a cross-site form cannot
/// send `application/json`, and a cross-site script would need a CORS preflight, which
/// this server never grants.
struct CSRFMiddleware: RouterMiddleware {
    typealias Context = AppContext
    let cookies: CookieNames
    let secret: ServerSecret

    static let refusal = AppError(
        .forbidden, "Jeton de sécurité (CSRF) manquant ou invalide : rechargez la page et recommencez.")

    static func token(key: SymmetricKey, nonce: String, session: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data("csrf\u{1F}\(nonce)\u{1F}\(session)".utf8), using: key)
        return Tokens.base64URL(Array(mac))
    }

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response)
        async throws -> Response
    {
        // The API takes JSON bodies only, which a page of another site cannot send without
        // the browser asking first (CORS, which nothing here allows): that is its CSRF
        // defence, for cookies and tokens alike. It renders no form, so it needs no token.
        if request.uri.path.hasPrefix("/api/") {
            if request.method == .post || request.method == .put || request.method == .patch {
                guard (request.headers[.contentType] ?? "").lowercased().hasPrefix("application/json") else {
                    throw AppError(
                        .unsupportedMediaType,
                        "Le corps de la requête doit être du JSON (Content-Type: application/json).")
                }
            }
            return try await next(request, context)
        }
        var context = context
        var request = request
        let existing = request.cookies[cookies.csrf].flatMap { $0.value.utf8.count == 43 ? String($0.value) : nil }
        let nonce = existing ?? Tokens.random()
        let session = request.cookies[cookies.session].map { String($0.value) } ?? ""
        context.csrfToken = Self.token(key: try await secret.key(), nonce: nonce, session: session)
        let unsafe =
            request.method == .post || request.method == .put || request.method == .patch || request.method == .delete
        if unsafe {
            let type = (request.headers[.contentType] ?? "").lowercased()
            if type.hasPrefix("multipart/form-data") {
                guard MultipartUpload.accepts(path: request.uri.path) else {
                    throw AppError(
                        .unsupportedMediaType,
                        "Formulaire attendu (application/x-www-form-urlencoded) : seules les pages d'envoi de fichier acceptent multipart/form-data."
                    )
                }
                guard existing != nil else { throw Self.refusal }
                context.csrfInUploadBody = true
            } else {
                guard type.hasPrefix("application/x-www-form-urlencoded") else {
                    throw AppError(.unsupportedMediaType, "Formulaire attendu (application/x-www-form-urlencoded).")
                }
                let buffer: ByteBuffer
                do {
                    buffer = try await request.collectBody(upTo: context.maxUploadSize)
                } catch {
                    throw AppError(.contentTooLarge, "Le formulaire envoyé est trop volumineux.")
                }
                let body = String(buffer: buffer)
                let form: FormData
                do {
                    form = try FormData.parse(body)
                } catch .tooManyFields(let limit) {
                    throw AppError(.contentTooLarge, "Le formulaire envoyé a plus de \(limit) champs.")
                } catch .invalidEncoding(let field) {
                    throw AppError.badRequest("Le formulaire contient un encodage invalide (champ « \(field) »).")
                }
                guard existing != nil, let sent = form["_csrf"], Tokens.constantTimeEquals(sent, context.csrfToken)
                else { throw Self.refusal }
                context.form = form
            }
        }
        var response = try await next(request, context)
        let sessionChanged = response.headers[values: .setCookie].contains { $0.hasPrefix(cookies.session + "=") }
        // A page rendered for a new browser carries tokens of the nonce made for it; after a
        // change of session, tokens made before are dropped with a new nonce.
        if sessionChanged || existing == nil {
            response.setCookie(
                Cookie(
                    name: cookies.csrf, value: sessionChanged ? Tokens.random() : nonce, path: "/",
                    secure: cookies.secure, httpOnly: true, sameSite: .lax))
        }
        return response
    }
}

/// Turns errors into French pages (or JSON bodies under `/api/`), and never lets an
/// unexpected error show its internals.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = AppContext
    let layout: Layout

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response)
        async throws -> Response
    {
        do {
            return try await next(request, context)
        } catch let error as AppError {
            return render(
                status: error.status, message: error.message, fieldErrors: error.fieldErrors, request: request,
                context: context)
        } catch let error as HTTPError {
            let message: String
            switch error.status {
            case .notFound: message = "Cette page n'existe pas."
            case .methodNotAllowed: message = "Méthode HTTP non autorisée pour cette adresse."
            case .contentTooLarge: message = "La requête est trop volumineuse."
            case .badRequest: message = "Requête invalide."
            default: message = error.status.reasonPhrase
            }
            return render(status: error.status, message: message, fieldErrors: [], request: request, context: context)
        } catch {
            context.logger.error(
                "Unexpected error on \(request.method) \(SecretRedaction.redact(request.uri.path)): \(SecretRedaction.redact(String(reflecting: error)))"
            )
            return render(
                status: .internalServerError,
                message: "Une erreur inattendue est survenue. Elle a été enregistrée ; réessayez plus tard.",
                fieldErrors: [], request: request, context: context)
        }
    }

    func render(
        status: HTTPResponse.Status, message: String, fieldErrors: [FieldError], request: Request, context: AppContext
    ) -> Response {
        if request.uri.path.hasPrefix("/api/") {
            return JSONResponse.problem(status, detail: message, fields: fieldErrors, instance: request.uri.path)
        }
        var body: HTML =
            "<h1>\(status == .notFound ? "Page introuvable" : "Impossible de continuer")</h1><p class=\"notice notice-error\" role=\"alert\">\(message)</p>"
        if status == .unauthorized {
            body =
                body
                + "<p><a class=\"button\" href=\"/connexion?retour=\(URLEncoding.component(request.uri.path))\">Se connecter</a></p>"
        } else {
            body = body + "<p><a href=\"/\">Retour à l'accueil</a></p>"
        }
        return layout.response(
            status: status, page: PageContext(title: "Erreur \(status.code)", context: context), body: body)
    }
}

/// An API error as RFC 9457 "problem details" (`application/problem+json`): no error
/// types of our own (`about:blank`), so `title` is the status's standard phrase; `detail`
/// says in French what was wrong, `errors` each field's message, `instance` the path asked.
struct ProblemDetails: Codable, Sendable {
    let type: String
    let title: String
    let status: Int
    let detail: String
    let instance: String?
    let errors: [FieldError]?
}

enum JSONResponse {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    static func make(_ value: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
        response(encode(value), status: status)
    }

    static func problem(
        _ status: HTTPResponse.Status, detail: String, fields: [FieldError] = [], instance: String? = nil
    ) -> Response {
        let body = ProblemDetails(
            type: "about:blank", title: status.reasonPhrase, status: status.code, detail: detail,
            instance: instance.map(SecretRedaction.redact), errors: fields.isEmpty ? nil : fields)
        var headers = HTTPFields()
        headers[.contentType] = "application/problem+json"
        return Response(status: status, headers: headers, body: .init(byteBuffer: encode(body)))
    }

    /// An answer already encoded (a cached one). A 200 carries a strong `ETag` made from
    /// its bytes, so a client asking again with `If-None-Match` gets a 304 without the body
    /// (`ConditionalGetMiddleware`).
    static func response(_ body: ByteBuffer, status: HTTPResponse.Status = .ok) -> Response {
        response(body, status: status, eTag: status == .ok ? entityTag(body) : nil)
    }

    /// An answer kept encoded with its tag (`Encoded`): not hashed again on each request.
    static func response(_ encoded: Encoded) -> Response { response(encoded.body, eTag: encoded.eTag) }

    private static func response(_ body: ByteBuffer, status: HTTPResponse.Status = .ok, eTag: String?) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        if let eTag { headers[.eTag] = eTag }
        return Response(status: status, headers: headers, body: .init(byteBuffer: body))
    }

    /// A 200's bytes and their `ETag`, as a cache keeps them.
    struct Encoded: Sendable {
        let body: ByteBuffer
        let eTag: String

        init(_ value: some Encodable) {
            body = JSONResponse.encode(value)
            eTag = JSONResponse.entityTag(body)
        }
    }

    /// The first 128 bits of the body's SHA-256, in hex and quotes.
    static func entityTag(_ body: ByteBuffer) -> String {
        let digest = body.withUnsafeReadableBytes { SHA256.hash(data: $0) }
        return "\"" + Hex.string(Array(digest.prefix(16))) + "\""
    }

    static func encode(_ value: some Encodable) -> ByteBuffer {
        ByteBuffer(bytes: (try? encoder.encode(value)) ?? Data("{}".utf8))
    }
}

enum Tokens {
    /// 32 random bytes as unpadded base64url: 43 characters, safe in cookies and URLs.
    static func random() -> String {
        var generator = SystemRandomNumberGenerator()
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32)
        for _ in 0..<4 {
            let word = generator.next()
            for shift in stride(from: 0, to: 64, by: 8) {
                bytes.append(UInt8(truncatingIfNeeded: word >> UInt64(shift)))
            }
        }
        return base64URL(bytes)
    }

    /// Unpadded base64url (RFC 4648 §5).
    static func base64URL(_ bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count * 4 + 2) / 3)
        var index = 0
        while index + 3 <= bytes.count {
            let n = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2])
            out += [
                alphabet[Int(n >> 18 & 63)], alphabet[Int(n >> 12 & 63)], alphabet[Int(n >> 6 & 63)],
                alphabet[Int(n & 63)]
            ]
            index += 3
        }
        let rest = bytes.count - index
        if rest > 0 {
            var n = UInt32(bytes[index]) << 16
            if rest == 2 { n |= UInt32(bytes[index + 1]) << 8 }
            out += [alphabet[Int(n >> 18 & 63)], alphabet[Int(n >> 12 & 63)]]
            if rest == 2 { out.append(alphabet[Int(n >> 6 & 63)]) }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var diff: UInt8 = 0
        for i in 0..<x.count { diff |= x[i] ^ y[i] }
        return diff == 0
    }
}

/// `If-None-Match` on the API's reads: when the answer's `ETag` is one the client names
/// (or `*`), a 304 with that tag and no body. The answer is still computed (the tag is its
/// bytes' hash, so it is never stale); what is saved is the transfer and the client's work.
struct ConditionalGetMiddleware: RouterMiddleware {
    typealias Context = AppContext

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response)
        async throws -> Response
    {
        let response = try await next(request, context)
        guard request.method == .get || request.method == .head, response.status == .ok,
            let tags = request.headers[.ifNoneMatch], let tag = response.headers[.eTag],
            Self.matches(tags, tag)
        else { return response }
        var headers = HTTPFields()
        headers[.eTag] = tag
        if let cacheControl = response.headers[.cacheControl] { headers[.cacheControl] = cacheControl }
        return Response(status: .notModified, headers: headers)
    }

    /// RFC 9110 §13.1.2: a list of tags, weak comparison (`W/` ignored), or `*`. The usual
    /// case, the one tag sent back as it came, is one comparison.
    static func matches(_ list: String, _ tag: String) -> Bool {
        if list == tag { return true }
        return list.split(separator: ",").contains { part in
            var candidate = part.drop { $0 == " " || $0 == "\t" }
            while let last = candidate.last, last == " " || last == "\t" { candidate = candidate.dropLast() }
            if candidate == "*" { return true }
            if candidate.hasPrefix("W/") { candidate = candidate.dropFirst(2) }
            return candidate == tag
        }
    }
}
