import AlliancesCore

/// Rendering of the experience library: the searchable list with its facets, a sheet (the
/// version the viewer reads, its review for authors and facilitators), the form, the
/// history, and the templates and tools.
extension LibraryPages {
    static func facetLabel(_ facet: LibraryFacet, _ value: String, names: [String: String]) -> String {
        if facet == .departement { return names[value].map { "\($0) (\(value))" } ?? value }
        return LibraryFacet.options(facet).first { $0.value == value }?.label ?? value
    }

    static func tags(_ e: LibraryEntry) -> HTML {
        let items: [HTML] =
            e.questions.map { "<li>\($0.label)</li>" } + e.themes.map { "<li>\($0.label)</li>" }
            + (e.governance.map { ["<li>\($0.label)</li>" as HTML] } ?? [])
            + (e.scaling == .notYet ? [] : ["<li>\(e.scaling.label)</li>" as HTML])
        return "<ul class=\"tags\" aria-label=\"Questions, thèmes, gouvernance\">\(items)</ul>"
    }

    static func list(_ m: ListModel) -> HTML {
        let r = m.results
        let rows: [HTML] = r.hits.map { e in
            """
            <li><h3><a href="\(m.href(e))">\(SearchPage.marked(e.title, r.highlight))</a></h3><p>\(SearchPage.marked(String(e.summary.prefix(300)), r.highlight))</p><p class="muted">\(m.query.network ? "\(m.labs[e.labID]?.name ?? "") · " : "")\(e.territory ?? "")\(e.territory == nil ? "" : " · ")\(e.worlds.map(\.label).sorted().joined(separator: ", "))</p>\(tags(e))</li>
            """
        }
        let facets: [HTML] = LibraryFacet.allCases.map { facet in
            let counts = r.counts[facet] ?? [:]
            let selected = m.query.filters[facet]
            let values =
                facet == .departement
                ? counts.keys.sorted() : LibraryFacet.options(facet).map(\.value)
            let items: [HTML] = values.filter { (counts[$0] ?? 0) > 0 || $0 == selected }.map { value in
                let label = facetLabel(facet, value, names: m.departementNames)
                let count = frenchNumber(counts[value] ?? 0)
                return value == selected
                    ? "<li><a href=\"\(m.url(setting: facet.rawValue, to: nil))\" aria-current=\"true\"><strong>\(label)</strong> (\(count)) ✕</a></li>"
                    : "<li><a href=\"\(m.url(setting: facet.rawValue, to: value))\">\(label)</a> (\(count))</li>"
            }
            return items.isEmpty ? .empty : "<h3>\(facet.label)</h3><ul class=\"facet\">\(items)</ul>"
        }
        var actions: [HTML] = []
        if m.canWrite { actions.append("<a class=\"button\" href=\"\(m.base)/nouvelle\">Écrire une fiche</a>") }
        if m.signedIn { actions.append("<a href=\"\(m.base)/mes-fiches\">Mes fiches</a>") }
        actions.append("<a href=\"\(m.url(setting: nil, to: nil, map: true))\">Voir sur la carte</a>")
        actions.append("<a href=\"/labs/\(m.lab.slug)/outils\">Modèles et outils</a>")
        var hidden: [HTML] = LibraryFacet.allCases.compactMap { facet in
            m.query.filters[facet].map { "<input type=\"hidden\" name=\"\(facet.rawValue)\" value=\"\($0)\">" }
        }
        if m.query.network { hidden.append("<input type=\"hidden\" name=\"portee\" value=\"reseau\">") }
        let network = m.base + "?portee=reseau"
        return """
            <h1>\(m.query.network ? "Bibliothèque d'expériences du réseau" : "Bibliothèque d'expériences")</h1>
            <p class="muted">\(m.query.network ? "Les fiches que chaque labo du réseau partage avec les autres labos ou avec tous : lisez-les dans leur labo." : "Ce que les organisations du territoire ont construit ensemble, raconté par elles : le contexte, ce qui a été fait, le modèle économique, la gouvernance, les résultats et les enseignements.")</p>
            \(ScopeNav.nav(base: m.base, network: m.query.network, label: "Portée de la bibliothèque", lead: "Fiches de :"))
            <div class="actions">\(actions)</div>
            <form class="search" method="get" action="\(m.base)" role="search">
            \(FormFields.text("q", "Rechercher une expérience", value: m.query.text, errors: ValidationErrors(), type: "search"))
            \(hidden)
            <div class="actions"><button type="submit">Rechercher</button><a href="\(m.query.network ? network : m.base)">Tout effacer</a></div>
            </form>
            <div class="layout">
            <aside aria-label="Affiner">\(facets)</aside>
            <section aria-labelledby="resultats">
            <h2 id="resultats">\(frenchNumber(r.total)) fiche\(r.total > 1 ? "s" : "")</h2>
            \(r.relaxed ? "<p class=\"notice\">Aucune fiche n'a tous ces mots : voici celles qui en ont certains.</p>" as HTML : .empty)
            \(rows.isEmpty ? "<p class=\"notice\">Aucune fiche ne correspond à cette recherche.</p>" as HTML : "<ul class=\"results\">\(rows)</ul>")
            \(Pagination.nav(page: m.query.page, pageCount: m.pageCount) { m.url(setting: nil, to: nil, page: $0) })
            </section>
            </div>
            """
    }

