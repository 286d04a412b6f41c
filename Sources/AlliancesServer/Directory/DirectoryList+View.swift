import AlliancesCore

extension DirectoryList {
    struct View {
        let model: Model

        func body() -> HTML {
            let m = model
            let filter = m.filter
            let noErrors = ValidationErrors()
            let kinds = ActorKind.allCases.map { (value: $0.rawValue, label: $0.label) }
            let sizes = SizeClass.allCases.map { (value: $0.rawValue, label: $0.shortLabel) }
            let themes = Theme.allCases.sorted { $0.label < $1.label }.map { (value: $0.rawValue, label: $0.label) }
            let deps = m.departements.map { (value: $0.code, label: "\($0.name) (\($0.code))") }
            let statuses = [
                (value: "actives", label: "En activité"), (value: "fermees", label: "Fermées"),
                (value: "toutes", label: "Toutes")
            ]
            let filters: HTML = """
                <form class="filters" method="get" action="/labs/\(m.lab.slug)/organisations" aria-label="Filtres de l'annuaire">
                \(FormFields.text("nom", "Nom contient", value: filter.name, errors: noErrors, type: "search"))
                \(FormFields.select("type", "Type d'acteur", options: kinds, selected: filter.kind?.rawValue, errors: noErrors, emptyLabel: "Tous"))
                \(FormFields.select("taille", "Taille (entreprises)", options: sizes, selected: filter.sizeClass?.rawValue, errors: noErrors, emptyLabel: "Toutes"))
                \(FormFields.select("theme", "Thème", options: themes, selected: filter.theme?.rawValue, errors: noErrors, emptyLabel: "Tous"))
                \(FormFields.select("departement", "Département", options: deps, selected: filter.departement, errors: noErrors, emptyLabel: "Tous"))
                \(FormFields.select("statut", "Statut", options: statuses, selected: filter.status.rawValue, errors: noErrors, emptyLabel: nil))
                <div class="actions"><button type="submit">Filtrer</button><a href="/labs/\(m.lab.slug)/organisations">Effacer les filtres</a></div>
                </form>
                """
            let rows: [HTML] = m.organisations.map { Self.row($0, labSlug: m.lab.slug) }
            let list: HTML =
                rows.isEmpty
                ? "<p class=\"notice\">Aucune organisation ne correspond à ces filtres.</p>"
                : "<ul class=\"results\">\(rows)</ul>"
            let create: HTML =
                m.canCreate
                ? "<p><a class=\"button\" href=\"/labs/\(m.lab.slug)/organisations/nouvelle\">Ajouter une organisation</a></p>"
                : .empty
            return """
                <h1>Annuaire des acteurs</h1>
                \(create)
                <div class="layout">
                <aside>\(filters)</aside>
                <section aria-labelledby="resultats">
                <h2 id="resultats" aria-live="polite">\(frenchNumber(m.total)) organisation\(m.total > 1 ? "s" : "")</h2>
                \(list)
                \(pagination())
                <p><a href="/labs/\(m.lab.slug)/organisations/partagees">Organisations d'autres labos listées ici</a></p>
                </section>
                </div>
                """
        }

        static func row(_ organisation: OrganisationSummary, labSlug: String) -> HTML {
            let size: HTML = organisation.sizeClass.map { " · \($0.shortLabel)" } ?? .empty
            let place: HTML = organisation.communeName.map { " · \($0)" } ?? .empty
            let closed: HTML = organisation.active ? .empty : " <span class=\"badge closed\">Fermée</span>"
            let themes: [HTML] = organisation.themes.map { "<li>\($0.label)</li>" }
            let acronym: HTML = organisation.acronym.map { " <span class=\"muted\">(\($0))</span>" } ?? .empty
            return """
                <li><h3><a href="/labs/\(labSlug)/organisations/\(organisation.id)">\(organisation.name)</a>\(acronym)\(closed)</h3><p class="muted">\(organisation.kind.label)\(size)\(place)</p>\(themes.isEmpty ? HTML.empty : "<ul class=\"tags\" aria-label=\"Thèmes\">\(themes)</ul>")</li>
                """
        }

        func pagination() -> HTML {
            Pagination.nav(page: model.page, pageCount: model.pageCount, url: model.pageURL)
        }
    }
}
