import AlliancesCore

/// The audit log pages: a lab's (its facilitators) or the whole network's (admins).
enum AuditPages {
    struct Model {
        /// nil: the network's log.
        let lab: Lab?
        let entries: [AuditEntry]
        let total: Int
        let page: Int
        let pageSize: Int
        let person: String?
        let action: String?
        let from: String?
        let until: String?
        var errors = ValidationErrors()

        var base: String { lab.map { "/labs/\($0.slug)/journal" } ?? "/journal" }
        var pageCount: Int { max(1, (total + pageSize - 1) / pageSize) }
        var filters: [(String, String)] {
            [("personne", person ?? ""), ("action", action ?? ""), ("du", from ?? ""), ("au", until ?? "")]
        }
        func pageURL(_ page: Int) -> String { base + "?" + URLEncoding.query(filters + [("page", String(page))]) }
        var csvURL: String {
            base + ".csv" + (filters.contains { !$0.1.isEmpty } ? "?" + URLEncoding.query(filters) : "")
        }
    }

    static func who(_ id: Int?, _ name: String?) -> String {
        guard let id else { return "—" }
        return name ?? "compte n° \(id) (effacé)"
    }

    static func render(_ m: Model) -> HTML {
        let actions = AuditAction.allCases.map { (value: $0.rawValue, label: $0.label) }
        let rows: [HTML] = m.entries.map { e in
            "<tr><td>\(frenchDateTime(e.at))</td><td>\(who(e.actorID, e.actorName))</td><td>\(e.label)</td><td>\(who(e.subjectID, e.subjectName))</td><td>\(e.target)</td><td>\(e.address ?? "—")</td></tr>"
        }
        return """
            <h1>Journal d'audit\(m.lab == nil ? " du réseau" : "")</h1>
            <p>Qui a fait quoi, quand, depuis quelle adresse : connexions, comptes, exports de données personnelles, coordonnées consultées, effacements, actions des facilitateurs. Conservé \(RetentionPolicy().auditDays) jours par défaut ; personne ne peut le modifier.</p>
            \(FormFields.errorSummary(m.errors))
            <form method="get" action="\(m.base)" class="filters">
            \(FormFields.text("personne", "Personne (nom ou e-mail)", value: m.person, errors: m.errors, maxLength: 120))
            \(FormFields.select("action", "Action", options: actions, selected: m.action, errors: m.errors, emptyLabel: "Toutes"))
            \(FormFields.text("du", "Du", value: m.from, errors: m.errors, type: "date"))
            \(FormFields.text("au", "Au", value: m.until, errors: m.errors, type: "date"))
            <div class="actions"><button type="submit">Filtrer</button> <a class="button secondary" href="\(m.csvURL)">Exporter en CSV</a></div>
            </form>
            <p>\(frenchNumber(m.total)) entrée(s).</p>
            <div class="table-wrap"><table><thead><tr><th scope="col">Quand</th><th scope="col">Qui</th><th scope="col">Action</th><th scope="col">Au sujet de</th><th scope="col">Fiche</th><th scope="col">Adresse</th></tr></thead><tbody>\(rows)</tbody></table></div>
            \(Pagination.nav(page: m.page, pageCount: m.pageCount, url: m.pageURL))
            """
    }

    static func csv(_ entries: [AuditEntry]) -> String {
        CSVWriter.document(
            header: ["Date", "Qui", "Action", "Au sujet de", "Fiche", "Adresse"],
            rows: entries.map {
                [
                    frenchDateTime($0.at), who($0.actorID, $0.actorName), $0.label, who($0.subjectID, $0.subjectName),
                    $0.target, $0.address ?? ""
                ]
            })
    }
}
