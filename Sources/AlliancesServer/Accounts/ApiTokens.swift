import AlliancesCore
import Foundation
import Hummingbird
import Metrics
import NIOConcurrencyHelpers
import SQLKit

/// API tokens: personal ones, made and revoked by their owner on "Mon compte", and a lab's,
/// made and revoked by its facilitators for the lab's integrations. Shown once, stored as a
/// hash; a request to `/api/` with `Authorization: Bearer` acts as the token's owner within
/// its scopes and lab (`BearerTokenMiddleware`). docs/SECURITY.md.
struct ApiTokens: Sendable {
    let database: Database
    let memo: Memo
    let store = ApiTokenStore()

    init(database: Database, memo: Memo = Memo(seconds: 0)) {
        (self.database, self.memo) = (database, memo)
    }

    /// Tokens recently found usable, by their hash, for `seconds`: a client sending
    /// thousands of requests a minute is not looked up (two reads) on every one. A
    /// revocation through this instance forgets the token at once; through another
    /// instance, or a deactivation or role change, it takes effect within `seconds`
    /// (docs/SECURITY.md). Bounded: past 10,000 entries, the expired ones go, then all.
    final class Memo: Sendable {
        let seconds: Int
        private let entries = NIOLockedValueBox<[String: (found: Authenticated, until: Int)]>([:])
        /// Tokens revoked here lately, until when a lookup may not keep them.
        private let forgotten = NIOLockedValueBox<[Int: Int]>([:])

        init(seconds: Int) { self.seconds = seconds }

        func get(_ hash: String, now: Int) -> Authenticated? {
            guard seconds > 0 else { return nil }
            return entries.withLockedValue { entries in
                guard let entry = entries[hash] else { return nil }
                guard entry.until > now else {
                    entries[hash] = nil
                    return nil
                }
                return entry.found
            }
        }

        func put(_ hash: String, _ found: Authenticated, now: Int) {
            guard seconds > 0 else { return }
            let id = found.token.id
            entries.withLockedValue { entries in
                // A lookup that read the token just before its revocation committed here
                // does not bring it back.
                if forgotten.withLockedValue({ ($0[id] ?? 0) >= now }) { return }
                if entries.count >= 10_000 {
                    entries = entries.filter { $0.value.until > now }
                    if entries.count >= 10_000 { entries = [:] }
                }
                entries[hash] = (found, now + seconds)
            }
        }

        /// A token revoked here: dropped, and not kept again for `seconds` (plus one).
        func forget(tokenID: Int, now: Int = nowSeconds()) {
            entries.withLockedValue { entries in
                forgotten.withLockedValue { forgotten in
                    forgotten = forgotten.filter { $0.value >= now }
                    forgotten[tokenID] = now + seconds + 1
                }
                entries = entries.filter { $0.value.found.token.id != tokenID }
            }
        }

        var count: Int { entries.withLockedValue { $0.count } }
    }

    /// The prefix of every token, so that a leaked one is recognised (secret scanners).
    static let prefix = "alt_"
    /// A token's last use is recorded at most this often (seconds): not a write per request.
    static let touchEvery = 60

    enum Created: Sendable, Equatable {
        case created(id: Int, token: String)
        case tooMany
    }

    /// A usable token, as a request acts with it.
    struct Authenticated: Sendable {
        let identity: CurrentUser
        let token: ApiToken
    }

    /// A personal token, acting in its owner's lab.
    func create(_ viewer: Viewer, draft: ApiTokenDraft, address: String?, now: Int = nowSeconds()) async throws
        -> Created
    {
        try await make(.personal, lab: viewer.labID, by: viewer, draft: draft, address: address, now: now) { db in
            try await store.activeCount(userID: viewer.userID, at: now, on: db) < ApiTokenDraft.maxActivePerUser
        }
    }

    /// A lab's token; the caller checked that `viewer` is a facilitator of the lab.
    func createLabToken(_ viewer: Viewer, labID: Int, draft: ApiTokenDraft, address: String?, now: Int = nowSeconds())
        async throws -> Created
    {
        try await make(.lab, lab: labID, by: viewer, draft: draft, address: address, now: now) { db in
            try await store.activeLabCount(labID: labID, at: now, on: db) < ApiTokenDraft.maxActivePerLab
        }
    }

    private func make(
        _ kind: ApiTokenKind, lab: Int?, by viewer: Viewer, draft: ApiTokenDraft, address: String?, now: Int,
        roomFor: @Sendable @escaping (any SQLDatabase) async throws -> Bool
    ) async throws -> Created {
        let token = Self.prefix + Tokens.random()
        return try await database.transaction { db in
            guard try await roomFor(db) else { return .tooMany }
            let id = try await store.insert(
                userID: viewer.userID, kind: kind, labID: lab, name: draft.name, hash: AccountStore.hash(token),
                scopes: draft.scopes, at: now, expiresAt: now + draft.days * 86_400, on: db)
            try await AuditLog.record(
                .apiTokenCreated, by: viewer.userID, lab: lab ?? viewer.labID,
                target: "api-token:\(id) (\(kind.rawValue) ; \(draft.scopes.encoded))", subject: viewer.userID,
                address: address, on: db)
            return .created(id: id, token: token)
        }
    }

