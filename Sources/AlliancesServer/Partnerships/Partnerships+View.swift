import AlliancesCore

/// Pages of partnerships: the list with filters, the partnership with its timeline and
/// documents, the form.
enum PartnershipPages {
    struct ListModel {
        let lab: LabSummary
        let filter: PartnershipFilter
        let partnerships: [Partnership]
        let total: Int
        let page: Int
        let pageSize: Int
        let canCreate: Bool
        let facilitator: Bool

        var pageCount: Int { max(1, (total + pageSize - 1) / pageSize) }

        func pageURL(_ page: Int) -> String {
            var pairs = filter.queryPairs
            if page > 1 { pairs.append(("page", String(page))) }
            let query = URLEncoding.query(pairs)
            return "/labs/\(lab.slug)/partenariats" + (query.isEmpty ? "" : "?" + query)
        }
    }

    static func parties(_ p: Partnership, labSlug: String) -> HTML {
        let items: [HTML] = p.parties.map {
            "<a href=\"/labs/\(labSlug)/organisations/\($0.organisationID)\">\($0.name)</a> <span class=\"muted\">(\($0.role))</span>"
        }
        return HTML.join(items, separator: " · ")
    }

    static func list(_ m: ListModel) -> HTML {
        let none = ValidationErrors()
        let base = "/labs/\(m.lab.slug)/partenariats"
        let stages = PartnershipStage.allCases.map { (value: $0.rawValue, label: $0.label) }
        let modes = PartnershipMode.allCases.map { (value: $0.rawValue, label: $0.label) }
        let themes = Theme.allCases.sorted { $0.label < $1.label }.map { (value: $0.rawValue, label: $0.label) }
        let origins = PartnershipOrigin.allCases.map { (value: $0.rawValue, label: $0.label) }
        let filters: HTML = """
            <form class="filters" method="get" action="\(base)" aria-label="Filtres">
            \(FormFields.select("etape", "Étape", options: stages, selected: m.filter.stage?.rawValue, errors: none, emptyLabel: "Toutes"))
            \(FormFields.select("mode", "Mode de partenariat", options: modes, selected: m.filter.mode?.rawValue, errors: none, emptyLabel: "Tous"))
            \(FormFields.select("theme", "Thème", options: themes, selected: m.filter.theme?.rawValue, errors: none, emptyLabel: "Tous"))
            \(FormFields.select("origine", "Origine", options: origins, selected: m.filter.origin?.rawValue, errors: none, emptyLabel: "Toutes"))
            \(m.filter.organisationID.map { "<input type=\"hidden\" name=\"organisation\" value=\"\($0)\">" as HTML } ?? .empty)
            <div class="actions"><button type="submit">Filtrer</button><a href="\(base)">Effacer les filtres</a></div>
            </form>
            """
        let rows: [HTML] = m.partnerships.map { p in
            let modes: [HTML] = p.modes.map { "<li>\($0.label)</li>" }
            return """
                <li><h3><a href="\(base)/\(p.id)">\(p.title)</a> <span class="badge">\(p.stage.label)</span></h3><p>\(parties(p, labSlug: m.lab.slug))</p><p class="muted">Depuis le \(CalendarDate.french(p.startDate))\(p.endDate.map { " · jusqu'au \(CalendarDate.french($0))" } ?? "")</p><ul class="tags" aria-label="Modes">\(modes)</ul></li>
                """
        }
        return """
            <h1>Partenariats</h1>
            <p class="muted">\(m.facilitator ? "Tous les partenariats suivis par le labo." : "Les partenariats de votre organisation.") Le <a href="/labs/\(m.lab.slug)/barometre">baromètre</a> en montre les chiffres pour le territoire.</p>
            \(m.canCreate ? "<p><a class=\"button\" href=\"\(base)/nouveau\">Enregistrer un partenariat</a></p>" as HTML : .empty)
            <div class="layout">
            <aside>\(filters)</aside>
            <section aria-labelledby="resultats">
            <h2 id="resultats">\(frenchNumber(m.total)) partenariat\(m.total > 1 ? "s" : "")</h2>
            \(rows.isEmpty ? "<p class=\"notice\">Aucun partenariat ne correspond à ces filtres.</p>" as HTML : "<ul class=\"results\">\(rows)</ul>")
            \(Pagination.nav(page: m.page, pageCount: m.pageCount, url: m.pageURL))
            </section>
            </div>
            """
    }

