import AlliancesCore

/// Pages of needs and offers: the list with filters, the listing page, the form.
enum ListingPages {
    struct ListModel {
        let lab: LabSummary
        let kind: ListingKind
        let filter: ListingFilter
        let listings: [Listing]
        let total: Int
        let page: Int
        let pageSize: Int
        let canCreate: Bool

        var pageCount: Int { max(1, (total + pageSize - 1) / pageSize) }

        func pageURL(_ page: Int) -> String {
            var pairs = filter.queryPairs
            if page > 1 { pairs.append(("page", String(page))) }
            let query = URLEncoding.query(pairs)
            return "/labs/\(lab.slug)/\(kind.path)" + (query.isEmpty ? "" : "?" + query)
        }
    }

    static func newPath(_ kind: ListingKind) -> String { kind == .need ? "nouveau" : "nouvelle" }

    static func list(_ m: ListModel) -> HTML {
        let none = ValidationErrors()
        let modes = PartnershipMode.allCases.map { (value: $0.rawValue, label: $0.label) }
        let themes = Theme.allCases.sorted { $0.label < $1.label }.map { (value: $0.rawValue, label: $0.label) }
        let statuses =
            [(value: "", label: "En cours (publiées, en discussion)")]
            + ListingStatus.allCases.map { (value: $0.rawValue, label: $0.label) } + [(value: "tous", label: "Tous")]
        let base = "/labs/\(m.lab.slug)/\(m.kind.path)"
        let filters: HTML = """
            <form class="filters" method="get" action="\(base)" aria-label="Filtres">
            \(FormFields.select("mode", "Mode de partenariat", options: modes, selected: m.filter.mode?.rawValue, errors: none, emptyLabel: "Tous"))
            \(FormFields.select("theme", "Thème", options: themes, selected: m.filter.theme?.rawValue, errors: none, emptyLabel: "Tous"))
            \(FormFields.select("statut", "Statut", options: statuses, selected: m.filter.status.code, errors: none, emptyLabel: nil))
            \(m.filter.organisationID.map { "<input type=\"hidden\" name=\"organisation\" value=\"\($0)\">" as HTML } ?? .empty)
            <div class="actions"><button type="submit">Filtrer</button><a href="\(base)">Effacer les filtres</a></div>
            </form>
            """
        let rows: [HTML] = m.listings.map { row($0, labSlug: m.lab.slug) }
        let other = m.kind.opposite
        return """
            <h1>\(m.kind.plural) des acteurs du territoire</h1>
            <p class="muted">\(m.kind == .need ? "Ce que les associations et les autres acteurs cherchent : compétences, dons, bénévoles, financements, clients…" : "Ce que les entreprises, collectivités, fondations et universités proposent.") Voir aussi les <a href="/labs/\(m.lab.slug)/\(other.path)">\(other.plural.lowercased())</a>.</p>
            \(m.canCreate ? "<p><a class=\"button\" href=\"\(base)/\(newPath(m.kind))\">\(m.kind == .need ? "Publier un besoin" : "Publier une offre")</a></p>" as HTML : .empty)
            <div class="layout">
            <aside>\(filters)</aside>
            <section aria-labelledby="resultats">
            <h2 id="resultats">\(frenchNumber(m.total)) \(m.kind.label.lowercased())\(m.total > 1 ? "s" : "")</h2>
            \(rows.isEmpty ? "<p class=\"notice\">Aucune annonce ne correspond à ces filtres.</p>" as HTML : "<ul class=\"results\">\(rows)</ul>")
            \(Pagination.nav(page: m.page, pageCount: m.pageCount, url: m.pageURL))
            </section>
            </div>
            """
    }

    static func row(_ l: Listing, labSlug: String) -> HTML {
        let modes: [HTML] = l.modes.map { "<li>\($0.label)</li>" }
        let status: HTML = l.status == .published ? .empty : " <span class=\"badge\">\(l.status.label)</span>"
        return """
            <li><h3><a href="/labs/\(labSlug)/\(l.kind.path)/\(l.id)">\(l.title)</a>\(status)</h3><p class="muted">\(l.organisationName) · \(place(l))</p><ul class="tags" aria-label="Modes">\(modes)</ul></li>
            """
    }

    static func place(_ l: Listing) -> String {
        guard let commune = l.communeName else { return "tout le territoire" }
        return l.radiusKm.map { "\(commune), \($0) km autour" } ?? commune
    }

