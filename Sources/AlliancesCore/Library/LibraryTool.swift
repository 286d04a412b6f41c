/// The library's templates and tools: documents people reuse (agreements, charters,
/// evaluation grids), each with its versions, its licence and how often it is downloaded.
public enum ToolCategory: String, Sendable, Codable, CaseIterable, Hashable {
    case partnershipAgreement = "convention-partenariat"
    case skillsAgreement = "convention-mecenat-competences"
    case charter = "charte"
    case evaluationGrid = "grille-evaluation"
    case other = "autre"

    public var label: String {
        switch self {
        case .partnershipAgreement: "Convention de partenariat"
        case .skillsAgreement: "Convention de mécénat de compétences"
        case .charter: "Charte"
        case .evaluationGrid: "Grille d'évaluation"
        case .other: "Autre outil"
        }
    }
}

/// The licences a tool may be shared under (public, well-known licences, and "all rights
/// reserved" for documents only lent to the network).
public enum ToolLicence: String, Sendable, Codable, CaseIterable, Hashable {
    case ccBy = "cc-by-4.0"
    case ccBySa = "cc-by-sa-4.0"
    case cc0 = "cc0-1.0"
    case etalab = "licence-ouverte-2.0"
    case reserved = "tous-droits-reserves"

    public var label: String {
        switch self {
        case .ccBy: "Creative Commons Attribution 4.0 (CC BY 4.0)"
        case .ccBySa: "Creative Commons Attribution – Partage dans les mêmes conditions 4.0 (CC BY-SA 4.0)"
        case .cc0: "Domaine public (CC0 1.0)"
        case .etalab: "Licence Ouverte 2.0 (Etalab)"
        case .reserved: "Tous droits réservés (usage au sein du réseau)"
        }
    }

    public var shortLabel: String {
        switch self {
        case .ccBy: "CC BY 4.0"
        case .ccBySa: "CC BY-SA 4.0"
        case .cc0: "CC0 1.0"
        case .etalab: "Licence Ouverte 2.0"
        case .reserved: "Tous droits réservés"
        }
    }
}

public struct ToolInput: Sendable, Equatable {
    public var title: String?
    public var description: String?
    public var category: String?
    public var licence: String?
    public var visibility: String?

    public init(
        title: String? = nil, description: String? = nil, category: String? = nil, licence: String? = nil,
        visibility: String? = nil
    ) {
        (self.title, self.description, self.category, self.licence, self.visibility) = (
            title, description, category, licence, visibility
        )
    }
}

public struct ToolDraft: Sendable, Equatable {
    public let title: String
    public let description: String?
    public let category: ToolCategory
    public let licence: ToolLicence
    public let visibility: SheetVisibility

    public static func validate(_ input: ToolInput) -> Result<ToolDraft, ValidationErrors> {
        var errors = ValidationErrors()
        let title = TextRules.check(
            input.title, field: "title", label: "Le titre", required: true, maxLength: 160, into: &errors)
        let description = TextRules.check(
            input.description, field: "description", label: "La description", required: false, maxLength: 2_000,
            multiline: true, into: &errors)
        let category = TextRules.clean(input.category).flatMap(ToolCategory.init(rawValue:))
        if category == nil { errors.add("category", "Choisissez le type d'outil.") }
        let licence = TextRules.clean(input.licence).flatMap(ToolLicence.init(rawValue:))
        if licence == nil { errors.add("licence", "Choisissez la licence sous laquelle l'outil est partagé.") }
        let visibility = TextRules.clean(input.visibility).flatMap(SheetVisibility.init(rawValue:))
        if visibility == nil {
            errors.add("visibility", "Dites qui peut télécharger l'outil : le labo, le réseau ou tout le monde.")
        }
        guard errors.isEmpty, let title, let category, let licence, let visibility else { return .failure(errors) }
        return .success(
            ToolDraft(
                title: title, description: description, category: category, licence: licence, visibility: visibility))
    }
}

extension Permissions {
    /// The lab's facilitators keep the tools; its members propose sheets, not tools.
    public static func canManageTools(_ viewer: Viewer?, labID: Int) -> Bool { isFacilitator(viewer, ofLab: labID) }

    public static func canReadTool(_ viewer: Viewer?, labID: Int, visibility: SheetVisibility) -> Bool {
        visibility.rank >= SheetVisibility.reach(viewer, labID: labID).rank
    }
}
