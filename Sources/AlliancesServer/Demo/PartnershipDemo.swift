import AlliancesCore
import SQLKit

/// Partnerships and survey answers in the Alsace demo lab (fictional, like the local
/// actors they join), so the partnerships pages and the barometer have something to show:
/// every stage, three parties once, an ended partnership, one in construction.
struct PartnershipDemo: DemoContributor {
    let name = "partnerships"

    struct Item {
        let title: String
        let parties: [(String, String)]
        let modes: [PartnershipMode]
        let themes: [Theme]
        let stage: PartnershipStage
        let start: String
        var end: String? = nil
        var euros: Int? = nil
        var hours: Int? = nil
        var inKind: String? = nil
        var outcomes: String? = nil
        var people: Int? = nil
        var jobs: Int? = nil
        var note: String? = nil
    }

    static let items: [Item] = [
        Item(
            title: "Parrainage de demandeurs d'emploi par des salariés",
            parties: [("elan-solidaire", "Porteur"), ("hexagone", "Mécène de compétences")],
            modes: [.skillsPatronage], themes: [.employment, .solidarity], stage: .experimentation, start: "2025-09-01",
            hours: 320, people: 18,
            note: "Douze salariés parrains formés ; premiers entretiens blancs en octobre."),
        Item(
            title: "Fonds territorial pour l'emploi associatif",
            parties: [("alsace-active", "Porteur"), ("cus", "Cofinanceur"), ("numeria", "Mécène")],
            modes: [.financialPatronage, .economicCooperation], themes: [.employment, .economicDevelopment],
            stage: .agreement, start: "2021-01-15",
            euros: 45_000, outcomes: "Quatorze associations employeuses accompagnées, sept emplois consolidés.", jobs: 7
        ),
        Item(
            title: "Invendus du soir pour les jardins partagés",
            parties: [("potagers", "Bénéficiaire"), ("boulangerie-fischer", "Donateur")],
            modes: [.inKindPatronage], themes: [.food, .environment], stage: .ended, start: "2022-04-01",
            end: "2024-10-31",
            inKind: "invendus du soir deux fois par semaine", people: 60),
        Item(
            title: "Entretien des espaces verts par une structure d'insertion",
            parties: [("coop-ried", "Prestataire"), ("alsace-precision", "Client")],
            modes: [.responsiblePurchasing], themes: [.employment, .environment], stage: .renewed, start: "2022-06-01",
            euros: 18_000, jobs: 3),
        Item(
            title: "Recrutement de travailleurs handicapés",
            parties: [("handicap-alsace", "Accompagnateur"), ("transports-rhenans", "Employeur")],
            modes: [.responsiblePractices], themes: [.disability, .employment], stage: .evaluation, start: "2023-02-01",
            people: 12, jobs: 4),
        Item(
            title: "Ordinateurs et formateurs pour les ateliers seniors",
            parties: [("atelier-numerique", "Porteur"), ("numeria", "Mécène")],
            modes: [.inKindPatronage, .skillsPatronage], themes: [.digital, .elderly], stage: .dialogue,
            start: "2026-10-01"),
        Item(
            title: "Carnets culturels imprimés par les habitants",
            parties: [
                ("culture-saverne", "Porteur"), ("imprimerie-thann", "Partenaire technique"),
                ("fondation-alsace", "Financeur")
            ],
            modes: [.socialInnovation, .financialPatronage], themes: [.culture, .citizenship], stage: .experimentation,
            start: "2024-05-01", euros: 8_000),
        Item(
            title: "Un minibus pour les équipes jeunes",
            parties: [("sport-colmar", "Bénéficiaire"), ("transports-rhenans", "Prêteur")],
            modes: [.inKindPatronage], themes: [.sport, .youth], stage: .firstMeeting, start: "2026-11-02"),
        Item(
            title: "Observatoire des mobilités douces",
            parties: [("mobilite-obernai", "Porteur"), ("institut-territoires", "Partenaire de recherche")],
            modes: [.socialInnovation], themes: [.mobility, .environment], stage: .agreement, start: "2023-09-15")
    ]

    /// The 2026 survey: (organisation, partnerships declared, modes).
    static let survey: [(String, Int, [PartnershipMode])] = [
        ("elan-solidaire", 3, [.skillsPatronage, .volunteering]), ("sport-colmar", 0, []),
        ("potagers", 1, [.inKindPatronage]),
        ("culture-saverne", 2, [.socialInnovation]), ("aines-guebwiller", 0, []),
        ("boulangerie-fischer", 1, [.inKindPatronage]),
        ("numeria", 2, [.skillsPatronage, .inKindPatronage]),
        ("transports-rhenans", 2, [.responsiblePractices, .inKindPatronage]),
        ("hexagone", 5, [.skillsPatronage, .financialPatronage, .responsiblePractices]), ("menuiserie-vogel", 0, [])
    ]

    func load(into db: any SQLDatabase, context: DemoContext) async throws {
        guard let lab = context.labs["alsace"] else { return }
        let store = PartnershipStore()
        var created = 0
        for item in Self.items {
            let parties = item.parties.compactMap { key, role in
                context.organisations[key].map { PartyInput(organisationId: $0, role: role) }
            }
            let input = PartnershipInput(
                title: item.title, parties: parties, modes: item.modes.map(\.rawValue),
                themes: item.themes.map(\.rawValue),
                stage: item.stage.rawValue, startDate: item.start, endDate: item.end,
                euros: item.euros.map(String.init),
                hours: item.hours.map(String.init), inKind: item.inKind, outcomes: item.outcomes,
                peopleReached: item.people.map(String.init), jobs: item.jobs.map(String.init))
            guard case .success(let draft) = PartnershipDraft.validate(input) else { continue }
            let id = try await store.create(labID: lab.id, draft: draft, userID: nil, on: db)
            context.partnerships[item.title] = id
            try await store.addNote(
                partnershipID: id, userID: nil, action: "Partenariat enregistré (\(draft.stage.label.lowercased()))",
                stage: draft.stage, note: nil, on: db)
            if let note = item.note {
                try await store.addNote(partnershipID: id, userID: nil, action: "Note", stage: nil, note: note, on: db)
            }
            created += 1
        }
        let barometer = BarometerStore()
        for (key, count, modes) in Self.survey {
            guard let organisation = context.organisations[key] else { continue }
            try await barometer.saveAnswer(
                labID: lab.id, organisationID: organisation, year: 2026, partnerships: count, modes: modes, userID: nil,
                on: db)
        }
        context.notes.append(
            "Demo partnerships: \(created) partnerships and \(Self.survey.count) survey answers (2026) in /labs/alsace; barometer at /labs/alsace/barometre."
        )
    }
}
