import SQLKit

/// How to reach a lab's team (an e-mail address for the team, not a person's, and a web
/// site), shown on its public home page; set by network admins with the lab's other facts.
struct AddLabContact: Migration {
    let version = 38
    let name = "add-lab-contact"

    func prepare(on db: any SQLDatabase, engine: DatabaseEngine) async throws {
        try await ddl(
            ["ALTER TABLE labs ADD COLUMN contact_email TEXT", "ALTER TABLE labs ADD COLUMN website TEXT"], on: db,
            engine: engine)
    }
}
