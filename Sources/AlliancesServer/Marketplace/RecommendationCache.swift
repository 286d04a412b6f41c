import AlliancesCore
import SQLKit

/// The recommender's candidate pools of each lab, built from the database once per lab
/// data version (every directory or listing write bumps it, in the same transaction), so
/// a request only scores. Concurrent requests for a version being built wait for that one
/// build instead of starting their own.
actor RecommendationCache {
    struct Pools: Sendable {
        let version: Int
        let organisations: CandidatePool
        let listings: CandidatePool
    }

    private var pools: [Int: Pools] = [:]
    private var building: [Int: (version: Int, task: Task<Pools, any Error>)] = [:]

    func pools(for lab: Lab, database: Database) async throws -> Pools {
        if let current = pools[lab.id], current.version == lab.dataVersion { return current }
        if let inFlight = building[lab.id], inFlight.version == lab.dataVersion { return try await inFlight.task.value }
        let labID = lab.id, version = lab.dataVersion
        let task = Task<Pools, any Error> {
            let (organisations, listings) = try await database.withConnection { db in
                (try await ListingStore().organisationProfiles(labID: labID, on: db),
                 try await ListingStore().openListings(labID: labID, on: db).map(\.profile))
            }
            return Pools(version: version, organisations: CandidatePool(organisations), listings: CandidatePool(listings))
        }
        building[lab.id] = (version, task)
        defer { if building[lab.id]?.version == version { building[lab.id] = nil } }
        let built = try await task.value
        if (pools[lab.id]?.version ?? -1) < built.version { pools[lab.id] = built }
        return built
    }
}
