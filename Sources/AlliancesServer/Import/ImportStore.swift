import AlliancesCore
import SQLKit

/// All SQL of the `imports` table: one row per file imported into a lab, with its summary
/// and where its rejected lines were kept.
struct ImportStore: Sendable {
    struct Entry: Sendable {
        let id: Int
        let kind: String
        let filename: String
        let summaryJSON: String
        let rejected: Int
        let createdAt: Int
    }

    /// The lab's last imports, latest first.
    func history(labID: Int, limit: Int, on db: any SQLDatabase) async throws -> [Entry] {
        try await db.raw(
            """
            SELECT id, kind, filename, summary, rejected, created_at FROM imports WHERE lab_id = \(bind: labID)
            ORDER BY id DESC LIMIT \(unsafeRaw: String(limit))
            """
        ).all().map {
            Entry(
                id: try $0.int("id"), kind: try $0.string("kind"), filename: try $0.string("filename"),
                summaryJSON: try $0.string("summary"), rejected: try $0.int("rejected"),
                createdAt: try $0.int("created_at"))
        }
    }

    func insert(
        labID: Int, userID: Int?, kind: String, filename: String, summaryJSON: String, rejected: Int,
        rejectsPath: String?, on db: any SQLDatabase
    ) async throws -> Int {
        let row = try await db.raw(
            """
            INSERT INTO imports (lab_id, user_id, kind, filename, summary, rejected, rejects_path, created_at)
            VALUES (\(bind: labID), \(bind: userID), \(bind: kind), \(bind: filename), \(bind: summaryJSON), \(bind: rejected), \(bind: rejectsPath), \(bind: nowSeconds()))
            RETURNING id
            """
        ).first()
        return try row?.int("id") ?? 0
    }

    /// Where an import of the lab kept its rejected lines (nil for another lab's import).
    func rejectsPath(importID: Int, labID: Int, on db: any SQLDatabase) async throws -> String? {
        try await db.raw("SELECT rejects_path FROM imports WHERE id = \(bind: importID) AND lab_id = \(bind: labID)")
            .first()?.optionalString("rejects_path")
    }
}
