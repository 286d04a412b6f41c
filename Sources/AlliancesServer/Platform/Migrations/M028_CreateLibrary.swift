import SQLKit

/// The experience library. A sheet (`experience_sheets`) keeps its status, visibility and
/// which of its versions is published; each save adds a version (`experience_sheet_versions`,
/// the checked form as JSON), so the history is kept and readers see the last published
/// one while the authors edit the next. `experience_sheet_organisations` lists the
/// organisations of the latest version (who may edit it, "their experiences" on an
/// organisation's page). Review comments are kept per sheet, and its documents (files of
/// the data folder) beside its links. Templates and tools
/// (`library_tools`) have versions whose files live in the data folder, and count downloads.
struct CreateLibrary: Migration {
    let version = 28
    let name = "create-library"

    func prepare(on db: any SQLDatabase, engine: DatabaseEngine) async throws {
        try await ddl(
            [
                """
                CREATE TABLE experience_sheets (
                    id {id},
                    lab_id BIGINT NOT NULL REFERENCES labs(id) ON DELETE CASCADE,
                    status TEXT NOT NULL,
                    visibility TEXT NOT NULL,
                    title TEXT NOT NULL,
                    current_version BIGINT NOT NULL,
                    published_version BIGINT,
                    partnership_id BIGINT REFERENCES partnerships(id) ON DELETE SET NULL,
                    created_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
                    created_at BIGINT NOT NULL,
                    updated_at BIGINT NOT NULL,
                    published_at BIGINT
                )
                """,
                "CREATE INDEX experience_sheets_by_lab ON experience_sheets (lab_id, status)",
                "CREATE INDEX experience_sheets_by_partnership ON experience_sheets (partnership_id)",
                """
                CREATE TABLE experience_sheet_versions (
                    sheet_id BIGINT NOT NULL REFERENCES experience_sheets(id) ON DELETE CASCADE,
                    number BIGINT NOT NULL,
                    body TEXT NOT NULL,
                    saved_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
                    saved_at BIGINT NOT NULL,
                    PRIMARY KEY (sheet_id, number)
                )
                """,
                """
                CREATE TABLE experience_sheet_organisations (
                    sheet_id BIGINT NOT NULL REFERENCES experience_sheets(id) ON DELETE CASCADE,
                    organisation_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
                    PRIMARY KEY (sheet_id, organisation_id)
                )
                """,
                "CREATE INDEX experience_sheet_organisations_by_organisation ON experience_sheet_organisations (organisation_id)",
                """
                CREATE TABLE experience_sheet_comments (
                    id {id},
                    sheet_id BIGINT NOT NULL REFERENCES experience_sheets(id) ON DELETE CASCADE,
                    version BIGINT NOT NULL,
                    author_user_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
                    action TEXT,
                    body TEXT NOT NULL,
                    created_at BIGINT NOT NULL
                )
                """,
                "CREATE INDEX experience_sheet_comments_by_sheet ON experience_sheet_comments (sheet_id, id)",
                """
                CREATE TABLE experience_sheet_documents (
                    id {id},
                    sheet_id BIGINT NOT NULL REFERENCES experience_sheets(id) ON DELETE CASCADE,
                    filename TEXT NOT NULL,
                    stored_name TEXT NOT NULL,
                    content_type TEXT NOT NULL,
                    size BIGINT NOT NULL,
                    sha256 TEXT NOT NULL,
                    uploaded_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
                    uploaded_at BIGINT NOT NULL
                )
                """,
                "CREATE INDEX experience_sheet_documents_by_sheet ON experience_sheet_documents (sheet_id, id)",
                """
                CREATE TABLE library_tools (
                    id {id},
                    lab_id BIGINT NOT NULL REFERENCES labs(id) ON DELETE CASCADE,
                    title TEXT NOT NULL,
                    description TEXT,
                    category TEXT NOT NULL,
                    licence TEXT NOT NULL,
                    visibility TEXT NOT NULL,
                    downloads BIGINT NOT NULL DEFAULT 0,
                    created_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
                    created_at BIGINT NOT NULL,
                    updated_at BIGINT NOT NULL
                )
                """,
                "CREATE INDEX library_tools_by_lab ON library_tools (lab_id, category)",
                """
                CREATE TABLE library_tool_versions (
                    tool_id BIGINT NOT NULL REFERENCES library_tools(id) ON DELETE CASCADE,
                    number BIGINT NOT NULL,
                    note TEXT,
                    filename TEXT NOT NULL,
                    stored_name TEXT NOT NULL,
                    content_type TEXT NOT NULL,
                    size BIGINT NOT NULL,
                    sha256 TEXT NOT NULL,
                    downloads BIGINT NOT NULL DEFAULT 0,
                    uploaded_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
                    uploaded_at BIGINT NOT NULL,
                    PRIMARY KEY (tool_id, number)
                )
                """
            ], on: db, engine: engine)
    }
}