    struct ShowModel {
        let lab: LabSummary
        let listing: Listing
        let canEdit: Bool
        let canRequestIntroduction: Bool
        let recommendations: MarketplaceService.Recommendations?
        let recommendationActions: RecommendationList.Actions
    }

    static func show(_ m: ShowModel) -> HTML {
        let l = m.listing
        var facts: [HTML] = [
            "<dt>Porté par</dt><dd><a href=\"/labs/\(m.lab.slug)/organisations/\(l.organisationID)\">\(l.organisationName)</a> (\(l.organisationKind.label))</dd>",
            "<dt>Modes</dt><dd>\(l.modes.map(\.label).joined(separator: ", "))</dd>"
        ]
        if !l.themes.isEmpty {
            facts.append("<dt>Thèmes</dt><dd>\(l.themes.map(\.label).joined(separator: ", "))</dd>")
        }
        facts.append("<dt>Lieu</dt><dd>\(place(l))</dd>")
        switch (l.startDate, l.endDate) {
        case let (start?, end?):
            facts.append("<dt>Période</dt><dd>du \(CalendarDate.french(start)) au \(CalendarDate.french(end))</dd>")
        case let (start?, nil): facts.append("<dt>Période</dt><dd>à partir du \(CalendarDate.french(start))</dd>")
        case let (nil, end?): facts.append("<dt>Période</dt><dd>jusqu'au \(CalendarDate.french(end))</dd>")
        case (nil, nil): break
        }
        if let hours = l.hours { facts.append("<dt>Temps</dt><dd>\(frenchNumber(hours)) heures</dd>") }
        if let euros = l.euros { facts.append("<dt>Montant</dt><dd>\(frenchNumber(euros)) €</dd>") }
        if let inKind = l.inKind { facts.append("<dt>En nature</dt><dd>\(inKind)</dd>") }
        facts.append("<dt>Statut</dt><dd>\(l.status.label)</dd>")
        facts.append("<dt>Visibilité</dt><dd>\(l.visibility.label)</dd>")
        facts.append("<dt>Mise à jour</dt><dd>\(frenchDate(l.updatedAt))</dd>")
        let description = paragraphs(l.description)
        var actions: [HTML] = []
        if m.canEdit {
            actions.append(
                "<a class=\"button\" href=\"/labs/\(m.lab.slug)/\(l.kind.path)/\(l.id)/modifier\">Modifier</a>")
        }
        if m.canRequestIntroduction {
            let key = l.kind == .need ? "besoin" : "offre"
            actions.append(
                "<a class=\"button secondary\" href=\"/labs/\(m.lab.slug)/mises-en-relation/nouvelle?b=\(l.organisationID)&amp;\(key)=\(l.id)\">Demander une mise en relation</a>"
            )
        }
        var recommendations: HTML = .empty
        if let r = m.recommendations {
            let source = MatchProfile.Subject.listing(id: l.id, kind: l.kind)
            recommendations = """
                <h2>\(l.kind == .need ? "Offres qui peuvent y répondre" : "Besoins auxquels elle peut répondre")</h2>
                \(RecommendationList.render(r.listings, lab: m.lab, source: source, sourceOrganisation: l.organisationID, marks: r.marks, actions: m.recommendationActions, listing: l))
                <h2>\(l.kind == .need ? "Organisations à solliciter" : "Associations et structures à rencontrer")</h2>
                \(RecommendationList.render(r.organisations, lab: m.lab, source: source, sourceOrganisation: l.organisationID, marks: r.marks, actions: m.recommendationActions, listing: l))
                """
        }
        return """
            <p><a href="/labs/\(m.lab.slug)/\(l.kind.path)">← \(l.kind.plural)</a></p>
            <h1><span class="badge">\(l.kind.label)</span> \(l.title)</h1>
            \(actions.isEmpty ? HTML.empty : "<div class=\"actions\">\(actions)</div>")
            <dl class="facts">\(facts)</dl>
            \(description)
            \(recommendations)
            """
    }

    struct FormModel {
        let lab: LabSummary
        let kind: ListingKind
        let listingID: Int?
        let input: ListingInput
        let errors: ValidationErrors
        /// The organisations the viewer may post for (one for a member).
        let organisations: [(id: Int, name: String)]
        /// The workshop's commitment or proposal this listing follows up (`FollowUpSource`).
        var followUp: String? = nil
        /// The organisation picker's list after an unclear name, and the name typed.
        var picker: OrganisationPicker.Field? = nil
        var organisationTyped: String? = nil

        var action: String {
            "/labs/\(lab.slug)/\(kind.path)/" + (listingID.map { "\($0)/modifier" } ?? ListingPages.newPath(kind))
        }
    }

