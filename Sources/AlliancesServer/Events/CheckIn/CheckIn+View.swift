import AlliancesCore

/// The entrance: the participant's code, and the staff's check-in page.
enum CheckInPages {
    /// The QR code (SVG drawn in Swift) and the typed code, shown at the entrance.
    static func checkInCode(_ e: RencontreEvent, _ r: Registration, publicURL: String) -> HTML {
        guard r.status == .confirmed, let code = r.checkInCode,
            let qr = try? QRCode(text: "\(publicURL)/evenements/\(e.slug)/pointage?code=\(code)")
        else { return .empty }
        return """
            <h2>À l'accueil</h2>
            <div class="qr">\(HTML(trusted: qr.svg(scale: 5, title: "Code d'accueil \(code)")))</div>
            <p>Montrez ce code à l'accueil, ou donnez votre code : <strong>\(code)</strong>.</p>
            """
    }

    static func checkIn(
        _ l: Loaded, query: String?, session: EventSession?, found: [Registration],
        attendance: (arrived: Int, confirmed: Int, sessions: [Int: Int]), csrfToken: String
    ) -> HTML {
        let e = l.event
        let sessionOptions = l.sessions.filter { $0.capacity != nil }.map {
            (value: String($0.id), label: "\($0.startsAt.frenchTime) — \($0.title)")
        }
        let rows: [HTML] = found.map { r in
            let action: HTML =
                r.status != .confirmed
                ? "<span class=\"badge closed\">\(r.status.label)</span>"
                : (r.checkedInAt != nil && session == nil
                    ? "<span class=\"badge\">Arrivé(e)</span>"
                    : "<form method=\"post\" action=\"/evenements/\(e.slug)/pointage/\(r.id)\" class=\"inline\">\(csrfField(csrfToken))\(session.map { "<input type=\"hidden\" name=\"session\" value=\"\($0.id)\">" as HTML } ?? .empty)<button type=\"submit\">Pointer<span class=\"visually-hidden\"> \(r.name)</span></button></form>")
            return
                "<li><strong>\(r.name)</strong> <span class=\"muted\">\(r.organisationName ?? "") · \(r.checkInCode ?? "")</span> \(action)</li>"
        }
        let counts: [HTML] = l.sessions.filter { $0.capacity != nil }.map { s in
            "<tr><th scope=\"row\">\(s.startsAt.frenchTime) — \(s.title)</th><td>\(attendance.sessions[s.id] ?? 0)</td><td>\(s.seatsTaken)</td></tr>"
        }
        return """
            <p><a href="/evenements/\(e.slug)/inscrits">← Inscriptions</a></p>
            <h1>Pointage — \(e.title)</h1>
            <p class="lead"><strong>\(attendance.arrived)</strong> arrivé(e)s sur \(attendance.confirmed) inscrit(e)s.</p>
            <form method="get" action="/evenements/\(e.slug)/pointage" class="filters" role="search">
            \(FormFields.text("q", "Nom ou code", value: query, errors: .init(), type: "search", hint: "Scannez le code QR du participant, ou tapez son nom ou son code.", maxLength: 100))
            \(FormFields.select("session", "Pointer pour la session (facultatif)", options: sessionOptions, selected: session.map { String($0.id) }, errors: .init(), emptyLabel: "Arrivée à l'événement"))
            <div class="actions"><button type="submit">Chercher</button></div>
            </form>
            \(query == nil ? HTML.empty : (rows.isEmpty ? "<p class=\"notice\">Personne ne correspond.</p>" as HTML : "<ul class=\"results\">\(rows)</ul>"))
            <h2>Présents par atelier</h2>
            <div class="table-wrap"><table><thead><tr><th scope="col">Atelier</th><th scope="col">Présents</th><th scope="col">Inscrits</th></tr></thead><tbody>\(counts)</tbody></table></div>
            """
    }
}
