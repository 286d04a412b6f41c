import AlliancesCore
import Hummingbird
import SQLKit

/// A lab's accounts for its facilitators (and network admins): list with search and
/// paging, invitations sent by e-mail (resent, revoked, expired shown), roles,
/// deactivation with a reason, a person's data export, and erasure by a network admin.
enum AccountAdminRoutes {
    static func register(_ routes: RouteTable) {
        routes.get("/labs/:lab/comptes", list)
        routes.post("/labs/:lab/comptes/invitations", invite)
        routes.post("/labs/:lab/comptes/invitations/:id/renvoyer", resend)
        routes.post("/labs/:lab/comptes/invitations/:id/revoquer", revoke)
        routes.post("/labs/:lab/comptes/roles/:id/retirer", removeLabRole)
        routes.get("/labs/:lab/comptes/:id", show)
        routes.post("/labs/:lab/comptes/:id/role", changeRole)
        routes.post("/labs/:lab/comptes/:id/desactiver", deactivate)
        routes.post("/labs/:lab/comptes/:id/reactiver", reactivate)
        routes.post("/labs/:lab/comptes/:id/donnees", export)
        routes.post("/labs/:lab/comptes/:id/organisations", addOrganisation)
        routes.post("/labs/:lab/comptes/:id/organisations/:organisation/retirer", removeOrganisation)
        routes.post("/labs/:lab/comptes/:id/effacer", erase)
    }

    static let pageSize = 50

    static func roles(for viewer: Viewer) -> [(value: String, label: String)] {
        var roles = [
            (value: Role.facilitator.rawValue, label: Role.facilitator.label),
            (value: Role.member.rawValue, label: Role.member.label)
        ]
        if viewer.role == .admin { roles.insert((value: Role.admin.rawValue, label: Role.admin.label), at: 0) }
        return roles
    }

    static func organisationChoices(_ lab: Lab, _ services: Services, on db: any SQLDatabase) async throws -> [(
        value: String, label: String
    )] {
        try await services.organisations.choices(labID: lab.id, on: db).map {
            (value: String($0.id), label: $0.name)
        }
    }

    static func labForFacilitator(_ context: AppContext, _ services: Services) async throws -> (Lab, Viewer) {
        let (viewer, lab) = try await services.lab(
            context, allowing: { Permissions.canManageAccounts($0, ofLab: $1) })
        return (lab, viewer)
    }

    static func render(
        _ request: Request, _ context: AppContext, _ services: Services, flash: String? = nil,
        errors: ValidationErrors = .init(), input: AccountAdminPages.InviteInput? = nil,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let (lab, viewer) = try await labForFacilitator(context, services)
        let query = TextRules.clean(request.uri.queryParameters.get("q")).map { String($0.prefix(120)) }
        let page = max(1, min(100_000, Int(request.uri.queryParameters.get("page") ?? "1") ?? 1))
        let (users, total, invitations, organisations, holders) = try await services.database.withConnection { db in
            let (users, total) = try await services.accounts.users(
                labID: lab.id, matching: query, limit: pageSize, offset: (page - 1) * pageSize, on: db)
            let invitations = try await services.accounts.pendingInvitations(labID: lab.id, on: db)
            return (
                users, total, invitations, try await organisationChoices(lab, services, on: db),
                try await services.accounts.labRoleHolders(labID: lab.id, on: db)
            )
        }
        let model = AccountAdminPages.ListModel(
            lab: lab, users: users, total: total, page: page, pageSize: pageSize, query: query,
            invitations: invitations, roles: roles(for: viewer), organisations: organisations, holders: holders,
            flash: flash, errors: errors, input: input)
        return services.layout.response(
            status: status,
            page: PageContext(title: "Comptes", context: context, lab: lab.summary, section: "accounts"),
            body: AccountAdminPages.list(model, csrf: context.csrfToken))
    }

    static func list(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        try await render(request, context, services)
    }

