import AlliancesCore

extension OrganisationShow {
    struct View {
        let model: Model

        func body() -> HTML {
            let m = model
            let o = m.organisation
            let base = "/labs/\(m.lab.slug)/organisations/\(o.id)"
            var facts: [HTML] = ["<dt>Type</dt><dd>\(o.kind.label)</dd>"]
            if let size = o.sizeClass { facts.append("<dt>Taille</dt><dd>\(size.label)</dd>") }
            if let band = o.headcountBand { facts.append("<dt>Effectif (SIRENE)</dt><dd>\(band.label)</dd>") }
            if let commune = o.communeName, let code = o.communeCode {
                facts.append("<dt>Commune</dt><dd>\(commune) (\(code))</dd>")
            }
            if let siren = o.siren { facts.append("<dt>SIREN</dt><dd>\(siren)</dd>") }
            if let siret = o.siret { facts.append("<dt>SIRET</dt><dd>\(siret)</dd>") }
            if let rna = o.rnaId { facts.append("<dt>N° RNA</dt><dd>\(rna)</dd>") }
            if let site = o.website {
                facts.append("<dt>Site web</dt><dd><a href=\"\(site)\" rel=\"noopener nofollow\">\(site)</a></dd>")
            }
            facts.append("<dt>Statut</dt><dd>\(o.active ? "En activité" : "Fermée")</dd>")
            let themes: [HTML] = o.themes.map { "<li>\($0.label)</li>" }
            let description: HTML =
                o.description == nil ? "<p class=\"muted\">Pas encore de description.</p>" : paragraphs(o.description)
            var actions: [HTML] = []
            if m.canEdit {
                actions.append("<a class=\"button\" href=\"\(base)/modifier\">Modifier</a>")
                actions.append(
                    "<a class=\"button secondary\" href=\"\(base)/personnes/nouvelle\">Ajouter une personne</a>")
            }
            if m.canEdit {
                actions.append("<a class=\"button secondary\" href=\"\(base)/partenaires\">Partenaires possibles</a>")
                actions.append(
                    "<a class=\"button secondary\" href=\"/labs/\(m.lab.slug)/besoins/nouveau?organisation=\(o.id)\">Publier un besoin</a>"
                )
                actions.append(
                    "<a class=\"button secondary\" href=\"/labs/\(m.lab.slug)/offres/nouvelle?organisation=\(o.id)\">Publier une offre</a>"
                )
                actions.append(
                    "<a class=\"button secondary\" href=\"/labs/\(m.lab.slug)/partenariats?organisation=\(o.id)\">Ses partenariats</a>"
                )
                actions.append(
                    "<a class=\"button secondary\" href=\"/labs/\(m.lab.slug)/barometre/enquete?organisation=\(o.id)\">Enquête annuelle</a>"
                )
            }
            if m.canRequestIntroduction {
                actions.append(
                    "<a class=\"button secondary\" href=\"/labs/\(m.lab.slug)/mises-en-relation/nouvelle?b=\(o.id)\">Demander une mise en relation</a>"
                )
            }
            if m.canDelete { actions.append("<a class=\"button danger\" href=\"\(base)/supprimer\">Supprimer</a>") }
            return """
                <p><a href="/labs/\(m.lab.slug)/organisations">← Annuaire</a></p>
                <h1>\(o.name)\(o.acronym.map { " (\($0))" } ?? "")</h1>
                \(actions.isEmpty ? HTML.empty : "<div class=\"actions\">\(actions)</div>")
                <dl class="facts">\(facts)</dl>
                \(sharing)
                \(themes.isEmpty ? HTML.empty : "<h2>Thèmes</h2><ul class=\"tags\">\(themes)</ul>")
                <h2>Présentation</h2>
                \(description)
                <p><a href="/labs/\(m.lab.slug)/besoins?organisation=\(o.id)">Ses besoins</a> · <a href="/labs/\(m.lab.slug)/offres?organisation=\(o.id)">Ses offres</a></p>
                \(experiences)
                <h2>Personnes</h2>
                \(peopleSection(base: base))
                """
        }

