import AlliancesCore
import Hummingbird

/// Check-in at the entrance, for the event's organisers.
enum CheckInRoutes {
    static func register(_ routes: RouteTable) {
        routes.get("/evenements/:event/pointage", show)
        routes.post("/evenements/:event/pointage/:id", record)
    }

    /// The staff's check-in page, made for a phone: scan the participant's QR code (it opens
    /// this page with the code), or type a name or a code; one tap records the arrival.
    static func show(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let loaded = try await EventAccess.organiserOnly(context, services)
        let q = request.uri.queryParameters
        let query = TextRules.clean(q.get("code")) ?? TextRules.clean(q.get("q"))
        if let query, query.count > 100 { throw AppError.badRequest("Recherche trop longue.") }
        let session = q.get("session").flatMap { Int($0) }.flatMap { id in loaded.sessions.first { $0.id == id } }
        let found =
            try await query.asyncMap { try await services.registrations.lookup(eventID: loaded.event.id, query: $0) }
            ?? []
        let attendance = try await services.registrations.attendance(eventID: loaded.event.id)
        return services.layout.response(
            page: PageContext(
                title: "Pointage", context: context, section: "events",
                flash: q.get("ok").map { _ in "Arrivée enregistrée." }),
            body: CheckInPages.checkIn(
                loaded, query: query, session: session, found: found, attendance: attendance,
                csrfToken: context.csrfToken))
    }

    static func record(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let loaded = try await EventAccess.organiserOnly(context, services)
        let id = try services.id("id", context)
        let session = context.form["session"].flatMap { Int($0) }.flatMap { sid in
            loaded.sessions.first { $0.id == sid }
        }
        guard
            try await services.registrations.checkIn(
                registrationID: id, eventID: loaded.event.id, sessionID: session?.id)
        else {
            throw AppError(.conflict, "Cette inscription n'est pas confirmée : pas de pointage possible.")
        }
        try await RegistrationAdminRoutes.audit(
            .checkedIn, target: "registration:\(id)" + (session.map { " session:\($0.id)" } ?? ""), loaded, context,
            services)
        return redirect(
            to: "/evenements/\(loaded.event.slug)/pointage?ok=1" + (session.map { "&session=\($0.id)" } ?? ""))
    }
}
