import AlliancesCore
import Hummingbird

/// `/api/v1/events`: published events and their programme for everyone; registrations
/// (personal data) for the event's organisers only.
enum EventsAPI {
    static func register(_ routes: RouteTable) {
        routes.get("/api/v1/events", list)
        routes.get("/api/v1/events/:event", show)
        routes.get("/api/v1/events/:event/registrations", registrations)
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
