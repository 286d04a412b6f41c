import SQLKit

/// A lab's own colour ("#1d5fa8"), for its pages' header, buttons and links; only colours
/// readable on the pages' background are taken (`LabColour` in Core). NULL: the platform's.
struct AddLabColour: Migration {
    let version = 40
    let name = "add-lab-colour"

    func prepare(on db: any SQLDatabase, engine: DatabaseEngine) async throws {
        try await ddl(["ALTER TABLE labs ADD COLUMN accent_colour TEXT"], on: db, engine: engine)
    }
}