        /// The other labs that list it, and the forms of the labs this viewer runs.
        var sharing: HTML {
            let m = model
            let base = "/labs/\(m.lab.slug)/organisations/\(m.organisation.id)"
            let listed: [HTML] = m.listedIn.map {
                "<a href=\"/labs/\($0.slug)/organisations/partagees\">\($0.name)</a>"
            }
            let forms: [HTML] = m.listTargets.map { target in
                let (action, label) =
                    target.listed
                    ? ("retirer-du-labo", "Retirer de l'annuaire de \(target.lab.name)")
                    : ("lister", "Lister aussi dans l'annuaire de \(target.lab.name)")
                return
                    "<form method=\"post\" action=\"\(base)/\(action)\" class=\"inline\">\(csrfField(m.csrf))<input type=\"hidden\" name=\"labo\" value=\"\(target.lab.slug)\"><button type=\"submit\" class=\"secondary\">\(label)</button></form>"
            }
            var parts: [HTML] = []
            if !listed.isEmpty {
                var line: HTML = "<p>Aussi listée par : "
                for (index, link) in listed.enumerated() { line = line + (index == 0 ? "" : ", ") + link }
                parts.append(line + " (fiche tenue par ce labo).</p>")
            }
            if !forms.isEmpty { parts.append("<div class=\"actions\">\(forms)</div>") }
            return parts.isEmpty ? .empty : "\(parts)"
        }

        /// "Their experiences": the library's sheets naming the organisation, as the viewer may read them.
        var experiences: HTML {
            let m = model
            guard !m.sheets.isEmpty else { return .empty }
            let items: [HTML] = m.sheets.map {
                "<li><a href=\"/labs/\(m.lab.slug)/bibliotheque/\($0.id)\">\($0.title)</a>\($0.status == .published ? HTML.empty : " <span class=\"badge\">\($0.status.label)</span>" as HTML)</li>"
            }
            return "<h2>Leurs expériences</h2><ul>\(items)</ul>"
        }

        func peopleSection(base: String) -> HTML {
            let m = model
            guard !m.people.isEmpty else { return "<p class=\"muted\">Aucune personne renseignée.</p>" }
            let rows: [HTML] = m.people.map { person in
                let contact: HTML
                if m.canSeeContacts {
                    let email: HTML = person.email.map { "<a href=\"mailto:\($0)\">\($0)</a>" } ?? "—"
                    let edit: HTML =
                        m.canEdit
                        ? "<td><a href=\"\(base)/personnes/\(person.id)/modifier\">Modifier<span class=\"skip\"> \(person.name)</span></a></td>"
                        : .empty
                    contact = "<td>\(email)</td><td>\(person.phone ?? "—")</td>\(edit)"
                } else {
                    contact = .empty
                }
                return "<tr><td>\(person.name)</td><td>\(person.role ?? "—")</td>\(contact)</tr>"
            }
            let head: HTML =
                m.canSeeContacts
                ? "<tr><th scope=\"col\">Nom</th><th scope=\"col\">Fonction</th><th scope=\"col\">E-mail</th><th scope=\"col\">Téléphone</th>\(m.canEdit ? "<th scope=\"col\">Action</th>" as HTML : .empty)</tr>"
                : "<tr><th scope=\"col\">Nom</th><th scope=\"col\">Fonction</th></tr>"
            let note: HTML =
                m.canSeeContacts
                ? .empty
                : "<p class=\"hint\">Les coordonnées ne sont visibles que par les facilitateurs du labo et les membres de l'organisation. Pour entrer en contact, demandez une mise en relation au labo.</p>"
            return "<div class=\"table-wrap\"><table><thead>\(head)</thead><tbody>\(rows)</tbody></table></div>\(note)"
        }
    }
}
