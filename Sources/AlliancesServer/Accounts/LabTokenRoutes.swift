import AlliancesCore
import Hummingbird

/// A lab's API tokens, for its integrations (a CRM, an open-data portal): made, listed and
/// revoked by the lab's facilitators and the network admins. Such a token acts as a
/// facilitator of this lab only, in the name of the facilitator who made it, and stops
/// when they stop being one (`CurrentUser.acting`). A token of another lab is "not found".
enum LabTokenRoutes {
    static func register(_ routes: RouteTable) {
        routes.get("/labs/:lab/jetons", list)
        routes.post("/labs/:lab/jetons", create)
        routes.post("/labs/:lab/jetons/:id/revoquer", revoke)
    }

    static func guarded(_ context: AppContext, _ services: Services) async throws -> (Viewer, Lab) {
        try await services.lab(context, allowing: { Permissions.canManageLabTokens($0, labID: $1) })
    }

    static func render(
        _ context: AppContext, _ services: Services, lab: Lab, errors: ValidationErrors = .init(), flash: String? = nil,
        newToken: (name: String, token: String)? = nil, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let tokens = try await services.apiTokens.labTokens(labID: lab.id)
        let makers = try await services.database.withConnection { db in
            var names: [Int: String] = [:]
            for id in Set(tokens.map(\.userID)) { names[id] = try await AccountStore().user(id: id, on: db)?.name }
            return names
        }
        let notice: HTML = flash.map { "<p class=\"notice notice-success\" role=\"status\">\($0)</p>" } ?? .empty
        let body: HTML = """
            <h1>Jetons d'API du labo</h1>
            \(FormFields.errorSummary(errors))
            \(notice)
            <p>Pour les outils du labo qui lisent ou écrivent par l'<a href="/api/openapi.json">API</a> (CRM, portail de données, tableur partagé) sans dépendre d'un compte personnel : chaque facilitateur du labo les voit et peut les révoquer. Un jeton du labo agit avec les droits d'un facilitateur de ce labo seulement, au nom de la personne qui l'a créé ; il cesse de valoir si elle n'est plus facilitatrice du labo. Voir aussi les <a href="/labs/\(lab.slug)/webhooks">webhooks</a> du labo.</p>
            \(ApiTokensView.section(tokens: tokens, makers: makers, newToken: newToken, errors: errors, action: "/labs/\(lab.slug)/jetons", csrf: context.csrfToken))
            """
        return services.layout.response(
            status: status,
            page: PageContext(title: "Jetons d'API du labo", context: context, lab: lab.summary, section: "tokens"),
            body: body)
    }

    static func list(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let (_, lab) = try await guarded(context, services)
        return try await render(context, services, lab: lab)
    }

    /// A new token, shown on this answer only (never stored, never in a URL); the page is
    /// `no-store`, as every answer without a policy of its own.
    static func create(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let (viewer, lab) = try await guarded(context, services)
        switch ApiTokensView.draft(context.form) {
        case .failure(let errors):
            return try await render(context, services, lab: lab, errors: errors, status: .unprocessableContent)
        case .success(let draft):
            switch try await services.apiTokens.createLabToken(
                viewer, labID: lab.id, draft: draft, address: context.remoteAddress)
            {
            case .tooMany:
                var errors = ValidationErrors()
                errors.add(
                    "token_name",
                    "Ce labo a déjà \(ApiTokenDraft.maxActivePerLab) jetons valides : révoquez-en un avant d'en créer un autre."
                )
                return try await render(context, services, lab: lab, errors: errors, status: .unprocessableContent)
            case .created(_, let token):
                return try await render(
                    context, services, lab: lab, flash: "Jeton « \(draft.name) » créé.", newToken: (draft.name, token))
            }
        }
    }

    static func revoke(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let (viewer, lab) = try await guarded(context, services)
        guard
            try await services.apiTokens.revokeLabToken(
                viewer, labID: lab.id, id: try services.id("id", context), address: context.remoteAddress)
        else { throw AppError.notFound("Ce jeton n'existe pas dans ce labo ou est déjà révoqué.") }
        return try await render(
            context, services, lab: lab, flash: "Jeton révoqué : il ne donne plus accès à rien.")
    }
}
