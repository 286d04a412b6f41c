/// The life of a partnership, from the first meeting to its end.
public enum PartnershipStage: String, Sendable, Codable, CaseIterable, Hashable {
    case firstMeeting = "premiere-rencontre"
    case dialogue
    case experimentation
    case agreement = "accord-formel"
    case evaluation
    case renewed = "renouvele"
    case ended = "termine"

    public var label: String {
        switch self {
        case .firstMeeting: "Première rencontre"
        case .dialogue: "Dialogue"
        case .experimentation: "Expérimentation"
        case .agreement: "Accord formalisé"
        case .evaluation: "Évaluation"
        case .renewed: "Renouvelé"
        case .ended: "Terminé"
        }
    }

    /// Whether the barometer counts it as a partnership: from the experimentation on. A
    /// first meeting or a dialogue is a partnership in construction, shown apart; an ended
    /// partnership counts for the days it ran (up to its end date).
    public var isEngaged: Bool {
        switch self {
        case .firstMeeting, .dialogue: false
        case .experimentation, .agreement, .evaluation, .renewed, .ended: true
        }
    }
}

/// Where a partnership came from.
public enum PartnershipOrigin: String, Sendable, Codable, CaseIterable, Hashable {
    case direct
    case introduction = "mise-en-relation"
    case rencontre

    public var label: String {
        switch self {
        case .direct: "Directe"
        case .introduction: "Une mise en relation du labo"
        case .rencontre: "Une rencontre"
        }
    }
}

/// One party as typed: an organisation and its role in the partnership.
public struct PartyInput: Sendable, Codable, Equatable {
    public var organisationId: Int?
    public var role: String?

    public init(organisationId: Int?, role: String?) {
        self.organisationId = organisationId
        self.role = role
    }
}

/// What a person typed into the partnership form (or sent to the API), before checks.
public struct PartnershipInput: Sendable, Codable, Equatable {
    public var title: String?
    public var description: String?
    public var parties: [PartyInput]?
    public var modes: [String]?
    public var themes: [String]?
    public var stage: String?
    public var startDate: String?
    public var endDate: String?
    public var euros: String?
    public var hours: String?
    public var inKind: String?
    public var outcomes: String?
    public var peopleReached: String?
    public var jobs: String?
    public var origin: String?
    public var introductionId: Int?
    public var eventId: Int?

    public init(
        title: String? = nil, description: String? = nil, parties: [PartyInput]? = nil, modes: [String]? = nil,
        themes: [String]? = nil, stage: String? = nil, startDate: String? = nil, endDate: String? = nil,
        euros: String? = nil, hours: String? = nil, inKind: String? = nil, outcomes: String? = nil,
        peopleReached: String? = nil, jobs: String? = nil, origin: String? = nil, introductionId: Int? = nil,
        eventId: Int? = nil
    ) {
        self.title = title
        self.description = description
        self.parties = parties
        self.modes = modes
        self.themes = themes
        self.stage = stage
        self.startDate = startDate
        self.endDate = endDate
        self.euros = euros
        self.hours = hours
        self.inKind = inKind
        self.outcomes = outcomes
        self.peopleReached = peopleReached
        self.jobs = jobs
        self.origin = origin
        self.introductionId = introductionId
        self.eventId = eventId
    }

    enum CodingKeys: String, CodingKey {
        case title, description, parties, modes, themes, stage, startDate, endDate, euros, hours, inKind, outcomes,
            peopleReached, jobs,
            origin, introductionId, eventId
    }

