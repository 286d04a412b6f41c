import AlliancesCore
import SQLKit

extension LibraryStore {
    /// Experience sheets of a lab first published in [`from`, `to`) (epoch seconds) and
    /// published still.
    func publishedCount(labID: Int, from: Int, to: Int, on db: any SQLDatabase) async throws -> Int {
        try await db.raw(
            """
            SELECT COUNT(*) AS n FROM experience_sheets
            WHERE lab_id = \(bind: labID) AND status = \(bind: SheetStatus.published.rawValue)
              AND published_at >= \(bind: from) AND published_at < \(bind: to)
            """
        ).first()?.int("n") ?? 0
    }
}
