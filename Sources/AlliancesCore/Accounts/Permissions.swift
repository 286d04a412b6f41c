/// Roles are scoped: a facilitator runs one lab, a member belongs to one organisation.
public enum Role: String, Sendable, Codable, CaseIterable, Hashable {
    case admin
    case facilitator = "facilitateur"
    case member = "membre"

    public var label: String {
        switch self {
        case .admin: "Administrateur du réseau"
        case .facilitator: "Facilitateur du labo"
        case .member: "Membre d'une organisation"
        }
    }
}

/// Who is asking. `nil` everywhere means an anonymous visitor.
public struct Viewer: Sendable, Hashable, Codable {
    public let userID: Int
    public let role: Role
    /// The lab a facilitator runs, or the lab of a member's organisation.
    public let labID: Int?
    public let organisationID: Int?

    public init(userID: Int, role: Role, labID: Int?, organisationID: Int?) {
        self.userID = userID
        self.role = role
        self.labID = labID
        self.organisationID = organisationID
    }
}

/// Every question of the form "may this viewer do that?" for the directory and accounts.
/// Kept in one place, free of HTTP and SQL, so the whole access matrix is testable.
public enum Permissions {
    /// Reference data every lab shares (COG communes, their coordinates, map outlines) is
    /// changed by network admins only; a facilitator imports registers into their lab.
    public static func canImportReferenceData(_ viewer: Viewer?) -> Bool {
        viewer?.role == .admin
    }

    public static func isFacilitator(_ viewer: Viewer?, ofLab labID: Int) -> Bool {
        guard let viewer else { return false }
        switch viewer.role {
        case .admin: return true
        case .facilitator: return viewer.labID == labID
        case .member: return false
        }
    }

    /// An organisation of one lab is listed in another (read-only there) by that other
    /// lab's facilitators (and network admins), who take it out again; its own lab edits it.
    public static func canListOrganisation(_ viewer: Viewer?, ownerLab: Int, inLab labID: Int) -> Bool {
        ownerLab != labID && isFacilitator(viewer, ofLab: labID)
    }

    public static func canCreateOrganisation(_ viewer: Viewer?, inLab labID: Int) -> Bool {
        isFacilitator(viewer, ofLab: labID)
    }

    /// Facilitators edit every organisation of their lab; a member edits their own.
    public static func canEditOrganisation(_ viewer: Viewer?, labID: Int, organisationID: Int) -> Bool {
        if isFacilitator(viewer, ofLab: labID) { return true }
        guard let viewer, viewer.role == .member else { return false }
        return viewer.organisationID == organisationID && viewer.labID == labID
    }

    public static func canDeleteOrganisation(_ viewer: Viewer?, labID: Int, organisationID: Int) -> Bool {
        isFacilitator(viewer, ofLab: labID)
    }

    /// Privacy baseline: a person's e-mail and phone are for the lab's facilitators and the
    /// members of the same organisation only.
    public static func canSeeContactDetails(_ viewer: Viewer?, labID: Int, organisationID: Int) -> Bool {
        canEditOrganisation(viewer, labID: labID, organisationID: organisationID)
    }

    /// Facilitators invite facilitators of their own lab and members of its organisations;
    /// only a network admin invites admins or people for another lab.
    public static func canInvite(_ viewer: Viewer?, role: Role, labID: Int?) -> Bool {
        guard let viewer else { return false }
        switch viewer.role {
        case .admin: return true
        case .facilitator:
            guard role != .admin, let labID else { return false }
            return viewer.labID == labID
        case .member: return false
        }
    }

    /// Only a network admin creates territory spaces.
    public static func canCreateLab(_ viewer: Viewer?) -> Bool {
        viewer?.role == .admin
    }

    public static func canManageAccounts(_ viewer: Viewer?, ofLab labID: Int) -> Bool {
        isFacilitator(viewer, ofLab: labID)
    }
}

/// Who may see and manage needs, offers and introductions.
extension Permissions {
    /// A member of one of the lab's organisations (or its facilitators).
    public static func isLabMember(_ viewer: Viewer?, labID: Int) -> Bool {
        if isFacilitator(viewer, ofLab: labID) { return true }
        guard let viewer else { return false }
        return viewer.role == .member && viewer.labID == labID
    }

    public static func canManageListing(_ viewer: Viewer?, labID: Int, organisationID: Int) -> Bool {
        canEditOrganisation(viewer, labID: labID, organisationID: organisationID)
    }

    /// Drafts and withdrawn listings are for their organisation and the facilitators;
    /// "members only" listings for the lab's members; public ones for everyone.
    public static func canSeeListing(
        _ viewer: Viewer?, labID: Int, organisationID: Int, status: ListingStatus, visibility: ListingVisibility
    ) -> Bool {
        if canManageListing(viewer, labID: labID, organisationID: organisationID) { return true }
        if status == .draft || status == .withdrawn { return false }
        return visibility == .everyone || isLabMember(viewer, labID: labID)
    }

    /// Recommendations and introductions are the lab's work: facilitators, and members
    /// for their own organisation.
    public static func canSeeRecommendations(_ viewer: Viewer?, labID: Int, organisationID: Int) -> Bool {
        canManageListing(viewer, labID: labID, organisationID: organisationID)
    }

    public static func canProposeIntroduction(_ viewer: Viewer?, labID: Int) -> Bool {
        isFacilitator(viewer, ofLab: labID)
    }

    /// A member asks the lab to introduce their organisation to another.
    public static func canRequestIntroduction(_ viewer: Viewer?, labID: Int) -> Bool {
        guard let viewer, viewer.role == .member, viewer.labID == labID else { return false }
        return viewer.organisationID != nil
    }

    /// The side of an introduction the viewer speaks for, if any.
    public static func side(of viewer: Viewer?, labID: Int, organisationA: Int, organisationB: Int) -> IntroductionSide?
    {
        guard let viewer, viewer.role == .member, viewer.labID == labID, let own = viewer.organisationID else {
            return nil
        }
        if own == organisationA { return .a }
        if own == organisationB { return .b }
        return nil
    }

    /// Facilitators see every introduction of their lab; a side sees it once it has been
    /// proposed (a request is seen only by the side that asked).
    public static func canSeeIntroduction(
        _ viewer: Viewer?, labID: Int, organisationA: Int, organisationB: Int, status: IntroductionStatus
    ) -> Bool {
        if isFacilitator(viewer, ofLab: labID) { return true }
        switch side(of: viewer, labID: labID, organisationA: organisationA, organisationB: organisationB) {
        case .a: return true
        case .b: return status != .requested
        case nil: return false
        }
    }
}

/// Who may manage whose account.
extension Permissions {
    /// A facilitator manages the accounts of their lab (its facilitators and the members of
    /// its organisations), a network admin those of every lab; nobody changes their own
    /// role or deactivates themselves, and admins' accounts are managed from the command line.
    public static func canManageAccount(
        _ viewer: Viewer?, labID: Int, targetUserID: Int, targetRole: Role, targetLabID: Int?
    ) -> Bool {
        guard let viewer, isFacilitator(viewer, ofLab: labID) else { return false }
        guard targetUserID != viewer.userID, targetRole != .admin else { return false }
        return targetLabID == labID
    }

    /// Erasing a person is a network admin's decision (with a reason), or the person's own.
    public static func canErase(_ viewer: Viewer?) -> Bool { viewer?.role == .admin }
}

extension Permissions {
    /// The installation's state (backups, schema, readiness) is the network admins' to see:
    /// they run the server; a lab's facilitators do not.
    public static func canOperate(_ viewer: Viewer?) -> Bool { viewer?.role == .admin }
}