    static func form(_ m: FormModel, csrfToken: String) -> HTML {
        let i = m.input, e = m.errors
        let partyRows = FormFields.partyRows(
            i.parties, organisations: m.organisations, own: m.ownOrganisation, noun: "Organisation",
            maxRows: SheetDraft.maxParties, lab: m.lab)
        let partyError = e.message(for: "parties")
        func options<T: CaseIterable & RawRepresentable>(_ type: T.Type, _ label: (T) -> String) -> [(
            value: String, label: String
        )] where T.RawValue == String { T.allCases.map { (value: $0.rawValue, label: label($0)) } }
        let back = m.sheetID.map { "/labs/\(m.lab.slug)/bibliotheque/\($0)" } ?? "/labs/\(m.lab.slug)/bibliotheque"
        return """
            <h1>\(m.sheetID == nil ? "Écrire une fiche d'expérience" : "Modifier la fiche")</h1>
            \(FormFields.errorSummary(e))
            \(m.partnership.map { "<p class=\"notice\">Fiche écrite à partir du partenariat « \($0.title) » : elle y restera reliée.</p>" as HTML } ?? .empty)
            \(m.followUp == nil ? HTML.empty : "<p class=\"notice\">Cette fiche donne suite à un atelier de rencontre : il y restera relié.</p>" as HTML)
            <p class="muted">La fiche reste un brouillon que seuls vos collègues et l'équipe du labo lisent, jusqu'à ce que vous la soumettiez et que l'équipe la publie. Chaque enregistrement garde une version.</p>
            <form method="post" action="\(m.action)" novalidate>
            \(csrfField(csrfToken))
            \(m.partnership.map { "<input type=\"hidden\" name=\"partenariat\" value=\"\($0.id)\">" as HTML } ?? .empty)
            \(m.followUp.map { "<input type=\"hidden\" name=\"suite\" value=\"\($0)\">" as HTML } ?? .empty)
            \(FormFields.text("title", "Titre", value: i.title, errors: e, required: true, hint: "Ex. « Un minibus partagé entre trois clubs et un transporteur ».", maxLength: 160))
            \(FormFields.textarea("summary", "Résumé (obligatoire)", value: i.summary, errors: e, hint: "En quelques phrases : qui, quoi, pour quel résultat. 1 000 caractères au plus."))
            \(FormFields.text("territory", "Territoire", value: i.territory, errors: e, hint: "Communes, intercommunalité ou département où l'expérience a eu lieu.", maxLength: 200))
            <fieldset class="field\(partyError != nil ? " invalid" : "")" id="f-parties"\(partyError != nil ? " aria-describedby=\"e-parties\"" as HTML : .empty)><legend>Organisations impliquées et leurs rôles</legend>
            \(partyError.map { "<p class=\"field-error\" id=\"e-parties\">\($0)</p>" as HTML } ?? .empty)
            \(partyRows)
            </fieldset>
            \(FormFields.select("contactOrganisation", "Organisation à contacter", options: m.organisations.filter { o in i.parties.contains { $0.organisationId == o.id } }.map { (value: String($0.id), label: $0.name) }, selected: i.contactOrganisation, errors: e, emptyLabel: "La première de la liste", hint: "« Demander une mise en relation » lui écrit ; ses coordonnées ne sont données qu'avec son accord."))
            \(FormFields.select("contactPerson", "Personne à contacter", options: m.people.map { (value: String($0.id), label: $0.label) }, selected: i.contactPerson, errors: e, emptyLabel: "Aucune en particulier", hint: "Une personne de l'organisation à contacter, parmi celles de l'annuaire. Son nom n'apparaît pas sur la fiche : il n'est donné, avec ses coordonnées, qu'une fois la mise en relation acceptée des deux côtés."))
            \(FormFields.checkboxes("questions", "Questions auxquelles la fiche répond", options: options(ExperienceQuestion.self, \.label), checked: Set(i.questions), errors: e, hint: "Au moins une question ou un thème."))
            \(FormFields.checkboxes("themes", "Thèmes", options: options(ExperienceTheme.self, \.label), checked: Set(i.themes), errors: e))
            \(FormFields.checkboxes("modes", "Modes de partenariat", options: options(PartnershipMode.self, \.label), checked: Set(i.modes), errors: e))
            \(FormFields.select("governance", "Forme de gouvernance", options: options(GovernanceForm.self, \.label), selected: i.governance, errors: e, emptyLabel: "Non précisée"))
            \(FormFields.select("scaling", "Changement d'échelle", options: options(ScalingPath.self, \.label), selected: i.scaling ?? ScalingPath.notYet.rawValue, errors: e, emptyLabel: nil))
            \(FormFields.textarea("context", "Contexte et problème", value: i.context, errors: e))
            \(FormFields.textarea("timeline", "Ce qui a été fait", value: i.timeline, errors: e, hint: "Une étape par ligne : « 2015-03 — première réunion »."))
            \(FormFields.textarea("economicModel", "Modèle économique", value: i.economicModel, errors: e, hint: "Qui finance quoi, en argent ou en nature ; les ordres de grandeur si vous le souhaitez."))
            \(FormFields.textarea("results", "Résultats", value: i.results, errors: e, hint: "Un indicateur par ligne : « indicateur ; valeur ; date (AAAA-MM-JJ, facultative) »."))
            \(FormFields.textarea("lessons", "Enseignements", value: i.lessons, errors: e, hint: "Ce qui a marché, les écueils, vos conseils."))
            \(FormFields.textarea("links", "Documents et liens", value: i.links, errors: e, hint: "Un par ligne : « libellé | https://… »."))
            \(FormFields.select("visibility", "Qui pourra lire la fiche une fois publiée", options: options(SheetVisibility.self, \.label), selected: i.visibility ?? SheetVisibility.lab.rawValue, errors: e, emptyLabel: nil))
            <div class="actions"><button type="submit">Enregistrer le brouillon</button><a href="\(back)">Annuler</a></div>
            </form>
            """
    }

