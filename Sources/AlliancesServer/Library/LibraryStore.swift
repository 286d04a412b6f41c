import AlliancesCore
import Foundation
import SQLKit

/// An experience sheet as stored: its state, not its content (that is in its versions).
struct ExperienceSheet: Sendable, Equatable {
    let id: Int
    let labID: Int
    let status: SheetStatus
    let visibility: SheetVisibility
    let title: String
    let currentVersion: Int
    let publishedVersion: Int?
    let partnershipID: Int?
    let createdBy: Int?
    let updatedAt: Int
    let publishedAt: Int?

    /// Whether readers (beyond authors and facilitators) see its published version.
    var showsPublished: Bool { publishedVersion != nil && status != .archived }
}

/// One saved version of a sheet: the checked form, who saved it and when.
struct SheetVersion: Sendable, Equatable {
    let number: Int
    let draft: SheetDraft
    let savedByName: String?
    let savedAt: Int
}

/// A review comment (or the note of a lifecycle step) on a sheet.
struct SheetComment: Sendable, Equatable {
    let id: Int
    let version: Int
    let authorName: String?
    let action: SheetAction?
    let body: String
    let createdAt: Int
}

/// A document attached to a sheet (a file of the data folder, checked and hashed).
struct SheetDocument: Sendable, Equatable {
    let id: Int
    let sheetID: Int
    let filename: String
    let storedName: String
    let contentType: String
    let size: Int
    let uploadedAt: Int
}

/// A template or tool of the library, with its latest version.
struct LibraryTool: Sendable, Equatable {
    let id: Int
    let labID: Int
    let title: String
    let description: String?
    let category: ToolCategory
    let licence: ToolLicence
    let visibility: SheetVisibility
    let downloads: Int
    let latest: ToolVersion?
    let updatedAt: Int
}

struct ToolVersion: Sendable, Equatable {
    let toolID: Int
    let number: Int
    let note: String?
    let filename: String
    let storedName: String
    let contentType: String
    let size: Int
    let sha256: String
    let downloads: Int
    let uploadedAt: Int
}

/// All SQL of the experience library: sheets, their versions, organisations and comments,
/// and the templates and tools with their versions.
struct LibraryStore: Sendable {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()

    static func encode(_ draft: SheetDraft) throws -> String {
        String(decoding: try encoder.encode(draft), as: UTF8.self)
    }

    static func decode(body: String) throws -> SheetDraft {
        try JSONDecoder().decode(SheetDraft.self, from: Data(body.utf8))
    }

    static func decodeSheet(_ row: any SQLRow) throws -> ExperienceSheet {
        ExperienceSheet(
            id: try row.int("id"), labID: try row.int("lab_id"),
            status: try row.code(SheetStatus.self, "status", in: "experience_sheets"),
            visibility: try row.code(SheetVisibility.self, "visibility", in: "experience_sheets"),
            title: try row.string("title"), currentVersion: try row.int("current_version"),
            publishedVersion: try row.optionalInt("published_version"),
            partnershipID: try row.optionalInt("partnership_id"), createdBy: try row.optionalInt("created_by"),
            updatedAt: try row.int("updated_at"), publishedAt: try row.optionalInt("published_at"))
    }

    func sheet(id: Int, labID: Int, on db: any SQLDatabase) async throws -> ExperienceSheet? {
        try await db.raw("SELECT * FROM experience_sheets WHERE id = \(bind: id) AND lab_id = \(bind: labID)").first()
            .map(Self.decodeSheet)
    }

    func version(sheetID: Int, number: Int, on db: any SQLDatabase) async throws -> SheetVersion? {
        try await db.raw(
            """
            SELECT v.number, v.body, v.saved_at, u.name AS saved_by_name FROM experience_sheet_versions v
            LEFT JOIN users u ON u.id = v.saved_by WHERE v.sheet_id = \(bind: sheetID) AND v.number = \(bind: number)
            """
        ).first().map(Self.decodeVersion)
    }