    static func invite(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let (lab, viewer) = try await labForFacilitator(context, services)
        let form = context.form
        let picked = try await OrganisationPicker.resolve(["organisation"], in: context, lab: lab, services: services)
        let input = AccountAdminPages.InviteInput(
            email: form["email"], role: form["role"], organisation: picked.context.form["organisation"])
        var errors = form["role"] == Role.member.rawValue ? picked.errors : ValidationErrors()
        let email = TextRules.clean(input.email).map(EmailAddress.normalise)
        if email == nil {
            errors.add("email", "L'e-mail est obligatoire.")
        } else if let email, !EmailAddress.isValid(email) {
            errors.add("email", "L'adresse e-mail « \(email) » n'est pas valide.")
        }
        let role = input.role.flatMap(Role.init(rawValue:))
        if role == nil { errors.add("role", "Rôle inconnu.") }
        let accounts = services.accounts
        let configuration = services.configuration
        /// Invalid, invited, or (an existing member account) given this organisation too.
        enum Outcome: Sendable { case invalid(ValidationErrors), invited, joined, granted }
        let result: Outcome = try await services.database.transaction { db in
            let lab = try await services.lab(context, on: db)
            var errors = errors
            var organisationID: Int?
            if role == .member {
                if let raw = TextRules.clean(input.organisation), let id = Int(raw),
                    try await services.organisations.existing(ids: [id], labID: lab.id, on: db).contains(id)
                {
                    organisationID = id
                } else if errors.message(for: "organisation") == nil {
                    errors.add("organisation", "Choisissez l'organisation du membre parmi celles du labo.")
                }
            }
            if let role, !Permissions.canInvite(viewer, role: role, labID: lab.id) {
                errors.add("role", "Vous ne pouvez pas inviter une personne avec ce rôle.")
            }
            if let email, let existing = try await accounts.user(email: email, on: db) {
                // A member of another organisation: this one is added to their account.
                if role == .member, existing.role == .member, existing.labID == lab.id, errors.isEmpty,
                    let organisationID
                {
                    if try await accounts.addMembership(userID: existing.id, organisationID: organisationID, on: db) {
                        let name =
                            try await services.organisations.find(id: organisationID, labID: lab.id, on: db)?.name ?? ""
                        try await OutboxStore().enqueue(
                            AccountMessages.membershipAdded(name: existing.name, organisation: name), to: email, on: db)
                        try await AuditLog.record(
                            .membershipAdded, by: viewer.userID, lab: lab.id,
                            target: "user:\(existing.id) organisation:\(organisationID)", subject: existing.id,
                            address: context.remoteAddress, on: db)
                    }
                    return .joined
                }
                // A person of another lab: given this role in this lab too, and told.
                let person = Viewer(
                    userID: existing.id, role: existing.role, labID: existing.labID,
                    organisationID: existing.organisationID)
                if let role, errors.isEmpty, existing.isActive,
                    Permissions.canGrantLabRole(viewer, role: role, labID: lab.id, to: person)
                {
                    try await accounts.grantLabRole(
                        LabRole(labID: lab.id, role: role, organisationID: organisationID), userID: existing.id,
                        by: viewer.userID, on: db)
                    try await OutboxStore().enqueue(
                        AccountMessages.labRoleGranted(
                            name: existing.name, role: role, lab: lab.name,
                            link: "\(configuration.publicURL)/labs/\(lab.slug)"), to: email, on: db)
                    try await AuditLog.record(
                        .labRoleGranted, by: viewer.userID, lab: lab.id,
                        target: "user:\(existing.id) role:\(role.rawValue)",
                        subject: existing.id, address: context.remoteAddress, on: db)
                    return .granted
                }
                errors.add("email", "Un compte existe déjà pour \(email).")
            }
            guard errors.isEmpty, let email, let role else { return .invalid(errors) }
            let token = try await accounts.invite(
                email: email, role: role, labID: role == .admin ? nil : lab.id,
                organisationID: organisationID, invitedBy: viewer.userID,
                validFor: configuration.invitationLifetime, on: db)
            try await OutboxStore().enqueue(
                AccountMessages.invitation(
                    role: role.label, lab: lab.name, link: "\(configuration.publicURL)/invitations/\(token)",
                    validity: Throttle.frenchDelay(configuration.invitationLifetime)), to: email, on: db)
            try await AuditLog.record(
                .invitationCreated, by: viewer.userID, lab: lab.id, target: "invitation:\(role.rawValue)",
                address: context.remoteAddress, on: db)
            return .invited
        }
        switch result {
        case .invalid(let errors):
            return try await render(
                request, context, services, errors: errors, input: input, status: .unprocessableContent)
        case .joined:
            return try await render(
                request, context, services,
                flash: "\(email ?? "") a déjà un compte : l'organisation y est ajoutée, et la personne prévenue.",
                status: .created)
        case .granted:
            return try await render(
                request, context, services,
                flash:
                    "\(email ?? "") a déjà un compte dans un autre labo : le rôle lui est donné dans celui-ci, et la personne prévenue.",
                status: .created)
        case .invited: break
        }
        return try await render(
            request, context, services,
            flash:
                "Invitation envoyée par e-mail à \(email ?? ""), valable \(Throttle.frenchDelay(configuration.invitationLifetime)).",
            status: .created)
    }

