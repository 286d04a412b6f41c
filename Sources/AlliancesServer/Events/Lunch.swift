// swift-format-ignore-file
// (nested multi-line string literals that swift-format 6.3 re-indents into invalid code)
import AlliancesCore
import Hummingbird
import SQLKit

/// The lunch "autour des régions": the organiser composes the table plan (`LunchTables`),
/// reads its mix, swaps people by hand, prints it; participants see their table number.
enum LunchRoutes {
    struct Seat: Sendable {
        let registration: Registration
        let table: Int
        let region: String?
    }

    static func seats(eventID: Int, _ services: Services) async throws -> [Seat] {
        let people = Dictionary(uniqueKeysWithValues: try await services.registrations.list(eventID: eventID).map { ($0.id, $0) })
        return try await services.database.withConnection { db in
            try await db.raw("SELECT registration_id, table_no, region FROM lunch_seats WHERE event_id = \(bind: eventID) ORDER BY table_no, registration_id").all()
                .compactMap { row in
                    guard let r = people[try row.int("registration_id")], r.status == .confirmed else { return nil }
                    return Seat(registration: r, table: try row.int("table_no"), region: try row.optionalString("region"))
                }
        }
    }

    static func guest(_ r: Registration) -> LunchTables.Guest {
        LunchTables.Guest(id: r.id, region: r.regionCode, world: .init(r.actorKind), organisation: r.organisationName.map(TextNormalisation.fold))
    }

    static func register(on router: Router<AppContext>, services: Services) {
        router.get("/evenements/:event/dejeuner") { request, context in
            let loaded = try await EventRoutes.organiserOnly(context, services)
            let size = try await services.database.withConnection { db in
                try await db.raw("SELECT lunch_table_size FROM events WHERE id = \(bind: loaded.event.id)").first()?.int("lunch_table_size") ?? 8
            }
            let seats = try await seats(eventID: loaded.event.id, services)
            let confirmed = try await services.registrations.list(eventID: loaded.event.id).filter { $0.status == .confirmed }
            return services.layout.response(page: PageContext(title: "Déjeuner : plan de table", context: context, section: "events",
                                                              flash: request.uri.queryParameters.get("ok").map { $0 == "echange" ? "Échange fait." : "Plan de table composé." }),
                                             body: LunchPages.page(loaded.event, size: size, seats: seats, unseated: confirmed.filter { r in !seats.contains { $0.registration.id == r.id } },
                                                                   csrfToken: context.csrfToken))
        }
        router.post("/evenements/:event/dejeuner/composer") { _, context in
            let loaded = try await EventRoutes.organiserOnly(context, services)
            guard let size = context.form["size"].flatMap({ Int($0) }), (2...30).contains(size) else {
                throw AppError(.unprocessableContent, "Places par table : entre 2 et 30.")
            }
            let people = try await services.registrations.list(eventID: loaded.event.id).filter { $0.status == .confirmed }
            let plan = LunchTables.seat(people.map(guest), tableSize: size)
            try await services.database.transaction { db in
                try await db.raw("UPDATE events SET lunch_table_size = \(bind: size) WHERE id = \(bind: loaded.event.id)").run()
                try await db.raw("DELETE FROM lunch_seats WHERE event_id = \(bind: loaded.event.id)").run()
                for (number, table) in plan.tables.enumerated() {
                    for i in table.guests {
                        try await db.raw("""
                            INSERT INTO lunch_seats (event_id, registration_id, table_no, region)
                            VALUES (\(bind: loaded.event.id), \(bind: people[i].id), \(bind: number + 1), \(bind: table.region))
                            """).run()
                    }
                }
            }
            return redirect(to: "/evenements/\(loaded.event.slug)/dejeuner?ok=plan")
        }
        router.post("/evenements/:event/dejeuner/echanger") { _, context in
            let loaded = try await EventRoutes.organiserOnly(context, services)
            guard let a = context.form["a"].flatMap({ Int($0) }), let b = context.form["b"].flatMap({ Int($0) }), a != b else {
                throw AppError.badRequest("Choisissez deux personnes différentes.")
            }
            try await services.database.transaction { db in
                let rows = try await db.raw("""
                    SELECT registration_id, table_no, region FROM lunch_seats WHERE event_id = \(bind: loaded.event.id) AND registration_id IN (\(bind: a), \(bind: b))
                    """).all()
                // Ids of another event, or of nobody at a table: not found here, nothing changed.
                guard rows.count == 2 else { throw AppError.notFound("Ces deux personnes doivent avoir une table à ce déjeuner.") }
                for (row, other) in [(rows[0], rows[1]), (rows[1], rows[0])] {
                    try await db.raw("""
                        UPDATE lunch_seats SET table_no = \(bind: try other.int("table_no")), region = \(bind: try other.optionalString("region"))
                        WHERE event_id = \(bind: loaded.event.id) AND registration_id = \(bind: try row.int("registration_id"))
                        """).run()
                }
            }
            return redirect(to: "/evenements/\(loaded.event.slug)/dejeuner?ok=echange")
        }
    }
}

