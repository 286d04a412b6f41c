import AlliancesCore
import Hummingbird

/// The organisers' side of registration: the list with live counts and messages, and the
/// actions on one registration (cancel, accept from the waiting list, move to a workshop).
/// A registration id of another event changes nothing (404).
enum RegistrationAdminRoutes {
    static func register(_ routes: RouteTable) {
        routes.get("/evenements/:event/inscrits", list)
        routes.post("/evenements/:event/inscrits/:id/annuler", cancel)
        routes.post("/evenements/:event/inscrits/:id/accepter", approve)
        routes.post("/evenements/:event/inscrits/:id/atelier", move)
    }

    /// Organisers' view: live counts, every registration, each workshop's fill.
    static func list(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let loaded = try await EventAccess.organiserOnly(context, services)
        let counts = try await services.registrations.counts(eventID: loaded.event.id)
        let list = try await services.registrations.list(eventID: loaded.event.id)
        let messages = try await services.database.withConnection { db in
            try await OutboxStore().messages(eventID: loaded.event.id, on: db)
        }
        return services.layout.response(
            page: PageContext(title: "Inscriptions", context: context, section: "events"),
            body: RegistrationPages.organiser(
                loaded, counts: counts, registrations: list, messages: messages, csrfToken: context.csrfToken))
    }

    static func cancel(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let loaded = try await EventAccess.organiserOnly(context, services)
        let id = try services.id("id", context)
        try await services.registrations.cancel(registrationID: id, event: loaded.event)
        try await audit(.registrationCancelled, id, loaded, context, services)
        return redirect(to: "/evenements/\(loaded.event.slug)/inscrits")
    }

    static func approve(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let loaded = try await EventAccess.organiserOnly(context, services)
        guard
            try await services.registrations.approve(
                registrationID: try services.id("id", context), event: loaded.event)
        else {
            throw AppError(
                .conflict,
                "Plus aucune place n'est libre : augmentez la capacité de la rencontre pour accepter cette personne."
            )
        }
        try await audit(.registrationApproved, try services.id("id", context), loaded, context, services)
        return redirect(to: "/evenements/\(loaded.event.slug)/inscrits")
    }

    static func move(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let loaded = try await EventAccess.organiserOnly(context, services)
        guard let sessionID = context.form["session"].flatMap({ Int($0) }),
            let session = loaded.sessions.first(where: { $0.id == sessionID && $0.capacity != nil })
        else {
            throw AppError.badRequest("Choisissez un atelier.")
        }
        guard
            try await services.registrations.move(
                registrationID: try services.id("id", context), to: session, event: loaded.event)
        else {
            throw AppError(.conflict, "« \(session.title) » est complet.")
        }
        try await audit(.registrationMoved, try services.id("id", context), loaded, context, services)
        return redirect(to: "/evenements/\(loaded.event.slug)/inscrits")
    }

    /// An organiser's action on a person's registration, for the audit log.
    static func audit(
        _ action: AuditAction, _ id: Int, _ loaded: EventAccess.Loaded, _ context: AppContext, _ services: Services
    ) async throws {
        try await audit(action, target: "registration:\(id)", loaded, context, services)
    }

    /// An organiser's action on the event's participants (a plan, a publication), for the audit log.
    static func audit(
        _ action: AuditAction, target: String, _ loaded: EventAccess.Loaded, _ context: AppContext,
        _ services: Services
    ) async throws {
        try await services.database.write { db in
            try await AuditLog.record(
                action, by: context.viewer?.userID, lab: loaded.event.labID, target: target,
                address: context.remoteAddress, on: db)
        }
    }
}