    static func show(_ m: ShowModel) -> HTML {
        let s = m.shown
        let d = s.version.draft
        let base = "/labs/\(m.lab.slug)/bibliotheque/\(s.sheet.id)"
        var status: HTML = .empty
        var actions: [HTML] = []
        if s.canEdit {
            let published = s.sheet.publishedVersion.map { " · version publiée : \($0)" } ?? " · jamais publiée"
            status =
                "<p class=\"notice\">Statut : <strong>\(s.sheet.status.label)</strong> · version \(s.version.number) sur \(s.sheet.currentVersion)\(published) · lisible une fois publiée par : \(d.visibility.label.lowercased())</p>"
            if !m.viewingOldVersion { actions.append("<a class=\"button\" href=\"\(base)/modifier\">Modifier</a>") }
            actions.append("<a href=\"\(base)/versions\">Historique des versions</a>")
        }
        func step(_ action: SheetAction, _ label: String, comment: Bool) -> HTML {
            let field: HTML =
                comment
                ? "<div class=\"field\"><label for=\"f-comment-\(action.rawValue)\">Remarques aux auteurs\(action == .sendBack ? " (obligatoire)" : "")</label><textarea id=\"f-comment-\(action.rawValue)\" name=\"comment\" rows=\"3\"></textarea></div>"
                : .empty
            return
                "<form method=\"post\" action=\"\(base)/etape\">\(csrfField(m.csrfToken))<input type=\"hidden\" name=\"action\" value=\"\(action.rawValue)\">\(field)<button type=\"submit\">\(label)</button></form>"
        }
        var steps: [HTML] = []
        if s.canEdit && !m.viewingOldVersion {
            switch s.sheet.status {
            case .draft: steps.append(step(.submit, "Soumettre à l'équipe du labo", comment: false))
            case .submitted where m.isFacilitator:
                steps.append(step(.publish, "Publier", comment: true))
                steps.append(step(.sendBack, "Renvoyer aux auteurs", comment: true))
            case .published where m.isFacilitator: steps.append(step(.archive, "Archiver", comment: false))
            case .archived where m.isFacilitator: steps.append(step(.restore, "Restaurer", comment: false))
            default: break
            }
        }
        let organisations: [HTML] = s.organisations.map { o in
            let role = d.parties.first { $0.organisationID == o.id }?.role
            return
                "<li><a href=\"/labs/\(m.lab.slug)/organisations/\(o.id)\">\(o.name)</a> — \(o.kind.label)\(o.sizeClass.map { " · \($0.shortLabel)" } ?? "")\(o.communeName.map { " · \($0)" } ?? "")\(role.map { " · <em>\($0)</em>" as HTML } ?? .empty)</li>"
        }
        var facts: [HTML] = []
        if !d.questions.isEmpty {
            facts.append("<dt>Questions</dt><dd>\(d.questions.map(\.label).joined(separator: " · "))</dd>")
        }
        if !d.themes.isEmpty {
            facts.append("<dt>Thèmes</dt><dd>\(d.themes.map(\.label).joined(separator: ", "))</dd>")
        }
        if !d.modes.isEmpty { facts.append("<dt>Modes</dt><dd>\(d.modes.map(\.label).joined(separator: ", "))</dd>") }
        if let g = d.governance { facts.append("<dt>Gouvernance</dt><dd>\(g.label)</dd>") }
        facts.append("<dt>Changement d'échelle</dt><dd>\(d.scaling.label)</dd>")
        if let t = d.territory { facts.append("<dt>Territoire</dt><dd>\(t)</dd>") }
        if let p = m.partnershipTitle, let id = s.sheet.partnershipID {
            facts.append("<dt>Partenariat</dt><dd><a href=\"/labs/\(m.lab.slug)/partenariats/\(id)\">\(p)</a></dd>")
        }
        func section(_ title: String, _ text: String?) -> HTML {
            text.map { "<h2>\(title)</h2>\(paragraphs($0))" } ?? .empty
        }
        let timeline: [HTML] = d.timeline.map { "<li>\($0)</li>" }
        let results: [HTML] = d.results.map {
            "<tr><th scope=\"row\">\($0.indicator)</th><td>\($0.value)</td><td>\($0.date.map(CalendarDate.french) ?? "—")</td></tr>"
        }
        let links: [HTML] =
            m.documents.map { doc in
                let remove: HTML =
                    s.canEdit && !m.viewingOldVersion
                    ? " <form method=\"post\" action=\"\(base)/documents/\(doc.id)/supprimer\" class=\"inline\">\(csrfField(m.csrfToken))<button type=\"submit\" class=\"link\">Retirer</button></form>"
                    : .empty
                return
                    "<li><a href=\"\(base)/documents/\(doc.id)\">\(doc.filename)</a> <span class=\"muted\">(\(PartnershipPages.byteSize(doc.size)))</span>\(remove)</li>"
            } + d.links.map { "<li><a href=\"\($0.url)\" rel=\"noopener nofollow\">\($0.label)</a></li>" }
        let upload: HTML =
            s.canEdit && !m.viewingOldVersion
            ? "<form method=\"post\" action=\"\(base)/documents\" enctype=\"multipart/form-data\">\(csrfField(m.csrfToken))<div class=\"field\"><label for=\"f-file\">Joindre un document (\(DocumentType.accepted) ; \(m.maxDocumentMB) Mo au plus)</label><input type=\"file\" id=\"f-file\" name=\"file\" required></div><div class=\"actions\"><button type=\"submit\">Envoyer</button></div></form>"
            : .empty
        let similar: [HTML] = m.similar.map {
            "<li><a href=\"/labs/\(m.lab.slug)/bibliotheque/\($0.id)\">\($0.title)</a><br><span class=\"muted\">\(String($0.summary.prefix(160)))</span></li>"
        }
        let comments: [HTML] = m.comments.map { c in
            "<li><strong>\(frenchDate(c.createdAt))</strong> — \(c.authorName ?? "Compte supprimé")\(c.action.map { " (\($0.rawValue))" } ?? "") · version \(c.version)\(paragraphs(c.body))</li>"
        }
        let contact = d.contactOrganisationID.flatMap { id in s.organisations.first { $0.id == id } }
        let ask: HTML =
            m.canAsk && contact != nil
            ? "<p><a class=\"button\" href=\"/labs/\(m.lab.slug)/mises-en-relation/nouvelle?b=\(contact!.id)&amp;fiche=\(s.sheet.id)\">Demander une mise en relation avec les auteurs</a></p><p class=\"muted\">L'équipe du labo transmet votre demande à \(contact!.name) ; ses coordonnées ne vous sont données que si elle accepte.\(d.contactPersonID == nil ? "" : " Une personne y est désignée pour en parler : son nom et ses coordonnées vous sont donnés avec l'accord des deux côtés.")</p>"
            : .empty
        let contactPerson: HTML =
            m.contactPersonName.map {
                "<p class=\"muted\">Personne à contacter : \($0) (visible des auteurs et de l'équipe du labo ; donnée aux autres par une mise en relation acceptée).</p>"
            } ?? .empty
        return """
            <p><a href="/labs/\(m.lab.slug)/bibliotheque">← Bibliothèque d'expériences</a></p>
            <h1>\(d.title)</h1>
            \(status)
            \(m.viewingOldVersion ? "<p class=\"notice\">Vous lisez la version \(s.version.number), enregistrée le \(frenchDate(s.version.savedAt)). <a href=\"\(base)\">Voir la dernière</a></p>" as HTML : .empty)
            \(FormFields.errorSummary(m.errors))
            \(actions.isEmpty ? HTML.empty : "<div class=\"actions\">\(actions)</div>" as HTML)
            \(steps.isEmpty ? HTML.empty : "<section class=\"review\" aria-label=\"Relecture\">\(steps)</section>" as HTML)
            <p class="lead">\(d.summary)</p>
            <dl class="facts">\(facts)</dl>
            <h2>Organisations</h2>
            <ul>\(organisations)</ul>
            \(ask)
            \(contactPerson)
            \(section("Contexte et problème", d.context))
            \(timeline.isEmpty ? HTML.empty : "<h2>Ce qui a été fait</h2><ol>\(timeline)</ol>" as HTML)
            \(section("Modèle économique", d.economicModel))
            \(results.isEmpty ? HTML.empty : "<h2>Résultats</h2><table><caption class=\"visually-hidden\">Résultats</caption><thead><tr><th scope=\"col\">Indicateur</th><th scope=\"col\">Valeur</th><th scope=\"col\">Date</th></tr></thead><tbody>\(results)</tbody></table>" as HTML)
            \(section("Enseignements", d.lessons))
            \(links.isEmpty && upload.rendered.isEmpty ? HTML.empty : "<h2>Documents et liens</h2>\(links.isEmpty ? HTML.empty : "<ul>\(links)</ul>" as HTML)\(upload)" as HTML)
            \(similar.isEmpty ? HTML.empty : "<h2>Expériences proches</h2><ul>\(similar)</ul>" as HTML)
            \(s.canEdit ? "<h2>Relecture et commentaires</h2>\(comments.isEmpty ? "<p class=\"muted\">Aucun commentaire.</p>" as HTML : "<ul>\(comments)</ul>" as HTML)<form method=\"post\" action=\"\(base)/commentaires\">\(csrfField(m.csrfToken))\(FormFields.textarea("comment", "Ajouter un commentaire", value: nil, errors: m.errors))<button type=\"submit\">Commenter</button></form>" as HTML : .empty)
            """
    }

