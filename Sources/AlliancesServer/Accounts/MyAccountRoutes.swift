import AlliancesCore
import Foundation
import Hummingbird

/// "Mon compte" and the links it sends (e-mail change, erasure), and the forgotten
/// password pages.
enum MyAccountRoutes {
    static func register(_ routes: RouteTable) {
        routes.get("/compte", page)
        routes.post("/compte/nom", rename)
        routes.post("/compte/organisation", actFor)
        routes.post("/compte/mot-de-passe", changePassword)
        routes.post("/compte/email", changeEmail)
        routes.get("/compte/email/:token", emailLink)
        routes.post("/compte/email/:token", confirmEmail)
        routes.post("/compte/sessions/fermer-autres", closeOthers)
        routes.post("/compte/sessions/fermer", closeOne)
        routes.post("/compte/jetons", createToken)
        routes.post("/compte/jetons/:id/revoquer", revokeToken)
        routes.post("/compte/donnees", download)
        routes.post("/compte/effacement", requestErasure)
        routes.get("/compte/effacement/:token", erasureLink)
        routes.post("/compte/effacement/:token", confirmErasure)
        routes.get("/mot-de-passe-oublie", forgotForm)
        routes.post("/mot-de-passe-oublie", forgot)
        routes.get("/mot-de-passe/:token", resetForm)
        routes.post("/mot-de-passe/:token", reset)
    }

    static func sessionKey(_ request: Request, _ services: Services) -> String? {
        request.cookies[services.configuration.cookies.session].map { String($0.value) }
    }

    static func render(
        _ request: Request, _ context: AppContext, _ services: Services, errors: ValidationErrors = .init(),
        flash: String? = nil, status: HTTPResponse.Status = .ok, newToken: (name: String, token: String)? = nil
    ) async throws -> Response {
        guard let viewer = context.viewer else { throw AppError.loginRequired }
        let (user, lab, registrations, audit, memberships, held) = try await services.database.withConnection { db in
            guard let user = try await services.accounts.user(id: viewer.userID, on: db) else {
                throw AppError.loginRequired
            }
            let lab = try await user.labID.asyncMap { try await services.labs.find(id: $0, on: db) } ?? nil
            let registrations = try await RegistrationStore().registrations(email: user.email, userID: user.id, on: db)
            let (audit, _) = try await services.audit.entries(
                AuditFilter(userID: user.id), limit: 30, offset: 0, on: db)
            return (
                user, lab, registrations, audit, try await services.accounts.memberships(userID: user.id, on: db),
                try await services.accounts.heldRoles(userID: user.id, on: db)
            )
        }
        let current = sessionKey(request, services).map(SQLPersistDriver.storedKey)
        let model = MyAccountPage.Model(
            user: user, labName: lab?.name, labSlug: lab?.slug, registrations: registrations,
            sessions: try await services.sessionStorage.sessions(userID: user.id), currentSession: current,
            audit: audit, memberships: memberships, heldRoles: held, errors: errors, flash: flash,
            tokens: try await services.apiTokens.tokens(userID: user.id), newToken: newToken)
        return services.layout.response(
            status: status, page: PageContext(title: "Mon compte", context: context),
            body: MyAccountPage.render(model, csrf: context.csrfToken))
    }

    static func page(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let flash: String? =
            switch request.uri.queryParameters.get("fait") {
            case "email": "Votre nouvelle adresse e-mail est enregistrée."
            default: nil
            }
        return try await render(request, context, services, flash: flash)
    }

