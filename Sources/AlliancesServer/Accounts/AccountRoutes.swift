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
        routes.get("/labs/:lab/comptes", accounts)
        routes.post("/labs/:lab/comptes/invitations", invite)
    }

    static func loginForm(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        loginPage(context, services, email: nil, retour: request.uri.queryParameters.get("retour"), error: nil)
    }

    static func signOut(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        logout(context)
    }

    static func accounts(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        try await labAccounts(context, services, flash: nil, errors: .init(), input: nil)
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
        context.sessions.createSession(SessionPayload(userID: userID))
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

    // MARK: Lab accounts

    struct InviteInput {
        var email: String?
        var role: String?
        var organisation: String?
    }

    static func labAccounts(
        _ context: AppContext, _ services: Services, flash: HTML?, errors: ValidationErrors, input: InviteInput?,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        guard let viewer = context.viewer else { throw AppError.loginRequired }
        let accounts = services.accounts
        let (lab, users, invitations, organisations) = try await services.database.withConnection { db in
            let lab = try await services.lab(context, on: db)
            guard Permissions.canManageAccounts(viewer, ofLab: lab.id) else { throw AppError.forbidden }
            let users = try await accounts.users(labID: lab.id, on: db)
            let invitations = try await accounts.pendingInvitations(labID: lab.id, on: db)
            let organisations = try await services.organisations.firstByName(labID: lab.id, limit: 2000, on: db)
                .map { (value: String($0.id), label: $0.name) }
            return (lab, users, invitations, organisations)
        }
        let rows: [HTML] = users.map { user in
            "<tr><td>\(user.name)</td><td>\(user.email)</td><td>\(user.role.label)</td><td>\(user.organisationName ?? "—")</td></tr>"
        }
        let pending: [HTML] = invitations.map { "<li>\($0.email) — \($0.role.label)</li>" }
        var roles = [
            (value: Role.facilitator.rawValue, label: Role.facilitator.label),
            (value: Role.member.rawValue, label: Role.member.label)
        ]
        if viewer.role == .admin { roles.insert((value: Role.admin.rawValue, label: Role.admin.label), at: 0) }
        let body: HTML = """
            <h1>Comptes du labo</h1>
            \(flash ?? .empty)
            <h2>Inviter une personne</h2>
            \(FormFields.errorSummary(errors))
            <form method="post" action="/labs/\(lab.slug)/comptes/invitations">
            \(csrfField(context.csrfToken))
            \(FormFields.text("email", "E-mail", value: input?.email, errors: errors, type: "email", required: true))
            \(FormFields.select("role", "Rôle", options: roles, selected: input?.role ?? Role.member.rawValue, errors: errors, required: true, emptyLabel: nil))
            \(FormFields.select("organisation", "Organisation (pour un membre)", options: organisations, selected: input?.organisation, errors: errors, hint: "Un membre peut modifier la fiche de son organisation et ses personnes."))
            <div class="actions"><button type="submit">Créer l'invitation</button></div>
            </form>
            <h2>Invitations en attente</h2>
            \(pending.isEmpty ? "<p class=\"muted\">Aucune.</p>" as HTML : "<ul>\(pending)</ul>")
            <h2>Comptes</h2>
            <div class="table-wrap"><table><thead><tr><th scope="col">Nom</th><th scope="col">E-mail</th><th scope="col">Rôle</th><th scope="col">Organisation</th></tr></thead><tbody>\(rows)</tbody></table></div>
            """
        return services.layout.response(
            status: status,
            page: PageContext(title: "Comptes", context: context, lab: lab.summary, section: "accounts"), body: body)
    }

    static func invite(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        guard let viewer = context.viewer else { throw AppError.loginRequired }
        let form = context.form
        let input = InviteInput(email: form["email"], role: form["role"], organisation: form["organisation"])
        var errors = ValidationErrors()
        let email = TextRules.clean(input.email).map(EmailAddress.normalise)
        if email == nil {
            errors.add("email", "L'e-mail est obligatoire.")
        } else if let email, !EmailAddress.isValid(email) {
            errors.add("email", "L'adresse e-mail « \(email) » n'est pas valide.")
        }
        let role = input.role.flatMap(Role.init(rawValue:))
        if role == nil { errors.add("role", "Rôle inconnu.") }
        let accounts = services.accounts
        let result: Result<(Lab, String), ValidationErrors> = try await services.database.transaction { db in
            let lab = try await services.lab(context, on: db)
            guard Permissions.canManageAccounts(viewer, ofLab: lab.id) else { throw AppError.forbidden }
            var errors = errors
            var organisationID: Int?
            if role == .member {
                if let raw = TextRules.clean(input.organisation), let id = Int(raw),
                    try await services.organisations.existing(ids: [id], labID: lab.id, on: db).contains(id)
                {
                    organisationID = id
                } else {
                    errors.add("organisation", "Choisissez l'organisation du membre parmi celles du labo.")
                }
            }
            if let role, !Permissions.canInvite(viewer, role: role, labID: lab.id) {
                errors.add("role", "Vous ne pouvez pas inviter une personne avec ce rôle.")
            }
            if let email, try await accounts.credentials(email: email, on: db) != nil {
                errors.add("email", "Un compte existe déjà pour \(email).")
            }
            guard errors.isEmpty, let email, let role else { return .failure(errors) }
            let token = try await accounts.invite(
                email: email, role: role, labID: role == .admin ? nil : lab.id,
                organisationID: organisationID, invitedBy: viewer.userID,
                validFor: services.configuration.invitationLifetime, on: db)
            try await AuditLog.record(
                userID: viewer.userID, labID: lab.id, action: "invitation.create", target: "email:\(email)", on: db)
            return .success((lab, token))
        }
        switch result {
        case .failure(let errors):
            return try await labAccounts(
                context, services, flash: nil, errors: errors, input: input, status: .unprocessableContent)
        case .success(let (_, token)):
            let link = "\(services.configuration.publicURL)/invitations/\(token)"
            let flash: HTML =
                "<div class=\"notice notice-success\" role=\"status\"><p>Invitation créée pour \(email ?? ""). Transmettez-lui ce lien personnel, valable \(Throttle.frenchDelay(services.configuration.invitationLifetime)), une seule fois :</p><p><code>\(link)</code></p></div>"
            return try await labAccounts(context, services, flash: flash, errors: .init(), input: nil, status: .created)
        }
    }
}
