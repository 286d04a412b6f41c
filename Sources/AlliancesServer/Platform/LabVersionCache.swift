/// A value computed from a lab's data (the recommender's pools, the search index), built
/// once per lab `data_version` (every write bumps it in the same transaction). A lab's
/// first build is awaited, concurrent requests sharing it; after a write, requests keep
/// being served the previous value while the new one is built in the background (a build
/// takes seconds for 100,000 organisations). Callers that must see their own write at once
/// pass `fresh: true`.
///
/// At most one build per lab runs at a time, each holding a whole index: versions that
/// arrive during a build are coalesced into one queued build, started when the running
/// one ends, with the recipe of the latest version asked for. A stream of writes (an
/// import, a registration rush) thus costs at most two builds in flight, never a pile.
/// A failed build is logged and counted (`alliances_background_failures_total{job}`);
/// the previous value keeps serving and the next request tries again.
actor LabVersionCache<Value: Sendable> {
    typealias Build = @Sendable () async throws -> Value

    private var values: [Int: (version: Int, value: Value)] = [:]
    private var running: [Int: (version: Int, task: Task<Value, any Error>)] = [:]
    private var queued: [Int: (version: Int, build: Build, task: Task<Value, any Error>)] = [:]
    /// Builds started since the cache was made (for tests and benchmarks).
    private(set) var buildsStarted = 0
    /// Labs whose last build failed (the readiness check reports them).
    private(set) var failing: Set<Int> = []
    let job: String

    init(job: String = "lab-cache") {
        self.job = job
    }

    func value(for lab: Lab, fresh: Bool = false, build: @escaping Build) async throws -> Value {
        try await value(key: lab.id, version: lab.dataVersion, fresh: fresh, build: build)
    }

    /// The same for a value made of several labs' data (`key` apart from every lab's id,
    /// `version` growing with each of their versions, e.g. their sum).
    func value(key labID: Int, version: Int, fresh: Bool = false, build: @escaping Build) async throws -> Value {
        let current = values[labID]
        if let current, current.version >= version { return current.value }
        let task: Task<Value, any Error>
        if let inFlight = running[labID], inFlight.version >= version {
            task = inFlight.task
        } else if let waiting = queued[labID] {
            // Already queued: it will build the latest version asked for.
            if waiting.version < version { queued[labID] = (version, build, waiting.task) }
            task = waiting.task
        } else if let inFlight = running[labID] {
            let previous = inFlight.task
            task = Task {
                _ = try? await previous.value
                let next = self.promote(labID: labID)
                return try await self.run(labID: labID, version: next.version, build: next.build)
            }
            queued[labID] = (version, build, task)
        } else {
            buildsStarted += 1
            task = Task { try await self.run(labID: labID, version: version, build: build) }
            running[labID] = (version, task)
        }
        if let current, !fresh { return current.value }
        return try await task.value
    }

    /// The queued build becomes the running one (its task is the caller's). Called only by
    /// the task made with the queued entry, once, so the entry is there.
    private func promote(labID: Int) -> (version: Int, build: Build) {
        let next = queued.removeValue(forKey: labID)!
        buildsStarted += 1
        running[labID] = (next.version, next.task)
        return (next.version, next.build)
    }

    private func run(labID: Int, version: Int, build: Build) async throws -> Value {
        defer { if running[labID]?.version == version { running[labID] = nil } }
        do {
            let built = try await build()
            if (values[labID]?.version ?? -1) < version { values[labID] = (version, built) }
            failing.remove(labID)
            return built
        } catch {
            failing.insert(labID)
            BackgroundJob.failed(job, "lab \(labID) at data version \(version)", error)
            throw error
        }
    }
}
