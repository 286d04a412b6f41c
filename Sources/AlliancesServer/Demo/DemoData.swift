import AlliancesCore
import Logging
import SQLKit

/// A part of the demo data set. Each capability adds its own contributor to
/// `DemoLoader.contributors` (the events capability adds the 2015 rencontre), and each
/// runs once, in order, inside the demo transaction.
public protocol DemoContributor: Sendable {
    var name: String { get }
    func load(into db: any SQLDatabase, context: DemoContext) async throws
}

/// What contributors share: the labs created so far and a log of demo accounts.
/// Used by one task only: the loader runs contributors one after another.
public final class DemoContext {
    public var labs: [String: Lab] = [:]
    public var organisations: [String: Int] = [:]
    /// The demo's partnerships by title (the library writes a sheet from one).
    public var partnerships: [String: Int] = [:]
    /// Where demo files go (the library's tools); nil writes none.
    public var dataDirectory: String?
    public var notes: [String] = []
    public init() {}
}

public enum DemoLoader {
    public static let contributors: [any DemoContributor] = [
        DirectoryDemo(), MarketplaceDemo(), MapDemo(), EventDemo(), PartnershipDemo(), RegionDemo(), RestitutionDemo(),
        ResourceDemo(),
        LibraryDemo()
    ]

    /// Loads the demo data when the database holds no lab yet. Returns notes for the
    /// console (nothing when the database already had data).
    @discardableResult
    public static func loadIfEmpty(database: Database, logger: Logger, dataDirectory: String? = nil) async throws
        -> [String]?
    {
        try await database.transaction { db in
            let count = try await LabStore().count(on: db)
            guard count == 0 else { return nil }
            let context = DemoContext()
            context.dataDirectory = dataDirectory
            for contributor in contributors {
                logger.info("Loading demo data: \(contributor.name)")
                try await contributor.load(into: db, context: context)
            }
            return context.notes
        }
    }
}

/// The demo territory: a lab for Alsace (where Alsace Active and Le RAMEAU started the
/// first regional partnership lab in 2008) and a national network space holding the
/// organisations named in the programme of the 8 January 2015 pioneers' meeting.
/// Local associations and companies are fictional, in real communes.
struct DirectoryDemo: DemoContributor {
    let name = "directory"

    struct Org {
        let key: String
        let name: String
        var acronym: String? = nil
        let kind: ActorKind
        var size: SizeClass? = nil
        var band: HeadcountBand? = nil
        let commune: String?
        let themes: [Theme]
        let description: String
        var people: [(String, String)] = []
        var emailDomain: String? = nil
    }

    static let communes: [Commune] = [
        ("67482", "Strasbourg", 48.5734, 7.7521), ("68224", "Mulhouse", 47.7508, 7.3359),
        ("68066", "Colmar", 48.0794, 7.3585), ("67180", "Haguenau", 48.8156, 7.7906),
        ("67462", "Sélestat", 48.2594, 7.4542), ("67437", "Saverne", 48.7415, 7.3625),
        ("67447", "Schiltigheim", 48.6072, 7.7500), ("67218", "Illkirch-Graffenstaden", 48.5297, 7.7153),
        ("67348", "Obernai", 48.4622, 7.4817), ("68112", "Guebwiller", 47.9086, 7.2103),
        ("67300", "Molsheim", 48.5417, 7.4922), ("67544", "Wissembourg", 49.0372, 7.9458),
        ("68334", "Thann", 47.8075, 7.1031), ("68297", "Saint-Louis", 47.5900, 7.5600),
        ("68004", "Altkirch", 47.6236, 7.2397),
        ("75056", "Paris", 48.8566, 2.3522), ("13055", "Marseille", 43.2965, 5.3698),
        ("69123", "Lyon", 45.7640, 4.8357), ("51108", "Châlons-en-Champagne", 48.9566, 4.3631)
    ].map {
        Commune(
            code: $0.0, name: $0.1, departementCode: ReferenceGeography.departementCode(ofCommune: $0.0)!,
            latitude: $0.2, longitude: $0.3)
    }

