import AlliancesCore
@testable import AlliancesServer
import Foundation
import HummingbirdTesting
import SQLKit
import Testing

/// The experience library end to end: a sheet written from a partnership goes through
/// review to publication, readers see the published version while the next is written,
/// visibility holds for visitors, other organisations and the API; the demo's sheets are
/// searched and faceted; tools keep their versions and count downloads.
@Suite struct LibraryTests {
    static let partnershipTitle = "Parrainage de demandeurs d'emploi par des salariés"

    static func sheetForm(
        title: String, parties: [Int], visibility: String = "public", extra: [(String, String)] = []
    ) -> [(String, String)] {
        [
            ("title", title), ("summary", "Des salariés accompagnent des personnes vers l'emploi, six mois durant."),
            ("territory", "Mulhouse"), ("questions", "se-connaitre"), ("themes", "mobiliser"),
            ("modes", "mecenat-competences"), ("governance", "convention"), ("scaling", "duplication"),
            ("visibility", visibility), ("context", "Les personnes manquaient de réseau."),
            ("timeline", "2025-06 — première rencontre\n2025-09 — parrains formés"),
            ("results", "Personnes accompagnées ; 18 ; 2026-03-31"),
            ("lessons", "Former les parrains zythophiles avant le premier entretien."),
            ("links", "Présentation | https://exemple.org/parrainage")
        ] + parties.flatMap { [("party", String($0)), ("role", "")] } + extra
    }

    /// Signed in: a member of Élan Solidaire Mulhouse (the author), one of Culture en Partage
    /// Saverne (a reader), the lab's team; and a visitor.
    static func people(_ client: any TestClientProtocol, _ database: Database) async throws -> (
        author: Browser, reader: Browser, team: Browser, visitor: Browser
    ) {
        let elan = try await TestApp.organisationID(database, named: "Élan Solidaire Mulhouse")
        let culture = try await TestApp.organisationID(database, named: "Culture en Partage Saverne")
        try await TestApp.user(database, email: "auteur@elan.example", role: .member, lab: "alsace", organisation: elan)
        try await TestApp.user(
            database, email: "lecteur@culture.example", role: .member, lab: "alsace", organisation: culture)
        try await TestApp.user(database, email: "equipe@labo.example", role: .facilitator, lab: "alsace")
        let browsers = (Browser(client), Browser(client), Browser(client), Browser(client))
        try await browsers.0.login("auteur@elan.example")
        try await browsers.1.login("lecteur@culture.example")
        try await browsers.2.login("equipe@labo.example")
        return browsers
    }

    static func sheetID(_ location: String?) -> Int? {
        location.flatMap { $0.split(separator: "/").last?.split(separator: "?").first }.flatMap { Int($0) }
    }

    static func status(_ database: Database, _ id: Int) async throws -> String {
        try await database.withConnection { db in
            try await db.raw("SELECT status FROM experience_sheets WHERE id = \(bind: id)").first()!.decode(
                column: "status", as: String.self)
        }
    }

