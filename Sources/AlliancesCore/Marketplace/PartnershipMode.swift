/// The ways two actors of a territory work together (the typology used by the French
/// observatories of partnerships, plus volunteering).
public enum PartnershipMode: String, Sendable, Codable, CaseIterable, Hashable {
    case financialPatronage = "mecenat-financier"
    case inKindPatronage = "mecenat-nature"
    case skillsPatronage = "mecenat-competences"
    case volunteering = "benevolat"
    case responsiblePractices = "pratiques-responsables"
    case responsiblePurchasing = "achats-responsables"
    case economicCooperation = "cooperation-economique"
    case socialInnovation = "innovation-societale"

    public var label: String {
        switch self {
        case .financialPatronage: "Mécénat financier"
        case .inKindPatronage: "Mécénat en nature"
        case .skillsPatronage: "Mécénat de compétences"
        case .volunteering: "Bénévolat"
        case .responsiblePractices: "Pratiques responsables"
        case .responsiblePurchasing: "Achats responsables"
        case .economicCooperation: "Coopération économique"
        case .socialInnovation: "Innovation sociétale"
        }
    }

    /// Lower-case form used inside sentences ("propose du mécénat de compétences").
    public var phrase: String {
        switch self {
        case .financialPatronage: "du mécénat financier"
        case .inKindPatronage: "du mécénat en nature"
        case .skillsPatronage: "du mécénat de compétences"
        case .volunteering: "du bénévolat"
        case .responsiblePractices: "des pratiques responsables"
        case .responsiblePurchasing: "des achats responsables"
        case .economicCooperation: "de la coopération économique"
        case .socialInnovation: "de l'innovation sociétale"
        }
    }

    var bit: UInt16 { 1 << UInt16(Self.allCases.firstIndex(of: self)!) }
}

/// A need (someone looks for help or a partner) or an offer (someone proposes).
public enum ListingKind: String, Sendable, Codable, CaseIterable, Hashable {
    case need = "besoin"
    case offer = "offre"

    public var label: String { self == .need ? "Besoin" : "Offre" }
    public var plural: String { self == .need ? "Besoins" : "Offres" }
    /// The URL segment of the lab's list ("besoins", "offres").
    public var path: String { self == .need ? "besoins" : "offres" }
    public var opposite: ListingKind { self == .need ? .offer : .need }
}

public enum ListingStatus: String, Sendable, Codable, CaseIterable, Hashable {
    case draft = "brouillon"
    case published = "publie"
    case inDiscussion = "en-discussion"
    case fulfilled = "satisfait"
    case withdrawn = "retire"

    public var label: String {
        switch self {
        case .draft: "Brouillon"
        case .published: "Publié"
        case .inDiscussion: "En discussion"
        case .fulfilled: "Satisfait"
        case .withdrawn: "Retiré"
        }
    }

    /// Whether the listing is still looking for a counterpart (and so recommended).
    public var isOpen: Bool { self == .published || self == .inDiscussion }
}

public enum ListingVisibility: String, Sendable, Codable, CaseIterable, Hashable {
    case members = "membres"
    case everyone = "public"

    public var label: String {
        switch self {
        case .members: "Membres du labo seulement"
        case .everyone: "Public"
        }
    }
}

/// A set of modes as a bit mask, so that compatibility is one AND in the scoring loop.
public struct ModeSet: Sendable, Hashable {
    public var rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }
    public init<S: Sequence>(_ modes: S) where S.Element == PartnershipMode {
        rawValue = modes.reduce(0) { $0 | $1.bit }
    }
    public var modes: [PartnershipMode] { PartnershipMode.allCases.filter { rawValue & $0.bit != 0 } }
    public var isEmpty: Bool { rawValue == 0 }
    public func intersection(_ other: ModeSet) -> ModeSet { ModeSet(rawValue: rawValue & other.rawValue) }
}

/// A set of themes as a bit mask (20 themes fit in 32 bits).
public struct ThemeSet: Sendable, Hashable {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    public init<S: Sequence>(_ themes: S) where S.Element == Theme {
        rawValue = themes.reduce(0) { $0 | (1 << UInt32(Theme.allCases.firstIndex(of: $1)!)) }
    }
    public var themes: [Theme] {
        Theme.allCases.enumerated().filter { rawValue & (1 << UInt32($0.offset)) != 0 }.map(\.element)
    }
    public var count: Int { rawValue.nonzeroBitCount }
    public var isEmpty: Bool { rawValue == 0 }
    public func intersection(_ other: ThemeSet) -> ThemeSet { ThemeSet(rawValue: rawValue & other.rawValue) }
}
