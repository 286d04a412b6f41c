import AlliancesCore
@testable import AlliancesServer
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SQLKit
import Testing

@Suite struct DirectoryFormTests {
    static let validForm: [(String, String)] = [
        ("name", "Repair Café de la Krutenau"), ("kind", "association"), ("commune", "strasbourg"),
        ("themes", "environnement"), ("themes", "solidarite"),
        ("description", "Ateliers de réparation.\nChaque samedi."),
        ("website", "https://repair.example"), ("active", "1")
    ]

    @Test(arguments: TestEngine.available)
    func test_facilitator_creates_edits_and_deletes_an_organisation(engine: TestEngine) async throws {
        try await TestApp.run(engine) { client, database in
            try await TestApp.user(database, email: "fac@alsace.example", role: .facilitator, lab: "alsace")
            let browser = Browser(client)
            try await browser.login("fac@alsace.example")
            #expect(try await browser.get("/labs/alsace/organisations").body.contains("Ajouter une organisation"))
            #expect(try await browser.get("/labs/alsace/organisations/nouvelle").status == .ok)
            let created = try await browser.post("/labs/alsace/organisations/nouvelle", Self.validForm)
            #expect(created.status == .seeOther)
            let location = try #require(created.location)
            let page = try await browser.get(location)
            #expect(page.body.contains("Repair Café de la Krutenau"))
            #expect(page.body.contains("Strasbourg (67482)"))
            #expect(page.body.contains("Environnement"))
            #expect(page.body.contains("<p>Chaque samedi.</p>"))

            var edited = Self.validForm.filter { $0.0 != "name" && $0.0 != "active" }
            edited.append(("name", "Repair Café Krutenau"))
            #expect(try await browser.post(location + "/modifier", edited).status == .seeOther)
            let after = try await browser.get(location)
            #expect(after.body.contains("Repair Café Krutenau"))
            #expect(after.body.contains("Fermée"), "an unchecked box closes the organisation")

            #expect(
                try await browser.post(
                    location + "/personnes/nouvelle", [("name", "Léa Bénévole"), ("email", "lea@repair.example")]
                ).status == .seeOther)
            #expect(try await browser.get(location).body.contains("lea@repair.example"))

            #expect(try await browser.get(location + "/supprimer").body.contains("Supprimer définitivement"))
            #expect(try await browser.post(location + "/supprimer", []).status == .seeOther)
            #expect(try await browser.get(location).status == .notFound)
            #expect(
                try await TestApp.count(database, "SELECT COUNT(*) AS n FROM people WHERE email = 'lea@repair.example'")
                    == 0)
            #expect(
                try await TestApp.count(
                    database, "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'organisation.delete'") == 1)
        }
    }

    @Test(arguments: TestEngine.available)
    func test_invalid_form_keeps_what_was_typed_and_stores_nothing(engine: TestEngine) async throws {
        try await TestApp.run(engine) { client, database in
            try await TestApp.user(database, email: "fac@alsace.example", role: .facilitator, lab: "alsace")
            let browser = Browser(client)
            try await browser.login("fac@alsace.example")
            let before = try await TestApp.count(database, "SELECT COUNT(*) AS n FROM organisations")
            let bad = try await browser.post(
                "/labs/alsace/organisations/nouvelle",
                [
                    ("name", "<b>Nouvelle</b> asso"), ("kind", "association"), ("commune", "Paris"),
                    ("website", "pas un site"), ("siren", "123")
                ])
            #expect(bad.status == .unprocessableContent)
            #expect(bad.body.contains("value=\"&lt;b&gt;Nouvelle&lt;/b&gt; asso\""), "keeps the typed name, escaped")
            #expect(bad.body.contains("Le site web doit être une adresse commençant par https://"))
            #expect(bad.body.contains("Le SIREN doit compter 9 chiffres"))
            #expect(bad.body.contains("aria-invalid=\"true\""))
            #expect(try await TestApp.count(database, "SELECT COUNT(*) AS n FROM organisations") == before)

            let outside = try await browser.post(
                "/labs/alsace/organisations/nouvelle",
                [("name", "Asso parisienne"), ("kind", "association"), ("commune", "75056")])
            #expect(outside.status == .unprocessableContent)
            #expect(outside.body.contains("hors du périmètre du labo"))
            let unknown = try await browser.post(
                "/labs/alsace/organisations/nouvelle", [("name", "Asso"), ("kind", "association"), ("commune", "67999")]
            )
            #expect(unknown.body.contains("Code commune INSEE inconnu"))
            let dup1 = try await browser.post(
                "/labs/alsace/organisations/nouvelle",
                [("name", "Asso RNA"), ("kind", "association"), ("rnaId", "W672001234")])
            #expect(dup1.status == .seeOther)
            let dup2 = try await browser.post(
                "/labs/alsace/organisations/nouvelle",
                [("name", "Autre asso"), ("kind", "association"), ("rnaId", "W672001234")])
            #expect(dup2.status == .unprocessableContent)
            #expect(dup2.body.contains("Ce numéro RNA est déjà celui de « Asso RNA »"))
        }
    }

    @Test(arguments: TestEngine.available)
    func test_members_edit_their_own_organisation_only(engine: TestEngine) async throws {
        try await TestApp.run(engine) { client, database in
            let elan = try await TestApp.organisationID(database, named: "Élan Solidaire Mulhouse")
            let sport = try await TestApp.organisationID(database, named: "Sport pour Tous Colmar")
            try await TestApp.user(database, email: "membre@elan.example", role: .member, organisation: elan)
            let browser = Browser(client)
            try await browser.login("membre@elan.example")
            let own = "/labs/alsace/organisations/\(elan)"
            #expect(try await browser.get(own + "/modifier").status == .ok)
            let form = [
                ("name", "Élan Solidaire Mulhouse"), ("kind", "association"), ("commune", "68224"),
                ("description", "Mise à jour par le membre."), ("active", "1")
            ]
            #expect(try await browser.post(own + "/modifier", form).status == .seeOther)
            #expect(try await browser.get(own).body.contains("Mise à jour par le membre."))
            #expect(try await browser.get("/labs/alsace/organisations/\(sport)/modifier").status == .forbidden)
            #expect(try await browser.post("/labs/alsace/organisations/\(sport)/modifier", form).status == .forbidden)
            #expect(try await browser.get(own + "/supprimer").status == .forbidden)
            #expect(try await browser.get("/labs/alsace/organisations/nouvelle").status == .forbidden)
            // A visitor is asked to log in.
            let visitor = Browser(client)
            let login = try await visitor.get(own + "/modifier")
            #expect(login.status == .unauthorized)
            #expect(login.body.contains("/connexion?retour="))
        }
    }
}