    static func decodeVersion(_ row: any SQLRow) throws -> SheetVersion {
        SheetVersion(
            number: try row.int("number"), draft: try decode(body: try row.string("body")),
            savedByName: try row.optionalString("saved_by_name"), savedAt: try row.int("saved_at"))
    }

    /// Every version of the sheet, the latest first.
    func versions(sheetID: Int, on db: any SQLDatabase) async throws -> [SheetVersion] {
        try await db.raw(
            """
            SELECT v.number, v.body, v.saved_at, u.name AS saved_by_name FROM experience_sheet_versions v
            LEFT JOIN users u ON u.id = v.saved_by WHERE v.sheet_id = \(bind: sheetID) ORDER BY v.number DESC
            """
        ).all().map(Self.decodeVersion)
    }

    func organisations(sheetID: Int, on db: any SQLDatabase) async throws -> Set<Int> {
        Set(
            try await db.raw(
                "SELECT organisation_id FROM experience_sheet_organisations WHERE sheet_id = \(bind: sheetID)"
            ).all().map { try $0.int("organisation_id") })
    }

    func create(
        labID: Int, draft: SheetDraft, partnershipID: Int?, userID: Int?, at now: Int, on db: any SQLDatabase
    ) async throws -> Int {
        let id = try await db.raw(
            """
            INSERT INTO experience_sheets (lab_id, status, visibility, title, current_version, partnership_id, created_by, created_at, updated_at)
            VALUES (\(bind: labID), \(bind: SheetStatus.draft.rawValue), \(bind: draft.visibility.rawValue), \(bind: draft.title), 1, \(bind: partnershipID), \(bind: userID), \(bind: now), \(bind: now))
            RETURNING id
            """
        ).first()!.int("id")
        try await insertVersion(sheetID: id, number: 1, draft: draft, userID: userID, at: now, on: db)
        return id
    }

    private func insertVersion(
        sheetID: Int, number: Int, draft: SheetDraft, userID: Int?, at now: Int, on db: any SQLDatabase
    ) async throws {
        try await db.raw(
            """
            INSERT INTO experience_sheet_versions (sheet_id, number, body, saved_by, saved_at)
            VALUES (\(bind: sheetID), \(bind: number), \(bind: try Self.encode(draft)), \(bind: userID), \(bind: now))
            """
        ).run()
        try await db.raw("DELETE FROM experience_sheet_organisations WHERE sheet_id = \(bind: sheetID)").run()
        for organisation in draft.organisationIDs {
            try await db.raw(
                "INSERT INTO experience_sheet_organisations (sheet_id, organisation_id) VALUES (\(bind: sheetID), \(bind: organisation))"
            ).run()
        }
    }

    /// A new version, saved only if nobody saved one since `sheet` was read (else false):
    /// a submitted sheet stays in review, any other goes back to draft (the published
    /// version stays readable).
    func addVersion(sheet: ExperienceSheet, draft: SheetDraft, userID: Int?, at now: Int, on db: any SQLDatabase)
        async throws -> Bool
    {
        let number = sheet.currentVersion + 1
        let status = sheet.status == .submitted ? SheetStatus.submitted : SheetStatus.draft
        guard
            try await db.raw(
                """
                UPDATE experience_sheets SET current_version = \(bind: number), title = \(bind: draft.title), status = \(bind: status.rawValue), updated_at = \(bind: now)
                WHERE id = \(bind: sheet.id) AND current_version = \(bind: sheet.currentVersion) RETURNING id
                """
            ).first() != nil
        else { return false }
        try await insertVersion(sheetID: sheet.id, number: number, draft: draft, userID: userID, at: now, on: db)
        return true
    }

