import AlliancesCore

extension OrganisationForm {
    struct View {
        let model: Model
        let csrfToken: String

        func body() -> HTML {
            let m = model
            let i = m.input
            let e = m.errors
            let title = m.organisationID == nil ? "Ajouter une organisation" : "Modifier l'organisation"
            let kinds = ActorKind.allCases.map { (value: $0.rawValue, label: $0.label) }
            let sizes = SizeClass.allCases.map { (value: $0.rawValue, label: $0.label) }
            let bands = HeadcountBand.allCases.map { (value: $0.rawValue, label: "\($0.rawValue) — \($0.label)") }
            let themes = Theme.allCases.sorted { $0.label < $1.label }.map { (value: $0.rawValue, label: $0.label) }
            let back =
                m.organisationID.map { "/labs/\(m.lab.slug)/organisations/\($0)" }
                ?? "/labs/\(m.lab.slug)/organisations"
            let active = i.active ?? true
            return """
                <h1>\(title)</h1>
                \(FormFields.errorSummary(e))
                <form method="post" action="\(m.action)" novalidate>
                \(csrfField(csrfToken))
                \(FormFields.text("name", "Nom", value: i.name, errors: e, required: true, autocomplete: "organization", maxLength: 200))
                \(FormFields.text("acronym", "Sigle", value: i.acronym, errors: e, maxLength: 30))
                \(FormFields.select("kind", "Type d'acteur", options: kinds, selected: i.kind, errors: e, required: true, emptyLabel: "Choisir…"))
                \(FormFields.select("sizeClass", "Taille de l'entreprise", options: sizes, selected: i.sizeClass, errors: e, hint: "Pour les entreprises seulement ; déduite de la tranche d'effectif si vide."))
                \(FormFields.select("headcountBand", "Tranche d'effectif SIRENE", options: bands, selected: i.headcountBand, errors: e))
                \(FormFields.text("commune", "Commune", value: i.commune, errors: e, hint: "Nom exact ou code INSEE (ex. Strasbourg ou 67482).", maxLength: 100))
                \(FormFields.checkboxes("themes", "Thèmes", options: themes, checked: Set(i.themes ?? []), errors: e, hint: "\(OrganisationDraft.maxThemes) au plus."))
                \(FormFields.textarea("description", "Présentation", value: i.description, errors: e, hint: "5 000 caractères au plus."))
                \(FormFields.text("website", "Site web", value: i.website, errors: e, type: "url", hint: "Adresse complète, ex. https://exemple.fr", maxLength: 300))
                \(FormFields.text("siren", "SIREN", value: i.siren, errors: e, hint: "9 chiffres.", maxLength: 11))
                \(FormFields.text("siret", "SIRET", value: i.siret, errors: e, hint: "14 chiffres.", maxLength: 17))
                \(FormFields.text("rnaId", "Numéro RNA (associations)", value: i.rnaId, errors: e, hint: "W suivi de 9 caractères.", maxLength: 10))
                <div class="field"><label><input type="checkbox" name="active" value="1"\(active ? " checked" : "")> En activité</label></div>
                <div class="actions"><button type="submit">Enregistrer</button><a href="\(back)">Annuler</a></div>
                </form>
                """
        }
    }
}

enum PersonForm {
    struct Model {
        let lab: LabSummary
        let organisation: Organisation
        let personID: Int?
        let input: PersonInput
        let errors: ValidationErrors

        var base: String { "/labs/\(lab.slug)/organisations/\(organisation.id)" }
        var action: String { personID.map { "\(base)/personnes/\($0)/modifier" } ?? "\(base)/personnes/nouvelle" }
    }

    struct View {
        let model: Model
        let csrfToken: String

        func body() -> HTML {
            let m = model
            let e = m.errors
            let delete: HTML =
                m.personID.map { id in
                    "<form method=\"post\" action=\"\(m.base)/personnes/\(id)/supprimer\">\(csrfField(csrfToken))<button type=\"submit\" class=\"danger\">Retirer cette personne</button></form>"
                } ?? .empty
            return """
                <h1>\(m.personID == nil ? "Ajouter une personne" : "Modifier une personne") — \(m.organisation.name)</h1>
                \(FormFields.errorSummary(e))
                <form method="post" action="\(m.action)" novalidate>
                \(csrfField(csrfToken))
                \(FormFields.text("name", "Nom", value: m.input.name, errors: e, required: true, autocomplete: "name", maxLength: 120))
                \(FormFields.text("role", "Fonction", value: m.input.role, errors: e, autocomplete: "organization-title", maxLength: 120))
                \(FormFields.text("email", "E-mail", value: m.input.email, errors: e, type: "email", hint: "Visible seulement des facilitateurs du labo et des membres de l'organisation.", autocomplete: "email"))
                \(FormFields.text("phone", "Téléphone", value: m.input.phone, errors: e, type: "tel", autocomplete: "tel"))
                <div class="actions"><button type="submit">Enregistrer</button><a href="\(m.base)">Annuler</a></div>
                </form>
                \(delete)
                """
        }
    }
}

enum OrganisationDelete {
    static func body(lab: LabSummary, organisation: Organisation, peopleCount: Int, csrfToken: String) -> HTML {
        let base = "/labs/\(lab.slug)/organisations/\(organisation.id)"
        return """
            <h1>Supprimer « \(organisation.name) » ?</h1>
            <p class="notice notice-error">La fiche et ses \(peopleCount) personne\(peopleCount > 1 ? "s" : "") seront supprimées définitivement. Pour une structure qui a cessé son activité, préférez la marquer « fermée » dans la fiche.</p>
            <form method="post" action="\(base)/supprimer">\(csrfField(csrfToken))
            <div class="actions"><button type="submit" class="danger">Supprimer définitivement</button><a href="\(base)">Annuler</a></div>
            </form>
            """
    }
}
