import AlliancesCore

enum OrganisationShow {
    struct Model {
        let lab: LabSummary
        let organisation: Organisation
        let people: [Person]
        let canEdit: Bool
        let canDelete: Bool
        /// Privacy baseline: e-mail and phone only for the lab's facilitators and the
        /// organisation's own members.
        let canSeeContacts: Bool
        /// A member of another organisation of the lab may ask for an introduction.
        let canRequestIntroduction: Bool
        /// The experience sheets naming it that the viewer may read.
        var sheets: [(id: Int, title: String, status: SheetStatus)] = []
        /// The other labs that list it (read-only there).
        var listedIn: [LabSummary] = []
        /// The labs where this viewer may list it, or take it out (`listed`).
        var listTargets: [(lab: LabSummary, listed: Bool)] = []
        var csrf = ""
    }
}