    /// Moves the sheet from the status and version it was read in to `status` (false if it
    /// changed since); publishing makes its current version the one readers see, with its
    /// visibility.
    func setStatus(
        sheet: ExperienceSheet, to status: SheetStatus, publish: Bool, visibility: SheetVisibility, at now: Int,
        on db: any SQLDatabase
    ) async throws -> Bool {
        let published: SQLQueryString =
            publish
            ? ", published_version = current_version, visibility = \(bind: visibility.rawValue), published_at = \(bind: now)"
            : ""
        return try await db.raw(
            """
            UPDATE experience_sheets SET status = \(bind: status.rawValue), updated_at = \(bind: now)\(published)
            WHERE id = \(bind: sheet.id) AND status = \(bind: sheet.status.rawValue) AND current_version = \(bind: sheet.currentVersion) RETURNING id
            """
        ).first() != nil
    }

    func addComment(
        sheetID: Int, version: Int, userID: Int?, action: SheetAction?, body: String, at now: Int,
        on db: any SQLDatabase
    ) async throws {
        try await db.raw(
            """
            INSERT INTO experience_sheet_comments (sheet_id, version, author_user_id, action, body, created_at)
            VALUES (\(bind: sheetID), \(bind: version), \(bind: userID), \(bind: action?.rawValue), \(bind: body), \(bind: now))
            """
        ).run()
    }

    func comments(sheetID: Int, on db: any SQLDatabase) async throws -> [SheetComment] {
        try await db.raw(
            """
            SELECT c.*, u.name AS author_name FROM experience_sheet_comments c LEFT JOIN users u ON u.id = c.author_user_id
            WHERE c.sheet_id = \(bind: sheetID) ORDER BY c.id
            """
        ).all().map { row in
            SheetComment(
                id: try row.int("id"), version: try row.int("version"),
                authorName: try row.optionalString("author_name"),
                action: try row.optionalString("action").flatMap(SheetAction.init(rawValue:)),
                body: try row.string("body"), createdAt: try row.int("created_at"))
        }
    }

    // MARK: Documents

    static func decodeDocument(_ row: any SQLRow) throws -> SheetDocument {
        SheetDocument(
            id: try row.int("id"), sheetID: try row.int("sheet_id"), filename: try row.string("filename"),
            storedName: try row.string("stored_name"), contentType: try row.string("content_type"),
            size: try row.int("size"), uploadedAt: try row.int("uploaded_at"))
    }

    func documents(sheetID: Int, on db: any SQLDatabase) async throws -> [SheetDocument] {
        try await db.raw("SELECT * FROM experience_sheet_documents WHERE sheet_id = \(bind: sheetID) ORDER BY id")
            .all().map(Self.decodeDocument)
    }

    /// The document, if it is one of this sheet's.
    func document(id: Int, sheetID: Int, on db: any SQLDatabase) async throws -> SheetDocument? {
        try await db.raw(
            "SELECT * FROM experience_sheet_documents WHERE id = \(bind: id) AND sheet_id = \(bind: sheetID)"
        ).first().map(Self.decodeDocument)
    }

    func addDocument(sheetID: Int, file: CheckedUpload, userID: Int?, at now: Int, on db: any SQLDatabase) async throws
    {
        try await db.raw(
            """
            INSERT INTO experience_sheet_documents (sheet_id, filename, stored_name, content_type, size, sha256, uploaded_by, uploaded_at)
            VALUES (\(bind: sheetID), \(bind: file.filename), \(bind: file.storedName), \(bind: file.type.contentType), \(bind: file.bytes), \(bind: file.sha256), \(bind: userID), \(bind: now))
            """
        ).run()
    }

    func deleteDocument(id: Int, on db: any SQLDatabase) async throws {
        try await db.raw("DELETE FROM experience_sheet_documents WHERE id = \(bind: id)").run()
    }

    /// The published version of every sheet of the lab that readers see, for the library's
    /// index, with its organisations' kinds and départements.
    struct Published: Sendable {
        let sheet: ExperienceSheet
        let draft: SheetDraft
    }

