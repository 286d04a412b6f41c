import AlliancesCore
@testable import AlliancesServer
import Foundation
import SQLKit
import Synchronization
import Testing

/// Fixtures in the exact official formats, with nasty rows.
enum ImportFixtures {
    static let regions =
        "REG,CHEFLIEU,TNCC,NCC,NCCENR,LIBELLE\r\n11,75056,1,ILE DE FRANCE,Île-de-France,Île-de-France\r\n44,67482,0,GRAND EST,Grand Est,Grand Est\r\n93,13055,0,PROVENCE ALPES COTE D AZUR,Provence-Alpes-Côte d'Azur,Provence-Alpes-Côte d'Azur\r\n"

    static let departements =
        "DEP,REG,CHEFLIEU,TNCC,NCC,NCCENR,LIBELLE\n13,93,13055,3,BOUCHES DU RHONE,Bouches-du-Rhône,Bouches-du-Rhône\n67,44,67482,2,BAS RHIN,Bas-Rhin,Bas-Rhin\n75,11,75056,0,PARIS,Paris,Paris\n99,99,99999,0,NULLE PART,Nulle part,Nulle part\n"

    /// 2023+ headers, with a byte-order mark, an arrondissement, a delegated commune and a bad row.
    static let communes2023 =
        "\u{FEFF}TYPECOM,COM,REG,DEP,CTCD,ARR,TNCC,NCC,NCCENR,LIBELLE,CAN,COMPARENT\n"
        + "COM,75056,11,75,75C,751,0,PARIS,Paris,Paris,75ZZ,\n"
        + "ARM,75107,11,75,75C,751,0,PARIS 7E ARRONDISSEMENT,Paris 7e Arrondissement,Paris 7e Arrondissement,,75056\n"
        + "ARM,75111,11,75,75C,751,0,PARIS 11E ARRONDISSEMENT,Paris 11e Arrondissement,Paris 11e Arrondissement,,75056\n"
        + "COM,13055,93,13,13D,132,0,MARSEILLE,Marseille,Marseille,13ZZ,\n"
        + "COM,67482,44,67,6AE,672,0,STRASBOURG,Strasbourg,Strasbourg,6799,\n"
        + "COMD,67495,44,67,6AE,672,0,SUFFELWEYERSHEIM,Suffelweyersheim,Suffelweyersheim,,67999\n"
        + "COM,ABCDE,44,67,6AE,672,0,BIDON,Bidon,Bidon,,\n"

    /// The 2019–2022 lower-case headers.
    static let communes2019 =
        "typecom,com,reg,dep,arr,tncc,ncc,nccenr,libelle,can,comparent\nCOM,68224,44,68,682,0,MULHOUSE,Mulhouse,Mulhouse,6899,\n"

    static let coordinates =
        "code_commune_insee;nom;latitude;longitude\n75056;Paris;48,8566;2,3522\n75107;Paris 7e;48.8565;2.3121\n67999;Inconnue;48.1;7.1\n13055;Marseille;abc;5.37\n"

    static let waldecHeader =
        "id;id_ex;siret;rup_mi;gestion;date_creat;date_decla;date_publi;date_disso;nature;groupement;titre;titre_court;objet;objet_social1;objet_social2;adrs_complement;adrs_numvoie;adrs_repetition;adrs_typevoie;adrs_libvoie;adrs_distrib;adrs_codeinsee;adrs_codepostal;adrs_libcommune;adrg_declarant;adrg_complemid;adrg_complemgeo;adrg_libvoie;adrg_distrib;adrg_codepostal;adrg_achemine;adrg_pays;dir_civilite;siteweb;publiweb;observation;position;maj_time"