    /// A new API token, shown on this answer only (never stored, never in a URL).
    static func createToken(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        guard let viewer = context.viewer else { throw AppError.loginRequired }
        let form = context.form
        switch ApiTokensView.draft(form) {
        case .failure(let errors):
            return try await render(request, context, services, errors: errors, status: .unprocessableContent)
        case .success(let draft):
            switch try await services.apiTokens.create(viewer, draft: draft, address: context.remoteAddress) {
            case .tooMany:
                var errors = ValidationErrors()
                errors.add(
                    "token_name",
                    "Vous avez déjà \(ApiTokenDraft.maxActivePerUser) jetons valides : révoquez-en un avant d'en créer un autre."
                )
                return try await render(request, context, services, errors: errors, status: .unprocessableContent)
            case .created(_, let token):
                // The page holds a secret: it is `no-store`, as every answer without a policy
                // of its own (`SecurityHeadersMiddleware`; ApiTokenTests checks it).
                return try await render(
                    request, context, services, flash: "Jeton « \(draft.name) » créé.", newToken: (draft.name, token))
            }
        }
    }

    static func revokeToken(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        guard let viewer = context.viewer else { throw AppError.loginRequired }
        guard
            try await services.apiTokens.revoke(
                viewer, id: try services.id("id", context), address: context.remoteAddress)
        else { throw AppError.notFound("Ce jeton n'existe pas, n'est pas à vous ou est déjà révoqué.") }
        return try await render(request, context, services, flash: "Jeton révoqué : il ne donne plus accès à rien.")
    }

    static func rename(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        guard let viewer = context.viewer else { throw AppError.loginRequired }
        var errors = ValidationErrors()
        let name = TextRules.check(
            context.form["name"], field: "name", label: "Le nom", required: true, maxLength: 120, minLength: 2,
            into: &errors)
        guard errors.isEmpty, let name else {
            return try await render(request, context, services, errors: errors, status: .unprocessableContent)
        }
        try await services.lifecycle.rename(viewer, name: name, address: context.remoteAddress)
        return try await render(request, context, services, flash: "Votre nom est enregistré.")
    }

    /// A member with several organisations chooses the one they act for.
    static func actFor(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        guard let viewer = context.viewer else { throw AppError.loginRequired }
        let chosen = Int(context.form["organisation"] ?? "") ?? 0
        let done = try await services.database.transaction { db in
            try await services.accounts.actFor(userID: viewer.userID, organisationID: chosen, on: db)
        }
        guard done else { throw AppError.notFound("Vous n'êtes pas membre de cette organisation.") }
        return redirect(to: "/compte")
    }

    static func changePassword(_ request: Request, _ context: AppContext, _ services: Services) async throws
        -> Response
    {
        guard let viewer = context.viewer else { throw AppError.loginRequired }
        let form = context.form
        let errors = try await services.lifecycle.changePassword(
            viewer, current: form["current"] ?? "", new: form["password"] ?? "",
            confirmation: form["confirmation"] ?? "", keepSession: sessionKey(request, services),
            address: context.remoteAddress)
        guard errors.isEmpty else {
            return try await render(request, context, services, errors: errors, status: .unprocessableContent)
        }
        return try await render(
            request, context, services, flash: "Mot de passe changé. Vos autres sessions ont été fermées.")
    }

    static func changeEmail(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        guard let viewer = context.viewer else { throw AppError.loginRequired }
        let form = context.form
        let errors = try await services.lifecycle.requestEmailChange(
            viewer, newEmail: String((form["email"] ?? "").prefix(254)), password: form["password_email"] ?? "",
            address: context.remoteAddress)
        guard errors.isEmpty else {
            return try await render(request, context, services, errors: errors, status: .unprocessableContent)
        }
        return try await render(
            request, context, services,
            flash: "Un lien de confirmation a été envoyé à la nouvelle adresse ; elle sera utilisée une fois confirmée."
        )
    }

    /// A clear French page for a link that cannot be used, changing nothing.
    static func linkProblem(_ problem: AccountLifecycle.LinkProblem, _ context: AppContext, _ services: Services)
        -> Response
    {
        let status: HTTPResponse.Status = problem == .unknown ? .notFound : .gone
        return services.layout.response(
            status: status, page: PageContext(title: "Lien inutilisable", context: context),
            body: "<h1>Ce lien ne peut pas servir</h1><p>\(problem.message)</p>")
    }