    static func versions(lab: LabSummary, sheet: ExperienceSheet, versions: [SheetVersion]) -> HTML {
        let base = "/labs/\(lab.slug)/bibliotheque/\(sheet.id)"
        let rows: [HTML] = versions.map { v in
            "<tr><th scope=\"row\"><a href=\"\(base)/versions/\(v.number)\">Version \(v.number)</a></th><td>\(frenchDate(v.savedAt))</td><td>\(v.savedByName ?? "—")</td><td>\(v.draft.title)</td><td>\(v.number == sheet.publishedVersion ? "publiée" : "")</td></tr>"
        }
        return """
            <p><a href="\(base)">← \(sheet.title)</a></p>
            <h1>Historique des versions</h1>
            <table><caption>Versions de la fiche, la plus récente d'abord</caption><thead><tr><th scope="col">Version</th><th scope="col">Enregistrée le</th><th scope="col">Par</th><th scope="col">Titre</th><th scope="col">Publication</th></tr></thead><tbody>\(rows)</tbody></table>
            """
    }

    static func mine(_ m: MineModel) -> HTML {
        func rows(_ sheets: [ExperienceSheet]) -> HTML {
            let items: [HTML] = sheets.map {
                "<li><a href=\"/labs/\(m.lab.slug)/bibliotheque/\($0.id)\">\($0.title)</a> <span class=\"badge\">\($0.status.label)</span> <span class=\"muted\">modifiée le \(frenchDate($0.updatedAt))</span></li>"
            }
            return items.isEmpty ? "<p class=\"muted\">Aucune.</p>" : "<ul>\(items)</ul>"
        }
        return """
            <p><a href="/labs/\(m.lab.slug)/bibliotheque">← Bibliothèque d'expériences</a></p>
            <h1>Mes fiches d'expérience</h1>
            \(m.review.map { "<h2>À relire</h2>\(rows($0))" as HTML } ?? .empty)
            <h2>Fiches de mon organisation</h2>
            \(rows(m.mine))
            """
    }