@Suite struct PersonAndPlatformTests {
    @Test(arguments: TestEngine.available)
    func test_people_are_edited_and_removed_from_the_web_and_the_api(engine: TestEngine) async throws {
        try await TestApp.run(engine) { client, database in
            let elan = try await TestApp.organisationID(database, named: "Élan Solidaire Mulhouse")
            try await TestApp.user(database, email: "membre@elan.example", role: .member, organisation: elan)
            let browser = Browser(client)
            try await browser.login("membre@elan.example")
            let base = "/labs/alsace/organisations/\(elan)"
            let claire = try await database.withConnection { db in
                try await db.raw("SELECT id FROM people WHERE name = 'Claire Demo'").first()!.decode(
                    column: "id", as: Int.self)
            }
            let form = try await browser.get("\(base)/personnes/\(claire)/modifier")
            #expect(form.body.contains("value=\"claire.demo@elan-solidaire.example\""))
            let bad = try await browser.post(
                "\(base)/personnes/\(claire)/modifier", [("name", "Claire Demo"), ("email", "pas-un-email")])
            #expect(bad.status == .unprocessableContent)
            #expect(bad.body.contains("value=\"pas-un-email\""))
            #expect(
                try await browser.post(
                    "\(base)/personnes/\(claire)/modifier",
                    [("name", "Claire Demo"), ("role", "Co-présidente"), ("phone", "03 89 00 00 00")]
                ).status == .seeOther)
            #expect(try await browser.get(base).body.contains("Co-présidente"))
            #expect(try await browser.get("\(base)/personnes/999999/modifier").status == .notFound)
            let karim = try await database.withConnection { db in
                try await db.raw("SELECT id FROM people WHERE name = 'Karim Exemple'").first()!.decode(
                    column: "id", as: Int.self)
            }
            let put = try await browser.json(
                .put, "/api/v1/labs/alsace/organisations/\(elan)/people/\(karim)",
                #"{"name":"Karim Exemple","role":"Directeur"}"#)
            #expect(put.status == .ok)
            #expect(put.body.contains("Directeur"))
            #expect(
                try await browser.json(.delete, "/api/v1/labs/alsace/organisations/\(elan)/people/\(karim)").status
                    == .noContent)
            #expect(try await browser.post("\(base)/personnes/\(claire)/supprimer", []).status == .seeOther)
            #expect(
                try await TestApp.count(database, "SELECT COUNT(*) AS n FROM people WHERE organisation_id = \(elan)")
                    == 0)
            let other = try await TestApp.organisationID(database, named: "Sport pour Tous Colmar")
            #expect(
                try await browser.json(
                    .post, "/api/v1/labs/alsace/organisations/\(other)/people", #"{"name":"Intrus"}"#
                ).status == .forbidden)
        }
    }

    @Test(arguments: TestEngine.available)
    func test_health_and_metrics(engine: TestEngine) async throws {
        try await TestApp.run(engine) { client, _ in
            let browser = Browser(client)
            let health = try await browser.get("/health")
            #expect(health.status == .ok && health.body == "ok")
            // In process there is no socket peer: not this machine, so no metrics.
            #expect(try await browser.get("/metrics").status == .forbidden)
        }
    }

    /// `/metrics` answers a scraper on this machine, not a visitor relayed by a proxy on it,
    /// and anyone else only with the Bearer token.
    @Test(arguments: TestEngine.available)
    func test_metrics_are_served_to_this_machine_or_with_the_token(engine: TestEngine) async throws {
        try await withTestDatabase(engine) { database in
            var configuration = TestApp.configuration(database)
            configuration.metricsToken = "jeton-de-supervision-assez-long"
            let app = Application(
                router: buildRouter(configuration: configuration, database: database, metrics: true),
                configuration: .init(address: .hostname("127.0.0.1", port: 0)), logger: TestDatabase.logger)
            try await app.test(.live) { client in
                func get(_ headers: HTTPFields) async throws -> TestResponse {
                    try await client.execute(uri: "/metrics", method: .get, headers: headers)
                }
                let local = try await get([:])
                #expect(local.status == .ok && local.headers[.contentType]?.hasPrefix("text/plain") == true)
                #expect(String(buffer: local.body).contains("# TYPE "))
                #expect(try await get([HTTPField.Name("X-Forwarded-For")!: "203.0.113.9"]).status == .forbidden)
                #expect(try await get([HTTPField.Name("Forwarded")!: "for=203.0.113.9"]).status == .forbidden)
                #expect(
                    try await get([
                        HTTPField.Name("X-Forwarded-For")!: "203.0.113.9",
                        .authorization: "Bearer jeton-de-supervision-assez-lon"
                    ]).status == .forbidden)
                #expect(
                    try await get([
                        HTTPField.Name("X-Forwarded-For")!: "203.0.113.9",
                        .authorization: "Bearer jeton-de-supervision-assez-long"
                    ]).status == .ok)
            }
        }
    }
}