    /// Removes the role a person of another lab holds in this one (the lab's facilitators).
    static func removeLabRole(_ request: Request, _ context: AppContext, _ services: Services) async throws
        -> Response
    {
        let (lab, viewer) = try await labForFacilitator(context, services)
        let userID = try services.id("id", context)
        let removed = try await services.database.transaction { db -> Bool in
            guard let held = try await services.accounts.labRole(userID: userID, labID: lab.id, on: db) else {
                return false
            }
            guard Permissions.canInvite(viewer, role: held.role, labID: lab.id) else { throw AppError.forbidden }
            _ = try await services.accounts.removeLabRole(userID: userID, labID: lab.id, on: db)
            try await AuditLog.record(
                .labRoleRemoved, by: viewer.userID, lab: lab.id, target: "user:\(userID) role:\(held.role.rawValue)",
                subject: userID, address: context.remoteAddress, on: db)
            return true
        }
        guard removed else { throw AppError.notFound("Cette personne n'a pas de rôle dans ce labo.") }
        return try await render(request, context, services, flash: "Rôle retiré.")
    }

    /// The invitation in the path, if it is one of the lab's.
    static func invitation(_ context: AppContext, _ services: Services, lab: Lab, on db: any SQLDatabase)
        async throws -> InvitationRecord
    {
        let id = try services.id("id", context)
        guard let invitation = try await services.accounts.invitation(id: id, on: db),
            try await services.accounts.invitationLab(id: id, on: db) == lab.id
        else { throw AppError.notFound("Cette invitation n'existe pas pour ce labo.") }
        return invitation
    }

    static func resend(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let (lab, viewer) = try await labForFacilitator(context, services)
        let configuration = services.configuration
        let sent = try await services.database.transaction { db -> String? in
            let invitation = try await invitation(context, services, lab: lab, on: db)
            guard
                let token = try await services.accounts.renewInvitation(
                    id: invitation.id, validFor: configuration.invitationLifetime, on: db)
            else { return nil }
            try await OutboxStore().enqueue(
                AccountMessages.invitation(
                    role: invitation.role.label, lab: lab.name, link: "\(configuration.publicURL)/invitations/\(token)",
                    validity: Throttle.frenchDelay(configuration.invitationLifetime)), to: invitation.email, on: db)
            try await AuditLog.record(
                .invitationResent, by: viewer.userID, lab: lab.id, target: "invitation:\(invitation.id)",
                address: context.remoteAddress, on: db)
            return invitation.email
        }
        guard let sent else { throw AppError(.conflict, "Cette invitation a déjà été acceptée ou révoquée.") }
        return try await render(
            request, context, services,
            flash: "Invitation renvoyée à \(sent) avec un nouveau lien ; l'ancien ne vaut plus.")
    }

