import AlliancesCore
@testable import AlliancesServer
import SQLKit
import Testing

@Suite struct MigrationTests {
    @Test(arguments: TestEngine.available)
    func test_migrations_apply_from_empty_then_rerun_as_no_op(engine: TestEngine) async throws {
        try await withTestDatabase(engine, migrate: false) { database in
            let migrator = Migrator(database: database, logger: TestDatabase.logger)
            let first = try await migrator.migrate()
            #expect(first.applied == Migrations.all.map(\.name))
            #expect(first.alreadyApplied == 0)
            let second = try await migrator.migrate()
            #expect(second.applied.isEmpty)
            #expect(second.alreadyApplied == Migrations.all.count)
            #expect(
                try await TestApp.count(database, "SELECT COUNT(*) AS n FROM schema_migrations") == Migrations.all.count
            )
            #expect(try await TestApp.count(database, "SELECT COUNT(*) AS n FROM regions") == 18)
            #expect(try await TestApp.count(database, "SELECT COUNT(*) AS n FROM departements") == 101)
        }
    }

    @Test(arguments: TestEngine.available)
    func test_concurrent_migrations_apply_each_migration_once(engine: TestEngine) async throws {
        try await withTestDatabase(engine, migrate: false) { database in
            try await withThrowingTaskGroup(of: MigrationReport.self) { group in
                for _ in 0..<4 {
                    group.addTask { try await Migrator(database: database, logger: TestDatabase.logger).migrate() }
                }
                var applied = 0
                for try await report in group { applied += report.applied.count }
                #expect(applied == Migrations.all.count)
            }
        }
    }

    @Test(arguments: TestEngine.available)
    func test_a_database_from_a_newer_version_is_refused(engine: TestEngine) async throws {
        try await withTestDatabase(engine) { database in
            try await database.withConnection { db in
                try await db.raw(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'from-the-future', 0)"
                ).run()
            }
            await #expect(throws: DatabaseError.self) {
                try await Migrator(database: database, logger: TestDatabase.logger).migrate()
            }
        }
    }

    @Test(arguments: TestEngine.available)
    func test_demo_loads_once_with_the_pioneers_organisations(engine: TestEngine) async throws {
        try await withTestDatabase(engine) { database in
            let notes = try await DemoLoader.loadIfEmpty(database: database, logger: TestDatabase.logger)
            #expect(notes != nil)
            let again = try await DemoLoader.loadIfEmpty(database: database, logger: TestDatabase.logger)
            #expect(again == nil)
            let total = try await TestApp.count(database, "SELECT COUNT(*) AS n FROM organisations")
            #expect(total == DirectoryDemo.national.count + DirectoryDemo.alsace.count + RegionDemo.organisations.count)
            #expect(total == 53, "the README gives this figure")
            let labs = try await TestApp.count(database, "SELECT COUNT(*) AS n FROM labs")
            #expect(labs == 3, "Alsace, Bretagne and the national network")
            for name in [
                "Fédération Nationale des Caisses d'Epargne", "Le Mouvement Associatif", "Medef", "Avise",
                "Caisse des Dépôts",
                "Centre Français des Fondations", "Commissariat Général à l'Égalité des Territoires", "Alsace Active",
                "Le RAMEAU",
                "Lavéo", "Coordin'Actions", "La Fonda"
            ] {
                _ = try await TestApp.organisationID(database, named: name)
            }
            // Every size class is represented among the Alsatian companies.
            let sizes = try await database.withConnection { db in
                try await db.raw("SELECT DISTINCT size_class FROM organisations WHERE kind = 'entreprise'").all().map {
                    try $0.decode(column: "size_class", as: String.self)
                }
            }
            #expect(Set(sizes) == Set(SizeClass.allCases.map(\.rawValue)))
        }
    }

    @Test(arguments: TestEngine.available)
    func test_synthetic_data_is_generated_in_batches(engine: TestEngine) async throws {
        try await withTestDatabase(engine, demo: true) { database in
            let before = try await TestApp.count(database, "SELECT COUNT(*) AS n FROM organisations")
            try await SyntheticData.generate(count: 1_234, labSlug: "alsace", database: database)
            let after = try await TestApp.count(database, "SELECT COUNT(*) AS n FROM organisations")
            #expect(after - before == 1_234)
            let orphanThemes = try await TestApp.count(
                database,
                "SELECT COUNT(*) AS n FROM organisation_themes t LEFT JOIN organisations o ON o.id = t.organisation_id WHERE o.id IS NULL"
            )
            #expect(orphanThemes == 0)
        }
    }
}
