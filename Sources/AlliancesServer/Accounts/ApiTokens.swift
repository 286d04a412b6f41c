import AlliancesCore
import Foundation
import Hummingbird
import Metrics
import NIOConcurrencyHelpers
import SQLKit

/// Personal API tokens: made and revoked by their owner on "Mon compte", shown once,
/// stored as a hash; a request to `/api/` with `Authorization: Bearer` acts as the owner,
/// within the token's scope (`BearerTokenMiddleware`). docs/SECURITY.md.
struct ApiTokens: Sendable {
    let database: Database
    let store = ApiTokenStore()

    /// The prefix of every token, so that a leaked one is recognised (secret scanners).
    static let prefix = "alt_"
    /// A token's last use is recorded at most this often (seconds): not a write per request.
    static let touchEvery = 60

    enum Created: Sendable, Equatable {
        case created(id: Int, token: String)
        case tooMany
    }

    func create(_ viewer: Viewer, draft: ApiTokenDraft, address: String?, now: Int = nowSeconds()) async throws
        -> Created
    {
        let token = Self.prefix + Tokens.random()
        return try await database.transaction { db in
            guard try await store.activeCount(userID: viewer.userID, at: now, on: db) < ApiTokenDraft.maxActivePerUser
            else { return .tooMany }
            let id = try await store.insert(
                userID: viewer.userID, name: draft.name, hash: AccountStore.hash(token), scope: draft.scope, at: now,
                expiresAt: now + draft.days * 86_400, on: db)
            try await AuditLog.record(
                .apiTokenCreated, by: viewer.userID, lab: viewer.labID, target: "api-token:\(id)",
                subject: viewer.userID, address: address, on: db)
            return .created(id: id, token: token)
        }
    }

    func revoke(_ viewer: Viewer, id: Int, address: String?, now: Int = nowSeconds()) async throws -> Bool {
        try await database.transaction { db in
            guard try await store.revoke(id: id, userID: viewer.userID, at: now, on: db) else { return false }
            try await AuditLog.record(
                .apiTokenRevoked, by: viewer.userID, lab: viewer.labID, target: "api-token:\(id)",
                subject: viewer.userID, address: address, on: db)
            return true
        }
    }

    func tokens(userID: Int) async throws -> [ApiToken] {
        try await database.withConnection { db in try await store.tokens(userID: userID, on: db) }
    }

    /// The owner of a usable token and its scope; the token is looked up by its SHA-256
    /// (`AccountStore.hash`, as invitations and private links; a token is 256 random bits,
    /// so nothing to salt). Nil for an unknown, expired or revoked
    /// token, or a deactivated account.
    func authenticate(_ token: String, now: Int = nowSeconds()) async throws -> (CurrentUser, ApiScope, id: Int)? {
        guard token.hasPrefix(Self.prefix), token.utf8.count <= 100 else { return nil }
        let found = try await database.withConnection { db -> (ApiToken, UserRecord)? in
            guard let token = try await store.find(hash: AccountStore.hash(token), on: db), token.isUsable(at: now),
                let user = try await AccountStore().user(id: token.userID, on: db), user.isActive
            else { return nil }
            return (token, user)
        }
        guard let (token, user) = found else { return nil }
        if now - (token.lastUsedAt ?? 0) >= Self.touchEvery {
            try await database.write { db in try await store.touch(id: token.id, at: now, on: db) }
        }
        return (CurrentUser(user), token.scope, token.id)
    }
}

