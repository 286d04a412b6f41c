import AlliancesCore
import SQLKit

/// A third demo lab, for a second region (Bretagne), so the network dashboard compares
/// real-looking figures: its own fictional actors in real communes, needs and offers,
/// two introductions and a handful of partnerships. It shares nothing with the network
/// (no sheet, tool or resource), so the network-wide lists stay those of the first two labs.
struct RegionDemo: DemoContributor {
    let name = "second region"

    static let communes: [Commune] = [
        ("35238", "Rennes", 48.1173, -1.6778), ("29019", "Brest", 48.3904, -4.4861),
        ("29232", "Quimper", 47.9960, -4.1024), ("22278", "Saint-Brieuc", 48.5141, -2.7603),
        ("56260", "Vannes", 47.6582, -2.7608), ("56121", "Lorient", 47.7483, -3.3700),
        ("35288", "Saint-Malo", 48.6493, -2.0257)
    ].map {
        Commune(
            code: $0.0, name: $0.1, departementCode: ReferenceGeography.departementCode(ofCommune: $0.0)!,
            latitude: $0.2, longitude: $0.3)
    }

    typealias Org = DirectoryDemo.Org

    static let organisations: [Org] = [
        Org(
            key: "bzh-voile", name: "Voile pour tous en Rade (démo)", kind: .association, band: .b11, commune: "29019",
            themes: [.sport, .disability], description: "Association fictive de démonstration : voile adaptée."),
        Org(
            key: "bzh-epicerie", name: "Épicerie solidaire du Blavet (démo)", kind: .association, band: .b03,
            commune: "56121", themes: [.food, .solidarity],
            description: "Association fictive de démonstration : aide alimentaire et ateliers cuisine."),
        Org(
            key: "bzh-theatre", name: "Théâtre de la Vilaine (démo)", kind: .association, commune: "35238",
            themes: [.culture, .youth], description: "Compagnie fictive de démonstration : théâtre en milieu scolaire."),
        Org(
            key: "bzh-repair", name: "Repair café du Golfe (démo)", kind: .association, commune: "56260",
            themes: [.environment, .citizenship],
            description: "Association fictive de démonstration : réparation et réemploi."),
        Org(
            key: "bzh-emploi", name: "Tremplin Emploi Armor (démo)", kind: .association, band: .b12, commune: "22278",
            themes: [.employment, .training],
            description: "Association fictive de démonstration : accompagnement vers l'emploi."),
        Org(
            key: "bzh-conserverie", name: "Conserverie de la Pointe (démo)", kind: .company, size: .sme, band: .b22,
            commune: "29232", themes: [.food, .economicDevelopment],
            description: "Entreprise fictive de démonstration : conserves de poisson, dons d'invendus."),
        Org(
            key: "bzh-numerique", name: "Armor Numérique (démo)", kind: .company, size: .micro, band: .b02,
            commune: "22278", themes: [.digital],
            description: "Entreprise fictive de démonstration : services informatiques."),
        Org(
            key: "bzh-chantier", name: "Chantiers navals du Ponant (démo)", kind: .company, size: .midCap, band: .b32,
            commune: "56121", themes: [.employment, .economicDevelopment],
            description: "Entreprise fictive de démonstration : construction navale, mécénat de compétences."),
        Org(
            key: "bzh-banque", name: "Banque coopérative de l'Ouest (démo)", kind: .company, size: .large,
            commune: "35238", themes: [.solidarity, .economicDevelopment],
            description: "Entreprise fictive de démonstration : mécénat financier et bénévolat de salariés."),
        Org(
            key: "bzh-malo", name: "Commune de Saint-Malo (démo)", kind: .localAuthority, commune: "35288",
            themes: [.citizenship, .youth], description: "Fiche de démonstration d'une collectivité."),
        Org(
            key: "bzh-scic", name: "SCIC Énergies citoyennes de Cornouaille (démo)", kind: .essStructure,
            commune: "29232", themes: [.energy, .citizenship],
            description: "Coopérative fictive de démonstration : énergie renouvelable citoyenne."),
        Org(
            key: "bzh-universite", name: "Université de démonstration de Rennes", kind: .university,
            commune: "35238", themes: [.education, .training],
            description: "Fiche de démonstration d'un établissement d'enseignement supérieur.")
    ]

    struct Listing {
        let org: String
        let kind: ListingKind
        let title: String
        let modes: [PartnershipMode]
        let themes: [Theme]
    }

    static let listings: [Listing] = [
        Listing(
            org: "bzh-voile", kind: .need, title: "Des bénévoles pour les sorties du samedi",
            modes: [.volunteering], themes: [.sport, .disability]),
        Listing(
            org: "bzh-epicerie", kind: .need, title: "Des invendus alimentaires chaque semaine",
            modes: [.inKindPatronage], themes: [.food, .solidarity]),
        Listing(
            org: "bzh-repair", kind: .need, title: "Un local pour l'atelier de réparation",
            modes: [.inKindPatronage], themes: [.environment]),
        Listing(
            org: "bzh-conserverie", kind: .offer, title: "Dons de conserves aux épiceries solidaires",
            modes: [.inKindPatronage], themes: [.food]),
        Listing(
            org: "bzh-chantier", kind: .offer, title: "Soudeurs et charpentiers en mécénat de compétences",
            modes: [.skillsPatronage], themes: [.employment]),
        Listing(
            org: "bzh-banque", kind: .offer, title: "Journées de bénévolat de salariés",
            modes: [.volunteering], themes: [.solidarity])
    ]

