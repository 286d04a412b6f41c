import AlliancesCore
import SQLKit

/// The roles people hold in labs other than their account's own (`lab_roles`, M037).
extension AccountStore {
    struct LabRoleHolder: Sendable {
        let userID: Int
        let name: String
        let email: String
        let role: Role
        let organisationName: String?
        let homeLab: String?
    }

    struct HeldRole: Sendable {
        let role: LabRole
        let labSlug: String
        let labName: String
        let organisationName: String?
    }

    func labRole(userID: Int, labSlug: String, on db: any SQLDatabase) async throws -> LabRole? {
        try await db.raw(
            """
            SELECT r.lab_id, r.role, r.organisation_id FROM lab_roles r JOIN labs l ON l.id = r.lab_id
            WHERE r.user_id = \(bind: userID) AND l.slug = \(bind: labSlug)
            """
        ).first().map(Self.decodeLabRole)
    }

    func labRole(userID: Int, labID: Int, on db: any SQLDatabase) async throws -> LabRole? {
        try await db.raw(
            "SELECT lab_id, role, organisation_id FROM lab_roles WHERE user_id = \(bind: userID) AND lab_id = \(bind: labID)"
        ).first().map(Self.decodeLabRole)
    }

    static func decodeLabRole(_ row: any SQLRow) throws -> LabRole {
        LabRole(
            labID: try row.int("lab_id"), role: try row.code(Role.self, "role", in: "lab_roles"),
            organisationID: try row.optionalInt("organisation_id"))
    }

    /// A person's roles in other labs, for "Mon compte".
    func heldRoles(userID: Int, on db: any SQLDatabase) async throws -> [HeldRole] {
        try await db.raw(
            """
            SELECT r.lab_id, r.role, r.organisation_id, l.slug, l.name AS lab_name, o.name AS organisation_name
            FROM lab_roles r JOIN labs l ON l.id = r.lab_id LEFT JOIN organisations o ON o.id = r.organisation_id
            WHERE r.user_id = \(bind: userID) ORDER BY l.name
            """
        ).all().map {
            HeldRole(
                role: try Self.decodeLabRole($0), labSlug: try $0.string("slug"), labName: try $0.string("lab_name"),
                organisationName: try $0.optionalString("organisation_name"))
        }
    }

    /// The people of other labs holding a role in this one, for its accounts page.
    func labRoleHolders(labID: Int, on db: any SQLDatabase) async throws -> [LabRoleHolder] {
        try await db.raw(
            """
            SELECT u.id, u.name, u.email, r.role, o.name AS organisation_name, h.name AS home_lab
            FROM lab_roles r JOIN users u ON u.id = r.user_id
            LEFT JOIN organisations o ON o.id = r.organisation_id LEFT JOIN labs h ON h.id = u.lab_id
            WHERE r.lab_id = \(bind: labID) ORDER BY u.name, u.id
            """
        ).all().map {
            LabRoleHolder(
                userID: try $0.int("id"), name: try $0.string("name"), email: try $0.string("email"),
                role: try $0.code(Role.self, "role", in: "lab_roles"),
                organisationName: try $0.optionalString("organisation_name"),
                homeLab: try $0.optionalString("home_lab"))
        }
    }

    /// Gives (or changes) a person's role in a lab other than their own.
    func grantLabRole(_ role: LabRole, userID: Int, by grantedBy: Int?, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            INSERT INTO lab_roles (user_id, lab_id, role, organisation_id, granted_by, granted_at)
            VALUES (\(bind: userID), \(bind: role.labID), \(bind: role.role.rawValue), \(bind: role.organisationID), \(bind: grantedBy), \(bind: nowSeconds()))
            ON CONFLICT (user_id, lab_id) DO UPDATE SET role = \(bind: role.role.rawValue), organisation_id = \(bind: role.organisationID),
              granted_by = \(bind: grantedBy), granted_at = \(bind: nowSeconds())
            """
        ).run()
    }

    /// Removes a person's role in a lab; false when they held none there.
    func removeLabRole(userID: Int, labID: Int, on db: any SQLDatabase) async throws -> Bool {
        try await !db.raw(
            "DELETE FROM lab_roles WHERE user_id = \(bind: userID) AND lab_id = \(bind: labID) RETURNING user_id"
        ).all().isEmpty
    }
}
