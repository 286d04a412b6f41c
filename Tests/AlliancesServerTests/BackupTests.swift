import AlliancesCore
@testable import AlliancesServer
import Foundation
import Hummingbird
import HummingbirdTesting
import SQLKit
import Synchronization
import Testing

@Suite struct BackupTests {
    static func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("alliances-backup-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A data folder as the server leaves it: a partnership document and an outbox message.
    static func dataFolder(in root: URL) throws -> URL {
        let data = root.appendingPathComponent("data")
        for (path, text) in [
            ("documents/alsace/convention.pdf", "%PDF-1.4 convention signée"),
            ("outbox/message-1.eml", "Subject: Bienvenue\r\n\r\nBonjour")
        ] {
            let file = data.appendingPathComponent(path)
            try FileManager.default.createDirectory(
                at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: file)
        }
        return data
    }

    /// Where a restore of `database` goes: a new SQLite file, or the same PostgreSQL schema
    /// once dropped (a restore refuses a schema that holds tables).
    static func restoreTarget(_ database: Database, in root: URL) async throws -> (DatabaseLocation, [String]?) {
        switch database.location {
        case .sqlite: return (.sqlite(path: root.appendingPathComponent("restored.sqlite").path), nil)
        case .postgres:
            let schema = try #require(database.searchPath?.first)
            try await database.withConnection { db in try await db.raw("DROP SCHEMA \(ident: schema) CASCADE").run() }
            return (database.location, database.searchPath)
        }
    }

    static func held(_ database: Database) async throws -> (seatsTaken: Int, holding: Int, total: Int) {
        (
            try await TestApp.count(database, "SELECT CAST(COALESCE(SUM(seats_taken), 0) AS BIGINT) AS n FROM events"),
            try await TestApp.count(
                database, "SELECT COUNT(*) AS n FROM registrations WHERE status IN ('confirme', 'propose')"),
            try await TestApp.count(database, "SELECT COUNT(*) AS n FROM registrations")
        )
    }

    /// The issue's test: a backup taken while about 200 registrations a second arrive (and
    /// some are cancelled, promoting the waiting list) restores to a sound database in which
    /// the seats counted equal the registrations holding one.
    @Test(arguments: TestEngine.available)
    func test_a_backup_taken_during_a_registration_rush_restores_consistently(engine: TestEngine) async throws {
        let root = try Self.folder()
        defer { try? FileManager.default.removeItem(at: root) }
        try await withTestDatabase(engine) { database in
            let data = try Self.dataFolder(in: root)
            let event = try await EventTests.event(database, capacity: 120)
            let service = RegistrationService(database: database)
            let started = Atomic(0)
            let rush = Task {
                var made: [Int] = []
                for n in 0..<500 {
                    let begin = ContinuousClock.now
                    let registration = try await EventTests.register(service, event, n)
                    made.append(registration.id)
                    started.store(n + 1, ordering: .relaxed)
                    if n % 7 == 3, let first = made.first {
                        try await service.cancel(registrationID: first, event: event)
                        made.removeFirst()
                    }
                    // About 200 a second: 5 ms each, less the time the registration took.
                    let left = Duration.milliseconds(5) - (ContinuousClock.now - begin)
                    if left > .zero { try await Task.sleep(for: left) }
                }
            }
            while started.load(ordering: .relaxed) < 80 { try await Task.sleep(for: .milliseconds(10)) }
            let archive = root.appendingPathComponent("alliances.tar.gz").path
            let report = try await BackupService(database: database, logger: TestDatabase.logger).backup(
                to: archive, dataDirectory: data.path)
            let during = started.load(ordering: .relaxed)
            try await rush.value
            #expect(during < 500, "the backup ended while registrations still arrived")
            let registrations = try #require(report.manifest.tables["registrations"])
            #expect(registrations >= 80 && registrations <= 500)
            #expect(
                report.manifest.dataFiles.map(\.path).sorted() == [
                    "data/documents/alsace/convention.pdf", "data/outbox/message-1.eml"
                ])
            #expect(report.manifest.schemaVersion == MigrationStatus.latest)
            #expect(!FileManager.default.fileExists(atPath: archive + ".partial"))

            let (location, searchPath) = try await Self.restoreTarget(database, in: root)
            let restoredData = root.appendingPathComponent("restored-data")
            let restore = try await BackupService.restore(
                from: archive, to: location, searchPath: searchPath, dataDirectory: restoredData.path, force: false,
                logger: TestDatabase.logger)
            #expect(restore.movedAside.isEmpty && restore.pendingMigrations == 0)
            #expect(
                try String(contentsOf: restoredData.appendingPathComponent("outbox/message-1.eml"), encoding: .utf8)
                    == "Subject: Bienvenue\r\n\r\nBonjour")

            let restored = try Database(location: location, logger: TestDatabase.logger, searchPath: searchPath)
            try await BackupService.withShutdown(restored) {
                if engine == .sqlite {
                    let integrity = try await restored.withConnection { try await BackupStore().integrityCheck(on: $0) }
                    #expect(integrity == "ok")
                }
                let seats = try await Self.held(restored)
                #expect(seats.total == registrations)
                #expect(seats.seatsTaken == seats.holding, "seat counts equal the registrations holding a seat")
                #expect(seats.holding <= 120)
                #expect(try await restored.withConnection { try await BackupStore().seatMismatches(on: $0) } == 0)
                // The restored database is one the server runs on: nothing to migrate.
                #expect(try await Migrator(database: restored, logger: TestDatabase.logger).status().isCurrent)
            }
        }
    }

    /// A restore changes nothing when it should not happen: a target that holds data
    /// (without --force), a damaged archive, one from a newer version, one of the other engine.
    @Test(arguments: TestEngine.available)
    func test_restore_refuses_occupied_damaged_and_newer_archives(engine: TestEngine) async throws {
        let root = try Self.folder()
        defer { try? FileManager.default.removeItem(at: root) }
        try await withTestDatabase(engine) { database in
            let data = try Self.dataFolder(in: root)
            let service = BackupService(database: database, logger: TestDatabase.logger)
            let archive = root.appendingPathComponent("a.tar.gz").path
            _ = try await service.backup(to: archive, dataDirectory: data.path)
            // Never over an existing file.
            await #expect(throws: BackupFailure.self) { try await service.backup(to: archive, dataDirectory: nil) }

            // Occupied: the live database itself.
            let before = try await TestApp.count(database, "SELECT COUNT(*) AS n FROM schema_migrations")
            do {
                _ = try await BackupService.restore(
                    from: archive, to: database.location, searchPath: database.searchPath, dataDirectory: nil,
                    force: false, logger: TestDatabase.logger)
                Issue.record("a database holding data was replaced without --force")
            } catch let failure as BackupFailure {
                #expect(failure.description.contains("already holds data"))
            }
            #expect(try await TestApp.count(database, "SELECT COUNT(*) AS n FROM schema_migrations") == before)

            // Damaged: one byte of a data file changed inside the archive.
            let work = root.appendingPathComponent("unpacked")
            try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
            try await ExternalCommand.run("/usr/bin/tar", ["-xzf", archive, "-C", work.path])
            try Data("%PDF-1.4 convention signée!".utf8).write(
                to: work.appendingPathComponent("data/documents/alsace/convention.pdf"))
            let damaged = root.appendingPathComponent("damaged.tar.gz").path
            try await ExternalCommand.run("/usr/bin/tar", ["-czf", damaged, "-C", work.path, "."])
            let target = root.appendingPathComponent("target.sqlite").path
            let location: DatabaseLocation = engine == .sqlite ? .sqlite(path: target) : database.location
            do {
                _ = try await BackupService.restore(
                    from: damaged, to: location, dataDirectory: nil, force: true, logger: TestDatabase.logger)
                Issue.record("a damaged archive was restored")
            } catch let failure as BackupFailure {
                #expect(failure.description.contains("does not match its checksum"))
            }
            #expect(!FileManager.default.fileExists(atPath: target))

            // Not an archive at all.
            let junk = root.appendingPathComponent("junk.tar.gz")
            try Data("pas une archive".utf8).write(to: junk)
            await #expect(throws: BackupFailure.self) {
                _ = try await BackupService.restore(
                    from: junk.path, to: location, dataDirectory: nil, force: true, logger: TestDatabase.logger)
            }

            // The other engine's archive.
            let other: DatabaseLocation =
                engine == .sqlite ? .postgres(url: "postgres://nobody@127.0.0.1:1/none") : .sqlite(path: target)
            do {
                _ = try await BackupService.restore(
                    from: archive, to: other, dataDirectory: nil, force: true, logger: TestDatabase.logger)
                Issue.record("an archive of one engine was restored into the other")
            } catch let failure as BackupFailure {
                #expect(failure.description.contains("holds a \(engine.rawValue) database"))
            }

            // From a newer version.
            try await database.withConnection { db in
                try await db.raw(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'from-the-future', 0)"
                ).run()
            }
            let newer = root.appendingPathComponent("newer.tar.gz").path
            _ = try await service.backup(to: newer, dataDirectory: nil)
            do {
                _ = try await BackupService.restore(
                    from: newer, to: location, dataDirectory: nil, force: true, logger: TestDatabase.logger)
                Issue.record("an archive of a newer schema was restored")
            } catch let failure as BackupFailure {
                #expect(failure.description.contains("newer Alliances"))
            }

            // --force on the live database: PostgreSQL's tables are replaced in one
            // transaction (SQLite's file is renamed aside: the next test).
            if engine == .postgres {
                let report = try await BackupService.restore(
                    from: archive, to: database.location, searchPath: database.searchPath, dataDirectory: nil,
                    force: true, logger: TestDatabase.logger)
                #expect(report.manifest.tables["schema_migrations"] == before)
                #expect(try await TestApp.count(database, "SELECT COUNT(*) AS n FROM schema_migrations") == before)
            }
        }
    }

    /// --force keeps what it replaces: the former SQLite file and data folder are renamed.
    @Test func test_a_forced_restore_moves_the_former_files_aside() async throws {
        let root = try Self.folder()
        defer { try? FileManager.default.removeItem(at: root) }
        try await withTestDatabase(.sqlite) { database in
            let data = try Self.dataFolder(in: root)
            let archive = root.appendingPathComponent("a.tar.gz").path
            _ = try await BackupService(database: database, logger: TestDatabase.logger).backup(
                to: archive, dataDirectory: data.path)
            let target = root.appendingPathComponent("live.sqlite").path
            try Data("an older database".utf8).write(to: URL(fileURLWithPath: target))
            let report = try await BackupService.restore(
                from: archive, to: .sqlite(path: target), dataDirectory: data.path, force: true,
                logger: TestDatabase.logger)
            #expect(report.movedAside.count == 2)
            for path in report.movedAside { #expect(FileManager.default.fileExists(atPath: path)) }
            #expect(
                try String(contentsOfFile: try #require(report.movedAside.first), encoding: .utf8)
                    == "an older database")
            #expect(FileManager.default.fileExists(atPath: data.appendingPathComponent("outbox/message-1.eml").path))
        }
    }

    /// An upgrade copies a SQLite database before migrating it; the copy holds the former
    /// schema and goes at a later start; `status()` lists what is pending without changing it.
    @Test func test_an_upgrade_copies_the_sqlite_database_first() async throws {
        try await withTestDatabase(.sqlite, migrate: false) { database in
            let older = Array(Migrations.all.prefix(20))
            try await Migrator(database: database, migrations: older, logger: TestDatabase.logger).migrate()
            let migrator = Migrator(database: database, logger: TestDatabase.logger)
            let status = try await migrator.status()
            #expect(status.schemaVersion == older.last?.version)
            #expect(status.pending.map(\.name) == Migrations.all.dropFirst(20).map(\.name))
            #expect(try await migrator.status() == status, "reading the status changes nothing")

            let copy = try #require(
                try await UpgradeSafety.backupBeforeMigrating(database: database, logger: TestDatabase.logger))
            try await migrator.migrate()
            #expect(try await migrator.status().isCurrent)
            guard case .sqlite(let path) = database.location else { return }
            #expect(UpgradeSafety.copies(of: path) == [copy])
            let former = try Database(location: .sqlite(path: copy), logger: TestDatabase.logger)
            let formerStatus = try await BackupService.withShutdown(former) {
                try await Migrator(database: former, logger: TestDatabase.logger).status()
            }
            #expect(formerStatus.schemaVersion == older.last?.version)
            // Nothing pending now: no copy, and the next start removes the earlier one.
            #expect(
                try await UpgradeSafety.backupBeforeMigrating(database: database, logger: TestDatabase.logger) == nil)
            #expect(UpgradeSafety.removeCopies(of: database.location, logger: TestDatabase.logger) == [copy])
            #expect(UpgradeSafety.copies(of: path).isEmpty)
            for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: copy + suffix) }
        }
    }

    /// The scheduled backup writes an archive, keeps the newest ones, and the network admins'
    /// page shows the last good one; `/ready` answers for a load balancer.
    @Test(arguments: TestEngine.available)
    func test_scheduled_backups_and_the_operations_page(engine: TestEngine) async throws {
        let root = try Self.folder()
        defer { try? FileManager.default.removeItem(at: root) }
        try await withTestDatabase(engine) { database in
            let directory = root.appendingPathComponent("backups").path
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let schedule = BackupSchedule(directory: directory, every: 3600, keep: 2)
            var configuration = TestApp.configuration(database)
            configuration.backups = schedule
            let services = Services(database: database, configuration: configuration)
            let service = ScheduledBackupService(
                database: database, dataDirectory: root.appendingPathComponent("data").path, schedule: schedule,
                logger: TestDatabase.logger, monitor: services.backups)
            let now = nowSeconds()
            for hoursAgo in [3, 2, 1, 0] { #expect(await service.backUp(now: now - hoursAgo * 3600)) }
            let kept = BackupCatalogue.list(directory)
            #expect(kept.map(\.createdAt) == [now, now - 3600], "the two newest are kept")

            let router = buildRouter(services: services, metrics: false)
            let app = Application(router: router, configuration: .init(), logger: TestDatabase.logger)
            try await app.test(.router) { client in
                let ready = try await client.execute(uri: "/ready", method: .get)
                #expect(ready.status == .ok)
                #expect(String(buffer: ready.body).contains("\"status\":\"ready\""))
                let visitor = Browser(client)
                #expect(try await visitor.get("/exploitation").status == .unauthorized)
                let facilitator = try await TestApp.browser(
                    client, database, email: "f@example.org", role: .facilitator, lab: "alsace")
                #expect(try await facilitator.get("/exploitation").status == .forbidden)
                let admin = try await TestApp.browser(client, database, email: "a@example.org", role: .admin)
                let page = try await admin.get("/exploitation")
                #expect(page.status == .ok)
                #expect(page.body.contains("Dernière sauvegarde réussie"))
                #expect(page.body.contains(kept[0].name) && !page.body.contains(BackupCatalogue.name(at: now - 7200)))
                #expect(!page.body.contains("notice-error"), "a backup of the last hour is not late")
                #expect(page.body.contains("Espace libre sur le disque des sauvegardes"))
                // A failed backup (its archive's name is taken) is shown until one succeeds.
                #expect(await service.backUp(now: now) == false)
                let failed = try await admin.get("/exploitation")
                #expect(failed.body.contains("La dernière sauvegarde a échoué"))
                #expect(failed.body.contains("already exists"))
                #expect(await service.backUp(now: now + 1))
                #expect(!(try await admin.get("/exploitation")).body.contains("a échoué"))
            }
        }
    }
}

@Suite struct BackupScheduleTests {
    /// `serve --backup-dir` is checked at start: never the data folder itself (each archive
    /// would be copied into the next), and a folder this user can create and write.
    @Test func test_a_backup_folder_that_cannot_work_is_refused_at_start() throws {
        let root = try BackupTests.folder()
        defer { try? FileManager.default.removeItem(at: root) }
        let data = root.appendingPathComponent("data").path
        #expect(BackupSchedule(directory: data).problem(dataDirectory: data)?.contains("data folder itself") == true)
        #expect(BackupSchedule(directory: data + "/../data/").problem(dataDirectory: data) != nil)
        let file = root.appendingPathComponent("a-file")
        try Data("x".utf8).write(to: file)
        #expect(
            BackupSchedule(directory: file.path + "/backups").problem(dataDirectory: data)?.contains("cannot create")
                == true)
        let fine = root.appendingPathComponent("backups").path
        #expect(BackupSchedule(directory: fine).problem(dataDirectory: data) == nil)
        #expect(FileManager.default.fileExists(atPath: fine))
        #expect(BackupSchedule(directory: data + "/backups").problem(dataDirectory: data) == nil, "inside: excluded")
    }
}
