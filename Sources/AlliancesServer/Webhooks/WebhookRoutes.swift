import AlliancesCore
import Hummingbird

/// A lab's webhooks, for its facilitators and the network admins (`/webhooks`), and each
/// person's own (`/mes-webhooks`), for them alone: the same pages on either scope. Every id
/// in a path is looked up within the scope of the path: another lab's or another person's
/// subscription is "not found".
enum WebhookRoutes {
    static func register(_ routes: RouteTable) {
        for folder in ["webhooks", "mes-webhooks"] {
            routes.get("/labs/:lab/\(folder)", list)
            routes.post("/labs/:lab/\(folder)", create)
            routes.get("/labs/:lab/\(folder)/:id", show)
            routes.post("/labs/:lab/\(folder)/:id/tester", ping)
            routes.post("/labs/:lab/\(folder)/:id/reactiver", reactivate)
            routes.post("/labs/:lab/\(folder)/:id/supprimer", delete)
        }
    }

    /// The person's own subscriptions when the path says so (`mes-webhooks`, `my-webhooks`).
    static func isPersonal(_ context: AppContext) -> Bool {
        let path = context.endpointPath ?? ""
        return path.contains("/mes-webhooks") || path.contains("/my-webhooks")
    }

    /// Who may use the path's scope: a person of the lab for their own subscriptions, the
    /// lab's facilitators for the lab's.
    static func guarded(_ context: AppContext, _ services: Services) async throws -> (Viewer, Lab, WebhookScope) {
        let personal = isPersonal(context)
        let (viewer, lab) = try await services.lab(
            context,
            allowing: {
                personal
                    ? Permissions.canSubscribeForThemself($0, labID: $1) : Permissions.canManageWebhooks($0, labID: $1)
            })
        return (viewer, lab, WebhookScope(labID: lab.id, personalOf: personal ? viewer.userID : nil))
    }

    /// Refusing a subscription beyond the scope's limit.
    static func tooMany(_ scope: WebhookScope) -> String {
        scope.personalOf == nil
            ? "Ce labo a déjà \(WebhookSubscriptionDraft.maxPerLab) abonnements : supprimez-en un avant d'en créer un autre."
            : "Vous avez déjà \(WebhookSubscriptionDraft.maxPerPerson) abonnements : supprimez-en un avant d'en créer un autre."
    }

    static func render(
        _ context: AppContext, _ services: Services, _ model: WebhookPages.ListModel, status: HTTPResponse.Status = .ok
    ) -> Response {
        services.layout.response(
            status: status,
            page: PageContext(
                title: model.personal ? "Mes webhooks" : "Webhooks", context: context, lab: model.lab.summary,
                section: "webhooks"),
            body: WebhookPages.list(model, csrf: context.csrfToken))
    }

    static func list(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let (_, lab, scope) = try await guarded(context, services)
        let flash: String? = request.uri.queryParameters.get("fait") == "supprime" ? "Abonnement supprimé." : nil
        return render(
            context, services,
            WebhookPages.ListModel(
                lab: lab, personal: scope.personalOf != nil, subscriptions: try await services.webhooks.list(scope),
                flash: flash))
    }

    static func create(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let (viewer, lab, scope) = try await guarded(context, services)
        let form = context.form
        let errors: ValidationErrors
        switch WebhookSubscriptionDraft.validate(
            name: form["webhook_name"], url: form["webhook_url"], events: form.all("webhook_events"),
            allowPrivateAddresses: services.configuration.webhooksAllowPrivateAddresses)
        {
        case .failure(let invalid): errors = invalid
        case .success(let draft):
            switch try await services.webhooks.create(viewer, scope, draft: draft, address: context.remoteAddress) {
            case .created(_, let secret):
                // The answer holds a secret: `no-store`, as every answer without a policy of
                // its own (`SecurityHeadersMiddleware`).
                return render(
                    context, services,
                    WebhookPages.ListModel(
                        lab: lab, personal: scope.personalOf != nil,
                        subscriptions: try await services.webhooks.list(scope),
                        created: (draft.name, secret)))
            case .tooMany:
                var full = ValidationErrors()
                full.add(
                    "webhook_name",
                    WebhookRoutes.tooMany(scope)
                )
                errors = full
            }
        }
        // Refused: the form again, as typed, with what was wrong.
        let model = WebhookPages.ListModel(
            lab: lab, personal: scope.personalOf != nil, subscriptions: try await services.webhooks.list(scope),
            errors: errors,
            name: form["webhook_name"], url: form["webhook_url"], events: Set(form.all("webhook_events")))
        return render(context, services, model, status: .unprocessableContent)
    }

    static func show(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        try await detail(request, context, services, flash: nil)
    }

    static func detail(_ request: Request, _ context: AppContext, _ services: Services, flash: String?) async throws
        -> Response
    {
        let (_, lab, scope) = try await guarded(context, services)
        guard
            let (listed, deliveries) = try await services.webhooks.detail(scope, id: try services.id("id", context))
        else { throw AppError.notFound("Cet abonnement n'existe pas dans ce labo.") }
        return services.layout.response(
            page: PageContext(
                title: "Webhook « \(listed.subscription.name) »", context: context, lab: lab.summary,
                section: "webhooks"),
            body: WebhookPages.detail(
                lab: lab, listed: listed, deliveries: deliveries, flash: flash, csrf: context.csrfToken,
                personal: scope.personalOf != nil))
    }

    static func ping(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let (_, lab, scope) = try await guarded(context, services)
        guard try await services.webhooks.ping(lab: lab, scope, id: try services.id("id", context)) else {
            throw AppError.notFound("Cet abonnement n'existe pas dans ce labo.")
        }
        return try await detail(
            request, context, services,
            flash: "Essai mis en file : il part dans quelques secondes, après ce qui attend.")
    }

    static func reactivate(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let (viewer, lab, scope) = try await guarded(context, services)
        guard
            try await services.webhooks.reactivate(
                viewer, scope, id: try services.id("id", context), address: context.remoteAddress)
        else { throw AppError.notFound("Cet abonnement n'existe pas dans ce labo.") }
        return try await detail(
            request, context, services, flash: "Abonnement réactivé : ce qui attendait part dans l'ordre.")
    }

    static func delete(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let (viewer, lab, scope) = try await guarded(context, services)
        guard
            try await services.webhooks.delete(
                viewer, scope, id: try services.id("id", context), address: context.remoteAddress)
        else { throw AppError.notFound("Cet abonnement n'existe pas dans ce labo.") }
        return redirect(to: WebhookPages.base(lab, personal: scope.personalOf != nil) + "?fait=supprime")
    }
}