    // The API accepts numbers for the numeric fields as well as strings.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func flexible(_ key: CodingKeys) throws -> String? {
            if let int = try? c.decodeIfPresent(Int.self, forKey: key) { return String(int) }
            return try c.decodeIfPresent(String.self, forKey: key)
        }
        title = try c.decodeIfPresent(String.self, forKey: .title)
        description = try c.decodeIfPresent(String.self, forKey: .description)
        parties = try c.decodeIfPresent([PartyInput].self, forKey: .parties)
        modes = try c.decodeIfPresent([String].self, forKey: .modes)
        themes = try c.decodeIfPresent([String].self, forKey: .themes)
        stage = try c.decodeIfPresent(String.self, forKey: .stage)
        startDate = try c.decodeIfPresent(String.self, forKey: .startDate)
        endDate = try c.decodeIfPresent(String.self, forKey: .endDate)
        euros = try flexible(.euros)
        hours = try flexible(.hours)
        inKind = try c.decodeIfPresent(String.self, forKey: .inKind)
        outcomes = try c.decodeIfPresent(String.self, forKey: .outcomes)
        peopleReached = try flexible(.peopleReached)
        jobs = try flexible(.jobs)
        origin = try c.decodeIfPresent(String.self, forKey: .origin)
        introductionId = try c.decodeIfPresent(Int.self, forKey: .introductionId)
        eventId = try c.decodeIfPresent(Int.self, forKey: .eventId)
    }
}

/// A party of a checked partnership.
public struct Party: Sendable, Equatable, Hashable {
    public var organisationID: Int
    public var role: String

    public init(organisationID: Int, role: String) {
        self.organisationID = organisationID
        self.role = role
    }
}

/// A checked partnership. Whether the parties, the introduction and the event exist in
/// the lab is the server's question.
public struct PartnershipDraft: Sendable, Equatable {
    public var title: String
    public var description: String?
    public var parties: [Party]
    public var modes: [PartnershipMode]
    public var themes: [Theme]
    public var stage: PartnershipStage
    public var startDate: String
    public var endDate: String?
    public var euros: Int?
    public var hours: Int?
    public var inKind: String?
    public var outcomes: String?
    public var peopleReached: Int?
    public var jobs: Int?
    public var origin: PartnershipOrigin
    public var introductionID: Int?
    public var eventID: Int?

    public static let maxParties = 12
    public static let maxThemes = 5
    public static let defaultRole = "Partenaire"

