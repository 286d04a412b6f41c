import AlliancesCore
import Hummingbird

/// A participant's side of registration: the form, and the personal page its private link
/// opens (confirm a held seat, take or leave a workshop, cancel).
enum RegistrationRoutes {
    static func register(_ routes: RouteTable) {
        routes.get("/evenements/:event/inscription", new)
        routes.get("/evenements/:event/organisations", OrganisationPicker.eventNames)
        routes.post("/evenements/:event/inscription", submit)
        routes.get("/evenements/:event/inscription/:token", personal)
        routes.post("/evenements/:event/inscription/:token/annuler", cancel)
        routes.post("/evenements/:event/inscription/:token/confirmer", confirm)
        routes.post("/evenements/:event/inscription/:token/sessions/:id", joinOrLeave)
    }

    static func new(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        try await form(context, services, input: RegistrationInput(listed: false), errors: .init(), status: .ok)
    }

    static func form(
        _ context: AppContext, _ services: Services, input: RegistrationInput, errors: ValidationErrors,
        status: HTTPResponse.Status
    ) async throws -> Response {
        let loaded = try await EventAccess.load(context, services, details: false)
        // The directory's organisations (of the event's lab, or of every lab for a network
        // event) are suggested as one types (`OrganisationPicker.eventNames`); any other
        // name can be typed.
        var input = input
        if let own = context.identity?.email { input.email = own }
        return services.layout.response(
            status: status, page: PageContext(title: "Inscription", context: context, section: "events"),
            body: RegistrationPages.registrationForm(
                loaded.event, input: input, errors: errors, csrfToken: context.csrfToken,
                signedIn: context.identity != nil))
    }

    static func submit(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let loaded = try await EventAccess.load(context, services, details: false)
        let form = context.form
        // Signed in, one registers oneself: the account's address, whatever the form says.
        let input = RegistrationInput(
            name: form["name"], email: context.identity?.email ?? form["email"], organisation: form["organisation"],
            actorKind: form["actorKind"],
            region: form["region"], dietary: form["dietary"], listed: form["listed"] == "1")
        if case .failure(let errors) = input.validate() {
            return try await self.form(context, services, input: input, errors: errors, status: .unprocessableContent)
        }
        // Guests: so many registrations per client address and event and hour (a real
        // opening comes from many addresses; a script from one).
        if context.viewer == nil {
            let rule = Throttle.Rule(
                bucket: "guest-registration:\(loaded.event.id)",
                limit: services.configuration.guestRegistrationsPerHour, window: 3600)
            let decision = try await services.database.write { db in
                try await Throttle().reserve([(rule, context.remoteAddress)], on: db)
            }
            if case .refused(let retryAfter) = decision {
                var response = services.layout.response(
                    status: .tooManyRequests,
                    page: PageContext(title: "Trop d'inscriptions", context: context, section: "events"),
                    body: RegistrationPages.tooManyRegistrations(loaded.event, retryAfter: retryAfter))
                response.headers[.retryAfter] = String(retryAfter)
                return response
            }
        }
        let hold = services.registrations.guestHold
        switch try await services.registrations.register(
            event: loaded.event, input: input, userID: context.viewer?.userID)
        {
        case .invalid(let errors):
            return try await self.form(context, services, input: input, errors: errors, status: .unprocessableContent)
        case .registered(_, let token, let status):
            // With an account the e-mail is known to be theirs; a guest confirms by the e-mailed link.
            if context.viewer != nil { return redirect(to: "/evenements/\(loaded.event.slug)/inscription/\(token)") }
            return services.layout.response(
                page: PageContext(title: "Inscription enregistrée", context: context, section: "events"),
                body: RegistrationPages.checkInbox(
                    loaded.event, email: input.email ?? "", waiting: status == .waiting, hold: hold))
        case .alreadyRegistered(_, let token, let waiting):
            if let token, context.viewer != nil {
                return redirect(to: "/evenements/\(loaded.event.slug)/inscription/\(token)")
            }
            return services.layout.response(
                page: PageContext(title: "Inscription enregistrée", context: context, section: "events"),
                body: RegistrationPages.checkInbox(loaded.event, email: input.email ?? "", waiting: waiting, hold: hold)
            )
        }
    }

