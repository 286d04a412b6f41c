import SQLKit

/// Whether a lab shows its figures to the other labs on the network dashboard (1) or only
/// to its own facilitators and the network admins (0, the default: a lab opts in).
struct AddLabFigureSharing: Migration {
    let version = 35
    let name = "add-lab-figure-sharing"

    func prepare(on db: any SQLDatabase, engine: DatabaseEngine) async throws {
        try await ddl(["ALTER TABLE labs ADD COLUMN shares_figures BIGINT NOT NULL DEFAULT 0"], on: db, engine: engine)
    }
}