    @Test(arguments: TestEngine.available)
    func test_a_sheet_written_from_a_partnership_is_reviewed_published_and_versioned(engine: TestEngine) async throws {
        try await TestApp.run(engine) { client, database in
            let (author, reader, team, visitor) = try await Self.people(client, database)
            let elan = try await TestApp.organisationID(database, named: "Élan Solidaire Mulhouse")
            let hexagone = try await TestApp.organisationID(database, named: "Groupe Hexagone Services (démo)")
            let culture = try await TestApp.organisationID(database, named: "Culture en Partage Saverne")
            let partnership = try await database.withConnection { db in
                try await db.raw("SELECT id FROM partnerships WHERE title = \(bind: Self.partnershipTitle)").first()!
                    .decode(column: "id", as: Int.self)
            }

            // From the partnership's page, the form opens filled from it.
            let partnershipPage = try await author.get("/labs/alsace/partenariats/\(partnership)")
            #expect(partnershipPage.body.contains("bibliotheque/nouvelle?partenariat=\(partnership)"))
            let prefilled = try await author.get("/labs/alsace/bibliotheque/nouvelle?partenariat=\(partnership)")
            #expect(
                prefilled.status == .ok && prefilled.body.contains("value=\"\(HTML.escape(Self.partnershipTitle))\""))
            #expect(prefilled.body.contains("name=\"partenariat\" value=\"\(partnership)\""))
            #expect(try await visitor.get("/labs/alsace/bibliotheque/nouvelle").status == .unauthorized)

            // Bad input is refused in French and saves nothing.
            let before = try await TestApp.count(database, "SELECT COUNT(*) AS n FROM experience_sheets")
            var bad = Self.sheetForm(title: "", parties: [culture])
            bad.append(("governance", "cooperative-spatiale"))
            let refused = try await author.post("/labs/alsace/bibliotheque/nouvelle", bad)
            #expect(refused.status == .unprocessableContent)
            #expect(refused.body.contains("Votre organisation doit figurer") || refused.body.contains("Le titre"))
            let noOrganisation = try await author.post(
                "/labs/alsace/bibliotheque/nouvelle",
                Self.sheetForm(title: "Sans organisation", parties: [999_999, elan]))
            #expect(noOrganisation.status == .unprocessableContent && noOrganisation.body.contains("n° 999999"))
            #expect(try await TestApp.count(database, "SELECT COUNT(*) AS n FROM experience_sheets") == before)

            let created = try await author.post(
                "/labs/alsace/bibliotheque/nouvelle",
                Self.sheetForm(
                    title: "Parrains zythophiles en entreprise", parties: [elan, hexagone],
                    extra: [("partenariat", String(partnership))]))
            #expect(created.status == .seeOther)
            let id = try #require(Self.sheetID(created.location))
            #expect(try await Self.status(database, id) == "brouillon")

            // A draft is read by its authors and the team only.
            #expect(try await author.get("/labs/alsace/bibliotheque/\(id)").body.contains("Brouillon"))
            #expect(try await reader.get("/labs/alsace/bibliotheque/\(id)").status == .notFound)
            #expect(try await visitor.get("/labs/alsace/bibliotheque/\(id)").status == .notFound)
            #expect(try await visitor.get("/api/v1/labs/alsace/experiences/\(id)").status == .notFound)

            // The authors submit; only the team publishes or sends back, saying why.
            let selfPublish = try await author.post(
                "/labs/alsace/bibliotheque/\(id)/etape", [("action", "publier"), ("comment", "")])
            #expect(selfPublish.status == .forbidden && selfPublish.body.contains("Seule l&#39;équipe du labo"))
            #expect(
                try await author.post("/labs/alsace/bibliotheque/\(id)/etape", [("action", "soumettre")]).status
                    == .seeOther)
            #expect(try await Self.status(database, id) == "soumise")
            let mute = try await team.post(
                "/labs/alsace/bibliotheque/\(id)/etape", [("action", "renvoyer"), ("comment", "")])
            #expect(mute.status == .unprocessableContent && mute.body.contains("ce qu&#39;il faut reprendre"))
            #expect(try await Self.status(database, id) == "soumise")
            #expect(
                try await team.post(
                    "/labs/alsace/bibliotheque/\(id)/etape",
                    [("action", "renvoyer"), ("comment", "Précisez le modèle économique.")]
                ).status == .seeOther)
            #expect(try await Self.status(database, id) == "brouillon")
            #expect(
                try await author.get("/labs/alsace/bibliotheque/\(id)").body.contains("Précisez le modèle économique."))
            let twice = try await team.post("/labs/alsace/bibliotheque/\(id)/etape", [("action", "publier")])
            #expect(twice.status == .unprocessableContent, "nothing is published unsubmitted")
            _ = try await author.post("/labs/alsace/bibliotheque/\(id)/etape", [("action", "soumettre")])
            #expect(
                try await team.post(
                    "/labs/alsace/bibliotheque/\(id)/etape", [("action", "publier"), ("comment", "Merci !")]
                ).status == .seeOther)
            #expect(try await Self.status(database, id) == "publiee")
            #expect(
                try await TestApp.count(
                    database, "SELECT COUNT(*) AS n FROM outbox WHERE subject LIKE 'Fiche d''expérience%'") >= 2,
                "the team heard of the submission, the authors of the publication")

            // Its authors attach documents (checked as a partnership's); readers download them.
            let pdf = Array(LibraryDemo.pdf(lines: ["Convention de parrainage"]))
            let refusedFile = try await author.upload(
                "/labs/alsace/bibliotheque/\(id)/documents", bytes: Array("MZ exécutable".utf8), filename: "outil.exe",
                type: "application/octet-stream")
            #expect(refusedFile.status == .unprocessableContent && refusedFile.body.contains("Type de fichier refusé"))
            #expect(
                try await reader.upload(
                    "/labs/alsace/bibliotheque/\(id)/documents", bytes: pdf, filename: "x.pdf", type: "application/pdf"
                ).status == .notFound)
            #expect(
                try await author.upload(
                    "/labs/alsace/bibliotheque/\(id)/documents", bytes: pdf, filename: "convention.pdf",
                    type: "application/pdf"
                ).status == .seeOther)
            let document = try await TestApp.count(database, "SELECT MAX(id) AS n FROM experience_sheet_documents")
            #expect(
                try await TestApp.count(database, "SELECT COUNT(*) AS n FROM experience_sheet_documents") == 1,
                "the refused file left nothing")

            // Published: everyone reads it, finds it, and the API gives it.
            let published = try await visitor.get("/labs/alsace/bibliotheque/\(id)")
            #expect(published.status == .ok && published.body.contains("Parrains zythophiles en entreprise"))
            #expect(!published.body.contains("Relecture et commentaires"), "reviews stay with the authors")
            #expect(published.body.contains("convention.pdf") && !published.body.contains("Joindre un document"))
            let downloaded = try await visitor.get("/labs/alsace/bibliotheque/\(id)/documents/\(document)")
            #expect(downloaded.status == .ok && downloaded.body.hasPrefix("%PDF"))
            let found = try await visitor.get("/labs/alsace/bibliotheque?q=zythophile")
            #expect(found.body.contains("bibliotheque/\(id)\""))
            #expect(try await visitor.get("/labs/alsace/organisations/\(elan)").body.contains("Leurs expériences"))
            let api = try await visitor.get("/api/v1/labs/alsace/experiences/\(id)").json()
            #expect(api["title"] as? String == "Parrains zythophiles en entreprise" && api["version"] as? Int == 1)

            // Another organisation asks the authors through an introduction.
            let asking = try await reader.get("/labs/alsace/bibliotheque/\(id)")
            #expect(asking.body.contains("mises-en-relation/nouvelle?b=\(elan)&amp;fiche=\(id)"))
            let introduction = try await reader.get("/labs/alsace/mises-en-relation/nouvelle?b=\(elan)&fiche=\(id)")
            #expect(introduction.status == .ok && introduction.body.contains("« Parrains zythophiles en entreprise »"))
            #expect(!(try await author.get("/labs/alsace/bibliotheque/\(id)").body.contains("fiche=\(id)")))

            // A new version waits for review while readers keep the published one.
            var edit = Self.sheetForm(title: "Parrains en entreprise, deuxième saison", parties: [elan, hexagone])
            edit.append(("contactOrganisation", String(hexagone)))
            #expect(try await author.post("/labs/alsace/bibliotheque/\(id)/modifier", edit).status == .seeOther)
            #expect(
                try await visitor.get("/labs/alsace/bibliotheque/\(id)").body.contains(
                    "Parrains zythophiles en entreprise"))
            #expect(try await author.get("/labs/alsace/bibliotheque/\(id)").body.contains("deuxième saison"))
            let history = try await author.get("/labs/alsace/bibliotheque/\(id)/versions")
            #expect(history.body.contains("Version 2") && history.body.contains("Version 1"))
            #expect(try await author.get("/labs/alsace/bibliotheque/\(id)/versions/1").body.contains("zythophiles"))
            #expect(try await visitor.get("/labs/alsace/bibliotheque/\(id)/versions/1").status == .unauthorized)
            #expect(try await reader.get("/labs/alsace/bibliotheque/\(id)/versions/1").status == .notFound)
            #expect(try await reader.get("/labs/alsace/bibliotheque/\(id)/versions").status == .notFound)

            // Archived, it leaves the readers' library; restored, it comes back.
            _ = try await author.post("/labs/alsace/bibliotheque/\(id)/etape", [("action", "soumettre")])
            _ = try await team.post("/labs/alsace/bibliotheque/\(id)/etape", [("action", "publier")])
            #expect(try await visitor.get("/labs/alsace/bibliotheque/\(id)").body.contains("deuxième saison"))
            #expect(
                try await team.post("/labs/alsace/bibliotheque/\(id)/etape", [("action", "archiver")]).status
                    == .seeOther)
            #expect(try await visitor.get("/labs/alsace/bibliotheque/\(id)").status == .notFound)
            #expect(
                !(try await visitor.get("/labs/alsace/bibliotheque?q=saison").body.contains("bibliotheque/\(id)\"")))
            #expect(
                try await team.post("/labs/alsace/bibliotheque/\(id)/etape", [("action", "restaurer")]).status
                    == .seeOther)
            #expect(try await visitor.get("/labs/alsace/bibliotheque/\(id)").status == .ok)

            // Comments, and "my sheets" with the team's review queue.
            #expect(
                try await author.post("/labs/alsace/bibliotheque/\(id)/commentaires", [("comment", "")]).status
                    == .unprocessableContent)
            #expect(
                try await author.post("/labs/alsace/bibliotheque/\(id)/commentaires", [("comment", "Photos à venir.")])
                    .status == .seeOther)
            #expect(
                try await reader.post("/labs/alsace/bibliotheque/\(id)/commentaires", [("comment", "x")]).status
                    == .notFound)
            #expect(try await author.get("/labs/alsace/bibliotheque/mes-fiches").body.contains("deuxième saison"))
            #expect(try await team.get("/labs/alsace/bibliotheque/mes-fiches").body.contains("À relire"))
        }
    }

    @Test(arguments: TestEngine.available)
    func test_the_demo_library_is_searched_faceted_and_covers_every_facet(engine: TestEngine) async throws {
        try await TestApp.run(engine) { client, database in
            let culture = try await TestApp.organisationID(database, named: "Culture en Partage Saverne")
            try await TestApp.user(
                database, email: "membre@culture.example", role: .member, lab: "alsace", organisation: culture)
            let member = Browser(client)
            try await member.login("membre@culture.example")
            let visitor = Browser(client)

            // Ten published sheets in Alsace: eight public, one for the network, one for the lab.
            #expect(try await visitor.get("/labs/alsace/bibliotheque").body.contains(">8 fiches<"))
            #expect(try await member.get("/labs/alsace/bibliotheque").body.contains(">10 fiches<"))
            #expect(try await visitor.get("/labs/alsace/bibliotheque?gouvernance=scic").body.contains(">0 fiche<"))
            let scic = try await member.get("/labs/alsace/bibliotheque?gouvernance=scic")
            #expect(scic.body.contains(">1 fiche<") && scic.body.contains("Une SCIC pour l&#39;entretien"))
            // Words are stemmed and facets combine with them.
            let minibus = try await visitor.get("/labs/alsace/bibliotheque?q=minibus+clubs")
            #expect(minibus.body.contains(">1 fiche<") && minibus.body.contains("<mark>minibus</mark>"))
            #expect(try await visitor.get("/labs/alsace/bibliotheque?q=fusion").body.contains("fusionné"))
            #expect(
                try await visitor.get("/labs/alsace/bibliotheque?q=minibus&question=partager-experience").body.contains(
                    ">0 fiche<"))
            let bad = try await visitor.get("/labs/alsace/bibliotheque?monde=martiens")
            #expect(bad.status == .badRequest && bad.body.contains("Mondes impliqués inconnu(e)"))
            // Each sheet shows similar ones, and the map places them.
            let scicID = try await database.withConnection { db in
                try await db.raw("SELECT id FROM experience_sheets WHERE title LIKE 'Une SCIC%'").first()!.decode(
                    column: "id", as: Int.self)
            }
            #expect(try await member.get("/labs/alsace/bibliotheque/\(scicID)").body.contains("Expériences proches"))
            let map = try await visitor.get("/labs/alsace/bibliotheque/carte")
            #expect(map.status == .ok && map.body.contains("Fiches par département"))
            let page = try await visitor.get("/api/v1/labs/alsace/experiences?theme=gouvernance").json()
            #expect((page["total"] as? Int ?? 0) >= 1)

            // Between them, the demo's published sheets name every value of every facet.
            let entries = try await database.withConnection { db in
                var all: [LibraryEntry] = []
                for lab in try await LabStore().all(on: db) {
                    all += try await LibraryService.entries(labID: lab.id, on: db)
                }
                return all
            }
            #expect(Set(entries.flatMap(\.questions)) == Set(ExperienceQuestion.allCases))
            #expect(Set(entries.flatMap(\.themes)) == Set(ExperienceTheme.allCases))
            #expect(Set(entries.flatMap(\.modes)) == Set(PartnershipMode.allCases))
            #expect(Set(entries.compactMap(\.governance)) == Set(GovernanceForm.allCases))
            #expect(Set(entries.map(\.scaling)) == Set(ScalingPath.allCases))
            #expect(Set(entries.flatMap(\.worlds)) == Set(ActorKind.allCases))
            #expect(Set(entries.flatMap(\.departements)).isSuperset(of: ["67", "68"]))
            #expect(entries.count == 11)
        }
    }

    @Test(arguments: TestEngine.available)
    func test_tools_keep_their_versions_licence_and_download_counts(engine: TestEngine) async throws {
        try await TestApp.run(engine) { client, database in
            let culture = try await TestApp.organisationID(database, named: "Culture en Partage Saverne")
            try await TestApp.user(
                database, email: "membre@culture.example", role: .member, lab: "alsace", organisation: culture)
            try await TestApp.user(database, email: "equipe@labo.example", role: .facilitator, lab: "alsace")
            let member = Browser(client)
            try await member.login("membre@culture.example")
            let team = Browser(client)
            try await team.login("equipe@labo.example")
            let visitor = Browser(client)

            #expect(try await member.get("/labs/alsace/outils/nouveau").status == .forbidden)
            let refused = try await team.post(
                "/labs/alsace/outils/nouveau", [("title", "Charte"), ("category", "charte"), ("licence", "gpl")])
            #expect(refused.status == .unprocessableContent && refused.body.contains("licence"))
            let created = try await team.post(
                "/labs/alsace/outils/nouveau",
                [
                    ("title", "Charte des bénévoles"), ("category", "charte"), ("licence", "cc-by-4.0"),
                    ("visibility", "labo"), ("description", "Une charte courte.")
                ])
            #expect(created.status == .seeOther)
            let id = try #require(Self.sheetID(created.location))
            let pdf = Array(LibraryDemo.pdf(lines: ["Charte", "Version 1"]))
            let text = Array("pas un PDF".utf8)
            let wrong = try await team.upload(
                "/labs/alsace/outils/\(id)/versions", bytes: text, filename: "charte.exe", type: "text/plain")
            #expect(wrong.status == .unprocessableContent && wrong.body.contains("Type de fichier refusé"))
            for note in ["Première version", "Relue par le conseil"] {
                let sent = try await team.upload(
                    "/labs/alsace/outils/\(id)/versions", bytes: pdf, filename: "charte.pdf", type: "application/pdf",
                    fields: [("note", note)])
                #expect(sent.status == .seeOther)
            }
            let page = try await member.get("/labs/alsace/outils/\(id)")
            #expect(page.body.contains("Relue par le conseil") && page.body.contains("CC BY 4.0"))
            #expect(!page.body.contains("Déposer une nouvelle version"), "members download, the team uploads")
            let file = try await member.get("/labs/alsace/outils/\(id)/versions/2")
            #expect(file.status == .ok && file.body.hasPrefix("%PDF"))
            _ = try await member.get("/labs/alsace/outils/\(id)/versions/1")
            #expect(
                try await TestApp.count(database, "SELECT downloads AS n FROM library_tools WHERE id = \(id)") == 2)
            #expect(
                try await TestApp.count(
                    database, "SELECT downloads AS n FROM library_tool_versions WHERE tool_id = \(id) AND number = 2")
                    == 1)
            #expect(try await member.get("/labs/alsace/outils/\(id)/versions/9").status == .notFound)
            // A tool for the lab is not the visitors'.
            #expect(try await visitor.get("/labs/alsace/outils/\(id)").status == .notFound)
            #expect(try await visitor.get("/labs/alsace/outils/\(id)/versions/1").status == .notFound)
            #expect(!(try await visitor.get("/labs/alsace/outils").body.contains("Charte des bénévoles")))
            #expect(try await visitor.get("/labs/alsace/outils").body.contains("Grille d&#39;évaluation"))
        }
    }
}

