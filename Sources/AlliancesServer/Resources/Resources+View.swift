import AlliancesCore

/// Rendering of the resource pages. Bookings are lists per day rather than a wide grid,
/// so a week reads on a phone; who asked is shown to the lending organisation only.
extension ResourcePages {
    static func list(_ m: ListModel) -> HTML {
        let none = ValidationErrors()
        let kinds = ResourceKind.allCases.map { (value: $0.rawValue, label: $0.label) }
        let base = "/labs/\(m.lab.slug)/ressources"
        let filters: HTML = """
            <form class="filters" method="get" action="\(base)" aria-label="Filtres">
            \(m.network ? "<input type=\"hidden\" name=\"portee\" value=\"reseau\">" as HTML : .empty)
            \(FormFields.text("q", "Rechercher", value: m.query, errors: none))
            \(FormFields.select("type", "Type", options: kinds, selected: m.kind?.rawValue, errors: none, emptyLabel: "Tous"))
            \(FormFields.select("departement", "Département", options: m.departements.map { (value: $0.code, label: "\($0.name) (\($0.code))") }, selected: m.departement, errors: none, emptyLabel: "Tous"))
            <div class="actions"><button type="submit">Filtrer</button><a href="\(m.network ? base + "?portee=reseau" : base)">Effacer les filtres</a></div>
            </form>
            """
        let rows: [HTML] = m.resources.map { r in
            """
            <li><h3><a href="\(m.href(r))">\(r.title)</a></h3><p class="muted">\(m.network ? "\(m.labs[r.labID]?.name ?? "") · " : "")\(r.kind.label) · \(r.organisationName)\(r.communeName.map { " · \($0)" } ?? "") · \(r.conditionsText)\(r.quantity > 1 ? " · \(r.quantity) disponibles" : "")</p></li>
            """
        }
        var actions: [HTML] = []
        if m.canOffer { actions.append("<a class=\"button\" href=\"\(base)/nouvelle\">Proposer une ressource</a>") }
        actions.append("<a href=\"\(m.mapURL)\">Voir sur la carte</a>")
        actions.append("<a href=\"/labs/\(m.lab.slug)/mes-ressources\">Mes ressources</a>")
        actions.append("<a href=\"/mes-reservations\">Mes réservations</a>")
        return """
            <h1>\(m.network ? "Ressources partagées dans le réseau" : "Ressources partagées")</h1>
            <p class="muted">\(m.network ? "Ce que les organisations de chaque labo prêtent aux membres du réseau ou à toute personne inscrite." : "Salles, véhicules, matériel, journées de compétences… que les organisations du territoire prêtent.") Demandez un créneau : l'organisation accepte ou refuse, et vous êtes prévenu par message.</p>
            \(ScopeNav.nav(base: base, network: m.network, label: "Portée des ressources", lead: "Ressources de :"))
            <div class="actions">\(actions)</div>
            <div class="layout">
            <aside>\(filters)</aside>
            <section aria-labelledby="resultats">
            <h2 id="resultats">\(frenchNumber(m.total)) ressource\(m.total > 1 ? "s" : "")</h2>
            \(rows.isEmpty ? "<p class=\"notice\">Aucune ressource ne correspond à ces filtres.</p>" as HTML : "<ul class=\"results\">\(rows)</ul>")
            \(Pagination.nav(page: m.page, pageCount: m.pageCount, url: m.pageURL))
            </section>
            </div>
            """
    }