    static func personal(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let notice = request.uri.queryParameters.get("ok") == "voeux" ? "Vos vœux sont enregistrés." : nil
        let loaded = try await EventAccess.load(context, services)
        let (registration, token) = try await EventAccess.registration(context, services, loaded.event)
        let seats = try await services.registrations.seats(registrationID: registration.id)
        // The participants list is for confirmed participants (and organisers, on their page).
        let participants =
            registration.status == .confirmed
            ? try await services.registrations.participantsList(eventID: loaded.event.id) : []
        // Workshops by ranked choices, until the allocation is published: the ranking form
        // (or, once closed, the ranking) replaces the seats to take.
        let settings = try await services.allocation.settings(eventID: loaded.event.id)
        var ranking: HTML?
        if settings.mode == .ranked && settings.publishedAt == nil {
            ranking =
                registration.status == .confirmed
                ? AllocationPages.rankingSection(
                    loaded, settings: settings,
                    ranks: try await services.allocation.choices(registrationID: registration.id),
                    base: "/evenements/\(loaded.event.slug)/inscription/\(token)", csrfToken: context.csrfToken,
                    open: AllocationService.choicesOpen(settings))
                : .empty
        }
        let meetings = try await services.meetings.settings(eventID: loaded.event.id).enabled
        let lunchTable =
            registration.status == .confirmed
            ? try await services.database.withConnection { db in
                try await services.lunch.table(registrationID: registration.id, on: db)
            } : nil
        // Workshops where the participant may propose and vote, or is rapporteur.
        let rapporteur = Set(try await services.restitution.rapporteurSessions(registrationID: registration.id))
        let seated = Set(seats.filter { $0.status == .confirmed }.map(\.sessionID))
        let workshops =
            registration.status == .confirmed
            ? loaded.sessions.filter { $0.kind == .workshop && (seated.contains($0.id) || rapporteur.contains($0.id)) }
                .map { (session: $0, rapporteur: rapporteur.contains($0.id)) } : []
        return services.layout.response(
            page: PageContext(title: "Mon inscription", context: context, section: "events", flash: notice),
            body: RegistrationPages.personal(
                loaded, registration: registration, token: token, seats: seats, csrfToken: context.csrfToken,
                publicURL: services.configuration.publicURL, participants: participants, ranking: ranking,
                meetings: meetings, lunchTable: lunchTable, restitution: workshops))
    }

    static func cancel(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let loaded = try await EventAccess.load(context, services, details: false)
        let (registration, token) = try await EventAccess.registration(context, services, loaded.event)
        try await services.registrations.cancel(registrationID: registration.id, event: loaded.event)
        return redirect(to: "/evenements/\(loaded.event.slug)/inscription/\(token)")
    }

    static func confirm(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let loaded = try await EventAccess.load(context, services, details: false)
        let (registration, token) = try await EventAccess.registration(context, services, loaded.event)
        let session = context.form["session"].flatMap { Int($0) }
        guard try await services.registrations.confirmOffer(registrationID: registration.id, sessionID: session) else {
            throw AppError(.conflict, "Cette place n'est plus proposée (délai dépassé ou déjà confirmée).")
        }
        return redirect(to: "/evenements/\(loaded.event.slug)/inscription/\(token)")
    }

    static func joinOrLeave(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let loaded = try await EventAccess.load(context, services)
        let (registration, token) = try await EventAccess.registration(context, services, loaded.event)
        let id = try services.id("id", context)
        guard let session = loaded.sessions.first(where: { $0.id == id }), session.capacity != nil else {
            throw AppError.notFound("Cet atelier n'existe pas.")
        }
        if context.form["action"] == "quitter" {
            try await services.registrations.leaveSession(
                registrationID: registration.id, sessionID: session.id, event: loaded.event)
            return redirect(to: "/evenements/\(loaded.event.slug)/inscription/\(token)")
        }
        let settings = try await services.allocation.settings(eventID: loaded.event.id)
        if settings.mode == .ranked && settings.publishedAt == nil {
            throw AppError(
                .conflict,
                "Les ateliers de cette rencontre sont attribués selon les vœux de chacun : classez-les sur votre page.")
        }
        switch try await services.registrations.joinSession(
            registration: registration, session: session, event: loaded.event)
        {
        case .refused(let message): throw AppError(.conflict, message)
        case .seated: return redirect(to: "/evenements/\(loaded.event.slug)/inscription/\(token)")
        }
    }
}
