import AlliancesCore
import Foundation
import Hummingbird

/// The public pages of rencontres: the list, the programme (screen and print), a session,
/// the speakers; served from the page cache while the event's version is unchanged.
enum ProgrammeRoutes {
    static func register(_ routes: RouteTable) {
        routes.get("/evenements", index)
        routes.get("/evenements.ics", networkCalendar)
        routes.get("/evenements/:event", show)
        routes.get("/evenements/:event/imprimer", printable)
        routes.get("/evenements/:event/sessions/:id", session)
        routes.get("/evenements/:event/intervenants", speakers)
    }

    /// The network's calendar: every lab's published rencontres, filtered by lab and
    /// period (upcoming ones soonest first, the others latest first), with the labs.
    static func calendar(_ request: Request, _ services: Services) async throws -> (
        EventCalendarQuery, [RencontreEvent], [Lab]
    ) {
        let query: EventCalendarQuery
        switch EventCalendarQuery.parse({ request.uri.queryParameters.get($0) }) {
        case .success(let parsed): query = parsed
        case .failure(let errors): throw AppError.badRequest(errors.errors.first?.message ?? "Filtre invalide.")
        }
        let (events, labs) = try await services.database.withConnection { db in
            (try await services.events.publicEvents(on: db), try await LabStore().all(on: db))
        }
        if let lab = query.lab, lab != EventCalendarQuery.networkValue, !labs.contains(where: { $0.slug == lab }) {
            throw AppError.badRequest("Labo inconnu : « \(lab) ».")
        }
        let slugs = Dictionary(uniqueKeysWithValues: labs.map { ($0.id, $0.slug) })
        let now = Paris.local(nowSeconds())
        var shown = events.filter {
            query.includes(labSlug: $0.labID.flatMap { slugs[$0] }, start: $0.startsAt, end: $0.endsAt, now: now)
        }
        if query.period == .upcoming { shown.sort { ($0.startsAt, $0.id) < ($1.startsAt, $1.id) } }
        return (query, shown, labs)
    }

    static func index(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let (query, events, labs) = try await calendar(request, services)
        return services.layout.response(
            page: PageContext(title: "Rencontres", context: context, section: "events"),
            body: EventPages.index(
                events, canCreate: EventPermissions.canCreateEvents(context.viewer), query: query, labs: labs))
    }

    /// The same rencontres as an iCalendar feed a calendar app subscribes to.
    static func networkCalendar(_ request: Request, _ context: AppContext, _ services: Services) async throws
        -> Response
    {
        let (_, events, labs) = try await calendar(request, services)
        let base = services.configuration.publicURL
        let names = Dictionary(uniqueKeysWithValues: labs.map { ($0.id, $0.name) })
        let entries = events.map { e in
            ICalendar.Event(
                uid: "rencontre-\(e.id)@\(e.slug).alliances", start: e.startsAt, end: e.endsAt, summary: e.title,
                description: [e.labID.flatMap { names[$0] } ?? "Le réseau", e.description].compactMap { $0 }.joined(
                    separator: "\n"),
                location: [e.venue, e.address].compactMap { $0 }.joined(separator: ", "),
                url: "\(base)/evenements/\(e.slug)")
        }
        return ExportRoutes.calendarResponse("Rencontres du réseau", entries, file: "rencontres")
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