    static func form(_ m: FormModel, csrfToken: String) -> HTML {
        let i = m.input
        let e = m.errors
        let modes = PartnershipMode.allCases.map { (value: $0.rawValue, label: $0.label) }
        let themes = Theme.allCases.sorted { $0.label < $1.label }.map { (value: $0.rawValue, label: $0.label) }
        let statuses = ListingStatus.allCases.map { (value: $0.rawValue, label: $0.label) }
        let visibilities = ListingVisibility.allCases.map { (value: $0.rawValue, label: $0.label) }
        let organisation: HTML
        if m.organisations.count == 1, let only = m.organisations.first {
            organisation =
                "<input type=\"hidden\" name=\"organisationId\" value=\"\(only.id)\"><p>Organisation : <strong>\(only.name)</strong></p>"
        } else if m.organisations.isEmpty {
            organisation = FormFields.text(
                "organisationId", "Organisation", value: m.organisationTyped ?? i.organisationId.map(String.init),
                errors: e, required: true,
                hint: "Tapez une partie de son nom et choisissez-la dans la liste, ou saisissez son numéro.",
                maxLength: 200, picker: m.picker ?? OrganisationPicker.field(m.lab))
        } else {
            organisation = FormFields.select(
                "organisationId", "Organisation",
                options: m.organisations.map { (value: String($0.id), label: $0.name) },
                selected: i.organisationId.map(String.init), errors: e, required: true, emptyLabel: "Choisir…")
        }
        let title =
            m.listingID == nil ? (m.kind == .need ? "Publier un besoin" : "Publier une offre") : "Modifier l'annonce"
        let back =
            m.listingID.map { "/labs/\(m.lab.slug)/\(m.kind.path)/\($0)" } ?? "/labs/\(m.lab.slug)/\(m.kind.path)"
        return """
            <h1>\(title)</h1>
            \(FormFields.errorSummary(e))
            \(m.followUp == nil ? HTML.empty : "<p class=\"notice\">Cette annonce donne suite à un atelier de rencontre : elle y restera reliée.</p>" as HTML)
            <form method="post" action="\(m.action)" novalidate>
            \(csrfField(csrfToken))
            <input type="hidden" name="kind" value="\(m.kind.rawValue)">
            \(m.followUp.map { "<input type=\"hidden\" name=\"suite\" value=\"\($0)\">" as HTML } ?? .empty)
            \(organisation)
            \(FormFields.text("title", "Titre", value: i.title, errors: e, required: true, hint: m.kind == .need ? "Ex. « Un camion pour nos collectes du samedi »." : "Ex. « 200 heures de mécénat de compétences en informatique »." , maxLength: 160))
            \(FormFields.textarea("description", "Description", value: i.description, errors: e, hint: "Le contexte, ce qui est attendu, les contraintes. 5 000 caractères au plus."))
            \(FormFields.checkboxes("modes", "Modes de partenariat (au moins un)", options: modes, checked: Set(i.modes ?? []), errors: e))
            \(FormFields.checkboxes("themes", "Thèmes", options: themes, checked: Set(i.themes ?? []), errors: e, hint: "\(ListingDraft.maxThemes) au plus."))
            \(FormFields.text("commune", "Commune", value: i.commune, errors: e, hint: "Vide : tout le territoire du labo. Sinon nom exact ou code INSEE.", maxLength: 100))
            \(FormFields.text("radiusKm", "Rayon autour de la commune (km)", value: i.radiusKm, errors: e, type: "number", maxLength: 3))
            \(FormFields.text("startDate", "Début", value: i.startDate, errors: e, type: "date"))
            \(FormFields.text("endDate", "Fin", value: i.endDate, errors: e, type: "date"))
            \(FormFields.text("hours", "Temps (heures)", value: i.hours, errors: e, type: "number", maxLength: 7))
            \(FormFields.text("euros", "Montant (euros)", value: i.euros, errors: e, type: "number", maxLength: 10))
            \(FormFields.text("inKind", "Apport en nature", value: i.inKind, errors: e, hint: "Ex. « deux minibus le week-end ».", maxLength: 500))
            \(FormFields.select("status", "Statut", options: statuses, selected: i.status ?? ListingStatus.published.rawValue, errors: e, emptyLabel: nil))
            \(FormFields.select("visibility", "Visibilité", options: visibilities, selected: i.visibility ?? ListingVisibility.members.rawValue, errors: e, emptyLabel: nil,
                            hint: "« Public » : visible des visiteurs du site. Les coordonnées des personnes ne sont jamais affichées."))
            <div class="actions"><button type="submit">Enregistrer</button><a href="\(back)">Annuler</a></div>
            </form>
            """
    }