    public static func validate(_ input: PartnershipInput) -> Result<PartnershipDraft, ValidationErrors> {
        var errors = ValidationErrors()
        let title = TextRules.check(
            input.title, field: "title", label: "Le titre", required: true, maxLength: 160, minLength: 3, into: &errors)
        let description = TextRules.check(
            input.description, field: "description", label: "La description", required: false, maxLength: 5000,
            multiline: true, into: &errors)
        let inKind = TextRules.check(
            input.inKind, field: "inKind", label: "La description de l'apport en nature", required: false,
            maxLength: 500, into: &errors)
        let outcomes = TextRules.check(
            input.outcomes, field: "outcomes", label: "Les résultats", required: false, maxLength: 5000,
            multiline: true, into: &errors)

        var parties: [Party] = []
        var seen = Set<Int>()
        for (index, party) in (input.parties ?? []).enumerated() {
            let role = TextRules.check(
                party.role, field: "parties", label: "Le rôle de la partie \(index + 1)", required: false,
                maxLength: 120, into: &errors)
            guard let id = party.organisationId else {
                if role != nil { errors.add("parties", "La partie \(index + 1) a un rôle mais pas d'organisation.") }
                continue
            }
            guard id > 0 else {
                errors.add("parties", "Numéro d'organisation invalide pour la partie \(index + 1)."); continue
            }
            guard seen.insert(id).inserted else {
                errors.add("parties", "Une même organisation figure deux fois parmi les parties."); continue
            }
            parties.append(Party(organisationID: id, role: role ?? defaultRole))
        }
        if parties.count < 2 && errors.message(for: "parties") == nil {
            errors.add("parties", "Un partenariat réunit au moins deux organisations différentes.")
        }
        if parties.count > maxParties { errors.add("parties", "Au plus \(maxParties) parties.") }

        let modes = TextRules.codes(
            input.modes, as: PartnershipMode.self, field: "modes", unknown: "Mode de partenariat inconnu",
            max: PartnershipMode.allCases.count, maxMessage: "", into: &errors)
        if modes.isEmpty && errors.message(for: "modes") == nil {
            errors.add("modes", "Choisissez au moins un mode de partenariat.")
        }
        let themes = TextRules.codes(
            input.themes, as: Theme.self, field: "themes", unknown: "Thème inconnu", max: maxThemes,
            maxMessage: "Choisissez au plus \(maxThemes) thèmes.", into: &errors)

        var stage = PartnershipStage.firstMeeting
        if let raw = TextRules.clean(input.stage) {
            if let value = PartnershipStage(rawValue: raw) {
                stage = value
            } else {
                errors.add("stage", "Étape inconnue : « \(raw.prefix(40)) ».")
            }
        }
        let start = ListingDraft.date(input.startDate, field: "startDate", label: "La date de début", into: &errors)
        if start == nil && errors.message(for: "startDate") == nil {
            errors.add("startDate", "La date de début (ou de première rencontre) est obligatoire.")
        }
        let end = ListingDraft.date(input.endDate, field: "endDate", label: "La date de fin", into: &errors)
        if let start, let end, end < start { errors.add("endDate", "La date de fin doit suivre la date de début.") }
        if stage == .ended && end == nil && errors.message(for: "endDate") == nil {
            errors.add("endDate", "Un partenariat terminé a une date de fin.")
        }
        let euros = ListingDraft.integer(
            input.euros, field: "euros", label: "Le montant", range: 0...1_000_000_000, unit: "euros", into: &errors)
        let hours = ListingDraft.integer(
            input.hours, field: "hours", label: "Le nombre d'heures", range: 0...10_000_000, unit: "heures",
            into: &errors)
        let people = ListingDraft.integer(
            input.peopleReached, field: "peopleReached", label: "Le nombre de personnes touchées",
            range: 0...100_000_000, unit: "personnes", into: &errors)
        let jobs = ListingDraft.integer(
            input.jobs, field: "jobs", label: "Le nombre d'emplois", range: 0...1_000_000, unit: "emplois",
            into: &errors)

        var origin = PartnershipOrigin.direct
        if let raw = TextRules.clean(input.origin) {
            if let value = PartnershipOrigin(rawValue: raw) {
                origin = value
            } else {
                errors.add("origin", "Origine inconnue : « \(raw.prefix(40)) ».")
            }
        }
        if origin == .introduction && input.introductionId == nil {
            errors.add("introductionId", "Indiquez la mise en relation dont le partenariat est issu.")
        }
        if origin == .rencontre && input.eventId == nil {
            errors.add("eventId", "Indiquez la rencontre dont le partenariat est issu.")
        }
        guard errors.isEmpty, let title, let start else { return .failure(errors) }
        return .success(
            PartnershipDraft(
                title: title, description: description, parties: parties, modes: modes, themes: themes, stage: stage,
                startDate: start, endDate: end, euros: euros, hours: hours, inKind: inKind, outcomes: outcomes,
                peopleReached: people, jobs: jobs, origin: origin,
                introductionID: origin == .introduction ? input.introductionId : nil,
                eventID: origin == .rencontre ? input.eventId : nil))
    }
}

/// Who may see and manage partnerships: the lab's facilitators all of them, a member the
/// ones their organisation is a party to. Visitors see the barometer's aggregates only.
extension Permissions {
    public static func canSeePartnership(_ viewer: Viewer?, labID: Int, parties: [Int]) -> Bool {
        if isFacilitator(viewer, ofLab: labID) { return true }
        guard let viewer, viewer.role == .member, viewer.labID == labID, let own = viewer.organisationID else {
            return false
        }
        return parties.contains(own)
    }

    public static func canEditPartnership(_ viewer: Viewer?, labID: Int, parties: [Int]) -> Bool {
        canSeePartnership(viewer, labID: labID, parties: parties)
    }

    /// A member records partnerships their organisation is a party to.
    public static func canCreatePartnership(_ viewer: Viewer?, labID: Int) -> Bool {
        if isFacilitator(viewer, ofLab: labID) { return true }
        guard let viewer, viewer.role == .member, viewer.labID == labID else { return false }
        return viewer.organisationID != nil
    }

    /// A member answers the yearly survey for their organisation; facilitators for any.
    public static func canAnswerSurvey(_ viewer: Viewer?, labID: Int, organisationID: Int) -> Bool {
        canEditOrganisation(viewer, labID: labID, organisationID: organisationID)
    }

    /// The national reference figures are the network's: its admins edit them.
    public static func canEditReferences(_ viewer: Viewer?) -> Bool {
        viewer?.role == .admin
    }
}