    static func emailLink(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let token = try context.parameters.require("token")
        switch try await services.lifecycle.emailChangeLink(token) {
        case .failure(let problem): return linkProblem(problem, context, services)
        case .success(let email):
            return services.layout.response(
                page: PageContext(title: "Confirmer l'adresse", context: context),
                body: """
                    <h1>Confirmer votre nouvelle adresse</h1>
                    <p>Votre compte utilisera désormais <strong>\(email)</strong>.</p>
                    <form method="post" action="/compte/email/\(token)">\(csrfField(context.csrfToken))<button type="submit">Confirmer</button></form>
                    """)
        }
    }

    static func confirmEmail(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let token = try context.parameters.require("token")
        switch try await services.lifecycle.confirmEmailChange(token: token, address: context.remoteAddress) {
        case .failure(let problem): return linkProblem(problem, context, services)
        case .success:
            return redirect(to: context.viewer == nil ? "/connexion" : "/compte?fait=email")
        }
    }

    static func closeOthers(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        guard let viewer = context.viewer else { throw AppError.loginRequired }
        let closed = try await services.lifecycle.closeOtherSessions(
            viewer, keep: sessionKey(request, services), address: context.remoteAddress)
        return try await render(
            request, context, services,
            flash: closed == 0 ? "Aucune autre session n'était ouverte." : "\(closed) autre(s) session(s) fermée(s).")
    }

    static func closeOne(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        guard let viewer = context.viewer else { throw AppError.loginRequired }
        let id = String((context.form["session"] ?? "").prefix(64))
        let closed = try await services.database.transaction { db in
            try await services.sessionStorage.close(userID: viewer.userID, storedKey: id, on: db)
        }
        guard closed else { throw AppError.notFound("Cette session n'existe pas ou est déjà fermée.") }
        return try await render(request, context, services, flash: "La session est fermée.")
    }