    static func map(_ m: ListModel, shapes: [AreaShape], points: [MapPoint]) -> HTML {
        let counts = m.results.counts[.departement] ?? [:]
        let rows: [HTML] = counts.keys.sorted().map { code in
            "<tr><th scope=\"row\"><a href=\"\(m.url(setting: LibraryFacet.departement.rawValue, to: code, map: true))\">\(facetLabel(.departement, code, names: m.departementNames))</a></th><td>\(counts[code] ?? 0)</td></tr>"
        }
        return """
            <h1>Carte des expériences</h1>
            <p>\(frenchNumber(m.results.total)) fiche\(m.results.total > 1 ? "s" : ""), chacune aux communes de ses organisations. <a href="\(m.url(setting: nil, to: nil))">Voir la liste</a></p>
            <div class="layout">
            <section class="map" aria-label="Carte">\(PointMap.svg(shapes: shapes, points: points, counts: counts, title: "Carte des expériences du labo \(m.lab.name)", noun: "fiche(s)"))</section>
            <aside><table><caption>Fiches par département</caption><thead><tr><th scope="col">Département</th><th scope="col">Fiches</th></tr></thead><tbody>\(rows)</tbody></table></aside>
            </div>
            """
    }

    // MARK: Templates and tools

    static func tools(_ m: ToolsModel) -> HTML {
        let base = "/labs/\(m.lab.slug)/outils"
        func row(_ t: LibraryTool) -> HTML {
            let lab = m.labs[t.labID] ?? m.lab
            let from: HTML = t.labID == m.lab.id ? .empty : "\(lab.name) · "
            return
                "<li><h3><a href=\"/labs/\(lab.slug)/outils/\(t.id)\">\(t.title)</a></h3><p class=\"muted\">\(from)\(t.category.label) · \(t.licence.shortLabel) · \(t.latest.map { "version \($0.number)" } ?? "pas encore de fichier") · \(frenchNumber(t.downloads)) téléchargement\(t.downloads > 1 ? "s" : "")</p>\(t.description.map { "<p>\(String($0.prefix(300)))</p>" as HTML } ?? .empty)</li>"
        }
        let rows = m.tools.map(row)
        let shared = m.shared.map(row)
        return """
            <p><a href="/labs/\(m.lab.slug)/bibliotheque">← Bibliothèque d'expériences</a></p>
            <h1>Modèles et outils</h1>
            <p class="muted">Conventions, chartes, grilles d'évaluation : des documents que d'autres ont écrits et que vous pouvez reprendre, sous la licence indiquée.</p>
            \(m.canManage ? "<div class=\"actions\"><a class=\"button\" href=\"\(base)/nouveau\">Ajouter un outil</a></div>" as HTML : .empty)
            \(rows.isEmpty ? "<p class=\"notice\">Aucun outil pour le moment.</p>" as HTML : "<ul class=\"results\">\(rows)</ul>")
            \(shared.isEmpty ? HTML.empty : "<h2>Partagés par les autres labos du réseau</h2><ul class=\"results\">\(shared)</ul>" as HTML)
            """
    }