    static func revoke(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let (lab, viewer) = try await labForFacilitator(context, services)
        let revoked = try await services.database.transaction { db -> String? in
            let invitation = try await invitation(context, services, lab: lab, on: db)
            guard try await services.accounts.revokeInvitation(id: invitation.id, on: db) else { return nil }
            try await AuditLog.record(
                .invitationRevoked, by: viewer.userID, lab: lab.id, target: "invitation:\(invitation.id)",
                address: context.remoteAddress, on: db)
            return invitation.email
        }
        guard let revoked else { throw AppError(.conflict, "Cette invitation a déjà été acceptée ou révoquée.") }
        return try await render(
            request, context, services, flash: "Invitation de \(revoked) révoquée : son lien ne fonctionne plus.")
    }

    // MARK: One account

    /// The account in the path, if the viewer may manage it in this lab.
    static func target(_ context: AppContext, _ services: Services) async throws -> (Lab, Viewer, UserRecord) {
        let (lab, viewer) = try await labForFacilitator(context, services)
        let id = try services.id("id", context)
        let user = try await services.database.withConnection { db in try await services.accounts.user(id: id, on: db) }
        let inLab = try await services.database.withConnection { db -> Bool in
            guard let user else { return false }
            if user.labID == lab.id { return true }
            return try await services.accounts.memberships(userID: user.id, on: db).contains { $0.labID == lab.id }
        }
        guard let user, inLab else { throw AppError.notFound("Ce compte n'existe pas dans ce labo.") }
        guard
            Permissions.canManageAccount(
                viewer, labID: lab.id, targetUserID: user.id, targetRole: user.role, targetLabID: lab.id)
        else { throw AppError.forbidden }
        return (lab, viewer, user)
    }

    static func renderAccount(
        _ context: AppContext, _ services: Services, flash: String? = nil, errors: ValidationErrors = .init(),
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let (lab, viewer, user) = try await target(context, services)
        let (organisations, memberships) = try await services.database.withConnection { db in
            (
                try await organisationChoices(lab, services, on: db),
                try await services.accounts.memberships(userID: user.id, on: db)
            )
        }
        let model = AccountAdminPages.AccountModel(
            lab: lab, user: user, roles: roles(for: viewer).filter { $0.value != Role.admin.rawValue },
            organisations: organisations, canErase: Permissions.canErase(viewer), memberships: memberships,
            errors: errors, flash: flash)
        return services.layout.response(
            status: status,
            page: PageContext(title: user.name, context: context, lab: lab.summary, section: "accounts"),
            body: AccountAdminPages.account(model, csrf: context.csrfToken))
    }

    static func show(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        try await renderAccount(context, services)
    }

    static func changeRole(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let (lab, viewer, user) = try await target(context, services)
        var errors = ValidationErrors()
        let role = context.form["role"].flatMap(Role.init(rawValue:))
        var organisationID: Int?
        if let role, role != .admin, Permissions.canInvite(viewer, role: role, labID: lab.id) {
            if role == .member {
                let picked = try await OrganisationPicker.resolve(
                    ["organisation"], in: context, lab: lab, services: services)
                errors = picked.errors
                let chosen = picked.context.form["organisation"].flatMap { Int($0) } ?? 0
                let valid = try await services.database.withConnection { db -> Bool in
                    try await services.organisations.existing(ids: [chosen], labID: lab.id, on: db).contains(chosen)
                }
                if valid {
                    organisationID = chosen
                } else if errors.isEmpty {
                    errors.add("organisation", "Choisissez l'organisation du membre parmi celles du labo.")
                }
            }
        } else {
            errors.add("role", "Choisissez le rôle de facilitateur du labo ou de membre d'une organisation.")
        }
        guard errors.isEmpty, let role else {
            return try await renderAccount(context, services, errors: errors, status: .unprocessableContent)
        }
        try await services.lifecycle.setRole(
            userID: user.id, role: role, labID: lab.id, organisationID: organisationID, by: viewer,
            address: context.remoteAddress)
        return try await renderAccount(context, services, flash: "Rôle changé : \(role.label).")
    }