    func published(labID: Int, on db: any SQLDatabase) async throws -> [Published] {
        try await published(where: "s.lab_id = \(bind: labID)", on: db)
    }

    /// Every lab's published sheets that the network (or everyone) may read.
    func publishedToNetwork(on db: any SQLDatabase) async throws -> [Published] {
        let shared = [SheetVisibility.network, .everyone].map(\.rawValue)
        return try await published(where: "s.visibility IN (\(binds: shared))", on: db)
    }

    private func published(where condition: SQLQueryString, on db: any SQLDatabase) async throws -> [Published] {
        try await db.raw(
            """
            SELECT s.*, v.body FROM experience_sheets s
            JOIN experience_sheet_versions v ON v.sheet_id = s.id AND v.number = s.published_version
            WHERE \(condition) AND s.status <> \(bind: SheetStatus.archived.rawValue)
            ORDER BY s.id
            """
        ).all().map { Published(sheet: try Self.decodeSheet($0), draft: try Self.decode(body: try $0.string("body"))) }
    }

    /// The sheets of the lab in these statuses (the review queue), the oldest change first.
    func sheets(labID: Int, statuses: [SheetStatus], limit: Int, on db: any SQLDatabase) async throws
        -> [ExperienceSheet]
    {
        guard !statuses.isEmpty else { return [] }
        return try await db.raw(
            """
            SELECT * FROM experience_sheets WHERE lab_id = \(bind: labID) AND status IN (\(binds: statuses.map(\.rawValue)))
            ORDER BY updated_at, id LIMIT \(bind: limit)
            """
        ).all().map(Self.decodeSheet)
    }

    /// Sheets that name one of these organisations, or that this person started.
    func sheets(labID: Int, organisationID: Int?, userID: Int, limit: Int, on db: any SQLDatabase) async throws
        -> [ExperienceSheet]
    {
        try await db.raw(
            """
            SELECT * FROM experience_sheets s WHERE s.lab_id = \(bind: labID) AND (s.created_by = \(bind: userID)
            OR EXISTS (SELECT 1 FROM experience_sheet_organisations o WHERE o.sheet_id = s.id AND o.organisation_id = \(bind: organisationID ?? -1)))
            ORDER BY s.updated_at DESC, s.id DESC LIMIT \(bind: limit)
            """
        ).all().map(Self.decodeSheet)
    }

    /// The sheets that name the organisation (as of their latest version).
    func sheets(organisationID: Int, labID: Int, on db: any SQLDatabase) async throws -> [ExperienceSheet] {
        try await db.raw(
            """
            SELECT s.* FROM experience_sheets s JOIN experience_sheet_organisations o ON o.sheet_id = s.id
            WHERE o.organisation_id = \(bind: organisationID) AND s.lab_id = \(bind: labID) ORDER BY s.published_at DESC, s.id DESC LIMIT 50
            """
        ).all().map(Self.decodeSheet)
    }

    func sheets(partnershipID: Int, labID: Int, on db: any SQLDatabase) async throws -> [ExperienceSheet] {
        try await db.raw(
            """
            SELECT * FROM experience_sheets WHERE partnership_id = \(bind: partnershipID) AND lab_id = \(bind: labID) ORDER BY id
            """
        ).all().map(Self.decodeSheet)
    }

    // MARK: Templates and tools

    private static let toolColumns: SQLQueryString = """
        SELECT t.*, v.number, v.note, v.filename, v.stored_name, v.content_type, v.size, v.sha256, v.downloads AS version_downloads, v.uploaded_at
        FROM library_tools t LEFT JOIN library_tool_versions v ON v.tool_id = t.id
        AND v.number = (SELECT MAX(number) FROM library_tool_versions w WHERE w.tool_id = t.id)
        """

