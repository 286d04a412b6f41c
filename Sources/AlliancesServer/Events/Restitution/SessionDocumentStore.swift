import AlliancesCore
import SQLKit

/// A file attached to a session of a rencontre (slides, photos), kept in the data folder.
struct SessionDocument: Sendable, Equatable, Codable {
    let id: Int
    let sessionID: Int
    let filename: String
    let storedName: String
    let contentType: String
    let size: Int
}

/// All SQL of `session_documents`.
struct SessionDocumentStore: Sendable {
    static func decode(_ row: any SQLRow) throws -> SessionDocument {
        SessionDocument(
            id: try row.int("id"), sessionID: try row.int("session_id"), filename: try row.string("filename"),
            storedName: try row.string("stored_name"), contentType: try row.string("content_type"),
            size: try row.int("size"))
    }

    func documents(eventID: Int, on db: any SQLDatabase) async throws -> [SessionDocument] {
        try await db.raw(
            """
            SELECT d.* FROM session_documents d JOIN event_sessions s ON s.id = d.session_id
            WHERE s.event_id = \(bind: eventID) ORDER BY d.session_id, d.id
            """
        ).all().map(Self.decode)
    }

    func document(id: Int, sessionID: Int, on db: any SQLDatabase) async throws -> SessionDocument? {
        try await db.raw(
            "SELECT * FROM session_documents WHERE id = \(bind: id) AND session_id = \(bind: sessionID)"
        ).first().map(Self.decode)
    }

    func add(
        sessionID: Int, filename: String, storedName: String, contentType: String, size: Int, sha256: String,
        userID: Int?, on db: any SQLDatabase
    ) async throws {
        try await db.raw(
            """
            INSERT INTO session_documents (session_id, filename, stored_name, content_type, size, sha256, uploaded_by, uploaded_at)
            VALUES (\(bind: sessionID), \(bind: filename), \(bind: storedName), \(bind: contentType), \(bind: size), \(bind: sha256),
              \(bind: userID), \(bind: nowSeconds()))
            """
        ).run()
    }

    func delete(id: Int, on db: any SQLDatabase) async throws {
        try await db.raw("DELETE FROM session_documents WHERE id = \(bind: id)").run()
    }
}
