import AlliancesCore
import SQLKit

/// The recommender's candidate pools of a lab, built from the database once per lab data
/// version (see `LabVersionCache`), so a request only scores.
struct RecommendationPools: Sendable {
    let organisations: CandidatePool
    let listings: CandidatePool

    static func build(labID: Int, database: Database) async throws -> RecommendationPools {
        let (organisations, listings) = try await database.withConnection { db in
            (
                try await ListingStore().organisationProfiles(labID: labID, on: db),
                try await ListingStore().openListings(labID: labID, on: db).map(\.profile)
            )
        }
        return RecommendationPools(organisations: CandidatePool(organisations), listings: CandidatePool(listings))
    }
}