    static func map(_ m: ListModel, shapes: [AreaShape]) -> HTML {
        let located = m.resources.filter { $0.latitude != nil && $0.longitude != nil }
        let counts = Dictionary(grouping: m.resources.compactMap(\.departementCode), by: { $0 }).mapValues(\.count)
        let points = located.map { r in
            MapPoint(
                latitude: r.latitude!, longitude: r.longitude!, href: m.href(r),
                title: "\(r.title) (\(r.kind.label), \(r.communeName ?? ""))")
        }
        let svg = PointMap.svg(
            shapes: shapes, points: points, counts: counts,
            title: "Carte des ressources partagées du labo \(m.lab.name)",
            noun: "ressource(s)")
        let rows: [HTML] = m.departements.map { dep in
            "<tr><th scope=\"row\"><a href=\"\(m.url(setting: "departement", to: dep.code, map: true))\">\(dep.name) (\(dep.code))</a></th><td>\(counts[dep.code] ?? 0)</td></tr>"
        }
        return """
            <h1>Carte des ressources partagées</h1>
            <p>\(frenchNumber(m.total)) ressource\(m.total > 1 ? "s" : ""). <a href="\(m.url(setting: nil, to: nil, map: false))">Voir la liste</a></p>
            <div class="layout">
            <section class="map" aria-label="Carte">\(svg)</section>
            <aside><table><caption>Ressources par département</caption><thead><tr><th scope="col">Département</th><th scope="col">Ressources</th></tr></thead><tbody>\(rows)</tbody></table></aside>
            </div>
            """
    }

    static func form(_ m: FormModel, csrfToken: String) -> HTML {
        let i = m.input, e = m.errors
        let organisations = m.organisations.map { (value: String($0.id), label: $0.name) }
        let hours: [HTML] = (1...7).map { day in
            let name = WeeklyHours.dayNames[day - 1]
            let error = e.message(for: "hours-\(day)")
            return """
                <tr><th scope="row">\(name.prefix(1).uppercased() + name.dropFirst())</th>
                <td><label class="visually-hidden" for="f-hours-\(day)">Ouverture le \(name)</label><input type="time" id="f-hours-\(day)" name="open-\(day)" value="\(i.hours[day]?.open ?? "")"\(error != nil ? " aria-invalid=\"true\" aria-describedby=\"e-hours-\(day)\"" as HTML : .empty)></td>
                <td><label class="visually-hidden" for="f-close-\(day)">Fermeture le \(name)</label><input type="time" id="f-close-\(day)" name="close-\(day)" value="\(i.hours[day]?.close ?? "")"></td>
                <td>\(error.map { "<span class=\"field-error\" id=\"e-hours-\(day)\">\($0)</span>" as HTML } ?? .empty)</td></tr>
                """
        }
        let action =
            m.resourceID.map { "/labs/\(m.lab.slug)/ressources/\($0)/modifier" }
            ?? "/labs/\(m.lab.slug)/ressources/nouvelle"
        return """
            <h1>\(m.resourceID == nil ? "Proposer une ressource" : "Modifier la ressource")</h1>
            \(FormFields.errorSummary(e))
            <form method="post" action="\(action)" novalidate>
            \(csrfField(csrfToken))
            \(FormFields.select("organisationID", "Organisation qui prête", options: organisations, selected: i.organisationID, errors: e, required: true, emptyLabel: organisations.count == 1 ? nil : "—"))
            \(FormFields.select("kind", "Type", options: ResourceKind.allCases.map { (value: $0.rawValue, label: $0.label) }, selected: i.kind, errors: e, required: true))
            \(FormFields.text("title", "Nom", value: i.title, errors: e, required: true, hint: "Par exemple « Salle de réunion (20 places) » ou « Minibus 9 places ».", maxLength: 120))
            \(FormFields.textarea("description", "Description", value: i.description, errors: e, hint: "Ce qui est fourni, l'accès, les consignes."))
            \(FormFields.text("commune", "Commune", value: i.commune, errors: e, hint: "Nom ou code INSEE."))
            \(FormFields.text("quantity", "Quantité disponible", value: i.quantity, errors: e, type: "number", hint: "1 pour une salle ; 5 pour cinq vidéoprojecteurs identiques."))
            \(FormFields.select("audience", "Qui peut réserver", options: ResourceAudience.allCases.map { (value: $0.rawValue, label: $0.label) }, selected: i.audience, errors: e, required: true))
            \(FormFields.select("conditions", "Conditions", options: ResourceConditions.allCases.map { (value: $0.rawValue, label: $0.label) }, selected: i.conditions, errors: e, required: true))
            \(FormFields.text("price", "Participation aux frais (euros)", value: i.price, errors: e, hint: "Si les conditions sont une participation aux frais."))
            \(FormFields.text("exchange", "Échange attendu", value: i.exchange, errors: e, hint: "Si le prêt se fait en échange d'un service.", maxLength: 500))
            <fieldset class="field"><legend>Horaires d'ouverture</legend><p class="hint">Laissez vides les jours fermés. Une réservation commence et finit dans ces horaires.</p>
            <div class="table-wrap"><table><caption class="visually-hidden">Horaires par jour</caption><thead><tr><th scope="col">Jour</th><th scope="col">Ouverture</th><th scope="col">Fermeture</th><th scope="col"><span class="visually-hidden">Erreur</span></th></tr></thead><tbody>\(hours)</tbody></table></div></fieldset>
            \(FormFields.textarea("closedDates", "Jours de fermeture", value: i.closedDates, errors: e, hint: "Une date par ligne, au format AAAA-MM-JJ (jours fériés, congés)."))
            \(m.resourceID != nil ? "<div class=\"field\"><label><input type=\"checkbox\" name=\"archive\" value=\"1\"\(m.active ? "" : " checked")> Retirer la ressource (plus proposée ; les réservations restent)</label></div>" as HTML : .empty)
            <div class="actions"><button type="submit">Enregistrer</button><a href="/labs/\(m.lab.slug)/ressources">Annuler</a></div>
            </form>
            """
    }

