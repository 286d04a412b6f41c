import SQLKit

/// Webhooks: a lab's subscriptions (URL, events, signing secret) and, per subscription,
/// one delivery row per event, written in the transaction of the change it announces and
/// kept with its last response: the delivery log and the retry queue in one table.
struct CreateWebhooks: Migration {
    let version = 32
    let name = "create-webhooks"

    func prepare(on db: any SQLDatabase, engine: DatabaseEngine) async throws {
        try await ddl(
            [
                """
                CREATE TABLE webhook_subscriptions (
                    id {id},
                    lab_id BIGINT NOT NULL REFERENCES labs(id),
                    owner_user_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
                    name TEXT NOT NULL,
                    url TEXT NOT NULL,
                    events TEXT NOT NULL,
                    secret TEXT NOT NULL,
                    active BIGINT NOT NULL DEFAULT 1,
                    paused_reason TEXT,
                    created_at BIGINT NOT NULL,
                    deleted_at BIGINT
                )
                """,
                "CREATE INDEX webhook_subscriptions_by_lab ON webhook_subscriptions (lab_id)",
                """
                CREATE TABLE webhook_deliveries (
                    id {id},
                    subscription_id BIGINT NOT NULL REFERENCES webhook_subscriptions(id) ON DELETE CASCADE,
                    event_id TEXT NOT NULL,
                    event_type TEXT NOT NULL,
                    payload TEXT NOT NULL,
                    created_at BIGINT NOT NULL,
                    attempts BIGINT NOT NULL DEFAULT 0,
                    next_attempt_at BIGINT NOT NULL,
                    deadline_at BIGINT NOT NULL,
                    delivered_at BIGINT,
                    given_up_at BIGINT,
                    last_attempt_at BIGINT,
                    last_status BIGINT,
                    last_error TEXT
                )
                """,
                "CREATE INDEX webhook_deliveries_by_subscription ON webhook_deliveries (subscription_id, id)",
                "CREATE INDEX webhook_deliveries_pending ON webhook_deliveries (next_attempt_at) WHERE delivered_at IS NULL AND given_up_at IS NULL"
            ], on: db, engine: engine)
    }
}