    static func attachment(_ data: Data, filename: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        headers[.contentDisposition] = "attachment; filename=\"\(filename)\""
        headers[.cacheControl] = "no-store"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func download(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        guard let identity = context.identity else { throw AppError.loginRequired }
        let data = try await services.privacy.export(
            email: identity.email, by: identity.viewer.userID, address: context.remoteAddress)
        return attachment(data, filename: "mes-donnees-alliances.json")
    }

    static func requestErasure(_ request: Request, _ context: AppContext, _ services: Services) async throws
        -> Response
    {
        guard let viewer = context.viewer else { throw AppError.loginRequired }
        try await services.lifecycle.requestErasure(viewer, address: context.remoteAddress)
        return try await render(
            request, context, services,
            flash:
                "Un lien de confirmation, valable 1 heure, vient de vous être envoyé par e-mail. Rien n'est effacé sans lui."
        )
    }

    static func erasureLink(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let token = try context.parameters.require("token")
        switch try await services.lifecycle.erasureLink(token) {
        case .failure(let problem): return linkProblem(problem, context, services)
        case .success(let user):
            return services.layout.response(
                page: PageContext(title: "Effacer mes données", context: context),
                body: """
                    <h1>Effacer le compte de \(user.email)</h1>
                    <p>Votre compte, vos fiches de contact, vos demandes de rendez-vous et les messages qui vous ont été envoyés seront supprimés ; vos inscriptions deviendront anonymes (les rencontres à venir sont annulées). Ce que vous avez publié pour votre organisation reste, sans votre nom. C'est définitif.</p>
                    <form method="post" action="/compte/effacement/\(token)">\(csrfField(context.csrfToken))<button type="submit" class="danger">Effacer définitivement</button></form>
                    """)
        }
    }

    static func confirmErasure(_ request: Request, _ context: AppContext, _ services: Services) async throws
        -> Response
    {
        let token = try context.parameters.require("token")
        switch try await services.lifecycle.erasureLink(token) {
        case .failure(let problem): return linkProblem(problem, context, services)
        case .success(let user):
            _ = try await services.privacy.erase(
                email: user.email, by: user.id, reason: "demande de la personne", address: context.remoteAddress)
            context.sessions.clearSession()
            return services.layout.response(
                page: PageContext(title: "Données effacées", context: context),
                body: "<h1>Vos données ont été effacées</h1><p>Votre compte n'existe plus. Merci d'avoir participé.</p>"
            )
        }
    }

    // MARK: Forgotten password

    static func forgotPage(_ context: AppContext, _ services: Services, sent: Bool) -> Response {
        let body: HTML =
            sent
            ? "<h1>Vérifiez vos e-mails</h1><p role=\"status\">Si un compte existe pour cette adresse, un lien pour choisir un nouveau mot de passe vient d'y être envoyé. Il est valable \(Throttle.frenchDelay(services.configuration.passwordResetLifetime)), une seule fois.</p><p><a href=\"/connexion\">Retour à la connexion</a></p>"
            : """
            <h1>Mot de passe oublié</h1>
            <p>Indiquez l'adresse e-mail de votre compte : nous y enverrons un lien pour choisir un nouveau mot de passe.</p>
            <form method="post" action="/mot-de-passe-oublie" class="narrow">\(csrfField(context.csrfToken))
            \(FormFields.text("email", "E-mail", value: nil, errors: ValidationErrors(), type: "email", required: true, autocomplete: "email"))
            <div class="actions"><button type="submit">Recevoir un lien</button></div></form>
            """
        return services.layout.response(page: PageContext(title: "Mot de passe oublié", context: context), body: body)
    }

    static func forgotForm(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        forgotPage(context, services, sent: false)
    }

    /// The same answer whether or not the address has an account.
    static func forgot(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let email = String((context.form["email"] ?? "").prefix(254))
        try await services.lifecycle.requestPasswordReset(email: email, address: context.remoteAddress)
        return forgotPage(context, services, sent: true)
    }

    static func resetPage(
        _ context: AppContext, _ services: Services, token: String, user: UserRecord, errors: ValidationErrors,
        status: HTTPResponse.Status = .ok
    ) -> Response {
        services.layout.response(
            status: status, page: PageContext(title: "Nouveau mot de passe", context: context),
            body: """
                <h1>Choisir un nouveau mot de passe</h1>
                <p>Compte : <strong>\(user.email)</strong></p>
                \(FormFields.errorSummary(errors))
                <form method="post" action="/mot-de-passe/\(token)" class="narrow">\(csrfField(context.csrfToken))
                \(FormFields.text("password", "Nouveau mot de passe", value: nil, errors: errors, type: "password", required: true, hint: "\(Passwords.minimumLength) caractères au moins.", autocomplete: "new-password"))
                \(FormFields.text("confirmation", "Confirmez le mot de passe", value: nil, errors: ValidationErrors(), type: "password", required: true, autocomplete: "new-password"))
                <div class="actions"><button type="submit">Enregistrer</button></div></form>
                """)
    }

    static func resetForm(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let token = try context.parameters.require("token")
        switch try await services.lifecycle.resetLink(token) {
        case .failure(let problem): return linkProblem(problem, context, services)
        case .success(let user): return resetPage(context, services, token: token, user: user, errors: .init())
        }
    }

    static func reset(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let token = try context.parameters.require("token")
        let form = context.form
        switch try await services.lifecycle.resetPassword(
            token: token, password: form["password"] ?? "", confirmation: form["confirmation"] ?? "",
            address: context.remoteAddress)
        {
        case .link(let problem): return linkProblem(problem, context, services)
        case .invalid(let errors):
            guard case .success(let user) = try await services.lifecycle.resetLink(token) else {
                return linkProblem(.unknown, context, services)
            }
            return resetPage(
                context, services, token: token, user: user, errors: errors, status: .unprocessableContent)
        case .done:
            context.sessions.clearSession()
            return services.layout.response(
                page: PageContext(title: "Mot de passe changé", context: context),
                body:
                    "<h1>Mot de passe changé</h1><p role=\"status\">Toutes les sessions de ce compte ont été fermées.</p><p><a class=\"button\" href=\"/connexion\">Se connecter</a></p>"
            )
        }
    }
}
