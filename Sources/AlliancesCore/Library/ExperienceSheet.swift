/// The experience library's domain: what an experience sheet records, its lifecycle and
/// who may do what with it. The server stores each saved version as the JSON of a
/// `SheetDraft`; `ExperienceLibrary` searches the published ones.

/// The four questions of the 2015 afternoon workshops that sheets answer.
public enum ExperienceQuestion: String, Sendable, Codable, CaseIterable, Hashable {
    case knowEachOther = "se-connaitre"
    case shareExperience = "partager-experience"
    case pool = "mettre-en-commun"
    case buildTools = "construire-des-outils"

    public var label: String {
        switch self {
        case .knowEachOther: "Comment mieux se connaître ?"
        case .shareExperience: "Comment organiser le partage d'expérience ?"
        case .pool: "Que mettre en commun ?"
        case .buildTools: "Quels outils construire et développer ensemble ?"
        }
    }
}

/// The four themes of the first round of workshops.
public enum ExperienceTheme: String, Sendable, Codable, CaseIterable, Hashable {
    case scaling = "changer-d-echelle"
    case economicModel = "modele-economique"
    case governance = "gouvernance"
    case mobilisation = "mobiliser"

    public var label: String {
        switch self {
        case .scaling: "Changer d'échelle"
        case .economicModel: "Modèles économiques"
        case .governance: "Gouvernance"
        case .mobilisation: "Mobiliser les acteurs"
        }
    }
}

public enum GovernanceForm: String, Sendable, Codable, CaseIterable, Hashable {
    case informalCommittee = "comite-informel"
    case agreement = "convention"
    case association
    case gie
    case scic
    case foundation = "fondation"
    case other = "autre"

    public var label: String {
        switch self {
        case .informalCommittee: "Comité informel"
        case .agreement: "Convention de partenariat"
        case .association: "Association dédiée"
        case .gie: "Groupement d'intérêt économique (GIE)"
        case .scic: "Société coopérative d'intérêt collectif (SCIC)"
        case .foundation: "Fondation"
        case .other: "Autre forme"
        }
    }
}

public enum ScalingPath: String, Sendable, Codable, CaseIterable, Hashable {
    case notYet = "pas-encore"
    case duplication
    case spinOff = "essaimage"
    case newPartners = "nouveaux-partenaires"
    case merger = "fusion"
    case newTerritory = "nouveau-territoire"

    public var label: String {
        switch self {
        case .notYet: "Pas encore"
        case .duplication: "Duplication"
        case .spinOff: "Essaimage"
        case .newPartners: "Extension à de nouveaux partenaires"
        case .merger: "Fusion"
        case .newTerritory: "Nouveau territoire"
        }
    }
}

public enum SheetVisibility: String, Sendable, Codable, CaseIterable, Hashable {
    case lab = "labo"
    case network = "reseau"
    case everyone = "public"

    public var label: String {
        switch self {
        case .lab: "Le labo"
        case .network: "Le réseau (tous les labos)"
        case .everyone: "Tout le monde"
        }
    }
}

/// A sheet's lifecycle: its authors write a draft and submit it; a facilitator publishes
/// it or sends it back with review comments; a published sheet can be archived (and
/// brought back), or edited again as a new version that goes through review.
public enum SheetStatus: String, Sendable, Codable, CaseIterable, Hashable {
    case draft = "brouillon"
    case submitted = "soumise"
    case published = "publiee"
    case archived = "archivee"

    public var label: String {
        switch self {
        case .draft: "Brouillon"
        case .submitted: "Soumise à relecture"
        case .published: "Publiée"
        case .archived: "Archivée"
        }
    }
}

public enum SheetAction: String, Sendable, Codable, CaseIterable, Hashable {
    case submit = "soumettre"
    case publish = "publier"
    case sendBack = "renvoyer"
    case archive = "archiver"
    case restore = "restaurer"

    /// The status the action leads to from `status`; nil when it does not apply there.
    public func next(from status: SheetStatus) -> SheetStatus? {
        switch (self, status) {
        case (.submit, .draft): .submitted
        case (.publish, .submitted): .published
        case (.sendBack, .submitted): .draft
        case (.archive, .published): .archived
        case (.restore, .archived): .published
        default: nil
        }
    }

    /// Facilitators publish, send back, archive and restore; the authors submit.
    public var needsFacilitator: Bool { self != .submit }
}

/// A result the experience measured: an indicator, its value and when.
public struct SheetResult: Sendable, Equatable, Codable {
    public let indicator: String
    public let value: String
    public let date: String?