    /// A version read from `library_tool_versions`, or (`joined`) the latest one joined to
    /// its tool by `toolColumns`, where the tool's id and the version's downloads are named
    /// apart from the tool's own.
    static func decodeToolVersion(_ row: any SQLRow, joined: Bool = false) throws -> ToolVersion {
        let downloads = joined ? "version_downloads" : "downloads"
        return ToolVersion(
            toolID: try row.int(joined ? "id" : "tool_id"), number: try row.int("number"),
            note: try row.optionalString("note"), filename: try row.string("filename"),
            storedName: try row.string("stored_name"), contentType: try row.string("content_type"),
            size: try row.int("size"), sha256: try row.string("sha256"), downloads: try row.int(downloads),
            uploadedAt: try row.int("uploaded_at"))
    }

    static func decodeTool(_ row: any SQLRow) throws -> LibraryTool {
        LibraryTool(
            id: try row.int("id"), labID: try row.int("lab_id"), title: try row.string("title"),
            description: try row.optionalString("description"),
            category: try row.code(ToolCategory.self, "category", in: "library_tools"),
            licence: try row.code(ToolLicence.self, "licence", in: "library_tools"),
            visibility: try row.code(SheetVisibility.self, "visibility", in: "library_tools"),
            downloads: try row.int("downloads"),
            latest: try row.optionalInt("number") == nil
                ? nil : try decodeToolVersion(row, joined: true),
            updatedAt: try row.int("updated_at"))
    }

    /// The lab's tools the reader may see (visibility rank at least `reach`'s).
    func tools(labID: Int, reach: SheetVisibility, on db: any SQLDatabase) async throws -> [LibraryTool] {
        let visible = SheetVisibility.allCases.filter { $0.rank >= reach.rank }.map(\.rawValue)
        return try await db.raw(
            Self.toolColumns
                + " WHERE t.lab_id = \(bind: labID) AND t.visibility IN (\(binds: visible)) ORDER BY t.category, t.title, t.id"
        ).all().map(Self.decodeTool)
    }

    /// Other labs' tools shared with the network or with everyone, as far as `reach` goes
    /// (the viewer's reach outside their own lab: network or everyone).
    func sharedTools(besides labID: Int, reach: SheetVisibility, limit: Int, on db: any SQLDatabase) async throws
        -> [LibraryTool]
    {
        let visible = SheetVisibility.allCases.filter { $0.rank >= max(reach.rank, SheetVisibility.network.rank) }
        return try await db.raw(
            Self.toolColumns
                + " WHERE t.lab_id <> \(bind: labID) AND t.visibility IN (\(binds: visible.map(\.rawValue)))"
                + " ORDER BY t.category, t.title, t.id LIMIT \(bind: limit)"
        ).all().map(Self.decodeTool)
    }

    func tool(id: Int, labID: Int, on db: any SQLDatabase) async throws -> LibraryTool? {
        try await db.raw(Self.toolColumns + " WHERE t.id = \(bind: id) AND t.lab_id = \(bind: labID)").first()
            .map(Self.decodeTool)
    }

    func toolVersions(toolID: Int, on db: any SQLDatabase) async throws -> [ToolVersion] {
        try await db.raw(
            "SELECT * FROM library_tool_versions WHERE tool_id = \(bind: toolID) ORDER BY number DESC"
        ).all().map { try Self.decodeToolVersion($0) }
    }

    func toolVersion(toolID: Int, number: Int, on db: any SQLDatabase) async throws -> ToolVersion? {
        try await db.raw(
            "SELECT * FROM library_tool_versions WHERE tool_id = \(bind: toolID) AND number = \(bind: number)"
        ).first().map { try Self.decodeToolVersion($0) }
    }