    /// Revokes a personal token of the viewer's; forgotten by the memo once committed (a
    /// lookup racing the revocation cannot keep it).
    func revoke(_ viewer: Viewer, id: Int, address: String?, now: Int = nowSeconds()) async throws -> Bool {
        let revoked = try await database.transaction { db in
            guard try await store.revoke(id: id, userID: viewer.userID, at: now, on: db) else { return false }
            try await AuditLog.record(
                .apiTokenRevoked, by: viewer.userID, lab: viewer.labID, target: "api-token:\(id)",
                subject: viewer.userID, address: address, on: db)
            return true
        }
        if revoked { memo.forget(tokenID: id) }
        return revoked
    }

    /// Revokes one of the lab's tokens; the caller checked that `viewer` is a facilitator.
    func revokeLabToken(_ viewer: Viewer, labID: Int, id: Int, address: String?, now: Int = nowSeconds()) async throws
        -> Bool
    {
        let revoked = try await database.transaction { db in
            guard try await store.revokeLabToken(id: id, labID: labID, at: now, on: db) else { return false }
            try await AuditLog.record(
                .apiTokenRevoked, by: viewer.userID, lab: labID, target: "api-token:\(id) (labo)", address: address,
                on: db)
            return true
        }
        if revoked { memo.forget(tokenID: id) }
        return revoked
    }

    func tokens(userID: Int) async throws -> [ApiToken] {
        try await database.withConnection { db in try await store.tokens(userID: userID, on: db) }
    }

    func labTokens(labID: Int) async throws -> [ApiToken] {
        try await database.withConnection { db in try await store.labTokens(labID: labID, on: db) }
    }

    /// The identity a usable token acts as; the token is looked up by its SHA-256
    /// (`AccountStore.hash`, as invitations and private links; a token is 256 random bits,
    /// so nothing to salt). Nil for an unknown, expired or revoked token, a deactivated
    /// account, a personal token whose owner changed labs, or a lab's token whose maker is
    /// no longer a facilitator of the lab (it acts in their name: `ApiTokenKind.lab`).
    func authenticate(_ token: String, now: Int = nowSeconds()) async throws -> Authenticated? {
        guard token.hasPrefix(Self.prefix), token.utf8.count <= 100 else { return nil }
        let hash = AccountStore.hash(token)
        if let known = memo.get(hash, now: now), known.token.isUsable(at: now) { return known }
        let found = try await database.withConnection { db -> (ApiToken, UserRecord)? in
            guard let token = try await store.find(hash: hash, on: db), token.isUsable(at: now),
                let user = try await AccountStore().user(id: token.userID, on: db), user.isActive
            else { return nil }
            return (token, user)
        }
        guard let (token, user) = found,
            let identity = CurrentUser(user).acting(with: token.kind, inLab: token.labID)
        else { return nil }
        if now - (token.lastUsedAt ?? 0) >= Self.touchEvery {
            try await database.write { db in try await store.touch(id: token.id, at: now, on: db) }
        }
        let authenticated = Authenticated(identity: identity, token: token)
        memo.put(hash, authenticated, now: now)
        return authenticated
    }
}

extension CurrentUser {
    /// The identity a token of `kind` in `labID` gives its owner: a personal token acts as
    /// the owner while they stay in the token's lab; a lab's token acts as a facilitator of
    /// that lab only (an administrator who made one does not lend it their other rights),
    /// while its maker is a facilitator there.
    func acting(with kind: ApiTokenKind, inLab labID: Int?) -> CurrentUser? {
        switch kind {
        case .personal:
            guard labID == nil || viewer.labID == labID else { return nil }
            return self
        case .lab:
            guard let labID, Permissions.isFacilitator(viewer, ofLab: labID) else { return nil }
            return CurrentUser(
                viewer: Viewer(userID: viewer.userID, role: .facilitator, labID: labID, organisationID: nil),
                name: name, email: email)
        }
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
        guard let found = try await tokens.authenticate(token) else {
            throw AppError(.unauthorized, "Jeton d'API inconnu, expiré ou révoqué : créez-en un sur « Mon compte ».")
        }
        let path = request.uri.path
        if let refusal = found.token.scopes.refusal(method: request.method.rawValue, path: path) {
            throw AppError(.forbidden, refusal)
        }
        if let slug = found.token.labSlug, let pathLab = Self.labSlug(path), pathLab != slug {
            throw AppError(.forbidden, "Ce jeton ne vaut que pour le labo « \(slug) ».")
        }
        if let wait = limiter.refusal(found.token.id) {
            return ApiRateLimiter<Int>.tooMany(
                "Trop de requêtes pour ce jeton (\(limiter.perMinute) par minute) : réessayez dans \(wait) s.",
                wait: wait, path: request.uri.path)
        }
        var context = context
        context.identity = found.identity
        return try await next(request, context)
    }

    /// The lab of a `/api/v1/labs/{lab}/…` path.
    static func labSlug(_ path: String) -> Substring? {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        guard parts.count >= 4, parts[0] == "api", parts[1] == "v1", parts[2] == "labs" else { return nil }
        return parts[3]
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