    /// One of the lab's organisations, from a form field or the path.
    static func labOrganisation(_ raw: String?, _ lab: Lab, _ services: Services) async throws -> (
        id: Int, name: String
    )? {
        guard let id = raw.flatMap({ Int($0) }) else { return nil }
        return try await services.database.withConnection { db in
            try await services.organisations.find(id: id, labID: lab.id, on: db).map { (id, $0.name) }
        }
    }

    static func addOrganisation(_ request: Request, _ context: AppContext, _ services: Services) async throws
        -> Response
    {
        let (lab, viewer, user) = try await target(context, services)
        guard user.role == .member else {
            throw AppError(.conflict, "Seul un compte de membre appartient à des organisations.")
        }
        let picked = try await OrganisationPicker.resolve(
            ["organisation_add"], in: context, lab: lab, services: services)
        guard let organisation = try await labOrganisation(picked.context.form["organisation_add"], lab, services)
        else {
            var errors = picked.errors
            if errors.isEmpty { errors.add("organisation_add", "Choisissez une organisation du labo.") }
            return try await renderAccount(context, services, errors: errors, status: .unprocessableContent)
        }
        let added = try await services.lifecycle.addMembership(
            userID: user.id, organisationID: organisation.id, organisationName: organisation.name, by: viewer,
            labID: lab.id, address: context.remoteAddress)
        return try await renderAccount(
            context, services,
            flash: added
                ? "Membre aussi de \(organisation.name) ; la personne est prévenue."
                : "Déjà membre de \(organisation.name).")
    }

    static func removeOrganisation(_ request: Request, _ context: AppContext, _ services: Services) async throws
        -> Response
    {
        let (lab, viewer, user) = try await target(context, services)
        guard let organisation = try await labOrganisation(context.parameters.get("organisation"), lab, services) else {
            throw AppError.notFound("Cette organisation n'existe pas dans ce labo.")
        }
        guard
            try await services.lifecycle.removeMembership(
                userID: user.id, organisationID: organisation.id, by: viewer, labID: lab.id,
                address: context.remoteAddress)
        else {
            throw AppError(
                .conflict,
                "Ce compte n'est pas membre de cette organisation, ou c'est sa seule : désactivez le compte plutôt.")
        }
        return try await renderAccount(context, services, flash: "Retiré de \(organisation.name).")
    }

    static func reason(_ field: String, _ context: AppContext, into errors: inout ValidationErrors) -> String? {
        TextRules.check(
            context.form[field], field: field, label: "Le motif", required: true, maxLength: 300, minLength: 3,
            into: &errors)
    }

    static func deactivate(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let (lab, viewer, user) = try await target(context, services)
        var errors = ValidationErrors()
        guard let reason = reason("reason", context, into: &errors), errors.isEmpty else {
            return try await renderAccount(context, services, errors: errors, status: .unprocessableContent)
        }
        try await services.lifecycle.deactivate(
            userID: user.id, reason: reason, by: viewer, labID: lab.id, address: context.remoteAddress)
        return try await renderAccount(context, services, flash: "Compte désactivé ; ses sessions sont fermées.")
    }

    static func reactivate(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let (lab, viewer, user) = try await target(context, services)
        try await services.lifecycle.reactivate(
            userID: user.id, by: viewer, labID: lab.id, address: context.remoteAddress)
        return try await renderAccount(context, services, flash: "Compte réactivé.")
    }

    static func export(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let (lab, viewer, user) = try await target(context, services)
        let data = try await services.privacy.export(
            email: user.email, by: viewer.userID, labID: lab.id, address: context.remoteAddress)
        return MyAccountRoutes.attachment(data, filename: "donnees-compte-\(user.id).json")
    }

    static func erase(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let (lab, viewer, user) = try await target(context, services)
        guard Permissions.canErase(viewer) else { throw AppError.forbidden }
        var errors = ValidationErrors()
        guard let reason = reason("erase_reason", context, into: &errors), errors.isEmpty else {
            return try await renderAccount(context, services, errors: errors, status: .unprocessableContent)
        }
        _ = try await services.privacy.erase(
            email: user.email, by: viewer.userID, reason: reason, address: context.remoteAddress)
        return redirect(to: "/labs/\(lab.slug)/comptes")
    }
}
