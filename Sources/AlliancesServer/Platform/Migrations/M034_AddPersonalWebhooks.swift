import SQLKit

/// Webhook subscriptions become a lab's (made by its facilitators, `personal` 0) or a
/// person's own (`personal` 1: told only of what concerns them, listed and managed by them
/// alone, erased with their account).
struct AddPersonalWebhooks: Migration {
    let version = 34
    let name = "add-personal-webhooks"

    func prepare(on db: any SQLDatabase, engine: DatabaseEngine) async throws {
        try await ddl(
            [
                "ALTER TABLE webhook_subscriptions ADD COLUMN personal BIGINT NOT NULL DEFAULT 0",
                "CREATE INDEX webhook_subscriptions_by_owner ON webhook_subscriptions (owner_user_id, personal)"
            ],
            on: db, engine: engine)
    }
}
