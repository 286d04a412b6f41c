// swift-format-ignore-file
// (nested multi-line string literals that swift-format 6.3 re-indents into invalid code)
import AlliancesCore

/// The organiser's table plan: the mix, the tables, the swap form, printable.
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