    func createTool(labID: Int, draft: ToolDraft, userID: Int?, at now: Int, on db: any SQLDatabase) async throws
        -> Int
    {
        try await db.raw(
            """
            INSERT INTO library_tools (lab_id, title, description, category, licence, visibility, created_by, created_at, updated_at)
            VALUES (\(bind: labID), \(bind: draft.title), \(bind: draft.description), \(bind: draft.category.rawValue), \(bind: draft.licence.rawValue), \(bind: draft.visibility.rawValue), \(bind: userID), \(bind: now), \(bind: now))
            RETURNING id
            """
        ).first()!.int("id")
    }

    func updateTool(id: Int, draft: ToolDraft, at now: Int, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            UPDATE library_tools SET title = \(bind: draft.title), description = \(bind: draft.description), category = \(bind: draft.category.rawValue),
            licence = \(bind: draft.licence.rawValue), visibility = \(bind: draft.visibility.rawValue), updated_at = \(bind: now) WHERE id = \(bind: id)
            """
        ).run()
    }

    /// Adds the next version of the tool (numbered after the last one, in the transaction).
    func addToolVersion(
        toolID: Int, note: String?, file: CheckedUpload, userID: Int?, at now: Int, on db: any SQLDatabase
    ) async throws -> Int {
        let number =
            (try await db.raw(
                "SELECT COALESCE(MAX(number), 0) AS n FROM library_tool_versions WHERE tool_id = \(bind: toolID)"
            ).first()?.int("n") ?? 0) + 1
        try await db.raw(
            """
            INSERT INTO library_tool_versions (tool_id, number, note, filename, stored_name, content_type, size, sha256, uploaded_by, uploaded_at)
            VALUES (\(bind: toolID), \(bind: number), \(bind: note), \(bind: file.filename), \(bind: file.storedName), \(bind: file.type.contentType), \(bind: file.bytes), \(bind: file.sha256), \(bind: userID), \(bind: now))
            """
        ).run()
        try await db.raw("UPDATE library_tools SET updated_at = \(bind: now) WHERE id = \(bind: toolID)").run()
        return number
    }

    /// Counts a download, on the tool and on the version.
    func countDownload(toolID: Int, number: Int, on db: any SQLDatabase) async throws {
        try await db.raw(
            "UPDATE library_tool_versions SET downloads = downloads + 1 WHERE tool_id = \(bind: toolID) AND number = \(bind: number)"
        ).run()
        try await db.raw("UPDATE library_tools SET downloads = downloads + 1 WHERE id = \(bind: toolID)").run()
    }

    // MARK: Personal data

    /// The review comments a person wrote (their export).
    func personalRows(userID: Int, on db: any SQLDatabase) async throws -> [any SQLRow] {
        try await db.raw(
            """
            SELECT c.id, s.title AS fiche, c.version, c.action, c.body, c.created_at FROM experience_sheet_comments c
            JOIN experience_sheets s ON s.id = c.sheet_id WHERE c.author_user_id = \(bind: userID) ORDER BY c.id
            """
        ).all()
    }

    /// On erasure the sheets stay (they belong to their organisations): the person's
    /// comments lose their author, and versions and sheets who saved or started them.
    func erase(userID: Int, on db: any SQLDatabase) async throws {
        try await db.raw(
            "UPDATE experience_sheet_comments SET author_user_id = NULL WHERE author_user_id = \(bind: userID)"
        ).run()
        try await db.raw("UPDATE experience_sheet_versions SET saved_by = NULL WHERE saved_by = \(bind: userID)").run()
        try await db.raw("UPDATE experience_sheets SET created_by = NULL WHERE created_by = \(bind: userID)").run()
        try await db.raw(
            "UPDATE experience_sheet_documents SET uploaded_by = NULL WHERE uploaded_by = \(bind: userID)"
        ).run()
        try await db.raw("UPDATE library_tool_versions SET uploaded_by = NULL WHERE uploaded_by = \(bind: userID)")
            .run()
        try await db.raw("UPDATE library_tools SET created_by = NULL WHERE created_by = \(bind: userID)").run()
    }
}