/// A sheet's contact person: chosen among the contact organisation's people, named to the
/// sheet's authors and the team, and to a reader only on the page of an introduction asked
/// from the sheet, once both sides accepted.
@Suite struct SheetContactPersonTests {
    static func person(_ database: Database, of organisation: Int) async throws -> (id: Int, name: String) {
        try await database.withConnection { db in
            let row = try await db.raw(
                "SELECT id, name FROM people WHERE organisation_id = \(bind: organisation) ORDER BY id LIMIT 1"
            ).first()!
            return (try row.decode(column: "id", as: Int.self), try row.decode(column: "name", as: String.self))
        }
    }

    @Test(arguments: TestEngine.available)
    func test_the_contact_person_is_named_only_through_an_accepted_introduction(engine: TestEngine) async throws {
        try await TestApp.run(engine) { client, database in
            let elan = try await TestApp.organisationID(database, named: "Élan Solidaire Mulhouse")
            let culture = try await TestApp.organisationID(database, named: "Culture en Partage Saverne")
            let numeria = try await TestApp.organisationID(database, named: "Numéria Conseil (démo)")
            let claire = try await Self.person(database, of: elan)
            let stranger = try await Self.person(database, of: numeria)
            try await TestApp.user(
                database, email: "auteur@elan.example", role: .member, lab: "alsace", organisation: elan)
            try await TestApp.user(
                database, email: "lecteur@culture.example", role: .member, lab: "alsace", organisation: culture)
            try await TestApp.user(database, email: "equipe@labo.example", role: .facilitator, lab: "alsace")
            let author = Browser(client), reader = Browser(client), team = Browser(client)
            try await author.login("auteur@elan.example")
            try await reader.login("lecteur@culture.example")
            try await team.login("equipe@labo.example")

            // The form offers the people of the sheet's organisations; another's is refused.
            let form = try await author.get("/labs/alsace/bibliotheque/nouvelle")
            #expect(
                form.body.contains("<option value=\"\(claire.id)\">\(claire.name) (Élan Solidaire Mulhouse)</option>"))
            let wrong = try await author.post(
                "/labs/alsace/bibliotheque/nouvelle",
                LibraryTests.sheetForm(
                    title: "Un contact désigné", parties: [elan], extra: [("contactPerson", String(stranger.id))]))
            #expect(wrong.status == .unprocessableContent)
            #expect(wrong.body.contains("une personne de l&#39;organisation à contacter"))
            #expect(
                try await TestApp.count(
                    database, "SELECT COUNT(*) AS n FROM experience_sheets WHERE title = 'Un contact désigné'") == 0)
            let bad = try await author.post(
                "/labs/alsace/bibliotheque/nouvelle",
                LibraryTests.sheetForm(title: "Un contact désigné", parties: [elan], extra: [("contactPerson", "x")]))
            #expect(bad.status == .unprocessableContent && bad.body.contains("Personne à contacter invalide"))