/// `Authorization: Bearer` on `/api/`: the request acts as the token's owner, within its
/// scope. An unknown, expired or revoked token is refused (401), never taken for a
/// visitor; a read-only token is refused anything but GET and HEAD (403). Other paths
/// ignore the header (pages use the session cookie; `/metrics` checks its own token).
/// Bearer requests carry no cookie to forge, so the CSRF check (JSON bodies only under
/// `/api/`) is all they need.
struct BearerTokenMiddleware: RouterMiddleware {
    typealias Context = AppContext
    let tokens: ApiTokens
    let limiter: ApiRateLimiter<Int>

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response)
        async throws -> Response
    {
        guard let authorization = request.headers[.authorization], request.uri.path.hasPrefix("/api/") else {
            return try await next(request, context)
        }
        guard authorization.hasPrefix("Bearer ") else {
            throw AppError(.unauthorized, "En-tête Authorization attendu : « Bearer » suivi d'un jeton d'API.")
        }
        let token = authorization.dropFirst("Bearer ".count).trimmingCharacters(in: .whitespaces)
        guard let (user, scope, id) = try await tokens.authenticate(token) else {
            throw AppError(.unauthorized, "Jeton d'API inconnu, expiré ou révoqué : créez-en un sur « Mon compte ».")
        }
        guard scope.allows(method: request.method.rawValue) else {
            throw AppError(.forbidden, "Ce jeton ne permet que la lecture : créez un jeton « lecture et écriture ».")
        }
        if let wait = limiter.refusal(id) {
            return ApiRateLimiter<Int>.tooMany(
                "Trop de requêtes pour ce jeton (\(limiter.perMinute) par minute) : réessayez dans \(wait) s.",
                wait: wait, path: request.uri.path)
        }
        var context = context
        context.identity = user
        return try await next(request, context)
    }
}

/// Requests per key (an API token, a client address) and minute, counted in this
/// instance's memory (fixed windows of 60 s): a runaway script is slowed without a database
/// write per request. With several instances each counts its own share (docs/SECURITY.md).
/// Refusals are counted in `alliances_api_requests_refused_total{by}`.
final class ApiRateLimiter<Key: Hashable & Sendable>: Sendable {
    let perMinute: Int
    private let windows = NIOLockedValueBox<[Key: (start: Int, count: Int)]>([:])
    private let refused: Counter

    init(perMinute: Int, by: String = "token") {
        self.perMinute = perMinute
        refused = Counter(label: "alliances_api_requests_refused_total", dimensions: [("by", by)])
    }

    /// Nil when the request may go; else the seconds until the key's window ends.
    func refusal(_ key: Key, now: Int = nowSeconds()) -> Int? {
        let wait = windows.withLockedValue { windows -> Int? in
            // Windows past are dropped now and then, so the table stays the size of the
            // keys seen in the last minute.
            if windows.count > 10_000 { windows = windows.filter { now - $0.value.start < 60 } }
            var window = windows[key] ?? (now, 0)
            if now - window.start >= 60 { window = (now, 0) }
            guard window.count < perMinute else { return max(1, window.start + 60 - now) }
            window.count += 1
            windows[key] = window
            return nil
        }
        if wait != nil { refused.increment() }
        return wait
    }

    /// The 429 answer: a problem saying why, and `Retry-After`.
    static func tooMany(_ detail: String, wait: Int, path: String) -> Response {
        var response = JSONResponse.problem(.tooManyRequests, detail: detail, instance: path)
        response.headers[.retryAfter] = String(wait)
        return response
    }
}

/// Requests to `/api/` per client address and minute (`--api-requests-per-address-per-minute`),
/// whatever the credentials, even none: one address cannot flood the API with many
/// tokens, or with none. The address is the one `ClientAddressMiddleware` resolved (proxy
/// headers only from trusted proxies).
struct ApiAddressLimitMiddleware: RouterMiddleware {
    typealias Context = AppContext
    let limiter: ApiRateLimiter<String>

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response)
        async throws -> Response
    {
        guard request.uri.path.hasPrefix("/api/"), let wait = limiter.refusal(context.remoteAddress) else {
            return try await next(request, context)
        }
        return ApiRateLimiter<String>.tooMany(
            "Trop de requêtes depuis votre adresse (\(limiter.perMinute) par minute) : réessayez dans \(wait) s.",
            wait: wait, path: request.uri.path)
    }
}
