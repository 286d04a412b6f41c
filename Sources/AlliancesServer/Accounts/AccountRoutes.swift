import AlliancesCore
import Hummingbird
import HummingbirdAuth
import SQLKit

/// Login, logout, invitations and the accounts pages of a lab.
enum AccountRoutes {
    static func register(_ routes: RouteTable) {
        routes.get("/connexion", loginForm)
        routes.post("/connexion", login)
        routes.post("/deconnexion", signOut)
        routes.get("/invitations/:token", invitationPage)
        routes.post("/invitations/:token", acceptInvitation)
    }

    static func loginForm(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        loginPage(context, services, email: nil, retour: request.uri.queryParameters.get("retour"), error: nil)
    }

    static func signOut(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        logout(context)
    }

    static func logout(_ context: AppContext) -> Response {
        context.sessions.clearSession()
        return redirect(to: "/")
    }

    /// Only same-site paths are followed after login, never another host.
    static func safeReturn(_ value: String?) -> String { SameSitePath.orHome(value) }

    static func loginPage(
        _ context: AppContext, _ services: Services, email: String?, retour: String?, error: String?,
        status: HTTPResponse.Status = .ok
    ) -> Response {
        var errors = ValidationErrors()
        if let error { errors.add("email", error) }
        let body: HTML = """
            <h1>Se connecter</h1>
            \(FormFields.errorSummary(errors))
            <form method="post" action="/connexion" class="narrow">
            \(csrfField(context.csrfToken))
            <input type="hidden" name="retour" value="\(safeReturn(retour))">
            \(FormFields.text("email", "E-mail", value: email, errors: errors, type: "email", required: true, autocomplete: "email"))
            \(FormFields.text("password", "Mot de passe", value: nil, errors: ValidationErrors(), type: "password", required: true, autocomplete: "current-password"))
            <div class="actions"><button type="submit">Se connecter</button></div>
            </form>
            <p><a href="/mot-de-passe-oublie">Mot de passe oublié ?</a></p>
            <p class="hint">Les comptes sont créés sur invitation d'un facilitateur du labo.</p>
            """
        return services.layout.response(
            status: status, page: PageContext(title: "Connexion", context: context), body: body)
    }

    static func login(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let form = context.form
        let email = EmailAddress.normalise(form["email"] ?? "")
        let password = form["password"] ?? ""
        let retour = safeReturn(form["retour"])
        // Longer than any e-mail address, or than bcrypt reads of a password: not a login.
        guard email.utf8.count <= 254, password.utf8.count <= 1024 else {
            return loginPage(
                context, services, email: nil, retour: retour, error: "E-mail ou mot de passe incorrect.",
                status: .unauthorized)
        }
        switch try await services.login.login(email: email, password: password, address: context.remoteAddress) {
        case .throttled(let retryAfter):
            var response = loginPage(
                context, services, email: email, retour: retour,
                error:
                    "Trop de tentatives de connexion échouées depuis votre adresse. Réessayez dans \(Throttle.frenchDelay(retryAfter)).",
                status: .tooManyRequests)
            response.headers[.retryAfter] = String(retryAfter)
            return response
        case .deactivated:
            return loginPage(
                context, services, email: email, retour: retour,
                error: "Ce compte est désactivé. Écrivez au facilitateur de votre labo pour le réactiver.",
                status: .forbidden)
        case .wrongCredentials:
            return loginPage(
                context, services, email: email, retour: retour, error: "E-mail ou mot de passe incorrect.",
                status: .unauthorized)
        case .signedIn(let userID):
            try await startSession(userID: userID, request, context, services)
            return redirect(to: retour)
        }
    }

    /// A new session under a new id; the one the browser held before (another person's on
    /// a shared computer, or one planted by an attacker) is removed.
    static func startSession(userID: Int, _ request: Request, _ context: AppContext, _ services: Services) async throws
    {
        if let previous = request.cookies[services.configuration.cookies.session]?.value {
            try await services.sessionStorage.remove(key: String(previous))
        }
        context.sessions.createSession(
            SessionPayload(userID: userID, device: DeviceLabel.describe(userAgent: request.headers[.userAgent])))
    }