            let created = try await author.post(
                "/labs/alsace/bibliotheque/nouvelle",
                LibraryTests.sheetForm(
                    title: "Un contact désigné", parties: [elan], extra: [("contactPerson", String(claire.id))]))
            let id = try #require(LibraryTests.sheetID(created.location))
            #expect(
                try await author.get("/labs/alsace/bibliotheque/\(id)").body.contains(
                    "Personne à contacter : \(claire.name)"))
            #expect(
                try await author.get("/labs/alsace/bibliotheque/\(id)/modifier").body.contains(
                    "<option value=\"\(claire.id)\" selected>"))
            _ = try await author.post("/labs/alsace/bibliotheque/\(id)/etape", [("action", "soumettre")])
            #expect(
                try await team.post("/labs/alsace/bibliotheque/\(id)/etape", [("action", "publier")]).status
                    == .seeOther)

            // A reader learns that someone is designated, not who.
            let sheet = try await reader.get("/labs/alsace/bibliotheque/\(id)").body
            #expect(sheet.contains("Une personne y est désignée") && !sheet.contains(claire.name))
            #expect(!(try await reader.get("/api/v1/labs/alsace/experiences/\(id)").body.contains(claire.name)))
            let ask = try await reader.get("/labs/alsace/mises-en-relation/nouvelle?b=\(elan)&fiche=\(id)")
            #expect(ask.body.contains("name=\"fiche\" value=\"\(id)\""))
            let asked = try await reader.post(
                "/labs/alsace/mises-en-relation/nouvelle",
                [("organisationB", String(elan)), ("message", "Parlons-en."), ("fiche", String(id))])
            let path = try #require(asked.location)
            #expect(try await reader.get(path).body.contains("Un contact désigné"))
            #expect(!(try await reader.get(path).body.contains(claire.name)))
            #expect(
                try await team.post(
                    path + "/proposer", [("messageA", "Voici les auteurs."), ("messageB", "Un lecteur.")]
                )
                .status == .seeOther)
            #expect(!(try await reader.get(path).body.contains(claire.name)), "one acceptance is not enough")
            #expect(try await author.post(path + "/reponse", [("answer", "accepte")]).status == .seeOther)
            let accepted = try await reader.get(path).body
            #expect(accepted.contains("désigne comme personne à contacter : <strong>\(claire.name)</strong>"))
            // A sheet number the reader may not read is refused; a sheet naming another
            // organisation as contact is not attached.
            let draft = try await author.post(
                "/labs/alsace/bibliotheque/nouvelle", LibraryTests.sheetForm(title: "Brouillon", parties: [elan]))
            let hidden = try #require(LibraryTests.sheetID(draft.location))
            #expect(
                try await reader.post(
                    "/labs/alsace/mises-en-relation/nouvelle",
                    [("organisationB", String(elan)), ("fiche", String(hidden))]
                ).status == .notFound)
            let other = try await reader.post(
                "/labs/alsace/mises-en-relation/nouvelle", [("organisationB", String(numeria)), ("fiche", String(id))])
            let otherPath = try #require(other.location)
            #expect(!(try await reader.get(otherPath).body.contains("Fiche d&#39;expérience")))
        }
    }
}