    static func bookingLine(_ b: Booking, manages: Bool) -> HTML {
        let who: HTML = manages ? " — \(b.requesterOrganisationName ?? b.requesterName ?? "demandeur effacé")" : .empty
        let status: HTML = b.status == .accepted ? "Réservé" : "<span class=\"badge\">Demande en attente</span>"
        return
            "<li>\(b.start.frenchTime)–\(b.end.frenchTime) · \(status)\(b.quantity > 1 ? " (\(b.quantity))" : "")\(who)</li>"
    }

    static func week(_ m: ShowModel) -> HTML {
        let days: [HTML] = (m.monday..<(m.monday + 7)).map { day in
            let (start, end) = (day * 1_440, (day + 1) * 1_440)
            let hours = m.resource.hours.days[LocalDateTime.weekday(day: day)]
            let date = LocalDateTime(minuteIndex: start).date
            let closed = hours == nil || m.resource.closedDates.contains(date)
            let items: [HTML] = m.bookings.filter { $0.start.minuteIndex < end && $0.end.minuteIndex > start }.map {
                bookingLine($0, manages: m.manages)
            }
            let opening: HTML =
                closed
                ? "<p class=\"muted\">Fermé</p>"
                : "<p class=\"muted\">Ouvert \(WeeklyHours.clock(hours!.open))–\(WeeklyHours.clock(hours!.close))</p>"
            return """
                <li><h3>\(dayTitle(day))</h3>\(opening)\(items.isEmpty ? (closed ? .empty : "<p>Libre</p>" as HTML) : "<ul>\(items)</ul>")</li>
                """
        }
        let previous = LocalDateTime(minuteIndex: (m.monday - 7) * 1_440).date
        let next = LocalDateTime(minuteIndex: (m.monday + 7) * 1_440).date
        let month = String(LocalDateTime(minuteIndex: m.monday * 1_440).date.prefix(7))
        return """
            <section aria-labelledby="semaine"><h2 id="semaine">Semaine du \(dayTitle(m.monday))</h2>
            <nav class="actions" aria-label="Semaines"><a href="\(m.base)?semaine=\(previous)#semaine">Semaine précédente</a><a href="\(m.base)?semaine=\(next)#semaine">Semaine suivante</a><a href="\(m.base)/mois?mois=\(month)">Vue du mois</a></nav>
            <ol class="week">\(days)</ol></section>
            """
    }

