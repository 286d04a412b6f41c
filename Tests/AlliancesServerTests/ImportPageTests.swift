import AlliancesCore
@testable import AlliancesServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import SQLKit
import Testing

extension Browser {
    /// Posts a multipart form with one file, as a browser's file input does.
    func upload(_ path: String, fields: [(String, String)], file: String, filename: String, csrf: Bool = true)
        async throws -> Page
    {
        try await refreshTokenIfNeeded()
        let boundary = "----alliances\(UUID().uuidString)"
        var body = ""
        // The token is the form's first field, as the pages write it.
        for (name, value) in (csrf ? [("_csrf", self.csrf)] : []) + fields {
            body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n"
        }
        body +=
            "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(filename)\"\r\nContent-Type: text/csv\r\n\r\n\(file)\r\n--\(boundary)--\r\n"
        return try await request(
            .post, path, headers: [.contentType: "multipart/form-data; boundary=\(boundary)"],
            body: ByteBuffer(string: body))
    }
}

@Suite struct ImportPageTests {
    static func run(
        _ engine: TestEngine, maxUploadBytes: Int = 512 * 1024 * 1024, importWaitSeconds: Double = 2,
        _ body: @escaping @Sendable (any TestClientProtocol, Database) async throws -> Void
    ) async throws {
        try await withTestDatabase(engine) { database in
            _ = try await ImportFixtures.geography(database)
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
                "alliances-data-\(UUID().uuidString)"
            ).path
            var configuration = TestApp.configuration(database)
            configuration.dataDirectory = dir
            configuration.maxUploadBytes = maxUploadBytes
            configuration.importWaitSeconds = importWaitSeconds
            let app = Application(
                router: buildRouter(configuration: configuration, database: database), logger: TestDatabase.logger)
            try await app.test(.router) { client in try await body(client, database) }
            try? FileManager.default.removeItem(atPath: dir)
        }
    }

    @Test(arguments: TestEngine.available)
    func test_reference_data_shared_by_every_lab_is_imported_by_network_admins_only(engine: TestEngine) async throws {
        try await Self.run(engine) { client, database in
            try await TestApp.user(database, email: "fac@idf.example", role: .facilitator, lab: "idf")
            try await TestApp.user(database, email: "admin@reseau.example", role: .admin)
            let fac = Browser(client), admin = Browser(client)
            try await fac.login("fac@idf.example")
            try await admin.login("admin@reseau.example")
            #expect(!(try await fac.get("/labs/idf/imports").body.contains("value=\"cog-communes\"")))
            #expect(try await admin.get("/labs/idf/imports").body.contains("value=\"cog-communes\""))
            let communes = { try await TestApp.count(database, "SELECT COUNT(*) AS n FROM communes") }
            let coordinates = {
                try await TestApp.count(database, "SELECT COUNT(*) AS n FROM communes WHERE latitude IS NOT NULL")
            }
            let (before, placed) = (try await communes(), try await coordinates())
            let refused = try await fac.upload(
                "/labs/idf/imports", fields: [("kind", "cog-communes")], file: ImportFixtures.communes2023,
                filename: "communes.csv")
            #expect(refused.status == .forbidden)
            #expect(refused.body.contains("seuls les administrateurs du réseau"))
            #expect(
                try await fac.upload(
                    "/labs/idf/imports", fields: [("kind", "communes-coordinates")], file: ImportFixtures.coordinates,
                    filename: "xy.csv"
                ).status == .forbidden)
            let (after, placedAfter) = (try await communes(), try await coordinates())
            #expect(after == before && placedAfter == placed)
            let done = try await admin.upload(
                "/labs/idf/imports", fields: [("kind", "cog-communes")], file: ImportFixtures.communes2023,
                filename: "communes.csv")
            #expect(done.status == .ok)
            #expect(done.body.contains("Import de « communes.csv » terminé : lignes lues : 7"))
        }
    }

    @Test(arguments: TestEngine.available)
    func test_facilitator_uploads_an_rna_file_and_downloads_the_rejects(engine: TestEngine) async throws {
        try await Self.run(engine) { client, database in
            try await TestApp.user(database, email: "fac@idf.example", role: .facilitator, lab: "idf")
            let browser = Browser(client)
            try await browser.login("fac@idf.example")
            let page = try await browser.get("/labs/idf/imports")
            #expect(page.status == .ok)
            #expect(page.body.contains("enctype=\"multipart/form-data\""))
            let done = try await browser.upload(
                "/labs/idf/imports", fields: [("kind", "rna")], file: ImportFixtures.rna, filename: "rna_waldec.csv")
            #expect(done.status == .ok)
            #expect(
                done.body.contains(
                    "lignes lues : 6 ; créées : 3 ; mises à jour : 0 ; inchangées : 0 ; inactives : 1 ; hors périmètre : 1 ; rejetées : 2"
                ))
            let link = try #require(
                done.body.range(of: #"/labs/idf/imports/[0-9]+/rejets"#, options: .regularExpression).map {
                    String(done.body[$0])
                })
            let rejects = try await browser.get(link)
            #expect(rejects.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(rejects.body.contains("numéro RNA invalide"))
            #expect(
                try await TestApp.count(database, "SELECT COUNT(*) AS n FROM organisations WHERE source = 'rna'") == 3)
            let again = try await browser.upload(
                "/labs/idf/imports", fields: [("kind", "rna")], file: ImportFixtures.rna, filename: "rna_waldec.csv")
            #expect(again.body.contains("inchangées : 3"))
        }
    }

    @Test(arguments: TestEngine.available)
    func test_a_long_import_continues_on_its_own_with_a_live_progress_page(engine: TestEngine) async throws {
        // No wait: the upload answers at once with the progress page, which ends on the summary.
        try await Self.run(engine, importWaitSeconds: 0) { client, database in
            try await TestApp.user(database, email: "fac@idf.example", role: .facilitator, lab: "idf")
            try await TestApp.user(database, email: "fac@alsace.example", role: .facilitator, lab: "alsace")
            let browser = Browser(client)
            try await browser.login("fac@idf.example")
            let started = try await browser.upload(
                "/labs/idf/imports", fields: [("kind", "rna")], file: ImportFixtures.rna, filename: "rna_waldec.csv")
            #expect(started.status == .seeOther)
            let follow = try #require(started.location)
            #expect(follow.hasPrefix("/labs/idf/imports/suivi/"))
            var page = try await browser.get(follow)
            for _ in 0..<200 where page.body.contains("Import en cours") {
                #expect(page.headers[HTTPField.Name("Refresh")!] == "2")
                try await Task.sleep(for: .milliseconds(25))
                page = try await browser.get(follow)
            }
            #expect(page.status == .ok && page.body.contains("lignes lues : 6 ; créées : 3"))
            #expect(
                try await TestApp.count(database, "SELECT COUNT(*) AS n FROM imports") == 1,
                "recorded in the imports list")
            // Someone else's lab or no session: nothing to see.
            let other = Browser(client)
            try await other.login("fac@alsace.example")
            #expect(
                try await other.get(follow.replacingOccurrences(of: "/labs/idf/", with: "/labs/alsace/")).status
                    == .notFound)
            #expect(try await Browser(client).get(follow).status == .unauthorized)
            #expect(try await browser.get("/labs/idf/imports/suivi/inconnu").status == .notFound)
        }
    }

    @Test func test_the_progress_page_shows_rows_speed_share_and_time_left() async throws {
        let jobs = ImportJobs()
        let id = await jobs.start(lab: 1, filename: "rna_waldec_20241101.csv", kind: .rna)
        await jobs.update(
            id, ImportProgress(rows: 250_000, bytesRead: 50_000_000, totalBytes: 200_000_000, elapsed: 10))
        let state = try #require(await jobs.get(id))
        let html = ImportRoutes.progressPage(state, labSlug: "idf").description
        #expect(html.contains("<progress max=\"100\" value=\"25\""))
        #expect(html.contains("25 % du fichier lu") && html.contains("lignes/s") && html.contains("reste environ 30 s"))
        #expect(html.contains("Import en cours : rna_waldec_20241101.csv"))
        await jobs.update(id, ImportProgress(rows: 10, bytesRead: 10, totalBytes: 200_000_000, elapsed: 11))
        #expect(await jobs.get(id)?.progress?.rows == 250_000, "progress never goes back")
    }

    @Test(arguments: TestEngine.available)
    func test_uploads_are_checked(engine: TestEngine) async throws {
        try await Self.run(engine, maxUploadBytes: 2_000) { client, database in
            try await TestApp.user(database, email: "fac@idf.example", role: .facilitator, lab: "idf")
            let browser = Browser(client)
            try await browser.login("fac@idf.example")
            #expect(
                try await browser.upload(
                    "/labs/idf/imports", fields: [("kind", "rna")], file: ImportFixtures.rna, filename: "x.csv",
                    csrf: false
                ).status == .forbidden)
            let big = try await browser.upload(
                "/labs/idf/imports", fields: [("kind", "rna")], file: String(repeating: "x", count: 3_000),
                filename: "big.csv")
            #expect(big.status == .contentTooLarge)
            let wrong = try await browser.upload(
                "/labs/idf/imports", fields: [("kind", "rna")], file: "a;b\n1;2\n", filename: "autre.csv")
            #expect(wrong.status == .unprocessableContent)
            #expect(wrong.body.contains("missing column(s) id, titre, adrs_codeinsee, position"))
            let visitor = Browser(client)
            #expect(try await visitor.get("/labs/idf/imports").status == .unauthorized)
            #expect(try await TestApp.count(database, "SELECT COUNT(*) AS n FROM organisations") == 0)
        }
    }

    /// Every part of an upload is bounded: the number of parts, one file, each field, and
    /// all but the file together. Beyond: 413 saying which, nothing imported or kept.
    @Test(arguments: TestEngine.available)
    func test_multipart_parts_and_fields_are_bounded(engine: TestEngine) async throws {
        try await Self.run(engine) { client, database in
            try await TestApp.user(database, email: "fac@idf.example", role: .facilitator, lab: "idf")
            let browser = Browser(client)
            try await browser.login("fac@idf.example")
            let file = ImportFixtures.rna
            let manyParts = try await browser.upload(
                "/labs/idf/imports", fields: [("kind", "rna")] + (0..<20).map { ("extra\($0)", "x") }, file: file,
                filename: "a.csv")
            #expect(manyParts.status == .contentTooLarge && manyParts.body.contains("plus de 16 parties"))
            let longField = try await browser.upload(
                "/labs/idf/imports", fields: [("kind", "rna"), ("note", String(repeating: "é", count: 600))],
                file: file, filename: "a.csv")
            #expect(
                longField.status == .contentTooLarge
                    && longField.body.contains("Le champ « note » dépasse 1000 caractères"))
            let headers = (0..<3000).map { "X-Bourrage-\($0): " + String(repeating: "y", count: 30) }.joined(
                separator: "\r\n")
            let padded = try await browser.upload(
                "/labs/idf/imports", fields: [("kind\"\r\n" + headers + "\r\nX-Fin: \"z", "rna")], file: file,
                filename: "a.csv")
            #expect(padded.status == .contentTooLarge && padded.body.contains("dépassent 64 Ko"), "\(padded.status)")
            #expect(try await TestApp.count(database, "SELECT COUNT(*) AS n FROM organisations") == 0)
            #expect(try await TestApp.count(database, "SELECT COUNT(*) AS n FROM imports") == 0)
            // Within the bounds, the same upload goes through.
            #expect(
                try await browser.upload(
                    "/labs/idf/imports", fields: [("kind", "rna"), ("note", "courte")], file: file, filename: "a.csv"
                ).status == .ok)
        }
    }

    /// A form body of more fields than any page has is refused before it is parsed.
    @Test(arguments: TestEngine.available)
    func test_form_field_count_is_bounded(engine: TestEngine) async throws {
        try await TestApp.run(engine) { client, _ in
            let browser = Browser(client)
            let page = try await browser.post(
                "/connexion", [("email", "a@b.example"), ("password", "x")] + (0..<2500).map { ("f\($0)", "1") })
            #expect(page.status == .contentTooLarge && page.body.contains("plus de 2000 champs"))
            #expect(
                try await browser.post(
                    "/connexion", [("email", "a@b.example"), ("password", "x")] + (0..<100).map { ("f\($0)", "1") }
                ).status != .contentTooLarge)
        }
    }
}
