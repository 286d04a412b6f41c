import AlliancesCore
import Hummingbird

/// The rencontre a URL names, and who may see or run it; every Events sub-capability
/// starts its handlers here.
enum EventAccess {
    struct Loaded {
        let event: RencontreEvent
        let sessions: [EventSession]
        let speakers: [SessionSpeaker]
    }

    /// The event named in the URL; drafts are for their organisers only.
    static func load(_ context: AppContext, _ services: Services, details: Bool = true) async throws -> Loaded {
        let slug = try context.parameters.require("event")
        return try await services.database.withConnection { db in
            guard let event = try await services.events.event(slug: slug, on: db),
                event.status.isPublic || canOrganise(context.viewer, event)
            else {
                throw AppError.notFound("Cet événement n'existe pas.")
            }
            guard details else { return Loaded(event: event, sessions: [], speakers: []) }
            return Loaded(
                event: event, sessions: try await services.events.sessions(eventID: event.id, on: db),
                speakers: try await services.events.sessionSpeakers(eventID: event.id, on: db))
        }
    }

    static func canOrganise(_ viewer: Viewer?, _ event: RencontreEvent) -> Bool {
        EventPermissions.canOrganise(viewer, eventLabID: event.labID)
    }

    /// The event, for its organisers only (sign-in asked first, then 403).
    static func organiserOnly(_ context: AppContext, _ services: Services) async throws -> Loaded {
        guard context.viewer != nil else { throw AppError.loginRequired }
        let loaded = try await load(context, services)
        guard canOrganise(context.viewer, loaded.event) else { throw AppError.forbidden }
        return loaded
    }

    /// The session a path parameter names: one of the loaded event's, of the kinds the route
    /// serves; anything else is `missing` (a 404), whatever its id.
    static func session(
        _ loaded: Loaded, _ context: AppContext, _ services: Services, parameter: String = "session",
        missing: AppError, where serves: (EventSession) -> Bool = { _ in true }
    ) throws -> EventSession {
        let id = try services.id(parameter, context)
        guard let session = loaded.sessions.first(where: { $0.id == id }), serves(session) else { throw missing }
        return session
    }

    /// Who sees the event's synthesis (restitution), as its organisers chose.
    static func synthesisVisibility(_ event: RencontreEvent, _ services: Services) async throws -> SynthesisVisibility {
        try await services.database.withConnection { db in
            try await services.events.synthesisVisibility(eventID: event.id, on: db)
        }
    }

    /// Refuses whoever may not see the event's synthesis and screens (sign-in asked first).
    static func requireSynthesis(_ context: AppContext, _ event: RencontreEvent, _ visibility: SynthesisVisibility)
        throws
    {
        guard EventPermissions.canSeeSynthesis(context.viewer, eventLabID: event.labID, visibility: visibility) else {
            throw context.viewer == nil ? AppError.loginRequired : AppError.forbidden
        }
    }

    /// The registration the private link in the URL opens, and that link's token.
    static func registration(_ context: AppContext, _ services: Services, _ event: RencontreEvent) async throws -> (
        Registration, String
    ) {
        let token = try context.parameters.require("token")
        guard let registration = try await services.registrations.find(token: token, event: event) else {
            throw AppError.notFound("Ce lien d'inscription n'est pas valable.")
        }
        return (registration, token)
    }
}

typealias Loaded = EventAccess.Loaded
