import AlliancesCore
import SQLKit

/// Needs, offers and a few introductions in the Alsace demo lab, so the recommendations,
/// the inbox and the facilitator's dashboard have something to show. Fictional, like the
/// local actors they belong to.
struct MarketplaceDemo: DemoContributor {
    let name = "marketplace"

    struct Item {
        let org: String
        let kind: ListingKind
        let title: String
        let description: String
        let modes: [PartnershipMode]
        let themes: [Theme]
        var radius: Int? = nil
        var wholeTerritory = false
        var hours: Int? = nil
        var euros: Int? = nil
        var inKind: String? = nil
        var visibility: ListingVisibility = .everyone
    }

    static let items: [Item] = [
        Item(
            org: "elan-solidaire", kind: .need, title: "Des parrains pour des demandeurs d'emploi de longue durée",
            description:
                "Nous accompagnons 40 personnes éloignées de l'emploi à Mulhouse. Nous cherchons des salariés d'entreprise pour des simulations d'entretien et la découverte des métiers.",
            modes: [.skillsPatronage, .volunteering], themes: [.employment, .solidarity], radius: 30),
        Item(
            org: "sport-colmar", kind: .need, title: "Un minibus pour les déplacements des équipes jeunes",
            description:
                "Nos équipes de moins de 15 ans jouent chaque week-end dans tout le Haut-Rhin : un minibus prêté le samedi éviterait de renoncer à des matchs.",
            modes: [.inKindPatronage], themes: [.sport, .youth], radius: 40, inKind: "un minibus de 9 places le samedi"),
        Item(
            org: "atelier-numerique", kind: .need, title: "Ordinateurs reconditionnés pour nos ateliers seniors",
            description:
                "Nos ateliers d'initiation au numérique manquent de postes : dix ordinateurs portables, même anciens, suffiraient.",
            modes: [.inKindPatronage], themes: [.digital, .education], radius: 40, visibility: .members),
        Item(
            org: "potagers", kind: .need, title: "Financer des bacs de jardinage accessibles",
            description:
                "Des bacs surélevés pour que les personnes en fauteuil puissent jardiner avec les autres habitants.",
            modes: [.financialPatronage], themes: [.environment, .food], radius: 30, euros: 6_000),
        Item(
            org: "aines-guebwiller", kind: .need, title: "Bénévoles pour initier les aînés aux tablettes",
            description:
                "Des bénévoles patients, une demi-journée par mois, pour aider nos aînés à utiliser une tablette et garder le lien avec leur famille.",
            modes: [.volunteering, .skillsPatronage], themes: [.elderly, .digital], radius: 25),
        Item(
            org: "logement-passerelle", kind: .need,
            title: "Petits travaux de menuiserie dans nos logements passerelles",
            description:
                "Portes, placards, étagères : de petites réparations dans six logements avant l'arrivée des familles.",
            modes: [.skillsPatronage, .inKindPatronage], themes: [.housing, .solidarity], radius: 30),
        Item(
            org: "regie-mulhouse", kind: .need, title: "Des entreprises clientes pour notre service d'espaces verts",
            description:
                "Nos équipes en insertion entretiennent espaces verts et parkings : nous cherchons des contrats d'entreprises du sud Alsace.",
            modes: [.responsiblePurchasing, .economicCooperation], themes: [.cityPolicy, .employment], radius: 40),
        Item(
            org: "numeria", kind: .offer, title: "150 heures de mécénat de compétences en développement web",
            description:
                "Nos développeurs créent ou refont le site d'une association : conception, mise en ligne, formation de l'équipe.",
            modes: [.skillsPatronage], themes: [.digital], radius: 50, hours: 150),
        Item(
            org: "transports-rhenans", kind: .offer, title: "Prêt de minibus le week-end",
            description:
                "Deux minibus de 9 places disponibles le samedi et le dimanche pour les clubs et associations du Haut-Rhin.",
            modes: [.inKindPatronage], themes: [.mobility, .sport], radius: 40, inKind: "deux minibus de 9 places"),
        Item(
            org: "hexagone", kind: .offer, title: "Parrainage vers l'emploi par nos salariés",
            description:
                "Nos salariés volontaires parrainent des personnes en recherche d'emploi : entretiens blancs, réseau, découverte de nos métiers.",
            modes: [.skillsPatronage, .volunteering], themes: [.employment, .solidarity], wholeTerritory: true),
        Item(
            org: "menuiserie-vogel", kind: .offer, title: "Chantier solidaire : petites réparations en bois",
            description:
                "Deux jours par an de réparations de menuiserie pour une association du secteur, matériaux compris.",
            modes: [.skillsPatronage, .inKindPatronage], themes: [.housing, .economicDevelopment], radius: 25),
        Item(
            org: "fondation-alsace", kind: .offer, title: "Appel à projets « Jeunesse solidaire » 2027",
            description:
                "Soutien de 2 000 à 10 000 euros aux projets associatifs portés par ou pour des jeunes de 12 à 25 ans.",
            modes: [.financialPatronage], themes: [.youth, .solidarity], wholeTerritory: true, euros: 10_000),
        Item(
            org: "alsace-precision", kind: .offer, title: "Entretien de nos sites confié à des structures d'insertion",
            description:
                "Nous voulons confier l'entretien des espaces verts de nos deux sites à une structure d'insertion : achats responsables.",
            modes: [.responsiblePurchasing], themes: [.employment, .environment], radius: 40),
        Item(
            org: "imprimerie-thann", kind: .offer, title: "Impression offerte pour les associations",
            description:
                "Affiches, flyers et programmes imprimés gracieusement pour les événements associatifs du Haut-Rhin.",
            modes: [.inKindPatronage], themes: [.culture, .economicDevelopment], radius: 40)
    ]

