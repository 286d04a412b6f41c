import AlliancesCore
import Hummingbird

/// The lunch "autour des régions": the organiser composes the table plan (`LunchTables`),
/// reads its mix, swaps people by hand, prints it; participants see their table number.
enum LunchRoutes {
    static func register(_ routes: RouteTable) {
        routes.get("/evenements/:event/dejeuner", show)
        routes.post("/evenements/:event/dejeuner/composer", compose)
        routes.post("/evenements/:event/dejeuner/echanger", swap)
    }

    struct Seat: Sendable {
        let registration: Registration
        let table: Int
        let region: String?
    }

    /// The plan's seats of confirmed participants.
    static func seats(eventID: Int, _ services: Services) async throws -> [Seat] {
        let people = Dictionary(
            uniqueKeysWithValues: try await services.registrations.list(eventID: eventID).map { ($0.id, $0) })
        let rows = try await services.database.withConnection { db in
            try await services.lunch.seats(eventID: eventID, on: db)
        }
        return rows.compactMap { row in
            guard let r = people[row.registrationID], r.status == .confirmed else { return nil }
            return Seat(registration: r, table: row.table, region: row.region)
        }
    }

    static func guest(_ r: Registration) -> LunchTables.Guest {
        LunchTables.Guest(
            id: r.id, region: r.regionCode, world: .init(r.actorKind),
            organisation: r.organisationName.map(TextNormalisation.fold))
    }

    static func show(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let loaded = try await EventAccess.organiserOnly(context, services)
        let size = try await services.database.withConnection { db in
            try await services.lunch.tableSize(eventID: loaded.event.id, on: db)
        }
        let seats = try await seats(eventID: loaded.event.id, services)
        let confirmed = try await services.registrations.list(eventID: loaded.event.id).filter {
            $0.status == .confirmed
        }
        let flash = request.uri.queryParameters.get("ok").map {
            $0 == "echange" ? "Échange fait." : "Plan de table composé."
        }
        return services.layout.response(
            page: PageContext(title: "Déjeuner : plan de table", context: context, section: "events", flash: flash),
            body: LunchPages.page(
                loaded.event, size: size ?? 8, seats: seats,
                unseated: confirmed.filter { r in !seats.contains { $0.registration.id == r.id } },
                csrfToken: context.csrfToken))
    }

    static func compose(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let loaded = try await EventAccess.organiserOnly(context, services)
        guard let size = context.form["size"].flatMap({ Int($0) }), (2...30).contains(size) else {
            throw AppError(.unprocessableContent, "Places par table : entre 2 et 30.")
        }
        let people = try await services.registrations.list(eventID: loaded.event.id).filter {
            $0.status == .confirmed
        }
        let plan = LunchTables.seat(people.map(guest), tableSize: size)
        try await services.database.transaction { db in
            try await services.lunch.replacePlan(
                eventID: loaded.event.id, tableSize: size,
                tables: plan.tables.map { (registrations: $0.guests.map { people[$0].id }, region: $0.region) }, on: db)
        }
        try await RegistrationAdminRoutes.audit(
            .lunchPlanned, target: "event:\(loaded.event.id) (\(people.count) personnes)", loaded, context, services)
        return redirect(to: "/evenements/\(loaded.event.slug)/dejeuner?ok=plan")
    }

    static func swap(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let loaded = try await EventAccess.organiserOnly(context, services)
        guard let a = context.form["a"].flatMap({ Int($0) }), let b = context.form["b"].flatMap({ Int($0) }), a != b
        else {
            throw AppError.badRequest("Choisissez deux personnes différentes.")
        }
        try await services.database.transaction { db in
            let rows = try await services.lunch.seats(eventID: loaded.event.id, registrations: (a, b), on: db)
            // Ids of another event, or of nobody at a table: not found here, nothing changed.
            guard rows.count == 2 else {
                throw AppError.notFound("Ces deux personnes doivent avoir une table à ce déjeuner.")
            }
            try await services.lunch.move(
                eventID: loaded.event.id, registrationID: rows[0].registrationID, to: rows[1], on: db)
            try await services.lunch.move(
                eventID: loaded.event.id, registrationID: rows[1].registrationID, to: rows[0], on: db)
        }
        try await RegistrationAdminRoutes.audit(
            .lunchSwapped, target: "registration:\(a) registration:\(b)", loaded, context, services)
        return redirect(to: "/evenements/\(loaded.event.slug)/dejeuner?ok=echange")
    }
}
