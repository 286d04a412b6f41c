import AlliancesCore
import Hummingbird

/// Webhook subscriptions through the API: a lab's (`/webhooks`), for the integrations that
/// set up their own (with a lab token, typically), under the facilitators' rules of the
/// `Webhooks` pages; and a person's own (`/my-webhooks`), with their personal token. The
/// same `WebhookSubscriptions` use cases (validation of the URL, the limit, the secret
/// shown once, audit). Another lab's or person's subscription is not found.
enum WebhookAPI {
    static func register(_ routes: RouteTable) {
        for folder in ["webhooks", "my-webhooks"] {
            routes.get("/api/v1/labs/:lab/\(folder)", list)
            routes.post("/api/v1/labs/:lab/\(folder)", create)
            routes.get("/api/v1/labs/:lab/\(folder)/:id", show)
            routes.delete("/api/v1/labs/:lab/\(folder)/:id", delete)
            routes.post("/api/v1/labs/:lab/\(folder)/:id/ping", ping)
            routes.post("/api/v1/labs/:lab/\(folder)/:id/reactivate", reactivate)
        }
    }

    static let missing = AppError.notFound("Cet abonnement n'existe pas dans ce labo.")

    static func list(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let (_, lab, scope) = try await WebhookRoutes.guarded(context, services)
        return JSONResponse.make(try await services.webhooks.list(scope).map(WebhookDTO.init))
    }

    static func detail(_ id: Int, _ scope: WebhookScope, _ services: Services) async throws -> WebhookDetailDTO {
        guard let (listed, deliveries) = try await services.webhooks.detail(scope, id: id) else { throw missing }
        return WebhookDetailDTO(subscription: WebhookDTO(listed), deliveries: deliveries.map(WebhookDeliveryDTO.init))
    }

    static func show(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let (_, lab, scope) = try await WebhookRoutes.guarded(context, services)
        return JSONResponse.make(try await detail(try services.id("id", context), scope, services))
    }

    /// The answer holds the signing secret, once: `no-store`, as every API answer.
    static func create(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let (viewer, lab, scope) = try await WebhookRoutes.guarded(context, services)
        let body = try await DirectoryAPI.decode(WebhookInput.self, request, context)
        switch WebhookSubscriptionDraft.validate(
            name: body.name, url: body.url, events: body.events ?? [],
            allowPrivateAddresses: services.configuration.webhooksAllowPrivateAddresses)
        {
        case .failure(let errors):
            let renamed = errors.errors.map {
                FieldError(field: $0.field.replacingOccurrences(of: "webhook_", with: ""), message: $0.message)
            }
            throw DirectoryAPI.validationError(ValidationErrors(renamed))
        case .success(let draft):
            switch try await services.webhooks.create(viewer, scope, draft: draft, address: context.remoteAddress) {
            case .tooMany:
                throw AppError(
                    .conflict,
                    WebhookRoutes.tooMany(scope)
                )
            case .created(let id, let secret):
                let detail = try await detail(id, scope, services)
                var response = JSONResponse.make(
                    WebhookCreatedDTO(subscription: detail.subscription, secret: secret), status: .created)
                response.headers[.location] =
                    "/api/v1/labs/\(lab.slug)/\(scope.personalOf == nil ? "webhooks" : "my-webhooks")/\(id)"
                return response
            }
        }
    }

    static func delete(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let (viewer, lab, scope) = try await WebhookRoutes.guarded(context, services)
        guard
            try await services.webhooks.delete(
                viewer, scope, id: try services.id("id", context), address: context.remoteAddress)
        else { throw missing }
        return Response(status: .noContent)
    }

    static func ping(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let (_, lab, scope) = try await WebhookRoutes.guarded(context, services)
        let id = try services.id("id", context)
        guard try await services.webhooks.ping(lab: lab, scope, id: id) else { throw missing }
        return JSONResponse.make(try await detail(id, scope, services), status: .accepted)
    }

    static func reactivate(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let (viewer, lab, scope) = try await WebhookRoutes.guarded(context, services)
        let id = try services.id("id", context)
        guard try await services.webhooks.reactivate(viewer, scope, id: id, address: context.remoteAddress) else {
            throw missing
        }
        return JSONResponse.make(try await detail(id, scope, services))
    }
}

struct WebhookInput: Codable, Sendable {
    var name: String?
    var url: String?
    var events: [String]?
}

struct WebhookDTO: Codable, Sendable {
    let id: Int
    let name: String
    let url: String
    let events: [String]
    let active: Bool
    /// Why the worker paused it (24 h of failures), until someone reactivates it.
    let pausedReason: String?
    /// Deliveries waiting to be sent.
    let waiting: Int
    let createdAt: Int

    init(_ listed: WebhookSubscriptions.Listed) {
        let s = listed.subscription
        (id, name, url, events) = (s.id, s.name, s.url, s.events.map(\.rawValue))
        (active, pausedReason, waiting, createdAt) = (s.active, s.pausedReason, listed.waiting, s.createdAt)
    }
}

struct WebhookDeliveryDTO: Codable, Sendable {
    let id: Int
    let eventId: String
    let type: String
    let createdAt: Int
    let attempts: Int
    let nextAttemptAt: Int
    let deliveredAt: Int?
    let givenUpAt: Int?
    let lastStatus: Int?
    let lastError: String?

    init(_ d: WebhookDelivery) {
        (id, eventId, type, createdAt, attempts) = (d.id, d.eventID, d.type.rawValue, d.createdAt, d.attempts)
        (nextAttemptAt, deliveredAt, givenUpAt) = (d.nextAttemptAt, d.deliveredAt, d.givenUpAt)
        (lastStatus, lastError) = (d.lastStatus, d.lastError)
    }
}

struct WebhookDetailDTO: Codable, Sendable {
    let subscription: WebhookDTO
    /// The 50 latest.
    let deliveries: [WebhookDeliveryDTO]
}

struct WebhookCreatedDTO: Codable, Sendable {
    let subscription: WebhookDTO
    /// The signing secret (`whsec_…`): shown in this answer only.
    let secret: String
}