    static func tool(_ m: ToolModel) -> HTML {
        let t = m.tool
        let base = "/labs/\(m.lab.slug)/outils/\(t.id)"
        let rows: [HTML] = m.versions.map { v in
            "<tr><th scope=\"row\"><a href=\"\(base)/versions/\(v.number)\">Version \(v.number) — \(v.filename)</a></th><td>\(frenchDate(v.uploadedAt))</td><td>\(PartnershipPages.byteSize(v.size))</td><td>\(v.note ?? "")</td><td>\(frenchNumber(v.downloads))</td></tr>"
        }
        let upload: HTML =
            m.canManage
            ? """
            <h2>Déposer une nouvelle version</h2>
            <form method="post" action="\(base)/versions" enctype="multipart/form-data">
            \(csrfField(m.csrfToken))
            <div class="field"><label for="f-note">Ce qui change</label><input type="text" id="f-note" name="note" maxlength="300"></div>
            <div class="field"><label for="f-file">Fichier (PDF, bureautique ; \(m.maxDocumentMB) Mo au plus)</label><input type="file" id="f-file" name="file" required></div>
            <div class="actions"><button type="submit">Déposer</button><a href="\(base)/modifier">Modifier la description</a></div>
            </form>
            """ : .empty
        return """
            <p><a href="/labs/\(m.lab.slug)/outils">← Modèles et outils</a></p>
            <h1>\(t.title)</h1>
            <dl class="facts"><dt>Type</dt><dd>\(t.category.label)</dd><dt>Licence</dt><dd>\(t.licence.label)</dd><dt>Téléchargements</dt><dd>\(frenchNumber(t.downloads))</dd></dl>
            \(paragraphs(t.description))
            \(t.latest.map { "<p><a class=\"button\" href=\"\(base)/versions/\($0.number)\">Télécharger la dernière version (\($0.number))</a></p>" as HTML } ?? "<p class=\"notice\">Pas encore de fichier.</p>")
            \(rows.isEmpty ? HTML.empty : "<h2>Versions</h2><table><caption class=\"visually-hidden\">Versions</caption><thead><tr><th scope=\"col\">Fichier</th><th scope=\"col\">Déposé le</th><th scope=\"col\">Taille</th><th scope=\"col\">Ce qui change</th><th scope=\"col\">Téléchargements</th></tr></thead><tbody>\(rows)</tbody></table>" as HTML)
            \(upload)
            """
    }