    /// Organisations named in the 2015 programme, with the roles it gives their speakers.
    static let national: [Org] = [
        Org(
            key: "fnce", name: "Fédération Nationale des Caisses d'Epargne", acronym: "FNCE", kind: .network,
            commune: "75056",
            themes: [.solidarity, .economicDevelopment],
            description:
                "Fédération du réseau des Caisses d'Epargne. A accueilli la Rencontre des pionniers des alliances en territoire le 8 janvier 2015 dans son siège, 5 rue Masseran à Paris (7e).",
            people: [
                ("Florence Raineix", "Directeur général"),
                ("Marie Leclerc-Bruant", "Chef de projet Philanthropie-Mécénat")
            ]),
        Org(
            key: "ministere-ville", name: "Ministère de la Ville, de la Jeunesse et des Sports", kind: .publicBody,
            commune: "75056",
            themes: [.cityPolicy, .youth, .sport],
            description:
                "Ministère dont le ministre a adressé un message à la Rencontre des pionniers des alliances en territoire en 2015.",
            people: [("Patrick Kanner", "Ministre de la Ville, de la Jeunesse et des Sports (2014-2017)")]),
        Org(
            key: "fonda", name: "La Fonda", acronym: "FONDA", kind: .association, commune: "75056",
            themes: [.citizenship, .solidarity],
            description:
                "Association de réflexion et de prospective sur la vie associative. Son président était l'un des trois « grands témoins » de la rencontre de 2015.",
            people: [("Yannick Blanc", "Président ; Préfet de Vaucluse")]),
        Org(
            key: "arf", name: "Association des Régions de France", acronym: "ARF", kind: .network, commune: "75056",
            themes: [.economicDevelopment],
            description:
                "Association qui représente les conseils régionaux. Représentée en 2015 par un conseiller régional de Rhône-Alpes.",
            people: [("Cyril Kretzschmar", "Conseiller régional Rhône-Alpes, représentant de l'ARF")]),
        Org(
            key: "avise", name: "Avise", kind: .association, commune: "75056",
            themes: [.economicDevelopment, .employment],
            description:
                "Agence d'ingénierie pour développer l'économie sociale et solidaire ; auteur d'une étude sur les achats responsables auprès des structures de l'ESS citée lors de la rencontre de 2015.",
            people: [("Hugues Sibille", "Président")]),
        Org(
            key: "labo-ess", name: "Le Labo de l'ESS", kind: .association, commune: "75056",
            themes: [.economicDevelopment],
            description: "Groupe de réflexion sur l'économie sociale et solidaire.",
            people: [("Hugues Sibille", "Président")]),
        Org(
            key: "cr-champagne-ardenne", name: "Conseil régional de Champagne-Ardenne", kind: .localAuthority,
            commune: "51108",
            themes: [.economicDevelopment],
            description:
                "Conseil de l'ancienne région Champagne-Ardenne (fusionnée dans le Grand Est en 2016), intervenant à la table ronde « Vision croisée des enjeux de la co-construction en territoire ».",
            people: [("Patricia Andriot", "Vice-présidente")]),
        Org(
            key: "mouvement-associatif", name: "Le Mouvement Associatif", kind: .network, commune: "75056",
            themes: [.citizenship, .solidarity],
            description: "Rassemblement des grandes coordinations associatives, porte-voix des associations.",
            people: [("Nadia Bellaoui", "Présidente")]),
        Org(
            key: "cget", name: "Commissariat Général à l'Égalité des Territoires", acronym: "CGET", kind: .publicBody,
            commune: nil,
            themes: [.cityPolicy, .rural],
            description: "Administration de l'État chargée de l'égalité des territoires (2014-2019).",
            people: [("Thierry du Bouëtiez", "Conseiller spécial")]),
        Org(
            key: "medef", name: "Medef", kind: .network, commune: "75056",
            themes: [.economicDevelopment],
            description:
                "Organisation patronale. Sa commission « Rapprochement des mondes » a publié le guide « Construire ensemble » sur les partenariats entre associations et entreprises, présenté en 2015.",
            people: [("Stanislas Chapron", "Président de la Commission Rapprochement des mondes")]),
        Org(
            key: "cr-paca", name: "Conseil régional Provence-Alpes-Côte d'Azur", kind: .localAuthority,
            commune: "13055",
            themes: [.economicDevelopment, .environment],
            description:
                "Conseil régional ; représenté en 2015 par son conseiller délégué au développement de l'économie responsable.",
            people: [("Philippe Chesneau", "Conseiller régional délégué au développement de l'économie responsable")]),
        Org(
            key: "cff", name: "Centre Français des Fondations", acronym: "CFF", kind: .network, commune: "75056",
            themes: [.solidarity],
            description: "Réseau des fondations et fonds de dotation en France.",
            people: [("Béatrice de Durfort", "Déléguée générale")]),
        Org(
            key: "cdc", name: "Caisse des Dépôts", kind: .publicBody, commune: "75056",
            themes: [.economicDevelopment, .employment],
            description:
                "Institution financière publique ; son département Économie sociale et solidaire était représenté à la rencontre de 2015.",
            people: [("Jean-Marc Maury", "Directeur du département ESS")]),
        Org(
            key: "coordinactions", name: "Coordin'Actions", kind: .association, commune: nil,
            themes: [.solidarity],
            description:
                "Structure d'animation de partenariats en territoire présentée à la table ronde « Les solutions d'animation des partenariats en territoire » en 2015.",
            people: [("Diane Hassan", "Présidente co-fondatrice")]),
        Org(
            key: "rameau", name: "Le RAMEAU", kind: .association, commune: "75056",
            themes: [.economicDevelopment, .solidarity],
            description:
                "Laboratoire de recherche sur les alliances entre associations, entreprises et pouvoirs publics ; partenaire d'Alsace Active dans la démarche alsacienne de rapprochement lancée en 2008.",
            people: [])
    ]