    struct ShowModel {
        let lab: LabSummary
        let partnership: Partnership
        let notes: [PartnershipNote]
        let documents: [PartnershipDocument]
        let csrfToken: String
        let errors: ValidationErrors
        let maxDocumentMB: Int
        /// The experience sheets written from it that the viewer may read.
        var sheets: [(id: Int, title: String, status: SheetStatus)] = []
        var canWriteSheet = false
    }

    static func show(_ m: ShowModel) -> HTML {
        let p = m.partnership
        let base = "/labs/\(m.lab.slug)/partenariats/\(p.id)"
        let partyRows: [HTML] = p.parties.map {
            "<li><a href=\"/labs/\(m.lab.slug)/organisations/\($0.organisationID)\">\($0.name)</a> — \($0.role) <span class=\"muted\">(\($0.kind.label))</span></li>"
        }
        var facts: [HTML] = [
            "<dt>Étape</dt><dd>\(p.stage.label)</dd>",
            "<dt>Modes</dt><dd>\(p.modes.map(\.label).joined(separator: ", "))</dd>"
        ]
        if !p.themes.isEmpty {
            facts.append("<dt>Thèmes</dt><dd>\(p.themes.map(\.label).joined(separator: ", "))</dd>")
        }
        facts.append(
            "<dt>Dates</dt><dd>depuis le \(CalendarDate.french(p.startDate))\(p.endDate.map { ", jusqu'au \(CalendarDate.french($0))" } ?? "")</dd>"
        )
        var value: [String] = []
        if let euros = p.euros { value.append("\(frenchNumber(euros)) €") }
        if let hours = p.hours {
            value.append("\(frenchNumber(hours)) heures de bénévolat ou de mécénat de compétences")
        }
        if let inKind = p.inKind { value.append("en nature : \(inKind)") }
        if !value.isEmpty { facts.append("<dt>Valeur</dt><dd>\(value.joined(separator: " ; "))</dd>") }
        var counts: [String] = []
        if let people = p.peopleReached { counts.append("\(frenchNumber(people)) personnes touchées") }
        if let jobs = p.jobs { counts.append("\(frenchNumber(jobs)) emplois") }
        if !counts.isEmpty { facts.append("<dt>Résultats chiffrés</dt><dd>\(counts.joined(separator: ", "))</dd>") }
        let origin: HTML
        switch p.origin {
        case .direct: origin = "Directe"
        case .introduction:
            origin =
                p.introductionID.map {
                    "<a href=\"/labs/\(m.lab.slug)/mises-en-relation/\($0)\">Une mise en relation du labo</a>" as HTML
                } ?? "Une mise en relation du labo"
        case .rencontre:
            origin = p.eventID.map { "Une rencontre : \(p.eventTitle ?? "n° \($0)")" as HTML } ?? "Une rencontre"
        }
        facts.append("<dt>Origine</dt><dd>\(origin)</dd>")
        let timeline: [HTML] = m.notes.reversed().map { n in
            "<li><strong>\(frenchDate(n.at))</strong> — \(n.action)\(n.userName.map { " (\($0))" } ?? "")\(n.note.map { " : « \($0) »" } ?? "")</li>"
        }
        let documents: [HTML] = m.documents.map { d in
            """
            <li><a href="\(base)/documents/\(d.id)">\(d.filename)</a> <span class="muted">(\(byteSize(d.size)), ajouté le \(frenchDate(d.uploadedAt)))</span> <form method="post" action="\(base)/documents/\(d.id)/supprimer" class="inline">\(csrfField(m.csrfToken))<button type="submit" class="link">Retirer</button></form></li>
            """
        }
        let stages = PartnershipStage.allCases.filter { $0 != p.stage }.map { (value: $0.rawValue, label: $0.label) }
        return """
            <p><a href="/labs/\(m.lab.slug)/partenariats">← Partenariats</a></p>
            <h1>\(p.title)</h1>
            <div class="actions"><a class="button" href="\(base)/modifier">Modifier</a></div>
            \(FormFields.errorSummary(m.errors))
            <h2>Parties</h2>
            <ul>\(partyRows)</ul>
            <dl class="facts">\(facts)</dl>
            \(paragraphs(p.description))
            \(p.outcomes.map { "<h2>Résultats</h2>\(paragraphs($0))" as HTML } ?? .empty)
            \(sheets(m))
            <h2>Documents</h2>
            \(documents.isEmpty ? "<p class=\"muted\">Aucun document.</p>" as HTML : "<ul>\(documents)</ul>")
            <form method="post" action="\(base)/documents" enctype="multipart/form-data">
            \(csrfField(m.csrfToken))
            <div class="field"><label for="f-file">Ajouter un document (\(DocumentType.accepted) ; \(m.maxDocumentMB) Mo au plus)</label><input type="file" id="f-file" name="file" required></div>
            <div class="actions"><button type="submit">Envoyer</button></div>
            </form>
            <h2>Suivi</h2>
            <form method="post" action="\(base)/notes" novalidate>
            \(csrfField(m.csrfToken))
            \(FormFields.textarea("note", "Note", value: nil, errors: m.errors, hint: "Une réunion, une décision, un résultat…"))
            \(FormFields.select("stage", "Passer à l'étape", options: stages, selected: nil, errors: m.errors, emptyLabel: "(inchangée : \(p.stage.label.lowercased()))"))
            \(FormFields.text("endDate", "Date de fin (si terminé)", value: nil, errors: m.errors, type: "date", hint: "Par défaut : aujourd'hui."))
            <div class="actions"><button type="submit">Ajouter au suivi</button></div>
            </form>
            <ol class="timeline">\(timeline)</ol>
            """
    }

