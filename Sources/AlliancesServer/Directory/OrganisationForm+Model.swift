import AlliancesCore

enum OrganisationForm {
    struct Model {
        let lab: LabSummary
        /// nil when creating.
        let organisationID: Int?
        let input: OrganisationInput
        let errors: ValidationErrors

        var action: String {
            organisationID.map { "/labs/\(lab.slug)/organisations/\($0)/modifier" }
                ?? "/labs/\(lab.slug)/organisations/nouvelle"
        }

        /// The form as it would be filled for an existing organisation.
        static func input(from o: Organisation) -> OrganisationInput {
            OrganisationInput(
                name: o.name, acronym: o.acronym, kind: o.kind.rawValue, sizeClass: o.sizeClass?.rawValue,
                headcountBand: o.headcountBand?.rawValue, siren: o.siren, siret: o.siret, rnaId: o.rnaId,
                description: o.description, website: o.website, commune: o.communeCode,
                themes: o.themes.map(\.rawValue), active: o.active
            )
        }

        /// Reads the posted form. A missing "active" box means unchecked.
        static func input(from form: FormData) -> OrganisationInput {
            OrganisationInput(
                name: form["name"], acronym: form["acronym"], kind: form["kind"], sizeClass: form["sizeClass"],
                headcountBand: form["headcountBand"], siren: form["siren"], siret: form["siret"], rnaId: form["rnaId"],
                description: form["description"], website: form["website"], commune: form["commune"],
                themes: form.all("themes"), active: form["active"] == "1"
            )
        }
    }
}