/// Sheets written through the API: the form's rules and messages, its review steps, and a
/// draft read back that can be saved again as it is.
@Suite struct LibraryAPITests {
    @Test(arguments: TestEngine.available)
    func test_authors_write_and_submit_through_the_api_and_the_team_publishes(engine: TestEngine) async throws {
        try await TestApp.run(engine) { client, database in
            let (author, reader, team, visitor) = try await LibraryTests.people(client, database)
            let elan = try await TestApp.organisationID(database, named: "Élan Solidaire Mulhouse")
            let path = "/api/v1/labs/alsace/experiences"
            func body(
                _ extra: String = "", organisation: Int = elan,
                timeline: String = #"["2026-01 — lancement", "2026-04 — premières récoltes"]"#
            ) -> String {
                """
                {"title": "Jardins partagés d'entreprise", "summary": "Des salariés jardinent avec une association.",
                 "organisations": [{"organisationId": \(organisation), "role": "porteur"}], "themes": ["mobiliser"],
                 "visibility": "reseau", "timeline": \(timeline),
                 "results": [{"indicator": "Salariés jardiniers", "value": "24", "date": "2026-06-30"}],
                 "links": [{"label": "Photos", "url": "https://exemple.org/jardins"}]\(extra)}
                """
            }

            // Refused with the form's reasons, or the API's own, and nothing written.
            let before = try await TestApp.count(database, "SELECT COUNT(*) AS n FROM experience_sheets")
            let unknown = try await author.json(.post, path, body(#", "auteur": "moi""#))
            #expect(unknown.status == .unprocessableContent && unknown.body.contains("« auteur »"))
            let split = try await author.json(.post, path, body(timeline: #"["une\nétape"]"#))
            #expect(split.status == .unprocessableContent && split.body.contains("timeline[0]"))
            let semicolon = try await author.json(
                .post, path, body().replacingOccurrences(of: "\"24\"", with: "\"24 ; 30\""))
            #expect(semicolon.status == .unprocessableContent && semicolon.body.contains("results[0].value"))
            let notMine = try await reader.json(.post, path, body())
            #expect(notMine.status == .unprocessableContent && notMine.body.contains("Votre organisation doit figurer"))
            let badGovernance = try await author.json(.post, path, body(#", "governance": "royaume""#))
            #expect(badGovernance.status == .unprocessableContent && badGovernance.body.contains("gouvernance"))
            #expect(try await visitor.json(.post, path, body()).status == .unauthorized)
            #expect(try await TestApp.count(database, "SELECT COUNT(*) AS n FROM experience_sheets") == before)

            let created = try await author.json(.post, path, body())
            #expect(created.status == .created)
            let sheet = try created.json()
            let id = try #require(sheet["id"] as? Int)
            #expect(created.location == "\(path)/\(id)/draft")
            #expect(sheet["status"] as? String == "brouillon" && sheet["version"] as? Int == 1)
            let content = try #require(sheet["sheet"] as? [String: Any])
            #expect((content["timeline"] as? [String])?.count == 2)
            #expect((content["results"] as? [[String: Any]])?.first?["value"] as? String == "24")
            #expect((content["links"] as? [[String: Any]])?.first?["url"] as? String == "https://exemple.org/jardins")

            // The draft is its authors' and the team's; others find nothing.
            #expect(try await reader.get("\(path)/\(id)/draft").status == .notFound)
            #expect(try await visitor.get("\(path)/\(id)/draft").status == .unauthorized)
            #expect(try await team.get("\(path)/\(id)/draft").status == .ok)
            #expect(try await visitor.get("\(path)/\(id)").status == .notFound, "not published")

            // The draft read back is saved again as it is: a new version, the same content.
            let draft = try await author.get("\(path)/\(id)/draft")
            let again = try JSONSerialization.data(withJSONObject: try #require(try draft.json()["sheet"]))
            let saved = try await author.json(.put, "\(path)/\(id)", String(decoding: again, as: UTF8.self))
            let savedVersion = try saved.json()["version"] as? Int
            #expect(saved.status == .ok && savedVersion == 2)
            #expect(
                NSDictionary(dictionary: try #require(try saved.json()["sheet"] as? [String: Any]))
                    == NSDictionary(dictionary: content))
            let moved = try await author.json(.put, "\(path)/\(id)", body(#", "partnershipId": 1"#))
            #expect(moved.status == .unprocessableContent && moved.body.contains("partnershipId"))
            #expect(try await reader.json(.put, "\(path)/\(id)", body()).status == .notFound)

            // The review's steps, with the pages' rules.
            let steps = "\(path)/\(id)/steps"
            let selfPublish = try await author.json(.post, steps, #"{"action": "publier"}"#)
            #expect(selfPublish.status == .forbidden && selfPublish.body.contains("Seule l'équipe du labo"))
            let strange = try await author.json(.post, steps, #"{"action": "envoyer"}"#)
            #expect(strange.status == .unprocessableContent && strange.body.contains("Action inconnue"))
            let submitted = try await author.json(.post, steps, #"{"action": "soumettre"}"#)
            let submittedStatus = try submitted.json()["status"] as? String
            #expect(submitted.status == .ok && submittedStatus == "soumise")
            let mute = try await team.json(.post, steps, #"{"action": "renvoyer"}"#)
            #expect(mute.status == .unprocessableContent && mute.body.contains("ce qu'il faut reprendre"))
            let published = try await team.json(.post, steps, #"{"action": "publier", "comment": "Merci !"}"#)
            let state = try published.json()
            #expect(state["status"] as? String == "publiee" && state["publishedVersion"] as? Int == 2)
            #expect(state["visibility"] as? String == "reseau")
            let twice = try await team.json(.post, steps, #"{"action": "publier"}"#)
            #expect(twice.status == .unprocessableContent, "a published sheet is not published again")
            #expect(try await reader.get("\(path)/\(id)").json()["title"] as? String == "Jardins partagés d'entreprise")
            #expect(try await visitor.get("\(path)/\(id)").status == .notFound, "for the network, not the public")
        }
    }
}
