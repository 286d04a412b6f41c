/// The kinds of actors a territorial lab brings together.
public enum ActorKind: String, Sendable, Codable, CaseIterable, Hashable {
    case association
    case company = "entreprise"
    case localAuthority = "collectivite"
    case publicBody = "organisme-public"
    case university = "universite-recherche"
    case essStructure = "structure-ess"
    case foundation = "fondation"
    case network = "reseau"

    public var label: String {
        switch self {
        case .association: "Association"
        case .company: "Entreprise"
        case .localAuthority: "Collectivité territoriale"
        case .publicBody: "Organisme public"
        case .university: "Université, recherche"
        case .essStructure: "Structure de l'ESS"
        case .foundation: "Fondation"
        case .network: "Réseau, fédération"
        }
    }

    public var pluralLabel: String {
        switch self {
        case .association: "Associations"
        case .company: "Entreprises"
        case .localAuthority: "Collectivités territoriales"
        case .publicBody: "Organismes publics"
        case .university: "Universités, recherche"
        case .essStructure: "Structures de l'ESS"
        case .foundation: "Fondations"
        case .network: "Réseaux, fédérations"
        }
    }
}

/// Company size classes (décret n° 2008-1354): micro-entreprise (TPE), PME, ETI, grande entreprise.
public enum SizeClass: String, Sendable, Codable, CaseIterable, Hashable, Comparable {
    case micro = "tpe"
    case sme = "pme"
    case midCap = "eti"
    case large = "ge"

    public var label: String {
        switch self {
        case .micro: "Micro-entreprise (TPE, moins de 10 salariés)"
        case .sme: "PME (moins de 250 salariés)"
        case .midCap: "ETI (moins de 5 000 salariés)"
        case .large: "Grande entreprise (5 000 salariés et plus)"
        }
    }

    public var shortLabel: String {
        switch self {
        case .micro: "TPE"
        case .sme: "PME"
        case .midCap: "ETI"
        case .large: "GE"
        }
    }

    private var order: Int {
        switch self {
        case .micro: 0
        case .sme: 1
        case .midCap: 2
        case .large: 3
        }
    }

    public static func < (lhs: SizeClass, rhs: SizeClass) -> Bool { lhs.order < rhs.order }
}

/// SIRENE headcount bands (`trancheEffectifsUniteLegale`), as published by INSEE.
public enum HeadcountBand: String, Sendable, Codable, CaseIterable, Hashable {
    case unknown = "NN"
    case none = "00"
    case b01 = "01", b02 = "02", b03 = "03"
    case b11 = "11", b12 = "12"
    case b21 = "21", b22 = "22"
    case b31 = "31", b32 = "32"
    case b41 = "41", b42 = "42"
    case b51 = "51", b52 = "52", b53 = "53"

    public var label: String {
        switch self {
        case .unknown: "Effectif non renseigné"
        case .none: "0 salarié"
        case .b01: "1 ou 2 salariés"
        case .b02: "3 à 5 salariés"
        case .b03: "6 à 9 salariés"
        case .b11: "10 à 19 salariés"
        case .b12: "20 à 49 salariés"
        case .b21: "50 à 99 salariés"
        case .b22: "100 à 199 salariés"
        case .b31: "200 à 249 salariés"
        case .b32: "250 à 499 salariés"
        case .b41: "500 à 999 salariés"
        case .b42: "1 000 à 1 999 salariés"
        case .b51: "2 000 à 4 999 salariés"
        case .b52: "5 000 à 9 999 salariés"
        case .b53: "10 000 salariés et plus"
        }
    }

    /// The size class implied by headcount alone (INSEE also uses turnover and balance
    /// sheet; when `categorieEntreprise` is known it takes precedence).
    public var sizeClass: SizeClass? {
        switch self {
        case .unknown: nil
        case .none, .b01, .b02, .b03: .micro
        case .b11, .b12, .b21, .b22, .b31: .sme
        case .b32, .b41, .b42, .b51: .midCap
        case .b52, .b53: .large
        }
    }

    /// Whether the band means the structure employs staff (used for "associations employeuses").
    public var isEmployer: Bool? {
        switch self {
        case .unknown: nil
        case .none: false
        default: true
        }
    }
}

/// The fixed list of themes a lab uses to describe actors, needs and offers.
public enum Theme: String, Sendable, Codable, CaseIterable, Hashable {
    case employment = "emploi-insertion"
    case education = "education"
    case environment = "environnement"
    case health = "sante"
    case culture = "culture"
    case sport = "sport"
    case solidarity = "solidarite"
    case youth = "jeunesse"
    case disability = "handicap"
    case digital = "numerique"
    case economicDevelopment = "developpement-economique"
    case housing = "logement"
    case mobility = "mobilite"
    case food = "alimentation"
    case elderly = "grand-age"
    case cityPolicy = "politique-de-la-ville"
    case rural = "ruralite"
    case energy = "energie"
    case training = "formation"
    case citizenship = "citoyennete"

    public var label: String {
        switch self {
        case .employment: "Emploi et insertion"
        case .education: "Éducation"
        case .environment: "Environnement"
        case .health: "Santé"
        case .culture: "Culture"
        case .sport: "Sport"
        case .solidarity: "Solidarité"
        case .youth: "Jeunesse"
        case .disability: "Handicap"
        case .digital: "Numérique"
        case .economicDevelopment: "Développement économique"
        case .housing: "Logement"
        case .mobility: "Mobilité"
        case .food: "Alimentation"
        case .elderly: "Grand âge"
        case .cityPolicy: "Politique de la ville"
        case .rural: "Ruralité"
        case .energy: "Énergie"
        case .training: "Formation"
        case .citizenship: "Citoyenneté"
        }
    }
}
