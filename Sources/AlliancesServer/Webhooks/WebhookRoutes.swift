import AlliancesCore
import Hummingbird

/// A lab's webhooks, for its facilitators and the network admins. Every id in a path is
/// looked up within the lab of the path: another lab's subscription is "not found".
enum WebhookRoutes {
    static func register(_ routes: RouteTable) {
        routes.get("/labs/:lab/webhooks", list)
        routes.post("/labs/:lab/webhooks", create)
        routes.get("/labs/:lab/webhooks/:id", show)
        routes.post("/labs/:lab/webhooks/:id/tester", ping)
        routes.post("/labs/:lab/webhooks/:id/reactiver", reactivate)
        routes.post("/labs/:lab/webhooks/:id/supprimer", delete)
    }

    static func guarded(_ context: AppContext, _ services: Services) async throws -> (Viewer, Lab) {
        try await services.lab(context, allowing: { Permissions.canManageWebhooks($0, labID: $1) })
    }

    static func render(
        _ context: AppContext, _ services: Services, _ model: WebhookPages.ListModel, status: HTTPResponse.Status = .ok
    ) -> Response {
        services.layout.response(
            status: status,
            page: PageContext(title: "Webhooks", context: context, lab: model.lab.summary, section: "webhooks"),
            body: WebhookPages.list(model, csrf: context.csrfToken))
    }

    static func list(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let (_, lab) = try await guarded(context, services)
        let flash: String? = request.uri.queryParameters.get("fait") == "supprime" ? "Abonnement supprimé." : nil
        return render(
            context, services,
            WebhookPages.ListModel(lab: lab, subscriptions: try await services.webhooks.list(lab: lab), flash: flash))
    }

    static func create(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let (viewer, lab) = try await guarded(context, services)
        let form = context.form
        let errors: ValidationErrors
        switch WebhookSubscriptionDraft.validate(
            name: form["webhook_name"], url: form["webhook_url"], events: form.all("webhook_events"),
            allowPrivateAddresses: services.configuration.webhooksAllowPrivateAddresses)
        {
        case .failure(let invalid): errors = invalid
        case .success(let draft):
            switch try await services.webhooks.create(viewer, lab: lab, draft: draft, address: context.remoteAddress) {
            case .created(_, let secret):
                // The answer holds a secret: `no-store`, as every answer without a policy of
                // its own (`SecurityHeadersMiddleware`).
                return render(
                    context, services,
                    WebhookPages.ListModel(
                        lab: lab, subscriptions: try await services.webhooks.list(lab: lab),
                        created: (draft.name, secret)))
            case .tooMany:
                var full = ValidationErrors()
                full.add(
                    "webhook_name",
                    "Ce labo a déjà \(WebhookSubscriptionDraft.maxPerLab) abonnements : supprimez-en un avant d'en créer un autre."
                )
                errors = full
            }
        }
        // Refused: the form again, as typed, with what was wrong.
        let model = WebhookPages.ListModel(
            lab: lab, subscriptions: try await services.webhooks.list(lab: lab), errors: errors,
            name: form["webhook_name"], url: form["webhook_url"], events: Set(form.all("webhook_events")))
        return render(context, services, model, status: .unprocessableContent)
    }

    static func show(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        try await detail(request, context, services, flash: nil)
    }

    static func detail(_ request: Request, _ context: AppContext, _ services: Services, flash: String?) async throws
        -> Response
    {
        let (_, lab) = try await guarded(context, services)
        guard
            let (listed, deliveries) = try await services.webhooks.detail(lab: lab, id: try services.id("id", context))
        else { throw AppError.notFound("Cet abonnement n'existe pas dans ce labo.") }
        return services.layout.response(
            page: PageContext(
                title: "Webhook « \(listed.subscription.name) »", context: context, lab: lab.summary,
                section: "webhooks"),
            body: WebhookPages.detail(
                lab: lab, listed: listed, deliveries: deliveries, flash: flash, csrf: context.csrfToken))
    }

    static func ping(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let (_, lab) = try await guarded(context, services)
        guard try await services.webhooks.ping(lab: lab, id: try services.id("id", context)) else {
            throw AppError.notFound("Cet abonnement n'existe pas dans ce labo.")
        }
        return try await detail(
            request, context, services,
            flash: "Essai mis en file : il part dans quelques secondes, après ce qui attend.")
    }

    static func reactivate(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let (viewer, lab) = try await guarded(context, services)
        guard
            try await services.webhooks.reactivate(
                viewer, lab: lab, id: try services.id("id", context), address: context.remoteAddress)
        else { throw AppError.notFound("Cet abonnement n'existe pas dans ce labo.") }
        return try await detail(
            request, context, services, flash: "Abonnement réactivé : ce qui attendait part dans l'ordre.")
    }

    static func delete(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let (viewer, lab) = try await guarded(context, services)
        guard
            try await services.webhooks.delete(
                viewer, lab: lab, id: try services.id("id", context), address: context.remoteAddress)
        else { throw AppError.notFound("Cet abonnement n'existe pas dans ce labo.") }
        return redirect(to: "/labs/\(lab.slug)/webhooks?fait=supprime")
    }
}