@Suite struct LabPageTests {
    @Test(arguments: TestEngine.available)
    func test_network_admin_creates_a_lab_from_the_web(engine: TestEngine) async throws {
        try await TestApp.run(engine) { client, database in
            try await TestApp.user(database, email: "admin@alliances.example", role: .admin)
            try await TestApp.user(database, email: "fac@alsace.example", role: .facilitator, lab: "alsace")
            let fac = Browser(client)
            try await fac.login("fac@alsace.example")
            #expect(try await fac.get("/labs/nouveau").status == .forbidden)
            let admin = Browser(client)
            try await admin.login("admin@alliances.example")
            #expect(try await admin.get("/").body.contains("Créer un labo"))
            let bad = try await admin.post(
                "/labs/nouveau", [("name", "Labo breton"), ("region", "53"), ("departements", "29,67")])
            #expect(bad.status == .unprocessableContent)
            #expect(bad.body.contains("pas tous dans la région Bretagne"))
            let taken = try await admin.post("/labs/nouveau", [("name", "Autre"), ("slug", "alsace")])
            #expect(taken.body.contains("Un labo utilise déjà l&#39;identifiant « alsace »."))
            let created = try await admin.post("/labs/nouveau", [("name", "Labo breton"), ("region", "53")])
            #expect(created.location == "/labs/labo-breton")
            let home = try await admin.get("/labs/labo-breton")
            #expect(home.body.contains("Côtes-d&#39;Armor (22), Finistère (29), Ille-et-Vilaine (35), Morbihan (56)"))
        }
    }

