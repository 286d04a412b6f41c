import AlliancesCore
import Hummingbird

/// The public pages of rencontres: the list, the programme (screen and print), a session,
/// the speakers; served from the page cache while the event's version is unchanged.
enum ProgrammeRoutes {
    static func register(_ routes: RouteTable) {
        routes.get("/evenements", index)
        routes.get("/evenements/:event", show)
        routes.get("/evenements/:event/imprimer", printable)
        routes.get("/evenements/:event/sessions/:id", session)
        routes.get("/evenements/:event/intervenants", speakers)
    }

    static func index(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let events = try await services.database.withConnection { db in try await services.events.publicEvents(on: db) }
        return services.layout.response(
            page: PageContext(title: "Rencontres", context: context, section: "events"),
            body: EventPages.index(events, canCreate: EventPermissions.canCreateEvents(context.viewer)))
    }

    static func show(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        try await programme(request, context, services, printable: false)
    }

    static func printable(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        try await programme(request, context, services, printable: true)
    }

    /// A public page of the event, from the page cache for visitors while the event's
    /// version is unchanged (one query to read it), rendered otherwise.
    static func cached(
        _ request: Request, _ context: AppContext, _ services: Services,
        render: @escaping (Loaded) throws -> (title: String, body: HTML)
    ) async throws -> Response {
        let header = try await EventAccess.load(context, services, details: false)
        return try await services.pages.page(
            scope: "event:\(header.event.id)", version: header.event.dataVersion, request: request, context: context
        ) {
            let loaded = try await EventAccess.load(context, services)
            let (title, body) = try render(loaded)
            return services.layout.render(PageContext(title: title, context: context, section: "events"), body: body)
        }
    }

    static func programme(_ request: Request, _ context: AppContext, _ services: Services, printable: Bool) async throws
        -> Response
    {
        try await cached(request, context, services) { loaded in
            (
                loaded.event.title,
                printable
                    ? EventPages.printable(loaded)
                    : EventPages.programme(loaded, canOrganise: EventAccess.canOrganise(context.viewer, loaded.event))
            )
        }
    }

    static func session(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let id = try services.id("id", context)
        return try await cached(request, context, services) { loaded in
            guard let session = loaded.sessions.first(where: { $0.id == id }) else {
                throw AppError.notFound("Cette session n'existe pas.")
            }
            return (session.title, EventPages.session(loaded, session))
        }
    }

    static func speakers(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        try await cached(request, context, services) { loaded in ("Intervenants", EventPages.speakers(loaded)) }
    }
}
