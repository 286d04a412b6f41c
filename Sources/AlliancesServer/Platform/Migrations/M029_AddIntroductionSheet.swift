import SQLKit

/// The experience sheet an introduction was asked from ("ask the authors"), so that once
/// both sides accept, the page names the person the sheet designates as its contact. A
/// deleted sheet leaves the introduction without it.
struct AddIntroductionSheet: Migration {
    let version = 29
    let name = "add-introduction-sheet"

    func prepare(on db: any SQLDatabase, engine: DatabaseEngine) async throws {
        try await ddl(
            [
                "ALTER TABLE introductions ADD COLUMN sheet_id BIGINT REFERENCES experience_sheets(id) ON DELETE SET NULL"
            ],
            on: db, engine: engine)
    }
}