    static func waldec(
        id: String, title: String, object: String = "", commune: String, position: String = "A",
        created: String = "2001-02-03", dissolved: String = "0001-01-01", site: String = "", siret: String = ""
    ) -> String {
        func q(_ s: String) -> String {
            s.contains(";") || s.contains("\"") || s.contains("\n")
                ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
        }
        return
            "\(id);;\(siret);;751P;\(created);\(created);\(created);\(dissolved);D;S;\(q(title));;\(q(object));010000;;;5;;RUE;MASSERAN;;\(commune);75007;PARIS;;;;;;;;FRANCE;PF;\(site);0;;\(position);2024-01-01 00:00:00"
    }

    static var rnaRows: [String] {
        [
            waldec(
                id: "W751000001", title: "Les Amis du Quartier",
                object: "Entraide; fêtes \"solidaires\"\net repas partagés", commune: "75107", site: "www.amis.example"),
            waldec(id: "W751000002", title: "Club Dissous", commune: "75111", position: "D", dissolved: "2014-05-01"),
            waldec(id: "W131000003", title: "Association Marseillaise", commune: "13055"),
            waldec(id: "W751000004", title: "Commune Inconnue", commune: "75199"),
            waldec(id: "X12", title: "Numéro Faux", commune: "75107"),
            waldec(id: "W751000005", title: "Sans Date", commune: "75056", created: "0001-01-01")
        ]
    }

    static var rna: String { ([waldecHeader] + rnaRows).joined(separator: "\r\n") }

    static func write(_ text: String, name: String) throws -> String {
        try write(Array(text.utf8), name: name)
    }

