import AlliancesCore
import Foundation
import Logging
import Metrics
import ServiceLifecycle
import Synchronization

/// What the scheduled backups did last, for the network admins' page: a failure is shown
/// there until a backup succeeds again (the log and /metrics have it too).
final class BackupMonitor: Sendable {
    struct Failure: Sendable, Equatable {
        let at: Int
        let message: String
    }

    private let failure = Mutex<Failure?>(nil)

    var lastFailure: Failure? { failure.withLock { $0 } }

    func failed(at: Int, _ error: any Error) {
        let message = SecretRedaction.redact(String(describing: error)).prefix(400)
        failure.withLock { $0 = Failure(at: at, message: String(message)) }
    }

    func succeeded() { failure.withLock { $0 = nil } }
}

/// The archives in a backup folder, newest first. Only complete archives carry the name
/// `alliances-YYYYMMDD-HHMMSS.tar.gz` (a backup in progress is `….partial`), so the newest
/// one is the last good backup.
public enum BackupCatalogue {
    public struct Entry: Sendable, Equatable {
        public let name: String
        public let path: String
        public let createdAt: Int
        public let bytes: Int
    }

    static let prefix = "alliances-"
    static let suffix = ".tar.gz"

    public static func name(at seconds: Int) -> String { prefix + BackupService.stamp(seconds) + suffix }

    public static func list(_ directory: String) -> [Entry] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        let formatter = BackupService.stampFormatter()
        return names.compactMap { name -> Entry? in
            guard name.hasPrefix(prefix), name.hasSuffix(suffix),
                let date = formatter.date(from: String(name.dropFirst(prefix.count).dropLast(suffix.count)))
            else { return nil }
            let path = (directory as NSString).appendingPathComponent(name)
            let bytes = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int ?? 0
            return Entry(name: name, path: path, createdAt: Int(date.timeIntervalSince1970), bytes: bytes)
        }.sorted { $0.createdAt > $1.createdAt }
    }

    /// Deletes all but the `keep` newest archives; returns the names deleted.
    @discardableResult
    public static func prune(_ directory: String, keep: Int) -> [String] {
        var removed: [String] = []
        for entry in list(directory).dropFirst(max(1, keep))
        where (try? FileManager.default.removeItem(atPath: entry.path)) != nil {
            removed.append(entry.name)
        }
        return removed
    }
}

/// Takes a backup every `schedule.every` seconds into `schedule.directory` while the server
/// runs, keeps the `schedule.keep` newest, and says so: each backup is logged, counted in
/// `alliances_backups_total`, its time in `alliances_backup_last_success_timestamp_seconds`;
/// a failure is logged and counted as a background failure (`job="backup"`) and tried
/// again fifteen minutes later. The first backup is due `every` after the newest archive
/// in the folder, so restarts do not pile up backups.
struct ScheduledBackupService: Service {
    let database: Database
    let dataDirectory: String
    let schedule: BackupSchedule
    let logger: Logger
    var monitor = BackupMonitor()

    func run() async throws {
        // `serve` checked the folder at start; should it go meanwhile, each round says so
        // (a failed backup) rather than stopping the server.
        try? FileManager.default.createDirectory(atPath: schedule.directory, withIntermediateDirectories: true)
        if let last = BackupCatalogue.list(schedule.directory).first {
            Gauge(label: "alliances_backup_last_success_timestamp_seconds").record(last.createdAt)
        }
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            let now = nowSeconds()
            let due = (BackupCatalogue.list(schedule.directory).first?.createdAt ?? 0) + schedule.every
            var wait = due - now
            if wait <= 0 {
                wait = await backUp(now: now) ? schedule.every : min(schedule.every, 900)
            }
            let pause = max(1, wait)
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(pause)) }
        }
    }

    /// One backup now; true when it succeeded.
    func backUp(now: Int) async -> Bool {
        let output = (schedule.directory as NSString).appendingPathComponent(BackupCatalogue.name(at: now))
        let started = ContinuousClock.now
        let service = BackupService(database: database, logger: logger)
        let (dataDirectory, directory) = (self.dataDirectory, schedule.directory)
        let monitor = self.monitor
        let report = await BackgroundJob.run("backup", "into \(directory)") {
            do {
                return try await service.backup(to: output, dataDirectory: dataDirectory, excluding: [directory])
            } catch {
                monitor.failed(at: now, error)
                throw error
            }
        }
        guard let report else {
            Counter(label: "alliances_backups_total", dimensions: [("result", "failed")]).increment()
            return false
        }
        let seconds = (ContinuousClock.now - started).components.seconds
        monitor.succeeded()
        Counter(label: "alliances_backups_total", dimensions: [("result", "ok")]).increment()
        Gauge(label: "alliances_backup_last_success_timestamp_seconds").record(report.manifest.createdAt)
        Gauge(label: "alliances_backup_last_bytes").record(report.bytes)
        let removed = BackupCatalogue.prune(directory, keep: schedule.keep)
        logger.notice(
            "Backup written: \(report.path) (\(report.bytes) bytes, \(report.manifest.rows) rows, \(report.manifest.dataFiles.count) data files, \(seconds) s); \(removed.count) older archive(s) removed"
        )
        return true
    }
}

extension BackupSchedule {
    /// Why `directory` cannot hold the backups of `dataDirectory`, or nil: it must be
    /// creatable and writable, and must not be the data folder itself (each archive would
    /// then be copied into the next one).
    public func problem(dataDirectory: String) -> String? {
        let files = FileManager.default
        func resolved(_ path: String) -> String {
            URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
        }
        if resolved(directory) == resolved(dataDirectory) {
            return "--backup-dir must not be the data folder itself (use a folder beside it, or inside it)."
        }
        do {
            try files.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            return "--backup-dir: cannot create \(directory): \(error.localizedDescription)"
        }
        let probe = (directory as NSString).appendingPathComponent(".alliances-write-test")
        guard files.createFile(atPath: probe, contents: Data()) else {
            return "--backup-dir: \(directory) is not writable by this user."
        }
        try? files.removeItem(atPath: probe)
        return nil
    }
}