    /// The experience sheets told from this partnership, and the link to write one.
    static func sheets(_ m: ShowModel) -> HTML {
        guard m.canWriteSheet || !m.sheets.isEmpty else { return .empty }
        let items: [HTML] = m.sheets.map {
            "<li><a href=\"/labs/\(m.lab.slug)/bibliotheque/\($0.id)\">\($0.title)</a> <span class=\"badge\">\($0.status.label)</span></li>"
        }
        let write: HTML =
            m.canWriteSheet
            ? "<p><a href=\"/labs/\(m.lab.slug)/bibliotheque/nouvelle?partenariat=\(m.partnership.id)\">Écrire une fiche d'expérience à partir de ce partenariat</a></p>"
            : .empty
        return "<h2>Fiches d'expérience</h2>\(items.isEmpty ? HTML.empty : "<ul>\(items)</ul>" as HTML)\(write)"
    }

    static func byteSize(_ bytes: Int) -> String {
        if bytes < 1024 { return "\(bytes) octets" }
        if bytes < 1024 * 1024 { return "\(bytes / 1024) Ko" }
        return "\(frenchNumber(bytes / (1024 * 1024))) Mo"
    }

    struct FormModel {
        let lab: LabSummary
        let partnershipID: Int?
        let input: PartnershipInput
        let errors: ValidationErrors
        /// The lab's organisations for the lists (empty when too many: numbers are typed).
        let organisations: [(id: Int, name: String)]
        /// A member's organisation, fixed as the first party.
        let ownOrganisation: (id: Int, name: String)?
        let events: [(id: Int, title: String)]
        /// The workshop's commitment or proposal this partnership follows up (`FollowUpSource`).
        var followUp: String? = nil

        var action: String { "/labs/\(lab.slug)/partenariats/" + (partnershipID.map { "\($0)/modifier" } ?? "nouveau") }
    }