    func load(into db: any SQLDatabase, context: DemoContext) async throws {
        guard let lab = context.labs["alsace"] else { return }
        let listings = ListingStore()
        let organisations = OrganisationStore()
        var ids: [String: Int] = [:]
        for item in Self.items {
            guard let organisationID = context.organisations[item.org],
                let organisation = try await organisations.find(id: organisationID, labID: lab.id, on: db)
            else { continue }
            let commune: Commune? =
                item.wholeTerritory
                ? nil
                : try await organisation.communeCode.asyncMap { code in
                    try await organisations.commune(code: code, on: db)
                } ?? nil
            let draft = ListingDraft(
                kind: item.kind, organisationID: organisationID, title: item.title, description: item.description,
                modes: item.modes, themes: item.themes, commune: commune?.code,
                radiusKm: commune == nil ? nil : item.radius,
                startDate: nil, endDate: nil, hours: item.hours, euros: item.euros, inKind: item.inKind,
                status: .published, visibility: item.visibility)
            ids[item.title] = try await listings.create(
                labID: lab.id, draft: draft, commune: commune, userID: nil, on: db)
        }
        // Three introductions at different stages, for the inbox and the dashboard.
        let introductions = IntroductionStore()
        guard let hexagone = context.organisations["hexagone"], let elan = context.organisations["elan-solidaire"],
            let transports = context.organisations["transports-rhenans"],
            let sport = context.organisations["sport-colmar"],
            let regie = context.organisations["regie-mulhouse"],
            let precision = context.organisations["alsace-precision"]
        else { return }
        let met = try await introductions.create(
            labID: lab.id, organisationA: elan, organisationB: hexagone,
            needID: ids["Des parrains pour des demandeurs d'emploi de longue durée"],
            offerID: ids["Parrainage vers l'emploi par nos salariés"],
            state: IntroductionState(status: .meetingHeld, answerA: .accepted, answerB: .accepted),
            requestMessage: nil,
            messageA:
                "Le groupe Hexagone propose des parrains salariés : exactement ce que vous cherchez pour vos demandeurs d'emploi.",
            messageB: "Élan Solidaire accompagne 40 demandeurs d'emploi à Mulhouse et cherche des parrains.",
            userID: nil, on: db)
        for (action, status) in [
            ("proposée par le labo", IntroductionStatus.proposed), ("acceptée", .proposed), ("acceptée", .accepted),
            ("Rencontre faite", .meetingHeld)
        ] {
            try await introductions.addEvent(
                introductionID: met, userID: nil, organisationID: nil, action: action, status: status, note: nil, on: db
            )
        }
        let waiting = try await introductions.create(
            labID: lab.id, organisationA: sport, organisationB: transports,
            needID: ids["Un minibus pour les déplacements des équipes jeunes"],
            offerID: ids["Prêt de minibus le week-end"], state: IntroductionState(status: .proposed),
            requestMessage: nil, messageA: "Transports Rhénans prête deux minibus le week-end.",
            messageB: "Le club Sport pour Tous Colmar cherche un minibus le samedi.",
            userID: nil, on: db)
        try await introductions.addEvent(
            introductionID: waiting, userID: nil, organisationID: nil, action: "proposée par le labo",
            status: .proposed, note: nil, on: db)
        // Proposed ten days ago and still unanswered: it shows on the dashboard.
        try await introductions.backdate(id: waiting, bySeconds: 864_000, on: db)
        let requested = try await introductions.create(
            labID: lab.id, organisationA: regie, organisationB: precision,
            needID: ids["Des entreprises clientes pour notre service d'espaces verts"],
            offerID: nil, state: IntroductionState(status: .requested, answerA: .accepted),
            requestMessage:
                "Alsace Précision cherche un prestataire d'insertion pour ses espaces verts : pouvez-vous nous présenter ?",
            messageA: nil, messageB: nil, userID: nil, on: db)
        try await introductions.addEvent(
            introductionID: requested, userID: nil, organisationID: regie, action: "demandée au labo",
            status: .requested, note: nil, on: db)
        context.notes.append("Demo marketplace: \(ids.count) needs and offers, 3 introductions in /labs/alsace.")
    }
}
