import AlliancesCore
import SQLKit

extension ListingStore {
    /// Needs and offers of a lab published (not drafts) with a creation time in
    /// [`from`, `to`) (epoch seconds), for the network dashboard.
    func publishedCounts(labID: Int, from: Int, to: Int, on db: any SQLDatabase) async throws
        -> (needs: Int, offers: Int)
    {
        var counts: [ListingKind: Int] = [:]
        for row in try await db.raw(
            """
            SELECT kind, COUNT(*) AS n FROM listings
            WHERE lab_id = \(bind: labID) AND status <> \(bind: ListingStatus.draft.rawValue)
              AND created_at >= \(bind: from) AND created_at < \(bind: to)
            GROUP BY kind
            """
        ).all() {
            counts[try row.code(ListingKind.self, "kind", in: "listings")] = try row.int("n")
        }
        return (counts[.need] ?? 0, counts[.offer] ?? 0)
    }
}