    public init(indicator: String, value: String, date: String?) {
        (self.indicator, self.value, self.date) = (indicator, value, date)
    }
}

/// What a person typed into the sheet form, before checks. Lists come one item per line
/// (`timeline`: "AAAA-MM — what happened"; `results`: "indicator ; value ; AAAA-MM-JJ").
public struct SheetInput: Sendable, Equatable {
    public var title: String?
    public var summary: String?
    public var questions: [String]
    public var themes: [String]
    public var modes: [String]
    public var governance: String?
    public var scaling: String?
    public var visibility: String?
    public var context: String?
    public var timeline: String?
    public var economicModel: String?
    public var results: String?
    public var lessons: String?
    /// Where it happened, in words ("Eurométropole de Strasbourg").
    public var territory: String?
    /// The organisations involved and their roles (the partnership form's rows).
    public var parties: [PartyInput]
    /// The organisation "ask the authors" writes to (one of the parties; the first if none).
    public var contactOrganisation: String?
    /// A person of the contact organisation (a directory person's id), named to whoever an
    /// introduction the two sides accepted puts in touch; empty for none in particular.
    public var contactPerson: String?
    /// Documents and links, one per line: "label | https://…" or the address alone.
    public var links: String?

    public init(
        title: String? = nil, summary: String? = nil, questions: [String] = [], themes: [String] = [],
        modes: [String] = [], governance: String? = nil, scaling: String? = nil, visibility: String? = nil,
        context: String? = nil, timeline: String? = nil, economicModel: String? = nil, results: String? = nil,
        lessons: String? = nil, territory: String? = nil, parties: [PartyInput] = [],
        contactOrganisation: String? = nil, contactPerson: String? = nil,
        links: String? = nil
    ) {
        (self.title, self.summary, self.questions, self.themes, self.modes) = (title, summary, questions, themes, modes)
        (self.governance, self.scaling, self.visibility, self.context) = (governance, scaling, visibility, context)
        (self.timeline, self.economicModel, self.results, self.lessons) = (timeline, economicModel, results, lessons)
        (self.territory, self.parties, self.contactOrganisation, self.links) = (
            territory, parties, contactOrganisation, links
        )
        self.contactPerson = contactPerson
    }
}

/// An organisation of the directory involved in an experience, and its role.
public struct SheetParty: Sendable, Equatable, Codable {
    public let organisationID: Int
    public let role: String?

    public init(organisationID: Int, role: String?) { (self.organisationID, self.role) = (organisationID, role) }
}

/// A document or page about the experience, elsewhere on the web.
public struct SheetLink: Sendable, Equatable, Codable {
    public let label: String
    public let url: String

    public init(label: String, url: String) { (self.label, self.url) = (label, url) }
}

/// A sheet form that passed every check; also what a saved version holds (as JSON).
public struct SheetDraft: Sendable, Equatable, Codable {
    public let title: String
    public let summary: String
    public let questions: [ExperienceQuestion]
    public let themes: [ExperienceTheme]
    public let modes: [PartnershipMode]
    public let governance: GovernanceForm?
    public let scaling: ScalingPath
    public let visibility: SheetVisibility
    public let context: String?
    public let timeline: [String]
    public let economicModel: String?
    public let results: [SheetResult]
    public let lessons: String?
    public let territory: String?
    public let parties: [SheetParty]
    public let contactOrganisationID: Int?
    public let links: [SheetLink]
    /// A person of the contact organisation: never shown on the sheet, only in an
    /// introduction both sides accepted (versions saved before it have none).
    public var contactPersonID: Int? = nil

    public static let maxParties = 12
    public static let maxLinks = 10

    public var organisationIDs: [Int] { parties.map(\.organisationID) }