    static let alsace: [Org] = [
        Org(
            key: "alsace-active", name: "Alsace Active", kind: .essStructure, commune: "67482",
            themes: [.employment, .economicDevelopment],
            description:
                "Structure de financement solidaire qui a initié dès 2008, avec Le RAMEAU, une démarche de rapprochement territorial des associations et des entreprises, à l'origine du Labo régional alsacien des partenariats."
        ),
        Org(
            key: "cus", name: "Communauté urbaine de Strasbourg", acronym: "CUS", kind: .localAuthority,
            commune: "67482",
            themes: [.economicDevelopment, .cityPolicy],
            description:
                "Intercommunalité de Strasbourg (devenue Eurométropole de Strasbourg en 2015), représentée en 2015 par sa conseillère déléguée au soutien à l'économie sociale et solidaire.",
            people: [
                (
                    "Jeanne Barseghian",
                    "Conseillère communautaire déléguée « soutien à l'Économie Sociale et Solidaire »"
                )
            ]),
        Org(
            key: "laveo", name: "Lavéo", kind: .essStructure, commune: nil,
            themes: [.employment],
            description:
                "Structure d'insertion par l'activité économique dont le co-gérant a témoigné en 2015, notamment sur les achats responsables.",
            people: [("Laurent Cenne", "Co-gérant")]),
        // Fictional actors, in real communes.
        Org(
            key: "elan-solidaire", name: "Élan Solidaire Mulhouse", kind: .association, band: .b02, commune: "68224",
            themes: [.solidarity, .employment],
            description:
                "Association fictive de démonstration : accompagnement vers l'emploi des habitants des quartiers prioritaires, ateliers CV et parrainage par des salariés d'entreprises.",
            people: [("Claire Demo", "Présidente bénévole"), ("Karim Exemple", "Coordinateur salarié")],
            emailDomain: "elan-solidaire.example"),
        Org(
            key: "sport-colmar", name: "Sport pour Tous Colmar", kind: .association, commune: "68066",
            themes: [.sport, .youth],
            description:
                "Association fictive de démonstration : clubs multisports pour les jeunes, recherche de mécénat en nature (équipements) et de bénévoles.",
            people: [("Julien Fictif", "Trésorier")], emailDomain: "sport-colmar.example"),
        Org(
            key: "atelier-numerique", name: "Atelier Numérique Solidaire de Haguenau", kind: .association,
            commune: "67180", themes: [.digital, .education],
            description:
                "Association fictive de démonstration : reconditionnement d'ordinateurs et ateliers d'inclusion numérique ; cherche du mécénat de compétences informatiques.",
            people: [("Sophie Modèle", "Directrice")], emailDomain: "atelier-numerique.example"),
        Org(
            key: "handicap-alsace", name: "Handi'Cap Emploi Alsace", kind: .association, band: .b11, commune: "67447",
            themes: [.disability, .employment],
            description:
                "Association fictive de démonstration : sensibilisation des entreprises au handicap et accompagnement des recrutements (pratiques responsables).",
            people: [("Marc Témoin", "Chargé de mission entreprises")], emailDomain: "handicap-emploi.example"),
        Org(
            key: "potagers", name: "Potagers Partagés de Sélestat", kind: .association, commune: "67462",
            themes: [.environment, .food],
            description:
                "Association fictive de démonstration : jardins partagés et paniers solidaires ; propose des journées de bénévolat d'équipe aux entreprises."
        ),
        Org(
            key: "culture-saverne", name: "Culture en Partage Saverne", kind: .association, commune: "67437",
            themes: [.culture, .citizenship],
            description: "Association fictive de démonstration : festival de quartier et médiation culturelle."),
        Org(
            key: "mj-schiltigheim", name: "Maison des Jeunes de la Rive (fictive)", kind: .association,
            commune: "67447", themes: [.youth, .education],
            description:
                "Association fictive de démonstration : accueil de loisirs, aide aux devoirs, découverte des métiers avec des entreprises locales."
        ),
        Org(
            key: "logement-passerelle", name: "Logement Passerelle Illkirch", kind: .association, band: .b01,
            commune: "67218", themes: [.housing, .solidarity],
            description:
                "Association fictive de démonstration : logement temporaire et accompagnement social des jeunes actifs."
        ),
        Org(
            key: "mobilite-obernai", name: "Mobilité Douce Obernai", kind: .association, commune: "67348",
            themes: [.mobility, .environment],
            description:
                "Association fictive de démonstration : atelier vélo, location solidaire, plans de mobilité avec les employeurs."
        ),
        Org(
            key: "aines-guebwiller", name: "Aînés Connectés Guebwiller", kind: .association, commune: "68112",
            themes: [.elderly, .digital],
            description:
                "Association fictive de démonstration : visites de convivialité et initiation au numérique des personnes âgées."
        ),
        Org(
            key: "boulangerie-fischer", name: "Boulangerie Fischer et Fils (démo)", kind: .company, size: .micro,
            band: .b03, commune: "67300", themes: [.food],
            description:
                "Entreprise fictive de démonstration : boulangerie artisanale ; dons d'invendus et accueil de stagiaires en insertion."
        ),
        Org(
            key: "menuiserie-vogel", name: "Menuiserie Vogel (démo)", kind: .company, size: .micro, band: .b02,
            commune: "67544", themes: [.economicDevelopment],
            description:
                "Entreprise fictive de démonstration : menuiserie ; mécénat en nature (chutes de bois) pour des ateliers associatifs."
        ),
        Org(
            key: "numeria", name: "Numéria Conseil (démo)", kind: .company, size: .sme, band: .b12, commune: "67482",
            themes: [.digital],
            description:
                "Entreprise fictive de démonstration : conseil en systèmes d'information ; programme de mécénat de compétences pour ses salariés.",
            people: [("Nadia Exemple", "Responsable RSE")], emailDomain: "numeria.example"),
        Org(
            key: "transports-rhenans", name: "Transports Rhénans (démo)", kind: .company, size: .sme, band: .b22,
            commune: "68224", themes: [.mobility, .employment],
            description:
                "Entreprise fictive de démonstration : transport de voyageurs ; recrute via des structures d'insertion."
        ),
        Org(
            key: "alsace-precision", name: "Alsace Précision Industrie (démo)", kind: .company, size: .midCap,
            band: .b41, commune: "68066", themes: [.economicDevelopment, .training],
            description:
                "Entreprise fictive de démonstration : mécanique de précision ; achats responsables auprès d'ESAT et d'entreprises adaptées.",
            people: [("Pierre Fictif", "Directeur des achats")], emailDomain: "alsace-precision.example"),
        Org(
            key: "hexagone", name: "Groupe Hexagone Services (démo)", kind: .company, size: .large, band: .b52,
            commune: "67482", themes: [.employment, .solidarity],
            description:
                "Entreprise fictive de démonstration : grand groupe de services ; fondation d'entreprise et mécénat financier en région.",
            people: [("Hélène Modèle", "Déléguée régionale mécénat")], emailDomain: "hexagone.example"),
        Org(
            key: "imprimerie-thann", name: "Imprimerie du Haut-Rhin (démo)", kind: .company, size: .sme, band: .b11,
            commune: "68334", themes: [.economicDevelopment, .environment],
            description:
                "Entreprise fictive de démonstration : imprimerie labellisée ; impression à prix coûtant pour des associations."
        ),
        Org(
            key: "brasserie-saint-louis", name: "Brasserie Artisanale des Trois Frontières (démo)", kind: .company,
            size: .micro, band: .b01, commune: "68297", themes: [.food],
            description:
                "Entreprise fictive de démonstration : micro-brasserie ; soutien à des événements associatifs locaux."),
        Org(
            key: "institut-territoires", name: "Institut de recherche sur les territoires (démo)", kind: .university,
            commune: "67482", themes: [.economicDevelopment, .citizenship],
            description:
                "Laboratoire universitaire fictif de démonstration : recherche-action sur les coopérations territoriales et évaluation d'impact."
        ),
        Org(
            key: "coop-ried", name: "Coop'Ried Insertion (démo)", kind: .essStructure, commune: "67462",
            themes: [.employment, .environment],
            description:
                "Structure d'insertion fictive de démonstration : chantiers d'entretien d'espaces naturels ; offre d'achats responsables aux entreprises."
        ),
        Org(
            key: "regie-mulhouse", name: "Régie de Quartier des Coteaux (démo)", kind: .essStructure, commune: "68224",
            themes: [.cityPolicy, .employment],
            description: "Régie de quartier fictive de démonstration : services de proximité et emplois d'insertion."),
        Org(
            key: "fondation-alsace", name: "Fondation Alsace Solidaire (démo)", kind: .foundation, commune: "68066",
            themes: [.solidarity, .youth],
            description:
                "Fondation territoriale fictive de démonstration : appels à projets et mécénat collectif d'entreprises du territoire."
        ),
        Org(
            key: "reseau-68", name: "Réseau des associations du Sundgau (démo)", kind: .network, commune: "68004",
            themes: [.citizenship, .rural],
            description: "Fédération fictive de démonstration : appui aux associations rurales du sud du Haut-Rhin.")
    ]