    /// A coded value the code does not know is an error naming where it is, never a silent
    /// default (an unknown role read as "member", an unknown status as "cancelled").
    @Test(arguments: TestEngine.available)
    func test_row_decoders_refuse_unknown_codes(engine: TestEngine) async throws {
        try await withTestDatabase(engine, demo: true) { database in
            let id = try await TestApp.organisationID(database, named: "Le RAMEAU")
            let labID = try await database.withConnection { db in
                try await db.raw("SELECT lab_id FROM organisations WHERE id = \(bind: id)").first()!.int("lab_id")
            }
            try await database.withConnection { db in
                try await db.raw("UPDATE organisations SET kind = 'cooperative-future' WHERE id = \(bind: id)").run()
            }
            do {
                _ = try await database.withConnection { db in
                    try await OrganisationStore().find(id: id, labID: labID, on: db)
                }
                Issue.record("an unknown kind was read without an error")
            } catch let error as DatabaseError {
                #expect(error.description.contains("« cooperative-future » in organisations.kind"))
            }
        }
    }

    /// An optional coded column: NULL reads as nil, an unknown value is an error.
    @Test(arguments: TestEngine.available)
    func test_optional_codes_read_null_as_nil_and_refuse_unknown_values(engine: TestEngine) async throws {
        try await withTestDatabase(engine, demo: true) { database in
            let id = try await TestApp.organisationID(database, named: "Le RAMEAU")
            let labID = try await database.withConnection { db in
                try await db.raw("SELECT lab_id FROM organisations WHERE id = \(bind: id)").first()!.int("lab_id")
            }
            let store = OrganisationStore()
            try await database.withConnection { db in
                try await db.raw("UPDATE organisations SET size_class = NULL WHERE id = \(bind: id)").run()
            }
            let found = try await database.withConnection { db in try await store.find(id: id, labID: labID, on: db) }
            #expect(found?.sizeClass == nil)
            try await database.withConnection { db in
                try await db.raw("UPDATE organisations SET size_class = 'geante' WHERE id = \(bind: id)").run()
            }
            do {
                _ = try await database.withConnection { db in try await store.find(id: id, labID: labID, on: db) }
                Issue.record("an unknown size class was read without an error")
            } catch let error as DatabaseError {
                #expect(error.description.contains("« geante » in organisations.size_class"))
            }
        }
    }
}