    static func toolForm(_ m: ToolFormModel, csrfToken: String) -> HTML {
        let i = m.input, e = m.errors
        let base = "/labs/\(m.lab.slug)/outils"
        return """
            <h1>\(m.toolID == nil ? "Ajouter un outil" : "Modifier l'outil")</h1>
            \(FormFields.errorSummary(e))
            <form method="post" action="\(m.toolID.map { "\(base)/\($0)/modifier" } ?? "\(base)/nouveau")" novalidate>
            \(csrfField(csrfToken))
            \(FormFields.text("title", "Titre", value: i.title, errors: e, required: true, maxLength: 160))
            \(FormFields.select("category", "Type d'outil", options: ToolCategory.allCases.map { (value: $0.rawValue, label: $0.label) }, selected: i.category, errors: e, required: true))
            \(FormFields.select("licence", "Licence", options: ToolLicence.allCases.map { (value: $0.rawValue, label: $0.label) }, selected: i.licence, errors: e, required: true))
            \(FormFields.select("visibility", "Qui peut le télécharger", options: SheetVisibility.allCases.map { (value: $0.rawValue, label: $0.label) }, selected: i.visibility ?? SheetVisibility.network.rawValue, errors: e, emptyLabel: nil))
            \(FormFields.textarea("description", "Description", value: i.description, errors: e, hint: "À quoi il sert, comment l'adapter. 2 000 caractères au plus."))
            <div class="actions"><button type="submit">Enregistrer</button><a href="\(m.toolID.map { "\(base)/\($0)" } ?? base)">Annuler</a></div>
            </form>
            """
    }
}
