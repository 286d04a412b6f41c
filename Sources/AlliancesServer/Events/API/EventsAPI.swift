import AlliancesCore
import Hummingbird

/// `/api/v1/events`: published events and their programme for everyone; registrations
/// (personal data) for the event's organisers only. A signed-in person registers
/// themselves (with their account's address, as on the web form) and cancels their own
/// registration; an organiser registers someone else (as "Inscrire une personne") and
/// cancels any registration of the event.
enum EventsAPI {
    static func register(_ routes: RouteTable) {
        routes.get("/api/v1/events", list)
        routes.get("/api/v1/events/:event", show)
        routes.get("/api/v1/events/:event/registrations", registrations)
        routes.post("/api/v1/events/:event/registrations", createRegistration)
        routes.post("/api/v1/events/:event/registrations/:id/cancel", cancelRegistration)
        registerWrites(routes)
        registerOrganiserReads(routes)
    }

    static func registration(_ id: Int, _ loaded: EventAccess.Loaded, _ services: Services, status: HTTPResponse.Status)
        async throws -> Response
    {
        guard let registration = try await services.registrations.registration(id: id, eventID: loaded.event.id) else {
            throw AppError.notFound("Cette inscription n'existe pas dans cette rencontre.")
        }
        return JSONResponse.make(RegistrationDTO(registration), status: status)
    }

    static func createRegistration(_ request: Request, _ context: AppContext, _ services: Services) async throws
        -> Response
    {
        guard let viewer = context.viewer, let identity = context.identity else { throw AppError.loginRequired }
        let loaded = try await EventAccess.load(context, services, details: false)
        var input = try await DirectoryAPI.decode(RegistrationInput.self, request, context)
        let own = EmailAddress.normalise(identity.email)
        if EventAccess.canOrganise(viewer, loaded.event), let email = input.email, EmailAddress.normalise(email) != own
        {
            switch try await services.registrations.registerOnBehalf(
                event: loaded.event, input: input, by: viewer, address: context.remoteAddress)
            {
            case .invalid(let errors): throw DirectoryAPI.validationError(errors)
            case .saved(let id, _): return try await registration(id, loaded, services, status: .created)
            }
        }
        // Oneself: the account's address, whatever the body says.
        input.email = identity.email
        switch try await services.registrations.register(event: loaded.event, input: input, userID: viewer.userID) {
        case .invalid(let errors): throw DirectoryAPI.validationError(errors)
        case .registered(let id, _, _): return try await registration(id, loaded, services, status: .created)
        case .alreadyRegistered:
            throw AppError(
                .conflict, "Vous êtes déjà inscrit à cette rencontre : annulez d'abord pour vous réinscrire.")
        }
    }

    static func cancelRegistration(_ request: Request, _ context: AppContext, _ services: Services) async throws
        -> Response
    {
        guard let viewer = context.viewer, let identity = context.identity else { throw AppError.loginRequired }
        let loaded = try await EventAccess.load(context, services, details: false)
        let id = try services.id("id", context)
        let organiser = EventAccess.canOrganise(viewer, loaded.event)
        // Another person's registration is "not found" for anyone but an organiser.
        guard let found = try await services.registrations.registration(id: id, eventID: loaded.event.id),
            organiser || EmailAddress.normalise(found.email) == EmailAddress.normalise(identity.email)
        else { throw AppError.notFound("Cette inscription n'existe pas dans cette rencontre ou n'est pas la vôtre.") }
        try await services.registrations.cancel(registrationID: id, event: loaded.event)
        if organiser { try await RegistrationAdminRoutes.audit(.registrationCancelled, id, loaded, context, services) }
        return try await registration(id, loaded, services, status: .ok)
    }

    static func list(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let events = try await services.database.withConnection { db in
            try await services.events.publicEvents(on: db)
        }
        return JSONResponse.make(events.map { EventDTO($0, sessions: nil, speakers: nil) })
    }

    static func show(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let loaded = try await EventAccess.load(context, services)
        return JSONResponse.make(EventDTO(loaded.event, sessions: loaded.sessions, speakers: loaded.speakers))
    }

    static func registrations(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response
    {
        let loaded = try await EventAccess.organiserOnly(context, services)
        let list = try await services.registrations.list(eventID: loaded.event.id)
        // A list of people with their addresses and dietary needs: an export, audited.
        try await services.database.write { db in
            try await AuditLog.record(
                .registrationsExported, by: context.viewer?.userID, lab: loaded.event.labID,
                target: "event:\(loaded.event.id) (\(list.count) inscriptions, API)", address: context.remoteAddress,
                on: db)
        }
        return JSONResponse.make(list.map(RegistrationDTO.init))
    }
}
