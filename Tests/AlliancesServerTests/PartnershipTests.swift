import AlliancesCore
@testable import AlliancesServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import SQLKit
import Testing

/// Partnerships, their documents, the survey, the references and the barometer, through
/// the real routes and stores, on both engines.
@Suite struct PartnershipTests {
    /// The demo app with its own data folder and a small document limit.
    static func run(
        _ engine: TestEngine, maxDocumentBytes: Int = 4_096,
        _ body: @escaping @Sendable (any TestClientProtocol, Database, String) async throws -> Void
    ) async throws {
        try await withTestDatabase(engine, demo: true) { database in
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
                "alliances-data-\(UUID().uuidString)"
            ).path
            var configuration = TestApp.configuration(database)
            configuration.dataDirectory = dir
            configuration.maxDocumentBytes = maxDocumentBytes
            let app = Application(
                router: buildRouter(configuration: configuration, database: database), logger: TestDatabase.logger)
            try await app.test(.router) { client in try await body(client, database, dir) }
            try? FileManager.default.removeItem(atPath: dir)
        }
    }

    static func partnershipID(_ database: Database, titled title: String) async throws -> Int {
        try await database.withConnection { db in
            try await db.raw("SELECT id FROM partnerships WHERE title = \(bind: title)").first()!.decode(
                column: "id", as: Int.self)
        }
    }

    @Test(arguments: TestEngine.available)
    func test_members_record_and_follow_their_partnerships_only(engine: TestEngine) async throws {
        try await Self.run(engine) { client, database, _ in
            let elan = try await TestApp.organisationID(database, named: "Élan Solidaire Mulhouse")
            let sport = try await TestApp.organisationID(database, named: "Sport pour Tous Colmar")
            let numeria = try await TestApp.organisationID(database, named: "Numéria Conseil (démo)")
            let hexagone = try await TestApp.organisationID(database, named: "Groupe Hexagone Services (démo)")
            try await TestApp.user(
                database, email: "membre@elan.example", role: .member, lab: "alsace", organisation: elan)
            try await TestApp.user(
                database, email: "membre@sport.example", role: .member, lab: "alsace", organisation: sport)
            try await TestApp.user(database, email: "fac@alsace.example", role: .facilitator, lab: "alsace")

            let visitor = Browser(client)
            #expect(try await visitor.get("/labs/alsace/partenariats").status == .unauthorized)
            let member = Browser(client)
            try await member.login("membre@elan.example")
            let mine = try await member.get("/labs/alsace/partenariats")
            #expect(mine.status == .ok)
            #expect(mine.body.contains("1 partenariat") && mine.body.contains("Parrainage de demandeurs d&#39;emploi"))
            #expect(!mine.body.contains("Fonds territorial"), "a member sees their organisation's partnerships only")
            let other = try await Self.partnershipID(database, titled: "Fonds territorial pour l'emploi associatif")
            #expect(try await member.get("/labs/alsace/partenariats/\(other)").status == .notFound)
            #expect(try await member.get("/labs/alsace/partenariats/\(other)/modifier").status == .notFound)

            // One party only, then parties without the member's own organisation: refused, nothing stored.
            let before = try await TestApp.count(database, "SELECT COUNT(*) AS n FROM partnerships")
            let lonely = try await member.post(
                "/labs/alsace/partenariats/nouveau",
                [
                    ("title", "Atelier CV"), ("party", String(elan)), ("role", "Porteur"), ("party", ""), ("role", ""),
                    ("modes", "benevolat"), ("startDate", "2026-01-10")
                ])
            #expect(lonely.status == .unprocessableContent)
            #expect(lonely.body.contains("Un partenariat réunit au moins deux organisations différentes."))
            #expect(lonely.body.contains("value=\"Atelier CV\""))
            #expect(lonely.body.contains("aria-describedby=\"e-parties\""))
            let foreign = try await member.post(
                "/labs/alsace/partenariats/nouveau",
                [
                    ("title", "Pas le nôtre"), ("party", String(numeria)), ("role", ""), ("party", String(hexagone)),
                    ("role", ""), ("modes", "benevolat"), ("startDate", "2026-01-10")
                ])
            #expect(foreign.status == .unprocessableContent)
            #expect(foreign.body.contains("Votre organisation doit figurer parmi les parties."))
            #expect(try await TestApp.count(database, "SELECT COUNT(*) AS n FROM partnerships") == before)

            let created = try await member.post(
                "/labs/alsace/partenariats/nouveau",
                [
                    ("title", "Ateliers numériques pour les demandeurs d'emploi"), ("party", String(elan)),
                    ("role", "Porteur"),
                    ("party", String(numeria)), ("role", "Mécène de compétences"), ("party", ""), ("role", ""),
                    ("modes", "mecenat-competences"), ("themes", "numerique"), ("themes", "emploi-insertion"),
                    ("stage", "dialogue"),
                    ("startDate", "2026-02-01"), ("hours", "40"), ("origin", "direct")
                ])
            #expect(created.status == .seeOther)
            let path = try #require(created.location)
            let page = try await member.get(path)
            #expect(page.body.contains("Numéria Conseil (démo)") && page.body.contains("Mécène de compétences"))
            #expect(page.body.contains("Partenariat enregistré (dialogue)"))
            // Another organisation's member does not see it; the facilitator does.
            let sportMember = Browser(client)
            try await sportMember.login("membre@sport.example")
            #expect(try await sportMember.get(path).status == .notFound)
            let fac = Browser(client)
            try await fac.login("fac@alsace.example")
            #expect(try await fac.get("/labs/alsace/partenariats").body.contains("12 partenariats"))
            #expect(try await fac.get("/labs/alsace/partenariats?etape=dialogue").body.contains("4 partenariats"))
            #expect(try await fac.get("/labs/alsace/partenariats?etape=fusion").status == .badRequest)

            // A note moving it to "ended" without a date ends it today, in the timeline.
            let ended = try await member.post(
                path + "/notes", [("note", "Projet arrêté d'un commun accord."), ("stage", "termine")])
            #expect(ended.status == .seeOther)
            let after = try await member.get(path)
            #expect(
                after.body.contains("Étape : Terminé") && after.body.contains("Projet arrêté d&#39;un commun accord."))
            let id = Int(path.split(separator: "/").last!)!
            let stored = try await database.withConnection { db in
                try await PartnershipStore().find(
                    id: id, labID: try await LabStore().find(slug: "alsace", on: db)!.id, on: db)
            }
            #expect(stored?.stage == .ended && stored?.endDate == Paris.day(nowSeconds()))
            #expect(try await member.post(path + "/notes", [("note", "")]).status == .unprocessableContent)
        }
    }

    @Test(arguments: TestEngine.available)
    func test_api_three_parties_and_introduction_origin(engine: TestEngine) async throws {
        try await Self.run(engine) { client, database, _ in
            let elan = try await TestApp.organisationID(database, named: "Élan Solidaire Mulhouse")
            let hexagone = try await TestApp.organisationID(database, named: "Groupe Hexagone Services (démo)")
            let cus = try await TestApp.organisationID(database, named: "Communauté urbaine de Strasbourg")
            let sport = try await TestApp.organisationID(database, named: "Sport pour Tous Colmar")
            try await TestApp.user(database, email: "fac@alsace.example", role: .facilitator, lab: "alsace")
            try await TestApp.user(
                database, email: "membre@sport.example", role: .member, lab: "alsace", organisation: sport)
            let fac = Browser(client)
            try await fac.login("fac@alsace.example")
            let body = """
                {"title": "Emploi des jeunes des quartiers", "parties": [{"organisationId": \(elan), "role": "Porteur"}, {"organisationId": \(hexagone), "role": "Mécène"}, {"organisationId": \(cus), "role": "Cofinanceur"}],
                 "modes": ["mecenat-financier", "mecenat-competences"], "themes": ["emploi-insertion"], "stage": "accord-formel", "startDate": "2025-03-01", "euros": 20000}
                """
            let created = try await fac.json(.post, "/api/v1/labs/alsace/partnerships", body)
            #expect(created.status == .created)
            let json = try created.json()
            #expect((json["parties"] as? [[String: Any]])?.count == 3)
            #expect(json["euros"] as? Int == 20000)
            let location = try #require(created.headers[.location])
            let invalid = try await fac.json(
                .post, "/api/v1/labs/alsace/partnerships", #"{"title": "x", "parties": [], "modes": ["troc"]}"#)
            #expect(invalid.status == .unprocessableContent)
            #expect(invalid.body.contains("Un partenariat réunit au moins deux organisations différentes."))
            #expect(try await fac.json(.post, "/api/v1/labs/alsace/partnerships", "[1,").status == .badRequest)
            let updated = try await fac.json(
                .put, location, body.replacingOccurrences(of: "accord-formel", with: "evaluation"))
            #expect(updated.status == .ok)
            #expect(try updated.json()["stage"] as? String == "evaluation")
            let noted = try await fac.json(.post, location + "/notes", #"{"note": "Bilan à six mois."}"#)
            #expect(noted.status == .created)
            #expect(noted.body.contains("Bilan à six mois."))
            let sportMember = Browser(client)
            try await sportMember.login("membre@sport.example")
            #expect(try await sportMember.get(location).status == .notFound)
            #expect(try await Browser(client).get("/api/v1/labs/alsace/partnerships").status == .unauthorized)

            // From the introduction that led to a meeting: prefilled, and the introduction follows.
            let introduction = try await database.withConnection { db in
                try await db.raw("SELECT id FROM introductions WHERE status = 'rencontre-faite'").first()!.decode(
                    column: "id", as: Int.self)
            }
            let introPage = try await fac.get("/labs/alsace/mises-en-relation/\(introduction)")
            #expect(introPage.body.contains("/labs/alsace/partenariats/nouveau?introduction=\(introduction)"))
            let form = try await fac.get("/labs/alsace/partenariats/nouveau?introduction=\(introduction)")
            #expect(form.status == .ok)
            #expect(
                form.body.contains("value=\"mise-en-relation\" selected")
                    && form.body.contains("value=\"\(introduction)\""))
            let saved = try await fac.post(
                "/labs/alsace/partenariats/nouveau",
                [
                    ("title", "Parrains Hexagone"), ("party", String(elan)), ("role", ""), ("party", String(hexagone)),
                    ("role", ""),
                    ("modes", "mecenat-competences"), ("stage", "experimentation"), ("startDate", "2026-03-01"),
                    ("origin", "mise-en-relation"),
                    ("introductionId", String(introduction))
                ])
            #expect(saved.status == .seeOther)
            let status = try await database.withConnection { db in
                try await db.raw("SELECT status FROM introductions WHERE id = \(bind: introduction)").first()!.decode(
                    column: "status", as: String.self)
            }
            #expect(status == "partenariat")
            #expect(
                try await fac.get("/labs/alsace/mises-en-relation/\(introduction)").body.contains("Parrains Hexagone"))
        }
    }

    @Test(arguments: TestEngine.available)
    func test_documents_are_checked_stored_and_served_as_attachments(engine: TestEngine) async throws {
        try await Self.run(engine, maxDocumentBytes: 2_048) { client, database, dir in
            let elan = try await TestApp.organisationID(database, named: "Élan Solidaire Mulhouse")
            let sport = try await TestApp.organisationID(database, named: "Sport pour Tous Colmar")
            try await TestApp.user(
                database, email: "membre@elan.example", role: .member, lab: "alsace", organisation: elan)
            try await TestApp.user(
                database, email: "membre@sport.example", role: .member, lab: "alsace", organisation: sport)
            let id = try await Self.partnershipID(
                database, titled: "Parrainage de demandeurs d'emploi par des salariés")
            let base = "/labs/alsace/partenariats/\(id)"
            let member = Browser(client)
            try await member.login("membre@elan.example")
            let pdf = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
            #expect(
                try await member.upload(
                    base + "/documents", fields: [], file: pdf, filename: "../convention signée.pdf"
                ).status == .seeOther)
            let page = try await member.get(base)
            #expect(page.body.contains("convention signée.pdf") && page.body.contains("Document ajouté"))
            let documentID = try await database.withConnection { db in
                try await db.raw("SELECT id FROM partnership_documents WHERE partnership_id = \(bind: id)").first()!
                    .decode(column: "id", as: Int.self)
            }
            let download = try await member.get(base + "/documents/\(documentID)")
            #expect(download.status == .ok)
            #expect(download.body == pdf)
            #expect(download.headers[.contentType] == "application/pdf")
            #expect(download.headers[.contentDisposition]?.hasPrefix("attachment;") == true)
            // Another organisation's member cannot fetch it.
            let other = Browser(client)
            try await other.login("membre@sport.example")
            #expect(try await other.get(base + "/documents/\(documentID)").status == .notFound)
            #expect(
                try await other.upload(base + "/documents", fields: [], file: pdf, filename: "x.pdf").status
                    == .notFound)

            // A page disguised as a PDF, a file too large, a missing CSRF token: refused, nothing kept.
            let disguised = try await member.upload(
                base + "/documents", fields: [], file: "<html><script>alert(1)</script></html>", filename: "contrat.pdf"
            )
            #expect(disguised.status == .unprocessableContent)
            #expect(disguised.body.contains("Type de fichier refusé"))
            #expect(
                try await member.upload(
                    base + "/documents", fields: [], file: String(repeating: "%PDF-", count: 1_000),
                    filename: "gros.pdf"
                ).status == .contentTooLarge)
            #expect(
                try await member.upload(base + "/documents", fields: [], file: pdf, filename: "x.pdf", csrf: false)
                    .status == .forbidden)
            #expect(try await TestApp.count(database, "SELECT COUNT(*) AS n FROM partnership_documents") == 1)
            let files = try FileManager.default.contentsOfDirectory(atPath: dir + "/documents/alsace")
            #expect(files.count == 1)

            #expect(try await member.post(base + "/documents/\(documentID)/supprimer", []).status == .seeOther)
            #expect(try await TestApp.count(database, "SELECT COUNT(*) AS n FROM partnership_documents") == 0)
            #expect(try FileManager.default.contentsOfDirectory(atPath: dir + "/documents/alsace").isEmpty)
        }
    }

    @Test(arguments: TestEngine.available)
    func test_barometer_page_csv_api_and_survey(engine: TestEngine) async throws {
        try await Self.run(engine) { client, database, _ in
            let elan = try await TestApp.organisationID(database, named: "Élan Solidaire Mulhouse")
            let sport = try await TestApp.organisationID(database, named: "Sport pour Tous Colmar")
            let potagers = try await TestApp.organisationID(database, named: "Potagers Partagés de Sélestat")
            try await TestApp.user(
                database, email: "membre@elan.example", role: .member, lab: "alsace", organisation: elan)
            try await TestApp.user(database, email: "fac@alsace.example", role: .facilitator, lab: "alsace")
            let visitor = Browser(client)
            /// The associations' share for a year, from the API.
            func associations(_ query: String) async throws -> Share? {
                let json = try await visitor.get("/api/v1/labs/alsace/barometer?" + query).json()
                guard let segments = json["segments"] as? [[String: Any]],
                    let share = segments.first(where: { $0["key"] as? String == "associations" })?["share"]
                        as? [String: Any],
                    let count = share["count"] as? Int, let population = share["population"] as? Int
                else { return nil }
                return Share(count: count, population: population)
            }
            // 2026: Élan, Handi'Cap, Culture en Partage and Mobilité Douce are engaged (the
            // jardins partnership ended in 2024); 10 associations, 3 of them employers.
            let page = try await visitor.get("/labs/alsace/barometre?annee=2026")
            #expect(page.status == .ok)
            #expect(page.body.contains("10 associations actives") && page.body.contains("40,0\u{202F}%"))
            #expect(page.body.contains("3 associations actives employeuses") && page.body.contains("66,7\u{202F}%"))
            #expect(page.body.contains("étude PHARE-Associations, 2015") && page.body.contains("(chiffre cité)"))
            #expect(
                page.body.contains("<title id=\"barres-titre\">") && page.body.contains("<desc id=\"courbes-desc\">"))
            #expect(!page.body.contains("Élan Solidaire"), "the barometer shows aggregates, never names")
            #expect(!page.body.contains("=&quot;"), "no markup escaped twice in the charts")
            #expect(try await associations("annee=2026") == Share(count: 4, population: 10))
            #expect(
                try await associations("annee=2023") == Share(count: 3, population: 10),
                "2023: the jardins partnership still ran")
            #expect(try await associations("annee=2020") == Share(count: 0, population: 10))
            #expect(try await visitor.get("/labs/alsace/barometre?annee=deux").status == .badRequest)
            #expect(try await visitor.get("/labs/alsace/barometre?du=2026-05-01&au=2026-01-01").status == .badRequest)
            #expect(
                try await visitor.get("/labs/alsace/barometre?du=2026-01-01&au=2026-06-30").body.contains(
                    "du 1er janvier 2026 au 30 juin 2026"))

            let csv = try await visitor.get("/labs/alsace/barometre.csv?annee=2026")
            #expect(csv.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(csv.body.hasPrefix("\u{FEFF}Indicateur;Période;Acteurs;"))
            #expect(
                csv.body.contains(
                    "\r\nActeurs engagés;2026-01-01 au 2026-12-31;Associations;10;4;40,0;38 % (Observatoire national des partenariats (Le RAMEAU), étude PHARE-Associations, 2015) | 46 % ("
                ))

            let json = try await visitor.get("/api/v1/labs/alsace/barometer?annee=2026").json()
            #expect((json["references"] as? [[String: Any]])?.count == ReferenceFigure.defaults.count)
            let survey = try #require(json["survey"] as? [[String: Any]])
            #expect(survey.first { $0["key"] as? String == "associations" }?["respondents"] as? Int == 5)

            // The survey: a member answers for their organisation; the estimate changes, the
            // recorded figures do not.
            let member = Browser(client)
            try await member.login("membre@elan.example")
            let form = try await member.get("/labs/alsace/barometre/enquete")
            #expect(form.status == .ok && form.body.contains("Élan Solidaire Mulhouse"))
            let bad = try await member.post("/labs/alsace/barometre/enquete", [("year", "2026"), ("partnerships", "2")])
            #expect(bad.status == .unprocessableContent && bad.body.contains("Cochez au moins un mode"))
            // A member cannot answer for another organisation: the organisation field is ignored.
            let answered = try await member.post(
                "/labs/alsace/barometre/enquete",
                [
                    ("organisationId", String(sport)), ("year", "2026"), ("partnerships", "4"),
                    ("modes", "mecenat-competences")
                ])
            #expect(answered.status == .seeOther)
            let rows = try await database.withConnection { db in
                try await db.raw(
                    "SELECT organisation_id, partnerships FROM survey_answers WHERE year = 2026 AND organisation_id IN (\(bind: elan), \(bind: sport)) ORDER BY organisation_id"
                ).all()
                    .map {
                        (
                            try $0.decode(column: "organisation_id", as: Int.self),
                            try $0.decode(column: "partnerships", as: Int.self)
                        )
                    }
            }
            #expect(rows.contains { $0 == (elan, 4) } && rows.contains { $0 == (sport, 0) })
            #expect(
                try await TestApp.count(database, "SELECT COUNT(*) AS n FROM survey_answers WHERE year = 2026") == 10,
                "a new answer replaces the year's previous one")
            // The facilitator records an answer given by phone.
            let fac = Browser(client)
            try await fac.login("fac@alsace.example")
            #expect(
                try await fac.post(
                    "/labs/alsace/barometre/enquete",
                    [("organisationId", String(potagers)), ("year", "2026"), ("partnerships", "0")]
                ).status == .seeOther)
            #expect(
                try await Browser(client).post(
                    "/labs/alsace/barometre/enquete", [("year", "2026"), ("partnerships", "1")]
                ).status == .unauthorized)
            #expect(
                try await associations("annee=2026") == Share(count: 4, population: 10),
                "survey answers never change the recorded share")

            // A new partnership changes the page at once (the cache is keyed by the lab's versions).
            let mobilite = try await TestApp.organisationID(database, named: "Mobilité Douce Obernai")
            let saved = try await fac.post(
                "/labs/alsace/partenariats/nouveau",
                [
                    ("title", "Potagers et mobilité"), ("party", String(potagers)), ("role", ""),
                    ("party", String(mobilite)), ("role", ""),
                    ("modes", "cooperation-economique"), ("stage", "experimentation"), ("startDate", "2026-04-01")
                ])
            #expect(saved.status == .seeOther)
            #expect(try await associations("annee=2026") == Share(count: 5, population: 10), "the cache is never stale")
        }
    }

    @Test(arguments: TestEngine.available)
    func test_network_admin_edits_references(engine: TestEngine) async throws {
        try await Self.run(engine) { client, database, _ in
            try await TestApp.user(database, email: "admin@reseau.example", role: .admin)
            try await TestApp.user(database, email: "fac@alsace.example", role: .facilitator, lab: "alsace")
            let fac = Browser(client)
            try await fac.login("fac@alsace.example")
            #expect(try await fac.get("/barometre/references").status == .forbidden)
            #expect(
                try await fac.post(
                    "/barometre/references/nouvelle",
                    [("key", "associations"), ("label", "x"), ("percent", "1"), ("source", "x"), ("year", "2020")]
                ).status == .forbidden)
            let admin = Browser(client)
            try await admin.login("admin@reseau.example")
            #expect(try await admin.get("/barometre/references").body.contains("PHARE-Entreprises"))
            let invalid = try await admin.post(
                "/barometre/references/nouvelle",
                [
                    ("key", "associations"), ("label", "Associations"), ("percent", "140"), ("source", "Étude X"),
                    ("year", "2024")
                ])
            #expect(invalid.status == .unprocessableContent && invalid.body.contains("entre 0 et 100"))
            let added = try await admin.post(
                "/barometre/references/nouvelle",
                [
                    ("key", "associations"), ("label", "Associations partenaires (nouvelle étude)"),
                    ("percent", "41,5"), ("source", "Étude régionale fictive"), ("year", "2024")
                ])
            #expect(added.status == .seeOther)
            let page = try await Browser(client).get("/labs/alsace/barometre?annee=2026")
            #expect(page.body.contains("41,5\u{202F}%") && page.body.contains("Étude régionale fictive, 2024"))
            let id = try await database.withConnection { db in
                try await db.raw("SELECT id FROM barometer_references WHERE source = 'Étude régionale fictive'")
                    .first()!.decode(column: "id", as: Int.self)
            }
            #expect(try await admin.post("/barometre/references/\(id)/supprimer", []).status == .seeOther)
            #expect(
                !(try await Browser(client).get("/labs/alsace/barometre?annee=2026").body.contains(
                    "Étude régionale fictive")))
        }
    }

    /// The barometer's data as read by SQL, against a territory counted by hand (both engines).
    @Test(arguments: TestEngine.available)
    func test_barometer_data_from_the_database(engine: TestEngine) async throws {
        try await withTestDatabase(engine) { database in
            let figures = try await database.transaction { db -> (BarometerResult, BarometerResult, SurveyEstimate) in
                let store = OrganisationStore()
                let strasbourg = Commune(
                    code: "67482", name: "Strasbourg", departementCode: "67", latitude: 48.58, longitude: 7.75)
                let mulhouse = Commune(
                    code: "68224", name: "Mulhouse", departementCode: "68", latitude: 47.75, longitude: 7.34)
                for commune in [strasbourg, mulhouse] { try await store.upsertCommune(commune, on: db) }
                let lab = try await LabStore().create(
                    slug: "test", name: "Test", description: nil, perimeter: Perimeter(departementCodes: ["67", "68"]),
                    regionCode: nil, on: db)
                func org(
                    _ name: String, _ kind: ActorKind, _ commune: Commune, size: SizeClass? = nil,
                    band: HeadcountBand? = nil, active: Bool = true
                ) async throws -> Int {
                    try await store.create(
                        labID: lab.id,
                        draft: OrganisationDraft(
                            name: name, kind: kind, sizeClass: size, headcountBand: band, commune: commune.code,
                            active: active),
                        commune: commune, on: db)
                }
                let a1 = try await org("A1", .association, strasbourg, band: .b02)
                let a2 = try await org("A2", .association, strasbourg, band: nil)
                let a3 = try await org("A3", .association, mulhouse, active: false)
                let m = try await org("M", .company, strasbourg, size: .micro, band: .b01)
                let p = try await org("P", .company, mulhouse, size: .sme)
                let t = try await org("T", .localAuthority, strasbourg)
                let partnerships = PartnershipStore()
                func partnership(_ parties: [Int], _ stage: String, _ start: String, _ end: String? = nil) async throws
                {
                    let input = PartnershipInput(
                        title: "P \(parties)", parties: parties.map { PartyInput(organisationId: $0, role: nil) },
                        modes: ["benevolat"],
                        stage: stage, startDate: start, endDate: end)
                    _ = try await partnerships.create(
                        labID: lab.id, draft: try PartnershipDraft.validate(input).get(), userID: nil, on: db)
                }
                try await partnership([a1, m, t], "experimentation", "2024-01-01")
                try await partnership([a2, p], "termine", "2020-01-01", "2023-06-30")
                try await partnership([a3, p], "accord-formel", "2024-02-01")
                try await partnership([a2, t], "dialogue", "2024-03-01")
                let barometer = BarometerStore()
                try await barometer.saveAnswer(
                    labID: lab.id, organisationID: a1, year: 2024, partnerships: 2, modes: [.skillsPatronage],
                    userID: nil, on: db)
                try await barometer.saveAnswer(
                    labID: lab.id, organisationID: a2, year: 2024, partnerships: 0, modes: [], userID: nil, on: db)
                let (data, version) = try await barometer.data(labID: lab.id, on: db)
                // A partnership written afterwards: read alone and merged, the figures are
                // those of a full read.
                try await partnership([a2, m], "evaluation", "2024-05-01")
                let merged = try await barometer.data(labID: lab.id, previous: (data, version), on: db)
                #expect(merged.partnershipVersion == version + 1)
                #expect(merged.data.partnerships.count == 5)
                let full = try await barometer.data(labID: lab.id, on: db).data
                #expect(
                    Barometer.compute(merged.data, period: .year(2024)) == Barometer.compute(full, period: .year(2024)))
                #expect(
                    Barometer.compute(merged.data, period: .year(2024)).segments[.associations]
                        == Share(count: 2, population: 2))
                return (
                    Barometer.compute(data, period: .year(2024)), Barometer.compute(data, period: .year(2023)),
                    Barometer.survey(data, year: 2024)
                )
            }
            let (y2024, y2023, survey) = figures
            #expect(y2024.activePartnerships == 2 && y2024.inConstruction == 1)
            #expect(
                y2024.segments[.associations] == Share(count: 1, population: 2),
                "the closed association is outside the population")
            #expect(y2024.segments[.employerAssociations] == Share(count: 1, population: 1))
            #expect(y2024.segments[.companies] == Share(count: 2, population: 2))
            #expect(y2024.segments[.micro] == Share(count: 1, population: 1))
            #expect(y2024.segments[.localAuthorities] == Share(count: 1, population: 1))
            #expect(y2024.departements.map(\.code) == ["67", "68"])
            #expect(y2024.departements[0].all == Share(count: 3, population: 4))
            #expect(y2024.departements[1].all == Share(count: 1, population: 1))
            #expect(y2023.segments[.associations] == Share(count: 1, population: 2))
            #expect(y2023.segments[.companies] == Share(count: 1, population: 2))
            let associations = try #require(survey.rows.first { $0.segment == .associations })
            #expect(associations.respondents == 2 && associations.engaged == 1)
            #expect(
                associations.interval == ConfidenceInterval(lower: 0.5, upper: 0.5),
                "every association answered: no sampling error")
        }
    }

    /// After a write, the warmer reads the data of a lab whose barometer was viewed, so
    /// the next view finds it; the figures are those of a fresh read.
    @Test(arguments: TestEngine.available)
    func test_warmer_reads_again_after_a_write(engine: TestEngine) async throws {
        try await withTestDatabase(engine, demo: true) { database in
            let services = Services(database: database, configuration: TestApp.configuration(database))
            let lab = try #require(
                try await database.withConnection { db in try await LabStore().find(slug: "alsace", on: db) })
            let before = try await services.barometer.report(lab: lab, period: .year(2026), currentYear: 2026)
            #expect(before.result.segments[.associations] == Share(count: 4, population: 10))
            let admin = try await TestApp.user(database, email: "admin@reseau.example", role: .admin)
            let viewer = Viewer(userID: admin, role: .admin, labID: nil, organisationID: nil)
            let potagers = try await TestApp.organisationID(database, named: "Potagers Partagés de Sélestat")
            let numeria = try await TestApp.organisationID(database, named: "Numéria Conseil (démo)")
            let input = PartnershipInput(
                title: "Compost et numérique",
                parties: [.init(organisationId: potagers, role: nil), .init(organisationId: numeria, role: nil)],
                modes: ["mecenat-nature"], stage: "accord-formel", startDate: "2026-05-01")
            _ = try await services.partnerships.save(lab: lab, id: nil, input: input, viewer: viewer).get()
            let changed = try #require(
                try await database.withConnection { db in try await LabStore().find(slug: "alsace", on: db) })
            #expect(services.barometer.data.get(BarometerService.key(changed)) == nil)
            await services.barometer.warm()
            let warmed = try #require(services.barometer.data.get(BarometerService.key(changed)))
            #expect(
                Barometer.compute(warmed, period: .year(2026)).segments[.associations]
                    == Share(count: 5, population: 10))
        }
    }
}
