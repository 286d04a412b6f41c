import SQLKit

/// The account lifecycle and the GDPR rights (docs/PRIVACY.md): deactivated accounts with
/// their reason, revoked invitations, sessions that know their account (to list and close
/// them), single-use links for password resets, e-mail changes and erasures (hashed),
/// an audit log that says from which address and about whom, and each lab's legal pages.
struct AddAccountLifecycle: Migration {
    let version = 24
    let name = "add-account-lifecycle"

    func prepare(on db: any SQLDatabase, engine: DatabaseEngine) async throws {
        try await ddl(
            [
                "ALTER TABLE users ADD COLUMN deactivated_at BIGINT",
                "ALTER TABLE users ADD COLUMN deactivation_reason TEXT",
                "ALTER TABLE invitations ADD COLUMN revoked_at BIGINT",
                "ALTER TABLE sessions ADD COLUMN user_id BIGINT",
                "ALTER TABLE sessions ADD COLUMN created_at BIGINT",
                "ALTER TABLE sessions ADD COLUMN device TEXT",
                "CREATE INDEX sessions_by_user ON sessions (user_id)",
                """
                CREATE TABLE account_tokens (
                    id {id},
                    purpose TEXT NOT NULL,
                    token_hash TEXT NOT NULL UNIQUE,
                    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                    new_email TEXT,
                    created_at BIGINT NOT NULL,
                    expires_at BIGINT NOT NULL,
                    used_at BIGINT
                )
                """,
                "CREATE INDEX account_tokens_by_user ON account_tokens (user_id)",
                "ALTER TABLE audit_log ADD COLUMN address TEXT",
                "ALTER TABLE audit_log ADD COLUMN subject_user_id BIGINT",
                "CREATE INDEX audit_log_by_subject ON audit_log (subject_user_id, at)",
                "CREATE INDEX audit_log_by_time ON audit_log (at)",
                "ALTER TABLE labs ADD COLUMN legal_notice TEXT",
                "ALTER TABLE labs ADD COLUMN privacy_policy TEXT"
            ], on: db, engine: engine)
    }
}