    static let partnerships: [PartnershipDemo.Item] = [
        PartnershipDemo.Item(
            title: "Conserves pour l'épicerie solidaire",
            parties: [("bzh-epicerie", "Bénéficiaire"), ("bzh-conserverie", "Donateur")],
            modes: [.inKindPatronage], themes: [.food, .solidarity], stage: .agreement, start: "2025-03-01",
            inKind: "deux palettes par mois", people: 300),
        PartnershipDemo.Item(
            title: "Parcours vers les métiers de la navale",
            parties: [("bzh-emploi", "Porteur"), ("bzh-chantier", "Mécène de compétences")],
            modes: [.skillsPatronage, .responsiblePractices], themes: [.employment, .training],
            stage: .experimentation, start: "2026-01-15", hours: 400, jobs: 6),
        PartnershipDemo.Item(
            title: "Salariés bénévoles aux sorties de voile adaptée",
            parties: [("bzh-voile", "Porteur"), ("bzh-banque", "Partenaire")],
            modes: [.volunteering, .financialPatronage], themes: [.sport, .disability], stage: .renewed,
            start: "2023-05-01", euros: 12_000, people: 80),
        PartnershipDemo.Item(
            title: "Théâtre dans les écoles de Saint-Malo",
            parties: [("bzh-theatre", "Porteur"), ("bzh-malo", "Cofinanceur")],
            modes: [.economicCooperation], themes: [.culture, .youth], stage: .evaluation, start: "2024-09-01",
            euros: 8_000)
    ]

    func load(into db: any SQLDatabase, context: DemoContext) async throws {
        let store = OrganisationStore()
        for commune in Self.communes { try await store.upsertCommune(commune, on: db) }
        let lab = try await LabStore().create(
            slug: "bretagne", name: "Labo breton des alliances",
            description:
                "Le lieu neutre des partenariats entre associations, entreprises et collectivités des quatre départements bretons (données de démonstration).",
            perimeter: .region("53"), regionCode: "53", on: db)
        // Its own colour (a dark green, readable: LabColour), for its pages.
        if case .success(let draft) = LabDraft.validate(
            name: lab.name, slug: lab.slug, description: lab.description, region: "53", departements: nil,
            colour: "#1b5e20")
        {
            try await LabStore().update(id: lab.id, draft: draft, on: db)
        }
        context.labs["bretagne"] = lab
        var ids: [String: Int] = [:]
        for org in Self.organisations {
            let commune = Self.communes.first { $0.code == org.commune }
            let draft = OrganisationDraft(
                name: org.name, acronym: nil, kind: org.kind, sizeClass: org.size, headcountBand: org.band,
                siren: nil, siret: nil, rnaId: nil, description: org.description, website: nil,
                commune: commune?.code, themes: org.themes, active: true)
            ids[org.key] = try await store.create(labID: lab.id, draft: draft, commune: commune, on: db)
        }
        var listingIDs: [String: Int] = [:]
        for item in Self.listings {
            guard let organisation = ids[item.org] else { continue }
            let draft = ListingDraft(
                kind: item.kind, organisationID: organisation, title: item.title, description: nil,
                modes: item.modes, themes: item.themes, commune: nil, radiusKm: nil, startDate: nil, endDate: nil,
                hours: nil, euros: nil, inKind: nil, status: .published, visibility: .everyone)
            listingIDs[item.title] = try await ListingStore().create(
                labID: lab.id, draft: draft, commune: nil, userID: nil, on: db)
        }
        let introductions = IntroductionStore()
        if let epicerie = ids["bzh-epicerie"], let conserverie = ids["bzh-conserverie"],
            let voile = ids["bzh-voile"], let banque = ids["bzh-banque"]
        {
            _ = try await introductions.create(
                labID: lab.id, organisationA: epicerie, organisationB: conserverie,
                needID: listingIDs["Des invendus alimentaires chaque semaine"],
                offerID: listingIDs["Dons de conserves aux épiceries solidaires"],
                state: IntroductionState(status: .accepted, answerA: .accepted, answerB: .accepted),
                requestMessage: nil, messageA: nil, messageB: nil, userID: nil, on: db)
            _ = try await introductions.create(
                labID: lab.id, organisationA: voile, organisationB: banque,
                needID: listingIDs["Des bénévoles pour les sorties du samedi"],
                offerID: listingIDs["Journées de bénévolat de salariés"],
                state: IntroductionState(status: .proposed, answerA: nil, answerB: nil),
                requestMessage: nil, messageA: nil, messageB: nil, userID: nil, on: db)
        }
        let partnerships = PartnershipStore()
        for item in Self.partnerships {
            let parties = item.parties.compactMap { key, role in
                ids[key].map { PartyInput(organisationId: $0, role: role) }
            }
            let input = PartnershipInput(
                title: item.title, parties: parties, modes: item.modes.map(\.rawValue),
                themes: item.themes.map(\.rawValue), stage: item.stage.rawValue, startDate: item.start,
                endDate: item.end, euros: item.euros.map(String.init), hours: item.hours.map(String.init),
                inKind: item.inKind, outcomes: item.outcomes, peopleReached: item.people.map(String.init),
                jobs: item.jobs.map(String.init))
            guard case .success(let draft) = PartnershipDraft.validate(input) else { continue }
            let id = try await partnerships.create(labID: lab.id, draft: draft, userID: nil, on: db)
            try await partnerships.addNote(
                partnershipID: id, userID: nil, action: "Partenariat enregistré (\(draft.stage.label.lowercased()))",
                stage: draft.stage, note: nil, on: db)
        }
        try await LabStore().setSharesFigures(id: lab.id, true, on: db)
        context.notes.append(
            "Demo lab: /labs/bretagne (\(Self.organisations.count) organisations, \(Self.partnerships.count) partnerships), its figures shown on /reseau/tableau-de-bord."
        )
    }
}
