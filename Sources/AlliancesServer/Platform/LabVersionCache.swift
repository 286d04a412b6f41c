/// A value computed from a lab's data (the recommender's pools, the search index), built
/// once per lab `data_version` (every write bumps it in the same transaction). A lab's
/// first build is awaited, concurrent requests sharing it; after a write, requests keep
/// being served the previous value while the new one is built in the background (a build
/// takes seconds for 100,000 organisations). Callers that must see their own write at once
/// pass `fresh: true`.
actor LabVersionCache<Value: Sendable> {
    private var values: [Int: (version: Int, value: Value)] = [:]
    private var building: [Int: (version: Int, task: Task<Value, any Error>)] = [:]

    func value(for lab: Lab, fresh: Bool = false, build: @escaping @Sendable () async throws -> Value) async throws -> Value {
        let current = values[lab.id]
        if let current, current.version >= lab.dataVersion { return current.value }
        let labID = lab.id, version = lab.dataVersion
        if let inFlight = building[labID], inFlight.version >= version {
            if let current, !fresh { return current.value }
            return try await inFlight.task.value
        }
        let task = Task<Value, any Error> { try await build() }
        building[labID] = (version, task)
        if let current, !fresh {
            Task { _ = try? await self.finish(labID: labID, version: version, task: task) }
            return current.value
        }
        return try await finish(labID: labID, version: version, task: task)
    }

    private func finish(labID: Int, version: Int, task: Task<Value, any Error>) async throws -> Value {
        defer { if building[labID]?.version == version { building[labID] = nil } }
        let built = try await task.value
        if (values[labID]?.version ?? -1) < version { values[labID] = (version, built) }
        return built
    }
}
