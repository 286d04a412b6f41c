import Foundation

/// Web imports running on their own: progress and outcome by job, for the live progress
/// page. Finished jobs are kept an hour (their result is also in the `imports` table).
actor ImportJobs {
    struct Job: Sendable {
        let lab: Int
        let filename: String
        let kind: ImportRoutes.Kind
        let started: Int
        var progress: ImportProgress?
        var outcome: Result<ImportSummary, ImportError>?
        var importID: Int?
        var finishedAt: Int?
    }

    private var jobs: [String: Job] = [:]

    func start(lab: Int, filename: String, kind: ImportRoutes.Kind) -> String {
        let now = nowSeconds()
        jobs = jobs.filter { $0.value.finishedAt.map { now - $0 < 3600 } ?? true }
        let id = Tokens.random()
        jobs[id] = Job(lab: lab, filename: filename, kind: kind, started: now)
        return id
    }

    func update(_ id: String, _ progress: ImportProgress) {
        guard jobs[id]?.outcome == nil else { return }
        if let old = jobs[id]?.progress, old.bytesRead > progress.bytesRead { return }
        jobs[id]?.progress = progress
    }

    func finish(_ id: String, _ outcome: Result<ImportSummary, ImportError>, importID: Int?) {
        jobs[id]?.outcome = outcome
        jobs[id]?.importID = importID
        jobs[id]?.finishedAt = nowSeconds()
    }

    func get(_ id: String) -> Job? { jobs[id] }
}