    public static func validate(_ input: SheetInput) -> Result<SheetDraft, ValidationErrors> {
        var errors = ValidationErrors()
        let title = TextRules.check(
            input.title, field: "title", label: "Le titre", required: true, maxLength: 160, into: &errors)
        let summary = TextRules.check(
            input.summary, field: "summary", label: "Le résumé", required: true, maxLength: 1_000, multiline: true,
            into: &errors)
        func codes<T: RawRepresentable>(_ values: [String], _ field: String, _ label: String) -> [T]
        where T.RawValue == String {
            var found: [T] = []
            for value in values {
                guard let code = T(rawValue: value) else {
                    errors.add(field, "\(label) inconnu : « \(value.prefix(40)) ».")
                    return []
                }
                if !found.contains(where: { $0.rawValue == code.rawValue }) { found.append(code) }
            }
            return found
        }
        let questions: [ExperienceQuestion] = codes(input.questions, "questions", "Question")
        let themes: [ExperienceTheme] = codes(input.themes, "themes", "Thème")
        let modes: [PartnershipMode] = codes(input.modes, "modes", "Mode de partenariat")
        if questions.isEmpty && themes.isEmpty && !errors.errors.contains(where: { $0.field == "questions" }) {
            errors.add("questions", "Dites à quelle question ou quel thème la fiche répond (au moins un).")
        }
        let governanceText = TextRules.clean(input.governance)
        let governance = governanceText.flatMap(GovernanceForm.init(rawValue:))
        if governanceText != nil && governance == nil { errors.add("governance", "Forme de gouvernance inconnue.") }
        let scaling = TextRules.clean(input.scaling).map { ScalingPath(rawValue: $0) } ?? ScalingPath.notYet
        if scaling == nil { errors.add("scaling", "Chemin de changement d'échelle inconnu.") }
        let visibility = TextRules.clean(input.visibility).flatMap(SheetVisibility.init(rawValue:))
        if visibility == nil {
            errors.add("visibility", "Dites qui peut lire la fiche : le labo, le réseau ou tout le monde.")
        }
        let context = TextRules.check(
            input.context, field: "context", label: "Le contexte", required: false, maxLength: 8_000, multiline: true,
            into: &errors)
        let economic = TextRules.check(
            input.economicModel, field: "economicModel", label: "Le modèle économique", required: false,
            maxLength: 4_000, multiline: true, into: &errors)
        let lessons = TextRules.check(
            input.lessons, field: "lessons", label: "Les enseignements", required: false, maxLength: 8_000,
            multiline: true, into: &errors)
        let timeline = (input.timeline ?? "").split(whereSeparator: \.isNewline).compactMap {
            TextRules.clean(String($0))
        }
        if timeline.count > 50 || timeline.contains(where: { $0.count > 300 }) {
            errors.add("timeline", "Au plus 50 étapes de 300 caractères chacune.")
        }
        var results: [SheetResult] = []
        for line in (input.results ?? "").split(whereSeparator: \.isNewline) {
            guard let text = TextRules.clean(String(line)) else { continue }
            let parts = text.split(separator: ";", omittingEmptySubsequences: false).map {
                TextRules.clean(String($0))
            }
            guard parts.count >= 2, parts.count <= 3, let indicator = parts[0], let value = parts[1],
                indicator.count <= 200, value.count <= 100
            else {
                errors.add("results", "Résultat illisible : « \(text.prefix(40)) » (indicateur ; valeur ; date).")
                break
            }
            let date = parts.count == 3 ? parts[2] : nil
            if let date, !CalendarDate.isValid(date) {
                errors.add("results", "Date de résultat invalide : « \(date.prefix(20)) » (AAAA-MM-JJ).")
                break
            }
            results.append(SheetResult(indicator: indicator, value: value, date: date))
        }
        let territory = TextRules.check(
            input.territory, field: "territory", label: "Le territoire", required: false, maxLength: 200,
            into: &errors)
        var parties: [SheetParty] = []
        for (index, party) in input.parties.enumerated() {
            let role = TextRules.check(
                party.role, field: "parties", label: "Le rôle de l'organisation \(index + 1)", required: false,
                maxLength: 120, into: &errors)
            guard let id = party.organisationId else {
                if role != nil { errors.add("parties", "L'organisation \(index + 1) a un rôle mais pas de nom.") }
                continue
            }
            guard id > 0 else {
                errors.add("parties", "Numéro d'organisation invalide (ligne \(index + 1))."); continue
            }
            guard !parties.contains(where: { $0.organisationID == id }) else {
                errors.add("parties", "Une même organisation figure deux fois."); continue
            }
            parties.append(SheetParty(organisationID: id, role: role))
        }
        if parties.isEmpty && errors.message(for: "parties") == nil {
            errors.add("parties", "Nommez au moins une organisation qui a mené l'expérience.")
        }
        if parties.count > maxParties { errors.add("parties", "Au plus \(maxParties) organisations.") }
        var contact: Int? = parties.first?.organisationID
        if let text = TextRules.clean(input.contactOrganisation) {
            if let id = Int(text), parties.contains(where: { $0.organisationID == id }) {
                contact = id
            } else {
                errors.add("contactOrganisation", "Le contact doit être l'une des organisations de la fiche.")
            }
        }
        var person: Int?
        if let text = TextRules.clean(input.contactPerson) {
            if let id = Int(text), id > 0 {
                person = id
            } else {
                errors.add("contactPerson", "Personne à contacter invalide : « \(text.prefix(20)) ».")
            }
        }
        var links: [SheetLink] = []
        for line in (input.links ?? "").split(whereSeparator: \.isNewline) {
            guard let text = TextRules.clean(String(line)) else { continue }
            // Empty sides kept: "|" alone is two empty sides, not no side at all.
            let parts = text.split(separator: "|", maxSplits: 1, omittingEmptySubsequences: false).map {
                TextRules.clean(String($0))
            }
            let url = (parts.count == 2 ? parts[1] : parts[0]) ?? ""
            let label = parts.count == 2 ? (parts[0] ?? url) : url
            let lower = url.lowercased()
            guard lower.hasPrefix("https://") || lower.hasPrefix("http://"), url.count <= 500, label.count <= 200,
                !url.contains(where: \.isWhitespace)
            else {
                errors.add("links", "Lien illisible : « \(text.prefix(40)) » (libellé | https://…).")
                break
            }
            links.append(SheetLink(label: label, url: url))
        }
        if links.count > maxLinks { errors.add("links", "Au plus \(maxLinks) liens.") }
        guard errors.isEmpty, let title, let summary, let visibility, let scaling else { return .failure(errors) }
        return .success(
            SheetDraft(
                title: title, summary: summary, questions: questions, themes: themes, modes: modes,
                governance: governance, scaling: scaling, visibility: visibility, context: context,
                timeline: timeline, economicModel: economic, results: results, lessons: lessons,
                territory: territory, parties: parties, contactOrganisationID: contact, links: links,
                contactPersonID: person))
    }