    static func show(_ m: ShowModel, csrfToken: String) -> HTML {
        let r = m.resource, e = m.errors, i = m.input
        let startParts = (i.start ?? "").split(separator: "T", maxSplits: 1).map(String.init)
        let endParts = (i.end ?? "").split(separator: "T", maxSplits: 1).map(String.init)
        let bookingForm: HTML =
            m.canBook
            ? """
            <section aria-labelledby="reserver"><h2 id="reserver">Demander une réservation</h2>
            \(FormFields.errorSummary(e))
            <form method="post" action="\(m.base)/reservations" novalidate>
            \(csrfField(csrfToken))
            \(FormFields.text("start", "Date de début", value: startParts.first, errors: e, type: "date", required: true))
            \(FormFields.text("startTime", "Heure de début", value: startParts.count > 1 ? startParts[1] : nil, errors: e, type: "time", required: true))
            \(FormFields.text("end", "Date de fin", value: endParts.first, errors: e, type: "date", required: true))
            \(FormFields.text("endTime", "Heure de fin", value: endParts.count > 1 ? endParts[1] : nil, errors: e, type: "time", required: true))
            \(r.quantity > 1 ? FormFields.text("quantity", "Quantité (sur \(r.quantity))", value: i.quantity, errors: e, type: "number") : "<input type=\"hidden\" name=\"quantity\" value=\"1\">" as HTML)
            \(FormFields.textarea("message", "Message à l'organisation", value: i.message, errors: e, hint: "Pour quoi faire, combien de personnes… (facultatif)"))
            <div class="actions"><button type="submit">Envoyer la demande</button></div>
            </form></section>
            """ : .empty
        var actions: [HTML] = []
        if m.manages {
            actions.append("<a class=\"button secondary\" href=\"\(m.base)/modifier\">Modifier</a>")
            actions.append("<a href=\"/labs/\(m.lab.slug)/mes-ressources\">Demandes à traiter</a>")
            actions.append("<a href=\"\(m.base)/reservations.ics\">Agenda des réservations (.ics)</a>")
        }
        actions.append("<a href=\"/labs/\(m.lab.slug)/ressources\">Toutes les ressources</a>")
        return """
            <h1>\(r.title)</h1>
            <p class="lead">\(r.kind.label) prêté par <a href="/labs/\(m.lab.slug)/organisations/\(r.organisationID)">\(r.organisationName)</a>\(r.communeName.map { " · \($0)" } ?? "")\(r.active ? "" : " · <strong>retirée</strong>")</p>
            <div class="actions">\(actions)</div>
            <dl class="facts">
            <dt>Conditions</dt><dd>\(r.conditionsText)</dd>
            <dt>Quantité</dt><dd>\(r.quantity)</dd>
            <dt>Qui peut réserver</dt><dd>\(r.audience.label)</dd>
            <dt>Horaires</dt><dd>\(r.hours.french)</dd>
            \(r.closedDates.isEmpty ? .empty : "<dt>Fermé les</dt><dd>\(r.closedDates.map(CalendarDate.french).joined(separator: ", "))</dd>" as HTML)
            </dl>
            \(r.description.map { "<p class=\"prewrap\">\($0)</p>" as HTML } ?? .empty)
            \(photos(m, csrfToken: csrfToken))
            \(week(m))
            \(bookingForm)
            """
    }