enum LunchPages {
    static func regionName(_ code: String?) -> String {
        code.flatMap { c in ReferenceGeography.regions.first { $0.code == c }?.name } ?? "Plusieurs régions"
    }

    static func page(_ e: RencontreEvent, size: Int, seats: [LunchRoutes.Seat], unseated: [Registration], csrfToken: String) -> HTML {
        let base = "/evenements/\(e.slug)/dejeuner"
        let byTable = Dictionary(grouping: seats, by: \.table)
        let numbers = byTable.keys.sorted()
        let guests = seats.map { LunchRoutes.guest($0.registration) }
        let plan = LunchTables.measure(numbers.map { n in
            LunchTables.Table(region: byTable[n]!.first?.region, guests: seats.indices.filter { seats[$0].table == n })
        }, guests)
        let tables: [HTML] = numbers.map { n in
            let people = byTable[n]!
            let worlds = Set(people.map { LunchTables.World($0.registration.actorKind) })
            let items: [HTML] = people.map { s in
                "<li>\(s.registration.name)\(s.registration.organisationName.map { " — \($0)" } ?? "") <span class=\"muted\">(\(LunchTables.World(s.registration.actorKind).label))</span></li>"
            }
            return """
            <section class="lunch-table"><h3>Table \(n) · \(regionName(people.first?.region))</h3>
            <p class="muted">\(people.count) personne(s), \(worlds.count) monde(s) : \(worlds.map(\.label).sorted().joined(separator: ", "))</p><ul>\(items)</ul></section>
            """
        }
        let options: [HTML] = seats.map { "<option value=\"\($0.registration.id)\">\($0.registration.name) (table \($0.table))</option>" }
        let swap: HTML = seats.count < 2 ? .empty : """
        <h2>Échanger deux personnes</h2>
        <form method="post" action="\(base)/echanger" class="inline">\(csrfField(csrfToken))
        <label for="swap-a">Personne</label> <select id="swap-a" name="a">\(options)</select>
        <label for="swap-b">avec</label> <select id="swap-b" name="b">\(options)</select>
        <button type="submit">Échanger leurs places</button></form>
        """
        return """
        <p><a href="/evenements/\(e.slug)/inscrits">← Inscriptions</a></p>
        <h1>Déjeuner autour des régions — plan de table</h1>
        <form method="post" action="\(base)/composer" class="inline">\(csrfField(csrfToken))
        <label for="size">Places par table</label> <input id="size" name="size" type="number" min="2" max="30" value="\(size)">
        <button type="submit">\(seats.isEmpty ? "Composer les tables" : "Recomposer les tables")</button></form>
        <p class="muted">Une région par table (les régions de moins d'une demi-table partagent les leurs), les mondes mêlés à chaque table (associations, entreprises, acteurs publics, autres), jamais deux personnes d'une même organisation ensemble quand c'est évitable.</p>
        \(seats.isEmpty ? "<p>Pas encore de plan de table.</p>" as HTML : """
        <p><strong>Mélange : \(frenchPercent(plan.mix))</strong> (part des mondes présents à chaque table sur ceux qui pouvaient l'être) · \(plan.colleaguePairs) paire(s) de collègues à une même table · \(numbers.count) tables.</p>
        \(unseated.isEmpty ? HTML.empty : "<p class=\"notice\">\(unseated.count) inscription(s) confirmée(s) depuis la composition n'ont pas de table : recomposez le plan.</p>")
        <div class="lunch-plan">\(tables)</div>
        \(swap)
        """)
        """
    }
}