    /// The form's fields for this draft (to edit a saved version).
    public var input: SheetInput {
        SheetInput(
            title: title, summary: summary, questions: questions.map(\.rawValue), themes: themes.map(\.rawValue),
            modes: modes.map(\.rawValue), governance: governance?.rawValue, scaling: scaling.rawValue,
            visibility: visibility.rawValue, context: context, timeline: timeline.joined(separator: "\n"),
            economicModel: economicModel,
            results: results.map { r in ([r.indicator, r.value] + (r.date.map { [$0] } ?? [])).joined(separator: " ; ")
            }
            .joined(separator: "\n"),
            lessons: lessons, territory: territory,
            parties: parties.map { PartyInput(organisationId: $0.organisationID, role: $0.role) },
            contactOrganisation: contactOrganisationID.map(String.init),
            contactPerson: contactPersonID.map(String.init),
            links: links.map { $0.label == $0.url ? $0.url : "\($0.label) | \($0.url)" }.joined(separator: "\n"))
    }
}

extension Permissions {
    /// A sheet's published version is read as its visibility says while the sheet is not
    /// archived (`showsPublished`); everything else (drafts, review, archives) by its
    /// authors (the members of its organisations) and the lab's facilitators.
    public static func canReadSheet(
        _ viewer: Viewer?, labID: Int, authorOrganisations: Set<Int>, showsPublished: Bool,
        visibility: SheetVisibility
    ) -> Bool {
        if canEditSheet(viewer, labID: labID, authorOrganisations: authorOrganisations) { return true }
        guard showsPublished else { return false }
        switch visibility {
        case .everyone: return true
        case .network: return viewer != nil && (viewer?.role == .admin || viewer?.labID != nil)
        case .lab: return isLabMember(viewer, labID: labID)
        }
    }

    /// The lab's facilitators, and the members of an organisation the sheet names.
    public static func canEditSheet(_ viewer: Viewer?, labID: Int, authorOrganisations: Set<Int>) -> Bool {
        if isFacilitator(viewer, ofLab: labID) { return true }
        guard let viewer, viewer.role == .member, viewer.labID == labID, let organisation = viewer.organisationID
        else { return false }
        return authorOrganisations.contains(organisation)
    }

    /// Whether the viewer may take `action` on a sheet (the transition itself is checked by
    /// `SheetAction.next`).
    public static func canTake(_ action: SheetAction, _ viewer: Viewer?, labID: Int, authorOrganisations: Set<Int>)
        -> Bool
    {
        action.needsFacilitator
            ? isFacilitator(viewer, ofLab: labID)
            : canEditSheet(viewer, labID: labID, authorOrganisations: authorOrganisations)
    }
}