    static func photos(_ m: ShowModel, csrfToken: String) -> HTML {
        let items: [HTML] = m.photos.enumerated().map { index, photo in
            let remove: HTML =
                m.manages
                ? "<form method=\"post\" action=\"\(m.base)/photos/\(photo.id)/supprimer\" class=\"inline\">\(csrfField(csrfToken))<button type=\"submit\" class=\"link\">Retirer<span class=\"visually-hidden\"> la photo \(index + 1)</span></button></form>"
                : .empty
            return
                "<li><img src=\"\(m.base)/photos/\(photo.id)\" alt=\"Photo \(index + 1) de la ressource\" loading=\"lazy\" width=\"320\">\(remove)</li>"
        }
        let upload: HTML =
            m.manages
            ? """
            <form method="post" action="\(m.base)/photos" enctype="multipart/form-data">
            \(csrfField(csrfToken))
            <div class="field"><label for="f-file">Ajouter une photo (PNG ou JPEG)</label><input type="file" id="f-file" name="file" accept="image/png,image/jpeg" required></div>
            <div class="actions"><button type="submit">Envoyer la photo</button></div>
            </form>
            """ : .empty
        guard !items.isEmpty || m.manages else { return .empty }
        return """
            <section aria-labelledby="photos"><h2 id="photos">Photos</h2>
            \(items.isEmpty ? "<p class=\"muted\">Aucune photo.</p>" as HTML : "<ul class=\"photos\">\(items)</ul>")
            \(upload)</section>
            """
    }

    static func month(_ m: MonthModel) -> HTML {
        let base = "/labs/\(m.lab.slug)/ressources/\(m.resource.id)"
        let firstWeekday = LocalDateTime.weekday(day: m.first)
        var cells: [HTML] = Array(repeating: "<td></td>", count: firstWeekday - 1)
        for day in m.first..<m.next {
            let (start, end) = (day * 1_440, (day + 1) * 1_440)
            let count = m.bookings.filter { $0.start.minuteIndex < end && $0.end.minuteIndex > start }.count
            let date = LocalDateTime(minuteIndex: start)
            let closed =
                m.resource.hours.days[LocalDateTime.weekday(day: day)] == nil
                || m.resource.closedDates.contains(date.date)
            let label: HTML =
                closed
                ? "<span class=\"muted\">fermé</span>"
                : count == 0 ? "libre" : "\(count) réservation\(count > 1 ? "s" : "")"
            cells.append(
                "<td><a href=\"\(base)?semaine=\(date.date)#semaine\">\(date.day)</a><br><small>\(label)</small></td>")
        }
        while cells.count % 7 != 0 { cells.append("<td></td>") }
        let rows: [HTML] = stride(from: 0, to: cells.count, by: 7).map {
            "<tr>\(HTML.join(Array(cells[$0..<($0 + 7)]), separator: ""))</tr>"
        }
        let months = [
            "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
            "novembre", "décembre"
        ]
        let previous = m.month == 1 ? "\(m.year - 1)-12" : "\(m.year)-\(LocalDateTime.two(m.month - 1))"
        let next = m.month == 12 ? "\(m.year + 1)-01" : "\(m.year)-\(LocalDateTime.two(m.month + 1))"
        let heads: [HTML] = WeeklyHours.dayNames.map { "<th scope=\"col\">\(String($0.prefix(3)))</th>" }
        return """
            <h1>\(m.resource.title) : \(months[m.month - 1]) \(m.year)</h1>
            <nav class="actions" aria-label="Mois"><a href="\(base)/mois?mois=\(previous)">Mois précédent</a><a href="\(base)/mois?mois=\(next)">Mois suivant</a><a href="\(base)">La ressource et sa semaine</a></nav>
            <div class="table-wrap"><table class="month"><caption>Réservations de \(months[m.month - 1]) \(m.year), jour par jour</caption>
            <thead><tr>\(heads)</tr></thead><tbody>\(rows)</tbody></table></div>
            """
    }

    static func answerForm(
        _ b: Booking, lab: LabSummary, action: String, label: String, csrfToken: String, back: String
    )
        -> HTML
    {
        """
        <form method="post" action="/labs/\(lab.slug)/reservations/\(b.id)/\(action)" class="inline">\(csrfField(csrfToken))<input type="hidden" name="retour" value="\(back)"><button type="submit"\(action == "accepter" ? "" : " class=\"secondary\"")>\(label)<span class="visually-hidden"> la réservation du \(CalendarDate.french(b.start.date)) de \(b.resourceTitle)</span></button></form>
        """
    }