    // MARK: Invitations

    static func loadInvitation(_ context: AppContext, _ services: Services) async throws -> (String, InvitationRecord) {
        let token = try context.parameters.require("token")
        guard token.utf8.count == 43,
            let invitation = try await services.database.withConnection({ db in
                try await services.accounts.invitation(token: token, on: db)
            })
        else {
            throw AppError.notFound("Cette invitation n'existe pas. Vérifiez le lien reçu.")
        }
        if invitation.acceptedAt != nil {
            throw AppError(.gone, "Cette invitation a déjà été utilisée. Connectez-vous avec votre compte.")
        }
        if invitation.expiresAt <= nowSeconds() {
            throw AppError(.gone, "Cette invitation a expiré. Demandez-en une nouvelle au facilitateur du labo.")
        }
        return (token, invitation)
    }

    static func invitationForm(
        _ context: AppContext, _ services: Services, token: String, invitation: InvitationRecord, name: String?,
        errors: ValidationErrors, status: HTTPResponse.Status = .ok
    ) -> Response {
        let body: HTML = """
            <h1>Créer votre compte</h1>
            <p>Invitation pour <strong>\(invitation.email)</strong> — \(invitation.role.label).</p>
            \(FormFields.errorSummary(errors))
            <form method="post" action="/invitations/\(token)">
            \(csrfField(context.csrfToken))
            \(FormFields.text("name", "Votre nom", value: name, errors: errors, required: true, autocomplete: "name", maxLength: 120))
            \(FormFields.text("password", "Mot de passe", value: nil, errors: errors, type: "password", required: true, hint: "\(Passwords.minimumLength) caractères au moins.", autocomplete: "new-password"))
            \(FormFields.text("confirmation", "Confirmez le mot de passe", value: nil, errors: ValidationErrors(), type: "password", required: true, autocomplete: "new-password"))
            <div class="actions"><button type="submit">Créer mon compte</button></div>
            </form>
            """
        return services.layout.response(
            status: status, page: PageContext(title: "Invitation", context: context), body: body)
    }

    static func invitationPage(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response
    {
        let (token, invitation) = try await loadInvitation(context, services)
        return invitationForm(context, services, token: token, invitation: invitation, name: nil, errors: .init())
    }

    static func acceptInvitation(_ request: Request, _ context: AppContext, _ services: Services) async throws
        -> Response
    {
        let (token, invitation) = try await loadInvitation(context, services)
        let form = context.form
        var errors = ValidationErrors()
        let name = TextRules.check(
            form["name"], field: "name", label: "Le nom", required: true, maxLength: 120, minLength: 2, into: &errors)
        let password = form["password"] ?? ""
        if let problem = Passwords.problem(password, confirmation: form["confirmation"] ?? "") {
            errors.add("password", problem)
        }
        guard errors.isEmpty, let name else {
            return invitationForm(
                context, services, token: token, invitation: invitation, name: form["name"], errors: errors,
                status: .unprocessableContent)
        }
        let accounts = services.accounts
        let userID: Int
        do {
            userID = try await AccountService(
                database: services.database, bcryptCost: services.configuration.bcryptCost
            )
            .create(
                email: invitation.email, name: name, password: password, confirmation: form["confirmation"] ?? "",
                role: invitation.role, labID: invitation.labID, organisationID: invitation.organisationID,
                invitationID: invitation.id)
        } catch let failure as AccountService.Failure {
            switch failure {
            case .invitationUsed: throw AppError(.gone, failure.description)
            case .exists(let message): throw AppError(.conflict, message + " Connectez-vous avec ce compte.")
            case .invalid(let message): throw AppError(.unprocessableContent, message)
            }
        }
        try await startSession(userID: userID, request, context, services)
        let lab = try await services.database.withConnection { db -> Lab? in
            guard let user = try await accounts.user(id: userID, on: db), let labID = user.labID else { return nil }
            return try await services.labs.find(id: labID, on: db)
        }
        return redirect(to: lab.map { "/labs/\($0.slug)" } ?? "/")
    }
}
