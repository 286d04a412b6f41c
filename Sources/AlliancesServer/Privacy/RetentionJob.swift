import Logging
import Metrics

/// Applies the retention periods of docs/PRIVACY.md: dietary needs after the event,
/// cancelled or never confirmed guest registrations, audit entries, API tokens expired or
/// revoked more than `apiTokenDays` ago. Run daily by
/// housekeeping (and by tests with a chosen `now`); logs counts, never values, and counts
/// them in `alliances_retention_removed_total{what}`.
public struct RetentionJob: Sendable {
    let database: Database
    let policy: RetentionPolicy
    static let logger = Logger(label: "alliances.retention")

    public init(database: Database, policy: RetentionPolicy) {
        self.database = database
        self.policy = policy
    }

    public struct Report: Sendable, Equatable {
        public var dietary = 0
        public var guestRegistrations = 0
        public var auditEntries = 0
        public var apiTokens = 0
    }

    /// Days an expired or revoked API token stays listed on "Mon compte" (docs/PRIVACY.md).
    public static let apiTokenDays = 90

    @discardableResult
    public func run(now: Int? = nil) async throws -> Report {
        let now = now ?? nowSeconds()
        let report = try await database.transaction { db in
            var report = Report()
            let ended = try await EventStore().endedBefore(now - policy.dietaryDays * 86_400, on: db)
            report.dietary = try await RegistrationStore().clearDietary(eventIDs: ended, on: db)
            report.guestRegistrations = try await RegistrationStore().purgeCancelledGuests(
                before: now - policy.unconfirmedGuestDays * 86_400, on: db)
            report.auditEntries = try await AuditStore().purge(before: now - policy.auditDays * 86_400, on: db)
            report.apiTokens = try await ApiTokenStore().purge(before: now - Self.apiTokenDays * 86_400, on: db)
            return report
        }
        for (what, count) in [
            ("dietary", report.dietary), ("guest_registrations", report.guestRegistrations),
            ("audit_entries", report.auditEntries), ("api_tokens", report.apiTokens)
        ] {
            Counter(label: "alliances_retention_removed_total", dimensions: [("what", what)]).increment(by: count)
        }
        Self.logger.info(
            "Retention applied: \(report.dietary) dietary needs cleared, \(report.guestRegistrations) cancelled guest registrations deleted, \(report.auditEntries) audit entries deleted, \(report.apiTokens) API tokens deleted"
        )
        return report
    }
}