    static func mine(_ m: MineModel, csrfToken: String) -> HTML {
        let back = "/labs/\(m.lab.slug)/mes-ressources"
        let pending: [HTML] = m.pending.map { b in
            """
            <li><h3>\(b.resourceTitle)</h3><p>\(ResourceService.range(b.start, b.end))\(b.quantity > 1 ? " · quantité \(b.quantity)" : "") · \(b.requesterName ?? "demandeur effacé")\(b.requesterOrganisationName.map { " (\($0))" } ?? "")</p>\(b.message.map { "<p class=\"prewrap\">\($0)</p>" as HTML } ?? .empty)
            <div class="actions">\(answerForm(b, lab: m.lab, action: "accepter", label: "Accepter", csrfToken: csrfToken, back: back))\(answerForm(b, lab: m.lab, action: "refuser", label: "Refuser", csrfToken: csrfToken, back: back))</div></li>
            """
        }
        let accepted: [HTML] = m.accepted.map { b in
            "<li>\(b.resourceTitle) · \(ResourceService.range(b.start, b.end)) · \(b.requesterOrganisationName ?? b.requesterName ?? "demandeur effacé") \(answerForm(b, lab: m.lab, action: "annuler", label: "Annuler", csrfToken: csrfToken, back: back))</li>"
        }
        let resources: [HTML] = m.resources.map { r in
            "<li><a href=\"/labs/\(m.lab.slug)/ressources/\(r.id)\">\(r.title)</a>\(r.active ? "" : " <span class=\"badge\">retirée</span>") · <a href=\"/labs/\(m.lab.slug)/ressources/\(r.id)/reservations.ics\">agenda (.ics)</a></li>"
        }
        return """
            <h1>Mes ressources</h1>
            <p><a class="button" href="/labs/\(m.lab.slug)/ressources/nouvelle">Proposer une ressource</a></p>
            <h2>Demandes à traiter</h2>
            \(pending.isEmpty ? "<p class=\"muted\">Aucune demande en attente.</p>" as HTML : "<ul class=\"results\">\(pending)</ul>")
            <h2>Réservations à venir</h2>
            \(accepted.isEmpty ? "<p class=\"muted\">Aucune réservation acceptée à venir.</p>" as HTML : "<ul>\(accepted)</ul>")
            <h2>Ressources proposées par mon organisation</h2>
            \(resources.isEmpty ? "<p class=\"muted\">Votre organisation ne propose encore aucune ressource.</p>" as HTML : "<ul>\(resources)</ul>")
            """
    }

    static func myBookings(_ bookings: [Booking], labSlugs: [Int: String], now: LocalDateTime, csrfToken: String)
        -> HTML
    {
        let rows: [HTML] = bookings.map { b in
            let slug = labSlugs[b.labID] ?? ""
            let cancellable = (b.status == .requested || b.status == .accepted) && b.end.minuteIndex > now.minuteIndex
            let lab = LabSummary(id: b.labID, slug: slug, name: "")
            return """
                <li><h3><a href="/labs/\(slug)/ressources/\(b.resourceID)">\(b.resourceTitle)</a> <span class="badge">\(b.status.label)</span></h3><p>\(ResourceService.range(b.start, b.end))\(b.quantity > 1 ? " · quantité \(b.quantity)" : "")</p>\(b.answer.map { "<p class=\"prewrap\">Réponse : \($0)</p>" as HTML } ?? .empty)\(cancellable ? answerForm(b, lab: lab, action: "annuler", label: "Annuler", csrfToken: csrfToken, back: "/mes-reservations") : .empty)</li>
                """
        }
        return """
            <h1>Mes réservations</h1>
            <p><a href="/mes-reservations.ics">Mes réservations acceptées dans mon agenda (.ics)</a></p>
            \(rows.isEmpty ? "<p class=\"muted\">Vous n'avez demandé aucune réservation.</p>" as HTML : "<ul class=\"results\">\(rows)</ul>")
            """
    }
}
