import AlliancesCore

/// "Exports et données": every file an event gives, in one place, linked from the
/// programme; the organisers' files appear to its organisers only.
enum ExportPages {
    struct Export {
        let url: String
        let name: String
        let format: String
        let purpose: String
    }

    static func exports(_ e: RencontreEvent, canOrganise: Bool, synthesis: Bool = false) -> (
        everyone: [Export], organisers: [Export]
    ) {
        let base = "/evenements/\(e.slug)"
        var everyone = [
            Export(
                url: "\(base)/programme.ics", name: "Programme", format: "iCalendar (.ics)",
                purpose: "Ajouter toutes les sessions à un agenda (Thunderbird, Outlook, téléphone)."),
            Export(
                url: "\(base)/schedule.json", name: "Programme pour les applications de conférence",
                format: "JSON (format frab / pretalx)",
                purpose: "Lu par les applications de programme (Giggity, ConfClerk, Engelsystem…)."),
            Export(
                url: "\(base)/schedule.xml", name: "Programme pour les applications de conférence",
                format: "XML (format frab)", purpose: "Le même programme, pour les outils qui lisent le XML de frab."),
            Export(
                url: "\(base)/imprimer", name: "Programme imprimable", format: "Page HTML (A4)",
                purpose: "À imprimer ou enregistrer en PDF depuis le navigateur.")
        ]
        if synthesis {
            everyone += [
                Export(
                    url: "\(base)/synthese", name: "Synthèse de la rencontre", format: "Page HTML (A4)",
                    purpose: "Ce que chaque atelier a produit : restitution, propositions votées, engagements."),
                Export(
                    url: "\(base)/synthese.json", name: "Synthèse", format: "JSON",
                    purpose: "La même synthèse pour un autre outil (aussi par l'API)."),
                Export(
                    url: "\(base)/synthese.csv", name: "Synthèse", format: "CSV (Excel, séparateur ;)",
                    purpose: "Une ligne par rubrique de restitution, engagement et proposition votée."),
                Export(
                    url: "\(base)/propositions.csv", name: "Propositions et votes", format: "CSV (Excel, séparateur ;)",
                    purpose: "Chaque proposition avec son nombre de votes et de votants (jamais qui a voté quoi).")
            ]
        }
        let organisers =
            canOrganise
            ? [
                Export(
                    url: "\(base)/inscrits.csv", name: "Inscriptions et présences", format: "CSV (Excel, séparateur ;)",
                    purpose:
                        "Personnes inscrites, statut, ateliers, régimes alimentaires, arrivée le jour même. Données personnelles : chaque export est inscrit au journal d'audit."
                )
            ] : []
        return (everyone, organisers)
    }

    static func render(_ e: RencontreEvent, canOrganise: Bool, synthesis: Bool = false) -> HTML {
        let (everyone, organisers) = exports(e, canOrganise: canOrganise, synthesis: synthesis)
        func rows(_ list: [Export]) -> HTML {
            let items: [HTML] = list.map {
                "<tr><th scope=\"row\"><a href=\"\($0.url)\">\($0.name)</a></th><td>\($0.format)</td><td>\($0.purpose)</td></tr>"
            }
            return
                "<div class=\"table-wrap\"><table><thead><tr><th scope=\"col\">Fichier</th><th scope=\"col\">Format</th><th scope=\"col\">À quoi il sert</th></tr></thead><tbody>\(items)</tbody></table></div>"
        }
        let organiserSection: HTML =
            organisers.isEmpty
            ? .empty : "<h2>Pour les organisateurs</h2>\(rows(organisers))"
        return """
            \(EventPages.header(e))
            <h2>Exports et données</h2>
            <p>Chaque participant trouve aussi son propre agenda (.ics), avec ses ateliers et ses rendez-vous, sur sa page d'inscription.</p>
            \(rows(everyone))
            \(organiserSection)
            <p><a href="/evenements/\(e.slug)">Retour au programme</a></p>
            """
    }
}
