import AlliancesCore
import Hummingbird

/// Organisers register a person or correct a registration for them (phone calls,
/// letters); a person asks for their private link again. Registration ids of another
/// event are 404.
enum OnBehalfRoutes {
    static func register(_ routes: RouteTable) {
        routes.get("/evenements/:event/inscrits/nouvelle", newForm)
        routes.post("/evenements/:event/inscrits/nouvelle", create)
        routes.get("/evenements/:event/inscrits/:id/modifier", editForm)
        routes.post("/evenements/:event/inscrits/:id/modifier", update)
        routes.get("/evenements/:event/mon-lien", linkForm)
        routes.post("/evenements/:event/mon-lien", sendLink)
    }

    static func input(_ context: AppContext, email: String? = nil) -> RegistrationInput {
        let form = context.form
        return RegistrationInput(
            name: form["name"], email: email ?? form["email"], organisation: form["organisation"],
            actorKind: form["actorKind"], region: form["region"], dietary: form["dietary"],
            listed: form["listed"] == "1")
    }

    static func page(
        _ loaded: EventAccess.Loaded, _ context: AppContext, _ services: Services, input: RegistrationInput,
        errors: ValidationErrors, action: String, heading: String, emailLocked: Bool,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        return services.layout.response(
            status: status, page: PageContext(title: heading, context: context, section: "events"),
            body: RegistrationPages.registrationForm(
                loaded.event, input: input, errors: errors, csrfToken: context.csrfToken,
                action: action, heading: heading, emailLocked: emailLocked))
    }

    static func newForm(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let loaded = try await EventAccess.organiserOnly(context, services)
        return try await page(
            loaded, context, services, input: RegistrationInput(listed: false), errors: .init(),
            action: "/evenements/\(loaded.event.slug)/inscrits/nouvelle", heading: "Inscrire une personne",
            emailLocked: false)
    }

    static func create(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let loaded = try await EventAccess.organiserOnly(context, services)
        guard let viewer = context.viewer else { throw AppError.loginRequired }
        let input = input(context)
        switch try await services.registrations.registerOnBehalf(
            event: loaded.event, input: input, by: viewer, address: context.remoteAddress)
        {
        case .invalid(let errors):
            return try await page(
                loaded, context, services, input: input, errors: errors,
                action: "/evenements/\(loaded.event.slug)/inscrits/nouvelle", heading: "Inscrire une personne",
                emailLocked: false, status: .unprocessableContent)
        case .saved:
            return redirect(to: "/evenements/\(loaded.event.slug)/inscrits")
        }
    }

    static func registration(_ loaded: EventAccess.Loaded, _ context: AppContext, _ services: Services)
        async throws -> Registration
    {
        guard
            let found = try await services.registrations.registration(
                id: try services.id("id", context), eventID: loaded.event.id)
        else { throw RegistrationService.notInEvent }
        return found
    }

    static func editForm(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let loaded = try await EventAccess.organiserOnly(context, services)
        let r = try await registration(loaded, context, services)
        let input = RegistrationInput(
            name: r.name, email: r.email, organisation: r.organisationName, actorKind: r.actorKind?.rawValue,
            region: r.regionCode, dietary: r.dietary, listed: r.listed)
        return try await page(
            loaded, context, services, input: input, errors: .init(),
            action: "/evenements/\(loaded.event.slug)/inscrits/\(r.id)/modifier", heading: "Modifier l'inscription",
            emailLocked: true)
    }

    static func update(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let loaded = try await EventAccess.organiserOnly(context, services)
        guard let viewer = context.viewer else { throw AppError.loginRequired }
        let r = try await registration(loaded, context, services)
        let input = input(context, email: r.email)
        switch try await services.registrations.editOnBehalf(
            registrationID: r.id, event: loaded.event, input: input, by: viewer, address: context.remoteAddress)
        {
        case .invalid(let errors):
            return try await page(
                loaded, context, services, input: input, errors: errors,
                action: "/evenements/\(loaded.event.slug)/inscrits/\(r.id)/modifier",
                heading: "Modifier l'inscription", emailLocked: true, status: .unprocessableContent)
        case .saved:
            return redirect(to: "/evenements/\(loaded.event.slug)/inscrits")
        }
    }

    // MARK: "Renvoyer mon lien"

    static func linkPage(_ loaded: EventAccess.Loaded, _ context: AppContext, _ services: Services, sent: Bool)
        -> Response
    {
        let e = loaded.event
        let body: HTML =
            sent
            ? "\(EventPages.header(e))<h2>Vérifiez vos e-mails</h2><p role=\"status\">Si cette adresse est inscrite à la rencontre, son lien personnel vient d'y être envoyé (trois fois par heure au plus).</p>"
            : """
            \(EventPages.header(e))
            <h2>Recevoir à nouveau mon lien</h2>
            <p>Indiquez l'adresse de votre inscription : nous y enverrons votre lien personnel.</p>
            <form method="post" action="/evenements/\(e.slug)/mon-lien" class="narrow">\(csrfField(context.csrfToken))
            \(FormFields.text("email", "E-mail", value: nil, errors: ValidationErrors(), type: "email", required: true, autocomplete: "email", maxLength: 254))
            <div class="actions"><button type="submit">Recevoir mon lien</button></div></form>
            """
        return services.layout.response(
            page: PageContext(title: "Mon lien", context: context, section: "events"), body: body)
    }

    static func linkForm(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        linkPage(try await EventAccess.load(context, services, details: false), context, services, sent: false)
    }

    /// The same answer whether or not the address is registered.
    static func sendLink(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let loaded = try await EventAccess.load(context, services, details: false)
        let address = Throttle.Rule(bucket: "link-resend-address:\(loaded.event.id)", limit: 10, window: 3600)
        let decision = try await services.database.write { db in
            try await Throttle().reserve([(address, context.remoteAddress)], on: db)
        }
        if case .allowed = decision {
            try await services.registrations.resendLink(
                event: loaded.event, email: String((context.form["email"] ?? "").prefix(254)))
        }
        return linkPage(loaded, context, services, sent: true)
    }
}
