import AlliancesCore
import SQLKit

/// The recommender's candidate pools of each lab, built from the database once per lab
/// data version (every directory or listing write bumps it, in the same transaction), so
/// a request only scores. A lab's first build is awaited (concurrent requests share it);
/// after a write, requests keep being served from the previous pools while the new ones
/// are built in the background (a build takes seconds for 100,000 organisations, and
/// recommendations a few seconds old are acceptable; pages and counts stay exact).
actor RecommendationCache {
    struct Pools: Sendable {
        let version: Int
        let organisations: CandidatePool
        let listings: CandidatePool
    }

    private var pools: [Int: Pools] = [:]
    private var building: [Int: (version: Int, task: Task<Pools, any Error>)] = [:]

    func pools(for lab: Lab, database: Database) async throws -> Pools {
        let current = pools[lab.id]
        if let current, current.version >= lab.dataVersion { return current }
        if let inFlight = building[lab.id], inFlight.version >= lab.dataVersion {
            if let current { return current }
            return try await inFlight.task.value
        }
        let labID = lab.id, version = lab.dataVersion
        let task = Task<Pools, any Error> {
            let (organisations, listings) = try await database.withConnection { db in
                (try await ListingStore().organisationProfiles(labID: labID, on: db),
                 try await ListingStore().openListings(labID: labID, on: db).map(\.profile))
            }
            return Pools(version: version, organisations: CandidatePool(organisations), listings: CandidatePool(listings))
        }
        building[lab.id] = (version, task)
        if let current {
            Task { _ = try? await self.finish(labID: labID, version: version, task: task) }
            return current
        }
        return try await finish(labID: labID, version: version, task: task)
    }

    @discardableResult
    private func finish(labID: Int, version: Int, task: Task<Pools, any Error>) async throws -> Pools {
        defer { if building[labID]?.version == version { building[labID] = nil } }
        let built = try await task.value
        if (pools[labID]?.version ?? -1) < built.version { pools[labID] = built }
        return built
    }
}