    func load(into db: any SQLDatabase, context: DemoContext) async throws {
        let store = OrganisationStore()
        for commune in Self.communes { try await store.upsertCommune(commune, on: db) }
        let labs = LabStore()
        let alsace = try await labs.create(
            slug: "alsace", name: "Labo régional alsacien des partenariats",
            description:
                "Le lieu neutre où associations, entreprises, collectivités et acteurs de l'ESS du Bas-Rhin et du Haut-Rhin apprennent à se connaître et construisent des partenariats (données de démonstration).",
            perimeter: Perimeter(departementCodes: ["67", "68"]), regionCode: "44", on: db)
        let national = try await labs.create(
            slug: "reseau-national", name: "Réseau national des pionniers",
            description:
                "L'espace commun des pionniers des alliances en territoire : les acteurs nationaux et la rencontre du 8 janvier 2015.",
            perimeter: Perimeter(departementCodes: []), regionCode: nil, on: db)
        // The lab's team contact, on its home page (fictional addresses).
        if case .success(let draft) = LabDraft.validate(
            name: alsace.name, slug: alsace.slug, description: alsace.description, region: "44", departements: "67,68",
            contactEmail: "equipe@labo-alsace.example", website: "https://labo-alsace.example")
        {
            try await labs.update(id: alsace.id, draft: draft, on: db)
        }
        context.labs["alsace"] = alsace
        context.labs["reseau-national"] = national
        for (lab, orgs) in [(national, Self.national), (alsace, Self.alsace)] {
            for org in orgs {
                let commune = org.commune.flatMap { code in Self.communes.first { $0.code == code } }
                let draft = OrganisationDraft(
                    name: org.name, acronym: org.acronym, kind: org.kind, sizeClass: org.size, headcountBand: org.band,
                    siren: nil, siret: nil, rnaId: nil, description: org.description, website: nil,
                    commune: commune?.code, themes: org.themes, active: true)
                let id = try await store.create(labID: lab.id, draft: draft, commune: commune, on: db)
                context.organisations[org.key] = id
                for (index, person) in org.people.enumerated() {
                    let email = org.emailDomain.map { _ in
                        "\(TextNormalisation.slug(person.0).replacingOccurrences(of: "-", with: "."))@\(org.emailDomain!)"
                    }
                    _ = try await store.addPerson(
                        organisationID: id, labID: lab.id,
                        draft: PersonDraft(name: person.0, role: person.1, email: index == 0 ? email : nil, phone: nil),
                        on: db)
                }
            }
        }
        context.notes.append(
            "Demo labs: /labs/alsace (\(Self.alsace.count) organisations), /labs/reseau-national (\(Self.national.count) organisations)."
        )
    }
}
