/// A role a person holds in a lab other than their account's own: facilitator there, or
/// member for one of its organisations. Their account keeps its own lab and role; in the
/// other lab's pages they act by this one.
public struct LabRole: Sendable, Equatable, Codable {
    public let labID: Int
    public let role: Role
    public let organisationID: Int?

    public init(labID: Int, role: Role, organisationID: Int?) {
        self.labID = labID
        self.role = role
        self.organisationID = organisationID
    }
}

extension Viewer {
    /// How this person acts in a lab: a network admin, and anyone in their own lab, as their
    /// account says; elsewhere by the role they hold in that lab (`extra`), if any.
    public func acting(inLab labID: Int, extra: LabRole?) -> Viewer {
        guard role != .admin, self.labID != labID, let extra, extra.labID == labID, extra.role != .admin else {
            return self
        }
        return Viewer(userID: userID, role: extra.role, labID: labID, organisationID: extra.organisationID)
    }
}

extension Permissions {
    /// A lab's facilitators (and network admins) give a person of another lab a role in
    /// theirs: facilitator, or member for one of its organisations; never network admin,
    /// never to a network admin (who acts everywhere already) or to a person of this lab
    /// (whose account's role is changed instead).
    public static func canGrantLabRole(_ viewer: Viewer?, role: Role, labID: Int, to person: Viewer) -> Bool {
        guard role != .admin, person.role != .admin, person.labID != labID else { return false }
        return canInvite(viewer, role: role, labID: labID)
    }
}