    static func write(_ bytes: [UInt8], name: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("alliances-import-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent(name).path
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
        return path
    }

    /// Loads the COG fixtures and returns a lab for Île-de-France.
    static func geography(_ database: Database) async throws -> Lab {
        let importer = RegisterImporter(database: database)
        _ = try await importer.importRegions(path: write(regions, name: "regions.csv"))
        _ = try await importer.importDepartements(path: write(departements, name: "departements.csv"))
        _ = try await importer.importCommunes(path: write(communes2023, name: "communes.csv"), departements: nil)
        return try await database.transaction { db in
            try await LabStore().create(
                slug: "idf", name: "Labo francilien", description: nil, perimeter: .region("11"), regionCode: "11",
                on: db)
        }
    }
}

@Suite struct ImportTests {
    @Test(arguments: TestEngine.available)
    func test_cog_imports_both_header_styles_and_reimport_changes_nothing(engine: TestEngine) async throws {
        try await withTestDatabase(engine) { database in
            let importer = RegisterImporter(database: database)
            let regions = try await importer.importRegions(
                path: ImportFixtures.write(ImportFixtures.regions, name: "r.csv"))
            #expect(
                regions.read == 3 && regions.updated == 0 && regions.unchanged == 3, "reference regions are built in")
            let deps = try await importer.importDepartements(
                path: ImportFixtures.write(ImportFixtures.departements, name: "d.csv"))
            #expect(deps.rejected == 1 && deps.unchanged == 3)
            let path = try ImportFixtures.write(ImportFixtures.communes2023, name: "c.csv")
            let first = try await importer.importCommunes(path: path, departements: nil)
            #expect(first.read == 7)
            #expect(first.created == 5)
            #expect(first.skipped == 1, "the delegated commune")
            #expect(first.rejected == 1)
            let rejects = try String(contentsOfFile: RegisterImporter.rejectsPath(for: path), encoding: .utf8)
            #expect(rejects.hasPrefix("ligne;raison;ligne_brute\r\n"))
            #expect(
                FileManager.default.contents(atPath: RegisterImporter.rejectsPath(for: path))?.prefix(3)
                    == Data([0xEF, 0xBB, 0xBF]), "UTF-8 with a BOM, for Excel")
            #expect(rejects.contains("8;code commune absent ou mal formé;COM,ABCDE"))
            let again = try await importer.importCommunes(path: path, departements: nil)
            #expect(again.created == 0 && again.updated == 0 && again.unchanged == 5)
            let parent = try await database.withConnection { db in
                try await db.raw("SELECT parent_code FROM communes WHERE code = '75107'").first()?.decode(
                    column: "parent_code", as: String.self)
            }
            #expect(parent == "75056")
            let old = try await importer.importCommunes(
                path: ImportFixtures.write(ImportFixtures.communes2019, name: "c2019.csv"),
                departements: Perimeter(departementCodes: ["68"]))
            #expect(old.created == 1)
            let coords = try await importer.importCoordinates(
                path: ImportFixtures.write(ImportFixtures.coordinates, name: "xy.csv"), columns: .init())
            #expect(coords.updated == 2 && coords.rejected == 2)
            #expect(
                try await TestApp.count(database, "SELECT COUNT(*) AS n FROM communes WHERE latitude IS NOT NULL") == 2)
        }
    }

    @Test(arguments: TestEngine.available)
    func test_a_file_with_a_wrong_header_fails_at_once_naming_the_missing_columns(engine: TestEngine) async throws {
        try await withTestDatabase(engine) { database in
            let path = try ImportFixtures.write("code;nom\n1;x\n", name: "bad.csv")
            do {
                _ = try await RegisterImporter(database: database).importCommunes(path: path, departements: nil)
                Issue.record("expected a failure")
            } catch let error as ImportError {
                #expect(error.description.contains("missing column(s) TYPECOM, COM, DEP, LIBELLE"))
            }
        }
    }

    /// A rejected line is written back as typed, but a line that starts like a formula cannot
    /// run when the rejects file is opened in Excel.
    @Test(arguments: TestEngine.available)
    func test_rejected_lines_are_neutralised_in_the_rejects_file(engine: TestEngine) async throws {
        try await withTestDatabase(engine) { database in
            let lab = try await ImportFixtures.geography(database)
            let rows = [
                ImportFixtures.waldec(id: "=1+1", title: "Piège", commune: "75107"),
                ImportFixtures.waldec(id: "@SUM(1+1)", title: "Piège 2", commune: "75107")
            ]
            let path = try ImportFixtures.write(
                ([ImportFixtures.waldecHeader] + rows).joined(separator: "\r\n"), name: "rna_piege.csv")
            let summary = try await RegisterImporter(database: database).importRNA(path: path, lab: lab)
            #expect(summary.rejected == 2)
            let rejects = try String(contentsOfFile: RegisterImporter.rejectsPath(for: path), encoding: .utf8)
            let cells = rejects.split(separator: "\r\n").dropFirst().map {
                $0.split(separator: ";", maxSplits: 2).map(String.init)
            }
            #expect(cells.count == 2)
            #expect(
                cells.allSatisfy { $0.count == 3 && ($0[2].hasPrefix("\"'=1+1;") || $0[2].hasPrefix("\"'@SUM")) },
                "\(cells)")
        }
    }

    @Test(arguments: TestEngine.available)
    func test_rna_import_applies_the_rules_and_is_idempotent(engine: TestEngine) async throws {
        try await withTestDatabase(engine) { database in
            let lab = try await ImportFixtures.geography(database)
            let path = try ImportFixtures.write(ImportFixtures.rna, name: "rna_waldec.csv")
            let importer = RegisterImporter(database: database)
            let first = try await importer.importRNA(path: path, lab: lab)
            #expect(first.read == 6)
            #expect(first.created == 3)
            #expect(first.inactive == 1)
            #expect(first.outsidePerimeter == 1)
            #expect(first.rejected == 2)
            let rejects = try String(contentsOfFile: RegisterImporter.rejectsPath(for: path), encoding: .utf8)
            #expect(rejects.contains("commune inconnue : 75199"))
            #expect(rejects.contains("numéro RNA invalide : « X12 »"))

            let store = OrganisationStore()
            let amisID = try await TestApp.organisationID(database, named: "Les Amis du Quartier")
            let amis = try await database.withConnection { db in try await store.find(id: amisID, labID: lab.id, on: db)
            }
            #expect(amis?.description == "Entraide; fêtes \"solidaires\"\net repas partagés")
            #expect(amis?.communeCode == "75107")
            #expect(amis?.website == "https://www.amis.example")
            #expect(
                try await TestApp.count(
                    database,
                    "SELECT COUNT(*) AS n FROM organisations WHERE rna_id = 'W751000002' AND active = 0 AND closed_on = '2014-05-01'"
                ) == 1)

            // A facilitator's edit of the description survives re-imports.
            let id = try #require(amis?.id)
            try await database.withConnection { db in
                try await db.raw(
                    "UPDATE organisations SET description = 'Texte revu par le labo' WHERE id = \(bind: id)"
                ).run()
            }
            let again = try await importer.importRNA(path: path, lab: lab)
            #expect(again.created == 0 && again.updated == 0 && again.unchanged == 3)

            // A newer file updates what changed, and only that.
            var rows = ImportFixtures.rnaRows
            rows[0] = ImportFixtures.waldec(
                id: "W751000001", title: "Les Amis du Quartier (nouveau nom)", object: "Autre objet", commune: "75107")
            let newer = try await importer.importRNA(
                path: ImportFixtures.write(
                    ([ImportFixtures.waldecHeader] + rows).joined(separator: "\n"), name: "rna2.csv"), lab: lab)
            #expect(newer.updated == 1 && newer.unchanged == 2)
            let renamed = try await database.withConnection { db in try await store.find(id: id, labID: lab.id, on: db)
            }
            #expect(renamed?.name == "Les Amis du Quartier (nouveau nom)")
            #expect(renamed?.description == "Texte revu par le labo")
            #expect(
                try await TestApp.count(database, "SELECT COUNT(*) AS n FROM organisations WHERE lab_id = \(lab.id)")
                    == 3)
        }
    }

    @Test(arguments: TestEngine.available)
    func test_latin1_rows_are_converted_with_a_warning(engine: TestEngine) async throws {
        try await withTestDatabase(engine) { database in
            let lab = try await ImportFixtures.geography(database)
            let row = ImportFixtures.waldec(id: "W751000009", title: "Cercle XTITLEX", commune: "75056")
            var bytes = Array((ImportFixtures.waldecHeader + "\n").utf8)
            let parts = row.components(separatedBy: "XTITLEX")
            bytes +=
                Array(parts[0].utf8) + [0x64, 0xE9, 0x20, 0x8C, 0x75, 0x76, 0x72, 0x65] + Array(parts[1].utf8) + [10]
            let summary = try await RegisterImporter(database: database).importRNA(
                path: ImportFixtures.write(bytes, name: "latin1.csv"), lab: lab)
            #expect(summary.created == 1)
            #expect(summary.encodingFallbacks == 1)
            _ = try await TestApp.organisationID(database, named: "Cercle dé Œuvre")
        }
    }

    /// The secondary indexes of `organisations` present in the database.
    static func organisationIndexes(_ database: Database) async throws -> Set<String> {
        try await database.withConnection { db in
            let sql: SQLQueryString =
                database.engine == .sqlite
                ? "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'organisations' AND sql IS NOT NULL"
                : "SELECT indexname AS name FROM pg_indexes WHERE tablename = 'organisations' AND schemaname = current_schema()"
            return Set(try await db.raw(sql).all().map { try $0.string("name") })
        }
    }

    @Test(arguments: TestEngine.available)
    func test_a_bulk_first_import_writes_the_same_rows_and_builds_the_indexes_again(engine: TestEngine) async throws {
        try await withTestDatabase(engine) { database in
            let lab = try await ImportFixtures.geography(database)
            let before = try await Self.organisationIndexes(database)
            #expect(before.isSuperset(of: OrganisationIndexes.all.map(\.name)))
            // The first association twice, in two batches: the second copy updates the first.
            var rows = ImportFixtures.rnaRows
            rows.append(ImportFixtures.waldec(id: "W751000001", title: "Les Amis du Quartier (bis)", commune: "75107"))
            // What PostgreSQL's COPY text format escapes: backslash, tab, line breaks.
            rows.append(
                ImportFixtures.waldec(
                    id: "W751000006", title: "Chemins\\Traverses", object: "Dossier C:\\asso\tonglet\r\nfin",
                    commune: "75107"))
            let path = try ImportFixtures.write(
                ([ImportFixtures.waldecHeader] + rows).joined(separator: "\r\n"), name: "bulk.csv")
            var importer = RegisterImporter(database: database)
            importer.bulkThreshold = 1
            importer.batchSize = 2
            let dropped = ManagedFlag()
            importer.afterBatch = { _ in
                if try await Self.organisationIndexes(database).count < before.count { dropped.set() }
            }
            let first = try await importer.importRNA(path: path, lab: lab)
            #expect(dropped.value, "the load ran without the secondary indexes")
            #expect(
                first.read == 8 && first.created == 4 && first.updated == 1 && first.rejected == 2
                    && first.outsidePerimeter == 1)
            let paths = try await TestApp.organisationID(database, named: "Chemins\\Traverses")
            let stored = try await database.withConnection { db in
                try await OrganisationStore().find(id: paths, labID: lab.id, on: db)
            }
            #expect(stored?.description == "Dossier C:\\asso\tonglet\nfin")
            #expect(try await Self.organisationIndexes(database) == before)
            _ = try await TestApp.organisationID(database, named: "Les Amis du Quartier (bis)")
            #expect(
                try await TestApp.count(database, "SELECT COUNT(*) AS n FROM organisations WHERE lab_id = \(lab.id)")
                    == 4)
            // Not a first load any more: the ordinary path; the two copies of the first
            // association apply in turn (the last one wins), the rest is unchanged.
            let again = try await importer.importRNA(path: path, lab: lab)
            #expect(again.created == 0 && again.updated == 2 && again.unchanged == 3)
            _ = try await TestApp.organisationID(database, named: "Les Amis du Quartier (bis)")
        }
    }

    /// A bulk load inserts a batch whose rows are all new in one go (on SQLite through its
    /// own connection); a SIRET already held in the lab, or twice in the batch, sends the
    /// batch down the ordinary path instead, which leaves that SIRET out and loses no row.
    @Test(arguments: TestEngine.available)
    func test_a_bulk_load_leaves_out_sirets_held_already_or_twice(engine: TestEngine) async throws {
        try await withTestDatabase(engine) { database in
            let lab = try await ImportFixtures.geography(database)
            try await database.transaction { db in
                try await db.raw(
                    """
                    INSERT INTO organisations (lab_id, name, name_folded, kind, siret, siren, active, created_at, updated_at)
                    VALUES (\(bind: lab.id), 'Entreprise Existante', 'entreprise existante', 'company', '12345678900015', '123456789', 1, 0, 0)
                    """
                ).run()
            }
            let rows = [
                // First batch: a SIRET held by the company above.
                ImportFixtures.waldec(
                    id: "W751000011", title: "Porteuse du SIRET pris", commune: "75107", siret: "12345678900015"),
                ImportFixtures.waldec(id: "W751000012", title: "Sans SIRET", commune: "75111"),
                // Second batch: one SIRET twice.
                ImportFixtures.waldec(
                    id: "W751000013", title: "Premier du doublon", commune: "75107", siret: "44000000000016"),
                ImportFixtures.waldec(
                    id: "W751000014", title: "Second du doublon", commune: "75107", siret: "44000000000016"),
                // Third batch: nothing in the way.
                ImportFixtures.waldec(id: "W751000015", title: "Tout neuf", commune: "75111")
            ]
            let path = try ImportFixtures.write(
                ([ImportFixtures.waldecHeader] + rows).joined(separator: "\n"), name: "sirets.csv")
            var importer = RegisterImporter(database: database)
            importer.bulkThreshold = 1
            importer.batchSize = 2
            let summary = try await importer.importRNA(path: path, lab: lab)
            #expect(summary.created == 5 && summary.rejected == 0)
            let stored = try await database.withConnection { db in
                try await db.raw("SELECT name, siret FROM organisations WHERE lab_id = \(bind: lab.id) ORDER BY name")
                    .all()
                    .map { "\(try $0.string("name"))|\(try $0.optionalString("siret") ?? "∅")" }
            }
            #expect(
                stored == [
                    "Entreprise Existante|12345678900015", "Porteuse du SIRET pris|∅",
                    "Premier du doublon|44000000000016",
                    "Sans SIRET|∅", "Second du doublon|∅", "Tout neuf|∅"
                ])
            // Nothing changes on a second run.
            let again = try await importer.importRNA(path: path, lab: lab)
            #expect(again.created == 0 && again.updated == 0 && again.unchanged == 5)
        }
    }

    /// Killed after its first batch, then run again; as an ordinary import and as a bulk
    /// load (indexes dropped), which builds the indexes again on its way out.
    @Test(arguments: TestEngine.available, [false, true])
    func test_an_interrupted_import_completes_when_run_again(engine: TestEngine, bulk: Bool) async throws {
        struct Killed: Error {}
        try await withTestDatabase(engine) { database in
            let lab = try await ImportFixtures.geography(database)
            let before = try await Self.organisationIndexes(database)
            let rows = (1...25).map {
                ImportFixtures.waldec(id: String(format: "W7510%05d", $0), title: "Association \($0)", commune: "75107")
            }
            let path = try ImportFixtures.write(
                ([ImportFixtures.waldecHeader] + rows).joined(separator: "\n"), name: "big.csv")
            var importer = RegisterImporter(database: database)
            importer.batchSize = 10
            importer.bulkThreshold = bulk ? 1 : Int.max
            importer.afterBatch = { summary in if summary.created >= 10 { throw Killed() } }
            await #expect(throws: Killed.self) { try await importer.importRNA(path: path, lab: lab) }
            // Whole batches only: the first, and the next one if it was already being written.
            let kept = try await TestApp.count(
                database, "SELECT COUNT(*) AS n FROM organisations WHERE lab_id = \(lab.id)")
            #expect(kept == 10 || kept == 20)
            #expect(try await Self.organisationIndexes(database) == before)
            importer.afterBatch = nil
            let rerun = try await importer.importRNA(path: path, lab: lab)
            #expect(rerun.unchanged == kept && rerun.created == 25 - kept)
            #expect(
                try await TestApp.count(database, "SELECT COUNT(*) AS n FROM organisations WHERE lab_id = \(lab.id)")
                    == 25)
            guard bulk else { return }
            // A process killed outright leaves them dropped: the next command builds them.
            try await database.withConnection { db in try await OrganisationIndexes.drop(on: db) }
            #expect(
                try await Self.organisationIndexes(database).count == before.count - OrganisationIndexes.all.count + 1)
            try await RegisterImporter.ensureIndexes(database: database)
            #expect(try await Self.organisationIndexes(database) == before)
        }
    }

    /// The SQLite statement leaves out the columns NULL in every row of a batch and writes
    /// the values shared by every row once, as literals; PostgreSQL copies every value.
    /// Both must store exactly what was given.
    @Test(arguments: TestEngine.available)
    func test_bulk_inserts_store_shared_values_missing_columns_and_single_rows_exactly(engine: TestEngine) async throws
    {
        try await withTestDatabase(engine) { database in
            let lab = try await ImportFixtures.geography(database)
            let columns = [
                "lab_id", "name", "name_folded", "kind", "acronym", "description", "latitude", "active", "created_at",
                "updated_at"
            ]
            func row(_ name: String, _ description: String?, _ latitude: Double?) -> [BulkValue] {
                [
                    .integer(lab.id), .text(name), .text("l'atelier"), .text("association"), .null,
                    BulkValue(description), BulkValue(latitude),
                    .integer(1), .integer(1_700_000_000), .integer(1_700_000_000)
                ]
            }
            let shared = "L'Atelier ''du'' coin; --"
            try await database.bulkTransaction { _, native in
                // Three rows sharing their name, an acronym NULL in all, a shared latitude.
                try await BulkInsert.insert(
                    into: "organisations", columns: columns,
                    values: row(shared, "un", 48.856_613) + row(shared, nil, 48.856_613)
                        + row(shared, "trois 'quoted'", 48.856_613),
                    on: native, logger: database.logger)
                // A batch of one row.
                try await BulkInsert.insert(
                    into: "organisations", columns: columns, values: row("Seule", "d'elle", nil), on: native,
                    logger: database.logger)
            }
            let stored = try await database.withConnection { db in
                try await db.raw(
                    "SELECT name, name_folded, acronym, description, latitude, active FROM organisations WHERE lab_id = \(bind: lab.id) ORDER BY id"
                ).all().map {
                    "\(try $0.string("name"))|\(try $0.string("name_folded"))|\(try $0.optionalString("acronym") ?? "∅")|\(try $0.optionalString("description") ?? "∅")|\(try $0.optionalDouble("latitude").map { "\($0)" } ?? "∅")|\(try $0.int("active"))"
                }
            }
            #expect(
                stored == [
                    "\(shared)|l'atelier|∅|un|48.856613|1",
                    "\(shared)|l'atelier|∅|∅|48.856613|1",
                    "\(shared)|l'atelier|∅|trois 'quoted'|48.856613|1",
                    "Seule|l'atelier|∅|d'elle|∅|1"
                ])
        }
    }

    /// A rejected row is written down or the import stops with a message saying where;
    /// it is never dropped unseen.
    @Test func test_a_rejects_file_that_cannot_be_written_stops_with_a_clear_message() throws {
        let rejects = RejectsFile(
            path: FileManager.default.temporaryDirectory.appendingPathComponent(
                "no-such-folder-\(UUID())/rna.csv.rejets.csv"
            ).path)
        #expect {
            try rejects.add(line: 12, reason: "titre absent", raw: "W1;;")
        } throws: { error in
            "\(error)".contains("Cannot write the rejects file") && "\(error)".contains("line 12")
        }
    }

    @Test func test_sqlite_literals_double_quotes_and_refuse_nul_bytes_and_reals() {
        #expect(BulkValue.text("l'a''b").sqliteLiteral == "'l''a''''b'")
        #expect(BulkValue.integer(-42).sqliteLiteral == "-42")
        #expect(BulkValue.text("a\u{0}b").sqliteLiteral == nil)
        #expect(BulkValue.real(1.5).sqliteLiteral == nil)
        #expect(BulkValue.null.sqliteLiteral == nil)
    }

    @Test func test_the_bulk_index_list_matches_the_migrations() async throws {
        try await withTestDatabase(.sqlite) { database in
            let migrated = try await database.withConnection { db in
                try await db.raw(
                    "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'organisations' AND sql NOT LIKE 'CREATE UNIQUE%'"
                ).all()
                    .map { "\(try $0.string("sql"))" }
            }
            #expect(
                Set(migrated)
                    == Set(OrganisationIndexes.all.map { "CREATE INDEX \($0.name) ON organisations \($0.columns)" }))
        }
    }
}

/// Set once from a `@Sendable` callback, read after.
final class ManagedFlag: Sendable {
    private let box = Mutex(false)
    func set() { box.withLock { $0 = true } }
    var value: Bool { box.withLock { $0 } }
}
