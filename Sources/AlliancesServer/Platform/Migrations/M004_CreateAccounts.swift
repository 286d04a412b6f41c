import SQLKit

/// Accounts, invitations, database-backed sessions (shared by every app instance),
/// login attempts for throttling, and the audit log.
struct CreateAccounts: Migration {
    let version = 4
    let name = "create-accounts"

    func prepare(on db: any SQLDatabase, engine: DatabaseEngine) async throws {
        try await ddl(
            [
                """
                CREATE TABLE users (
                    id {id},
                    email TEXT NOT NULL UNIQUE,
                    name TEXT NOT NULL,
                    password_hash TEXT NOT NULL,
                    role TEXT NOT NULL,
                    lab_id BIGINT REFERENCES labs(id) ON DELETE CASCADE,
                    organisation_id BIGINT REFERENCES organisations(id) ON DELETE SET NULL,
                    created_at BIGINT NOT NULL,
                    last_login_at BIGINT
                )
                """,
                """
                CREATE TABLE invitations (
                    id {id},
                    token_hash TEXT NOT NULL UNIQUE,
                    email TEXT NOT NULL,
                    role TEXT NOT NULL,
                    lab_id BIGINT REFERENCES labs(id) ON DELETE CASCADE,
                    organisation_id BIGINT REFERENCES organisations(id) ON DELETE CASCADE,
                    invited_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
                    created_at BIGINT NOT NULL,
                    expires_at BIGINT NOT NULL,
                    accepted_at BIGINT
                )
                """,
                "CREATE INDEX invitations_by_lab ON invitations (lab_id, created_at)",
                """
                CREATE TABLE sessions (
                    session_key TEXT PRIMARY KEY,
                    value TEXT NOT NULL,
                    expires_at BIGINT
                )
                """,
                "CREATE INDEX sessions_by_expiry ON sessions (expires_at)",
                """
                CREATE TABLE login_attempts (
                    id {id},
                    email TEXT NOT NULL,
                    address TEXT NOT NULL,
                    attempted_at BIGINT NOT NULL
                )
                """,
                "CREATE INDEX login_attempts_by_email ON login_attempts (email, attempted_at)",
                "CREATE INDEX login_attempts_by_address ON login_attempts (address, attempted_at)",
                """
                CREATE TABLE audit_log (
                    id {id},
                    at BIGINT NOT NULL,
                    user_id BIGINT,
                    lab_id BIGINT,
                    action TEXT NOT NULL,
                    target TEXT NOT NULL
                )
                """,
                "CREATE INDEX audit_log_by_lab ON audit_log (lab_id, at)"
            ], on: db, engine: engine)
    }
}