    static func input(from listing: Listing) -> ListingInput {
        ListingInput(
            kind: listing.kind.rawValue, organisationId: listing.organisationID, title: listing.title,
            description: listing.description,
            modes: listing.modes.map(\.rawValue), themes: listing.themes.map(\.rawValue), commune: listing.communeCode,
            radiusKm: listing.radiusKm.map(String.init), startDate: listing.startDate, endDate: listing.endDate,
            hours: listing.hours.map(String.init), euros: listing.euros.map(String.init), inKind: listing.inKind,
            status: listing.status.rawValue, visibility: listing.visibility.rawValue)
    }

    static func input(from form: FormData) -> ListingInput {
        ListingInput(
            kind: form["kind"], organisationId: form["organisationId"].flatMap { Int($0.trimmingWhitespace()) },
            title: form["title"], description: form["description"], modes: form.all("modes"),
            themes: form.all("themes"),
            commune: form["commune"], radiusKm: form["radiusKm"], startDate: form["startDate"],
            endDate: form["endDate"],
            hours: form["hours"], euros: form["euros"], inKind: form["inKind"], status: form["status"],
            visibility: form["visibility"])
    }
}

/// A ranked list of recommendations with its explanations, the viewer's marks and the
/// actions open to them; shared by listing pages and the organisation's counterparts page.
enum RecommendationList {
    struct Actions {
        let csrfToken: String
        /// Facilitators propose introductions; members of the source organisation ask.
        let canPropose: Bool
        let canRequest: Bool
        let backURL: String
    }

    static func code(_ subject: MatchProfile.Subject) -> String {
        let (kind, id) = IntroductionStore.code(subject)
        return "\(kind):\(id)"
    }

    static func render(
        _ items: [Recommendation], lab: LabSummary, source: MatchProfile.Subject, sourceOrganisation: Int,
        marks: [MatchProfile.Subject: Bool], actions: Actions, listing: Listing?
    ) -> HTML {
        guard !items.isEmpty else { return "<p class=\"muted\">Aucune recommandation pour l'instant.</p>" }
        let rows: [HTML] = items.map { r in
            let c = r.candidate
            let link: HTML
            var introduction =
                "/labs/\(lab.slug)/mises-en-relation/nouvelle?a=\(sourceOrganisation)&b=\(c.organisationID)"
            if let listing { introduction += "&\(listing.kind == .need ? "besoin" : "offre")=\(listing.id)" }
            switch c.subject {
            case .listing(let id, let kind):
                link =
                    "<a href=\"/labs/\(lab.slug)/\(kind.path)/\(id)\">\(c.title ?? c.organisationName)</a> <span class=\"muted\">— \(c.organisationName)</span>"
                introduction += "&\(kind == .need ? "besoin" : "offre")=\(id)"
            case .organisation(let id):
                link =
                    "<a href=\"/labs/\(lab.slug)/organisations/\(id)\">\(c.organisationName)</a> <span class=\"muted\">— \(c.actorKind.label)</span>"
            }
            let mark = marks[c.subject]
            let state: HTML =
                mark.map {
                    $0
                        ? "<span class=\"badge\">Jugée pertinente</span>"
                        : "<span class=\"badge closed\">Jugée non pertinente</span>"
                } ?? .empty
            let feedback: HTML = """
                <form method="post" action="/labs/\(lab.slug)/recommandations/avis" class="inline">\(csrfField(actions.csrfToken))<input type="hidden" name="source" value="\(code(source))"><input type="hidden" name="candidate" value="\(code(c.subject))"><input type="hidden" name="retour" value="\(actions.backURL)"><button type="submit" name="relevant" value="1" class="link">Pertinente</button> <button type="submit" name="relevant" value="0" class="link">Pas pertinente</button></form>
                """
            let introduce: HTML =
                actions.canPropose
                ? "<a href=\"\(introduction)\">Proposer une mise en relation</a>"
                : (actions.canRequest ? "<a href=\"\(introduction)\">Demander une mise en relation</a>" : .empty)
            return """
                <li><h3>\(link) \(state)</h3><p>\(r.explanation)</p><p class="muted">Score \(min(100, Int((r.score * 100).rounded()))) / 100</p><div class="actions">\(introduce)\(feedback)</div></li>
                """
        }
        return "<ol class=\"results\">\(rows)</ol>"
    }
}