    static func form(_ m: FormModel, csrfToken: String) -> HTML {
        let i = m.input
        let e = m.errors
        let partyRows = FormFields.partyRows(
            i.parties ?? [], organisations: m.organisations, own: m.ownOrganisation, noun: "Partie",
            maxRows: PartnershipDraft.maxParties, lab: m.lab)
        let partyError = e.message(for: "parties")
        let modes = PartnershipMode.allCases.map { (value: $0.rawValue, label: $0.label) }
        let themes = Theme.allCases.sorted { $0.label < $1.label }.map { (value: $0.rawValue, label: $0.label) }
        let stages = PartnershipStage.allCases.map { (value: $0.rawValue, label: $0.label) }
        let origins = PartnershipOrigin.allCases.map { (value: $0.rawValue, label: $0.label) }
        let events = m.events.map { (value: String($0.id), label: $0.title) }
        let back =
            m.partnershipID.map { "/labs/\(m.lab.slug)/partenariats/\($0)" } ?? "/labs/\(m.lab.slug)/partenariats"
        return """
            <h1>\(m.partnershipID == nil ? "Enregistrer un partenariat" : "Modifier le partenariat")</h1>
            \(FormFields.errorSummary(e))
            \(m.followUp == nil ? HTML.empty : "<p class=\"notice\">Ce partenariat donne suite à un atelier de rencontre : il y restera relié.</p>" as HTML)
            <form method="post" action="\(m.action)" novalidate>
            \(csrfField(csrfToken))
            \(m.followUp.map { "<input type=\"hidden\" name=\"suite\" value=\"\($0)\">" as HTML } ?? .empty)
            \(FormFields.text("title", "Titre", value: i.title, errors: e, required: true, hint: "Ex. « Parrainage de demandeurs d'emploi par les cadres de la banque ».", maxLength: 160))
            <fieldset class="field\(partyError != nil ? " invalid" : "")" id="f-parties"\(partyError != nil ? " aria-describedby=\"e-parties\"" as HTML : .empty)><legend>Parties (au moins deux organisations)</legend>
            \(partyError.map { "<p class=\"field-error\" id=\"e-parties\">\($0)</p>" as HTML } ?? .empty)
            \(partyRows)
            </fieldset>
            \(FormFields.checkboxes("modes", "Modes de partenariat (au moins un)", options: modes, checked: Set(i.modes ?? []), errors: e))
            \(FormFields.checkboxes("themes", "Thèmes", options: themes, checked: Set(i.themes ?? []), errors: e, hint: "\(PartnershipDraft.maxThemes) au plus."))
            \(FormFields.select("stage", "Étape", options: stages, selected: i.stage ?? PartnershipStage.firstMeeting.rawValue, errors: e, emptyLabel: nil,
                            hint: "Le baromètre compte un partenariat à partir de l'expérimentation."))
            \(FormFields.text("startDate", "Début (ou première rencontre)", value: i.startDate, errors: e, type: "date", required: true))
            \(FormFields.text("endDate", "Fin", value: i.endDate, errors: e, type: "date", hint: "Obligatoire pour un partenariat terminé."))
            \(FormFields.textarea("description", "Description", value: i.description, errors: e, hint: "Le projet, ce que chacun apporte. 5 000 caractères au plus."))
            \(FormFields.text("euros", "Valeur financière (euros)", value: i.euros, errors: e, type: "number", maxLength: 10))
            \(FormFields.text("hours", "Temps donné (heures)", value: i.hours, errors: e, type: "number", maxLength: 8))
            \(FormFields.text("inKind", "Apport en nature", value: i.inKind, errors: e, hint: "Ex. « prêt d'un local deux soirs par semaine ».", maxLength: 500))
            \(FormFields.textarea("outcomes", "Résultats", value: i.outcomes, errors: e, hint: "Ce qui a changé, pour qui."))
            \(FormFields.text("peopleReached", "Personnes touchées", value: i.peopleReached, errors: e, type: "number", maxLength: 9))
            \(FormFields.text("jobs", "Emplois créés ou maintenus", value: i.jobs, errors: e, type: "number", maxLength: 7))
            \(FormFields.select("origin", "Origine", options: origins, selected: i.origin ?? PartnershipOrigin.direct.rawValue, errors: e, emptyLabel: nil))
            \(FormFields.text("introductionId", "Numéro de la mise en relation (si elle en est l'origine)", value: i.introductionId.map(String.init), errors: e, maxLength: 12))
            \(FormFields.select("eventId", "Rencontre (si elle en est l'origine)", options: events, selected: i.eventId.map(String.init), errors: e, emptyLabel: "—"))
            <div class="actions"><button type="submit">Enregistrer</button><a href="\(back)">Annuler</a></div>
            </form>
            """
    }

    static func input(from p: Partnership) -> PartnershipInput {
        PartnershipInput(
            title: p.title, description: p.description,
            parties: p.parties.map { PartyInput(organisationId: $0.organisationID, role: $0.role) },
            modes: p.modes.map(\.rawValue), themes: p.themes.map(\.rawValue), stage: p.stage.rawValue,
            startDate: p.startDate,
            endDate: p.endDate, euros: p.euros.map(String.init), hours: p.hours.map(String.init), inKind: p.inKind,
            outcomes: p.outcomes,
            peopleReached: p.peopleReached.map(String.init), jobs: p.jobs.map(String.init), origin: p.origin.rawValue,
            introductionId: p.introductionID, eventId: p.eventID)
    }

    /// The parties come as two aligned lists, `party` and `role`, one entry per row.
    static func input(from form: FormData) -> PartnershipInput {
        PartnershipInput(
            title: form["title"], description: form["description"], parties: FormFields.parties(from: form),
            modes: form.all("modes"),
            themes: form.all("themes"), stage: form["stage"], startDate: form["startDate"], endDate: form["endDate"],
            euros: form["euros"], hours: form["hours"], inKind: form["inKind"], outcomes: form["outcomes"],
            peopleReached: form["peopleReached"], jobs: form["jobs"], origin: form["origin"],
            introductionId: form["introductionId"].flatMap { Int($0.trimmingWhitespace()) },
            eventId: form["eventId"].flatMap { Int($0.trimmingWhitespace()) })
    }
}
