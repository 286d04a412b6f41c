import AlliancesCore
@testable import AlliancesServer
import Foundation
import SQLKit
import Testing

/// Restitution end to end on the demo event: the organiser names a rapporteur and opens
/// the vote; participants propose and spread their dots; the rapporteur moderates and
/// writes the output; the projector ranks; the synthesis shows it to whom it may.
@Suite struct RestitutionTests {
    struct Person {
        let id: Int
        let token: String
        var page: String
    }

    /// Registers, confirms and seats someone in the workshop.
    static func seated(
        _ database: Database, _ event: RencontreEvent, _ session: EventSession, _ name: String,
        kind: String = "association", organisation: String? = nil
    ) async throws -> Person {
        let service = RegistrationService(database: database)
        guard
            case .registered(let id, let token, _) = try await service.register(
                event: event,
                input: RegistrationInput(
                    name: name, email: "\(name.lowercased().replacingOccurrences(of: " ", with: "."))@example.org",
                    organisation: organisation ?? "Org \(name)", actorKind: kind, listed: true), userID: nil)
        else { throw AppError.badRequest("registration refused") }
        #expect(try await service.confirmOffer(registrationID: id))
        let registration = try #require(try await service.find(token: token, eventID: event.id))
        guard
            case .seated(.confirmed) = try await service.joinSession(
                registration: registration, session: session, event: event)
        else { throw AppError.badRequest("no seat") }
        return Person(
            id: id, token: token,
            page: "/evenements/\(event.slug)/inscription/\(token)/ateliers/\(session.id)")
    }

    static func demo(_ database: Database) async throws -> (RencontreEvent, [EventSession]) {
        try await database.withConnection { db in
            let event = try #require(try await EventStore().event(slug: "alliances-2027", on: db))
            let workshops = try await EventStore().sessions(eventID: event.id, on: db).filter { $0.kind == .workshop }
            return (event, workshops)
        }
    }

    /// The demo's 2015 rencontre is past, and its restitution is filled: eight published
    /// outputs, proposals and closed votes within every ballot's limit, questions, and two
    /// commitments followed up as partnerships, which the Alsace barometer counts.
    @Test(arguments: TestEngine.available)
    func test_demo_rencontre_is_past_with_its_restitution_and_follow_ups(engine: TestEngine) async throws {
        try await TestApp.run(engine) { client, database in
            let visitor = Browser(client)
            let event = try #require(
                try await database.withConnection { db in try await EventStore().event(slug: "pionniers-2015", on: db) }
            )
            #expect(event.status == .past)
            #expect(
                try await visitor.get("/evenements/pionniers-2015").body.contains("Passé : cette rencontre a eu lieu."))
            #expect(
                try await visitor.get("/evenements/pionniers-2015/inscription").body.contains(
                    "Les inscriptions ne sont pas ouvertes (passé)"))

            let synthesis = try await visitor.get("/api/v1/events/pionniers-2015/synthesis").json()
            let workshops = try #require(synthesis["workshops"] as? [[String: Any]])
            #expect(workshops.count == 8)
            for w in workshops {
                #expect((w["output"] as? [String: Any])?["findings"] as? String != nil, "\(w["title"] ?? "")")
                #expect(w["voteState"] as? String == VoteState.closed.rawValue)
                let votes = (w["proposals"] as? [[String: Any]] ?? []).compactMap { $0["votes"] as? Int }
                #expect(votes.count == 5 && votes.reduce(0, +) == 30, "ten participants, three dots each")
            }
            let followed = workshops.flatMap { $0["followUps"] as? [[String: Any]] ?? [] }
            #expect(followed.count == 2 && followed.allSatisfy { $0["kind"] as? String == "partenariat" })
            let plenary = try #require(synthesis["plenary"] as? [[String: Any]])
            #expect(plenary.count == 2)
            let lunch = try #require(synthesis["lunch"] as? [[String: Any]])
            #expect(lunch.count == 5 && lunch.allSatisfy { ($0["worlds"] as? [Any])?.count ?? 0 >= 3 })
            for w in try await RestitutionTests.workshops(database, slug: "pionniers-2015") {
                let check = try await database.withConnection { db in
                    try await RestitutionStore().ballotCheck(sessionID: w.id, on: db)
                }
                #expect(check.broken == 0 && check.dots == 30 && check.ballots == 10)
            }
            let page = try await visitor.get("/evenements/pionniers-2015/synthese")
            #expect(page.status == .ok && page.body.contains("<strong>2 sur 34</strong>"))

            // The barometer of the lab where they were followed up counts them, for 2015.
            let barometer = try await visitor.get("/labs/alsace/barometre?annee=2015")
            #expect(barometer.body.contains("<strong>2 sur 34</strong> (6"))
            #expect(try await visitor.get("/labs/alsace/barometre").body.contains("Aucun engagement ni proposition"))
            let csv = try await visitor.get("/labs/alsace/barometre.csv?annee=2015").body
            #expect(
                csv.contains(
                    "Suites des rencontres;2015-01-01 au 2015-12-31;Engagements et propositions les plus votées;34;2;5,9;"
                ))
            #expect(
                try await visitor.get("/labs/reseau-national/barometre?annee=2015").body.contains(
                    "<strong>0 sur 34</strong>"))

            // A network rencontre's proposal, for an administrator without a lab: they pick one.
            let ws = try await RestitutionTests.workshops(database, slug: "pionniers-2015")[0]
            let proposal = try #require(
                try await RestitutionService(database: database).proposals(sessionID: ws.id).first)
            let admin = try await TestApp.browser(client, database, email: "admin@example.org", role: .admin)
            let link =
                "/evenements/pionniers-2015/restitution/\(ws.id)/suite?source=proposition-\(proposal.id)&type=besoin"
            let chooser = try await admin.get(link)
            #expect(
                chooser.status == .ok && chooser.body.contains("name=\"labo\"")
                    && chooser.body.contains("value=\"alsace\""))
            let chosen = try await admin.get(link + "&labo=alsace")
            #expect(chosen.status == .seeOther && chosen.location?.hasPrefix("/labs/alsace/besoins/") == true)
            #expect(try await admin.get(link + "&labo=inconnu").status == .badRequest)
            let fac = try await TestApp.browser(
                client, database, email: "fac@alsace.example", role: .facilitator, lab: "alsace")
            #expect(
                try await fac.get(link + "&labo=alsace").status == .forbidden,
                "a network rencontre is the administrators'")
        }
    }

    static func workshops(_ database: Database, slug: String) async throws -> [EventSession] {
        try await database.withConnection { db in
            let event = try #require(try await EventStore().event(slug: slug, on: db))
            return try await EventStore().sessions(eventID: event.id, on: db).filter { $0.kind == .workshop }
        }
    }

    @Test(arguments: TestEngine.available)
    func test_rapporteur_participants_projector_and_synthesis(engine: TestEngine) async throws {
        try await TestApp.run(engine) { client, database in
            let (event, workshops) = try await Self.demo(database)
            let workshop = workshops[0], other = workshops[4]
            let admin = try await TestApp.browser(client, database, email: "admin@example.org", role: .admin)
            let ana = try await Self.seated(database, event, workshop, "Ana Rapporteur")
            let bea = try await Self.seated(database, event, workshop, "Bea Deux", kind: "entreprise")
            let cle = try await Self.seated(database, event, workshop, "Cle Trois", kind: "collectivite")
            let outsider = try await Self.seated(database, event, other, "Dan Ailleurs")
            let base = "/evenements/alliances-2027/restitution"
            let browser = Browser(client)

            // Only organisers reach the organiser's page and its actions.
            #expect(try await browser.get(base).status == .unauthorized)
            let fac = try await TestApp.browser(
                client, database, email: "fac@alsace.example", role: .facilitator, lab: "alsace")
            #expect(try await fac.get(base).status == .forbidden)
            #expect(
                try await fac.post(base + "/\(workshop.id)/vote", [("votes", "3"), ("state", "ouvert")]).status
                    == .forbidden)
            let organiserPage = try await admin.get(base)
            #expect(organiserPage.status == .ok && organiserPage.body.contains("Ana Rapporteur"))

            // A rapporteur is chosen among the workshop's participants only.
            #expect(
                try await admin.post(base + "/\(workshop.id)/rapporteurs", [("registration", "\(outsider.id)")])
                    .status == .unprocessableContent)
            #expect(
                try await admin.post(base + "/\(workshop.id)/rapporteurs", [("registration", "\(ana.id)")]).status
                    == .seeOther)

            // Before the vote opens, proposals are taken but dots are not.
            #expect(
                try await browser.post(ana.page + "/propositions", [("text", "Un annuaire partagé")]).status
                    == .seeOther)
            let proposals = try await RestitutionService(database: database).proposals(sessionID: workshop.id)
            let first = try #require(proposals.first)
            let early = try await browser.post(bea.page + "/votes", [("proposal", "\(first.id)"), ("dots", "1")])
            #expect(early.status == .conflict && early.body.contains("pas encore ouvert"))

            #expect(
                try await admin.post(base + "/\(workshop.id)/vote", [("votes", "0"), ("state", "ouvert")]).status
                    == .unprocessableContent)
            #expect(
                try await admin.post(base + "/\(workshop.id)/vote", [("votes", "3"), ("state", "ouvert")]).status
                    == .seeOther)

            // Participants post (escaped, bounded) proposals.
            #expect(
                try await browser.post(bea.page + "/propositions", [("text", "<script>alert(1)</script> Des ateliers")])
                    .status == .seeOther)
            #expect(
                try await browser.post(cle.page + "/propositions", [("text", "Un annuaire commun")]).status
                    == .seeOther)
            let tooLong = try await browser.post(
                cle.page + "/propositions", [("text", String(repeating: "a", count: 281))])
            #expect(tooLong.status == .unprocessableContent && tooLong.body.contains("280 caractères"))
            let badTheme = try await browser.post(cle.page + "/propositions", [("text", "Ok"), ("theme", "Autre")])
            #expect(badTheme.status == .unprocessableContent)
            let page = try await browser.get(bea.page)
            #expect(page.body.contains("&lt;script&gt;alert(1)&lt;/script&gt; Des ateliers"))
            #expect(!page.body.contains("<script>alert"))

            // Someone from another workshop, or no link, may not take part.
            let outsiderPage = "/evenements/alliances-2027/inscription/\(outsider.token)/ateliers/\(workshop.id)"
            #expect(try await browser.get(outsiderPage).status == .forbidden)
            #expect(
                try await browser.post(outsiderPage + "/votes", [("proposal", "\(first.id)"), ("dots", "1")]).status
                    == .forbidden)
            #expect(
                try await browser.get("/evenements/alliances-2027/inscription/inconnu/ateliers/\(workshop.id)").status
                    == .notFound)

            let all = try await RestitutionService(database: database).proposals(sessionID: workshop.id)
            #expect(all.count == 3)
            let (annuaire, ateliers, commun) = (all[0].id, all[1].id, all[2].id)
            // Dots: three each, moved freely, never more.
            for (who, proposal, dots) in [(bea, annuaire, 2), (bea, ateliers, 1), (cle, annuaire, 1), (cle, commun, 2)]
            {
                #expect(
                    try await browser.post(who.page + "/votes", [("proposal", "\(proposal)"), ("dots", "\(dots)")])
                        .status == .seeOther)
            }
            let over = try await browser.post(bea.page + "/votes", [("proposal", "\(commun)"), ("dots", "1")])
            #expect(over.status == .unprocessableContent && over.body.contains("3 votes à répartir"))
            // The same request twice counts once (dots are absolute).
            #expect(
                try await browser.post(cle.page + "/votes", [("proposal", "\(annuaire)"), ("dots", "1")]).status
                    == .seeOther)
            #expect(
                try await browser.post(bea.page + "/votes", [("proposal", "\(annuaire)"), ("dots", "-1")]).status
                    == .unprocessableContent)
            var ranked = try await RestitutionService(database: database).proposals(sessionID: workshop.id)
            #expect(ranked.map(\.votes) == [3, 1, 2])

            // The rapporteur merges the duplicate (its dots follow) and hides the off-topic
            // one (its dot goes back to its voter); others may not moderate.
            #expect(
                try await browser.post(bea.page + "/propositions/\(commun)/moderer", [("action", "masquer")]).status
                    == .forbidden)
            #expect(
                try await browser.post(
                    ana.page + "/propositions/\(commun)/moderer", [("action", "fusionner"), ("into", "\(annuaire)")]
                ).status == .seeOther)
            #expect(
                try await browser.post(ana.page + "/propositions/\(ateliers)/moderer", [("action", "masquer")]).status
                    == .seeOther)
            // A proposal of another workshop is not this one's to moderate.
            let elsewhere = try await RestitutionService(database: database).propose(
                session: other, registrationID: outsider.id, text: "Ailleurs", theme: nil)
            #expect(
                try await browser.post(ana.page + "/propositions/\(elsewhere)/moderer", [("action", "masquer")]).status
                    == .notFound)
            ranked = try await RestitutionService(database: database).proposals(sessionID: workshop.id)
            #expect(ranked.map(\.votes) == [5, 0, 0])
            #expect(ranked.map(\.status) == [.visible, .hidden, .merged])
            // Bea got her dot back: she may place it again.
            #expect(
                try await browser.post(bea.page + "/votes", [("proposal", "\(annuaire)"), ("dots", "3")]).status
                    == .seeOther)
            let check = try await database.withConnection { db in
                try await RestitutionStore().ballotCheck(sessionID: workshop.id, on: db)
            }
            #expect(check.broken == 0 && check.dots == 6)

            // The output: a draft, errors shown with what was typed, then published; a
            // commitment naming a registered organisation is linked to it.
            #expect(try await browser.get(bea.page + "/restitution").status == .forbidden)
            let form = try await browser.get(ana.page + "/restitution")
            #expect(form.status == .ok && form.body.contains("Constats clés"))
            let invalid = try await browser.post(
                ana.page + "/restitution",
                [("findings", "Se connaître prend du temps."), ("rows", "3"), ("commitment-who-0", "Quelqu'un")])
            #expect(invalid.status == .unprocessableContent && invalid.body.contains("Se connaître prend du temps."))
            #expect(invalid.body.contains("à quoi on s"))
            #expect(
                try await browser.post(
                    ana.page + "/restitution",
                    [
                        ("findings", "Se connaître prend du temps."), ("obstacles", "Le temps des bénévoles."),
                        ("rows", "3"), ("commitment-who-0", "org bea deux"),
                        ("commitment-what-0", "Ouvrir l'annuaire"), ("commitment-due-0", "mars 2015"),
                        ("action", "brouillon")
                    ]
                ).status == .seeOther)
            var restitution = try await RestitutionService(database: database).restitution(session: workshop)
            #expect(restitution.outputStatus == .draft)
            #expect(restitution.output.commitments.first?.organisationID == nil, "Org Bea Deux is not in the directory")
            #expect(
                try await browser.post(
                    ana.page + "/restitution",
                    [
                        ("findings", "Se connaître prend du temps."), ("rows", "3"),
                        ("commitment-who-0", "Org Bea Deux"),
                        ("commitment-what-0", "Ouvrir l'annuaire"), ("action", "publier")
                    ]
                ).status == .seeOther)
            // An autosave keeps a published output published.
            #expect(
                try await browser.post(
                    ana.page + "/restitution",
                    [
                        ("findings", "Se connaître prend du temps, et de la confiance."), ("rows", "3"),
                        ("commitment-who-0", "Org Bea Deux"), ("commitment-what-0", "Ouvrir l'annuaire"),
                        ("autosave", "1")
                    ]
                ).status == .noContent)
            restitution = try await RestitutionService(database: database).restitution(session: workshop)
            #expect(restitution.outputStatus == .published)
            #expect(restitution.output.findings == "Se connaître prend du temps, et de la confiance.")

            // The vote closes: nothing changes any more.
            #expect(
                try await admin.post(base + "/\(workshop.id)/vote", [("votes", "3"), ("state", "clos")]).status
                    == .seeOther)
            let late = try await browser.post(cle.page + "/votes", [("proposal", "\(annuaire)"), ("dots", "0")])
            #expect(late.status == .conflict && late.body.contains("clos"))
            #expect(try await browser.post(cle.page + "/propositions", [("text", "Trop tard")]).status == .conflict)

            // The synthesis and the screen: the lab's only by default, then public.
            let screen = "/evenements/alliances-2027/ateliers/\(workshop.id)/projection"
            #expect(try await browser.get("/evenements/alliances-2027/synthese").status == .unauthorized)
            #expect(try await browser.get(screen).status == .unauthorized)
            #expect(try await fac.get("/evenements/alliances-2027/synthese").status == .forbidden)
            let projected = try await admin.get(screen)
            #expect(projected.status == .ok && projected.body.contains("Un annuaire partagé"))
            #expect(projected.body.contains("<strong>6 votes</strong>"))
            #expect(!projected.body.contains("Des ateliers"), "hidden proposals are not projected")
            let stream = try await admin.get(screen + "/flux")
            #expect(stream.headers[.contentType]?.hasPrefix("text/event-stream") == true)
            #expect(stream.body.contains("event: ranking") && stream.body.contains("6 votes"))
            #expect(
                try await admin.post(base + "/visibilite", [("visibility", "public")]).status == .seeOther)
            let synthesis = try await browser.get("/evenements/alliances-2027/synthese")
            #expect(synthesis.status == .ok)
            #expect(synthesis.body.contains("Se connaître prend du temps, et de la confiance."))
            #expect(synthesis.body.contains("Ouvrir l&#39;annuaire") || synthesis.body.contains("Ouvrir l'annuaire"))
            #expect(synthesis.body.contains("Un annuaire partagé — <strong>6 votes</strong>"))
            #expect(!synthesis.body.contains("@example.org"))
            // The plenary's screen walks through the workshops, this one first.
            let walk = try await browser.get("/evenements/alliances-2027/restitution/projection?atelier=1")
            #expect(walk.status == .ok && walk.body.contains("Se connaître prend du temps, et de la confiance."))
            #expect(walk.body.contains("restitution/projection?atelier=2"))
            #expect(
                try await browser.get("/evenements/alliances-2027/restitution/projection?atelier=99").status
                    == .notFound)
            let json = try await browser.get("/evenements/alliances-2027/synthese.json").json()
            let items = try #require(json["workshops"] as? [[String: Any]])
            let first1 = try #require(items.first { ($0["id"] as? Int) == workshop.id })
            #expect(((first1["proposals"] as? [[String: Any]])?.first?["votes"] as? Int) == 6)
            #expect((json["attendance"] as? [[String: Any]])?.isEmpty == false)
            // How the worlds mixed at lunch: one table of four, three worlds.
            #expect(
                try await admin.post("/evenements/alliances-2027/dejeuner/composer", [("size", "8")]).status
                    == .seeOther)
            let withLunch = try await browser.get("/evenements/alliances-2027/synthese")
            #expect(withLunch.body.contains("Tables qui ont réuni au moins trois mondes : <strong>1 sur 1</strong>"))
            let lunch = try #require(
                try await browser.get("/evenements/alliances-2027/synthese.json").json()["lunch"] as? [[String: Any]])
            #expect(lunch.count == 1 && (lunch[0]["worlds"] as? [[String: Any]])?.count == 3)
            let csv = try await browser.get("/evenements/alliances-2027/propositions.csv")
            #expect(csv.body.hasPrefix("\u{FEFF}Atelier;N°;Proposition"))
            #expect(
                csv.body.contains("Un annuaire partagé;Visible;6;2")
                    || csv.body.contains(";Un annuaire partagé;;Visible;6;2;"))
            #expect(!csv.body.contains("Masquée"), "hidden proposals are for organisers")
            #expect(try await admin.get("/evenements/alliances-2027/propositions.csv").body.contains("Masquée"))
            #expect(try await browser.get("/evenements/alliances-2027/synthese.csv").body.contains("Constats clés"))
            let api = try await browser.get("/api/v1/events/alliances-2027/proposals")
            #expect(api.status == .ok && api.body.contains("\"votes\":6"))
            #expect(try await browser.get("/evenements/alliances-2027/exports").body.contains("propositions.csv"))
            // Follow-up: a commitment of an organisation of the directory becomes, from the
            // synthesis, a need of its lab, linked back to the workshop.
            let haguenau = try await TestApp.organisationID(database, named: "Atelier Numérique Solidaire de Haguenau")
            try await database.withConnection { db in
                try await db.raw(
                    "UPDATE registrations SET organisation_id = \(bind: haguenau), organisation_name = 'Atelier Numérique Solidaire de Haguenau' WHERE id = \(bind: bea.id)"
                ).run()
            }
            #expect(
                try await browser.post(
                    ana.page + "/restitution",
                    [
                        ("findings", "Se connaître prend du temps."), ("rows", "3"),
                        ("commitment-who-0", "atelier numerique solidaire de haguenau"),
                        ("commitment-what-0", "Ouvrir un atelier de réparation"), ("action", "publier")
                    ]
                ).status == .seeOther)
            let organiserSynthesis = try await admin.get("/evenements/alliances-2027/synthese")
            let suite = "/evenements/alliances-2027/restitution/\(workshop.id)/suite?source=engagement-0&type=besoin"
            #expect(organiserSynthesis.body.contains(suite.replacingOccurrences(of: "&", with: "&amp;")))
            #expect(!synthesis.body.contains("Donner suite"), "for organisers only")
            #expect(try await browser.get(suite).status == .unauthorized)
            #expect(try await fac.get(suite).status == .forbidden)
            let toForm = try await admin.get(suite)
            let location = try #require(toForm.location)
            #expect(toForm.status == .seeOther && location.hasPrefix("/labs/alsace/besoins/nouveau?"))
            #expect(
                location.contains("organisation=\(haguenau)") && location.contains("suite=\(workshop.id)-engagement-0"))
            let needForm = try await admin.get(location)
            #expect(needForm.body.contains("Ouvrir un atelier de réparation"))
            #expect(needForm.body.contains("name=\"suite\" value=\"\(workshop.id)-engagement-0\""))
            let fields: [(String, String)] = [
                ("kind", "besoin"), ("organisationId", "\(haguenau)"), ("title", "Ouvrir un atelier de réparation"),
                ("description", "Issu de l'atelier."), ("modes", "benevolat"), ("themes", "solidarite"),
                ("status", "brouillon"), ("visibility", "membres"), ("suite", "\(workshop.id)-engagement-0")
            ]
            // A facilitator who does not organise the rencontre links nothing.
            #expect(try await fac.post("/labs/alsace/besoins/nouveau", fields).status == .seeOther)
            #expect(
                try await TestApp.count(
                    database, "SELECT COUNT(*) AS n FROM restitution_followups WHERE session_id = \(workshop.id)") == 0)
            let created = try await admin.post("/labs/alsace/besoins/nouveau", fields)
            #expect(created.status == .seeOther)
            #expect(
                try await TestApp.count(
                    database, "SELECT COUNT(*) AS n FROM restitution_followups WHERE session_id = \(workshop.id)") == 1)
            let followed = try await admin.get("/evenements/alliances-2027/synthese")
            #expect(followed.body.contains("Suites données") && followed.body.contains(created.location ?? "-"))
            #expect(
                followed.body.contains("<strong>1 sur 3</strong>"),
                "one commitment, two workshops with one proposal each")
            let toPartnership = try await admin.get(
                "/evenements/alliances-2027/restitution/\(workshop.id)/suite?source=engagement-0&type=partenariat")
            let partnershipForm = try await admin.get(try #require(toPartnership.location))
            #expect(partnershipForm.status == .ok && partnershipForm.body.contains("Ouvrir un atelier de réparation"))
            #expect(
                partnershipForm.body.contains("value=\"rencontre\" selected")
                    || partnershipForm.body.contains("rencontre"))
            // A commitment told as an experience sheet: the library's form, filled, linked back.
            let toSheet = try await admin.get(
                "/evenements/alliances-2027/restitution/\(workshop.id)/suite?source=engagement-0&type=fiche")
            let sheetLocation = try #require(toSheet.location)
            #expect(sheetLocation.hasPrefix("/labs/alsace/bibliotheque/nouvelle?"))
            let sheetForm = try await admin.get(sheetLocation)
            #expect(
                sheetForm.body.contains("Ouvrir un atelier de réparation")
                    && sheetForm.body.contains("name=\"suite\" value=\"\(workshop.id)-engagement-0\""))
            let sheet = try await admin.post(
                "/labs/alsace/bibliotheque/nouvelle",
                [
                    ("title", "Un atelier de réparation ouvert"), ("summary", "Issu de l'atelier."),
                    ("questions", "mettre-en-commun"), ("visibility", "labo"), ("party", "\(haguenau)"), ("role", ""),
                    ("suite", "\(workshop.id)-engagement-0")
                ])
            #expect(sheet.status == .seeOther)
            #expect(
                try await TestApp.count(
                    database,
                    "SELECT COUNT(*) AS n FROM restitution_followups WHERE session_id = \(workshop.id) AND kind = 'fiche'"
                )
                    == 1)
            // A proposal of a network rencontre names no lab: the network's admin picks one.
            let noLab = try await admin.get(
                "/evenements/alliances-2027/restitution/\(workshop.id)/suite?source=proposition-\(annuaire)&type=besoin"
            )
            #expect(noLab.status == .ok && noLab.body.contains("choisissez le labo où créer ce besoin"))
            #expect(
                try await admin.get(
                    "/evenements/alliances-2027/restitution/\(workshop.id)/suite?source=engagement-9&type=offre"
                )
                .status == .notFound)
            #expect(
                try await admin.get("/evenements/alliances-2027/restitution/\(workshop.id)/suite?source=x&type=offre")
                    .status == .badRequest)
            // The participant's page links to the workshop, and the rapporteur's to the output.
            let personal = try await browser.get("/evenements/alliances-2027/inscription/\(ana.token)")
            #expect(personal.body.contains("/ateliers/\(workshop.id)/restitution"))
        }
    }

    /// Questions from the room to a round table: asked by confirmed participants, shown once
    /// approved, upvoted once per person, sorted by upvotes for the moderator and the screen,
    /// answered or hidden; the synthesis keeps the top ones.
    @Test(arguments: TestEngine.available)
    func test_questions_from_the_room_are_moderated_upvoted_and_kept(engine: TestEngine) async throws {
        try await TestApp.run(engine) { client, database in
            let (event, workshops) = try await Self.demo(database)
            let table = try #require(
                try await database.withConnection { db in
                    try await EventStore().sessions(eventID: event.id, on: db).first { $0.kind == .roundTable }
                })
            let people = [
                try await Self.seated(database, event, workshops[0], "Eve Une"),
                try await Self.seated(database, event, workshops[1], "Fay Deux"),
                try await Self.seated(database, event, workshops[2], "Gil Trois")
            ]
            let pages = people.map { "/evenements/alliances-2027/inscription/\($0.token)/questions/\(table.id)" }
            let admin = try await TestApp.browser(client, database, email: "admin@example.org", role: .admin)
            let browser = Browser(client)
            #expect(
                try await browser.get("/evenements/alliances-2027/inscription/\(people[0].token)").body.contains(
                    pages[0]))
            #expect(
                try await browser.post(pages[0], [("text", "Comment financer la coordination ?")]).status == .seeOther)
            #expect(try await browser.post(pages[1], [("text", "<b>Et les PME ?</b>")]).status == .seeOther)
            #expect(try await browser.post(pages[2], [("text", "Hors sujet")]).status == .seeOther)
            #expect(try await browser.post(pages[2], [("text", "")]).status == .unprocessableContent)
            let workshopPage = "/evenements/alliances-2027/inscription/\(people[0].token)/questions/\(workshops[0].id)"
            #expect(try await browser.get(workshopPage).status == .notFound, "a workshop takes no questions")
            // Pending: its author sees it, nobody else, and it cannot be upvoted.
            #expect(try await browser.get(pages[0]).body.contains("Comment financer la coordination ?"))
            #expect(!(try await browser.get(pages[1]).body.contains("Comment financer la coordination ?")))
            let questions = try await RestitutionService(database: database).questions(sessionID: table.id)
            let (financer, pme, horsSujet) = (questions[0].id, questions[1].id, questions[2].id)
            #expect(try await browser.post(pages[1] + "/\(financer)/soutenir", [("on", "1")]).status == .notFound)
            // Moderation: organisers only.
            let moderation = "/evenements/alliances-2027/questions/\(table.id)"
            #expect(try await browser.get(moderation).status == .unauthorized)
            #expect(try await browser.post(moderation + "/\(financer)/approuvee", []).status == .unauthorized)
            for id in [financer, pme] {
                #expect(try await admin.post(moderation + "/\(id)/approuvee", []).status == .seeOther)
            }
            #expect(try await admin.post(moderation + "/\(horsSujet)/masquee", []).status == .seeOther)
            // Upvotes: once per person, withdrawn at will.
            for page in pages {
                #expect(try await browser.post(page + "/\(pme)/soutenir", [("on", "1")]).status == .seeOther)
            }
            #expect(try await browser.post(pages[0] + "/\(pme)/soutenir", [("on", "1")]).status == .seeOther)
            #expect(try await browser.post(pages[1] + "/\(financer)/soutenir", [("on", "1")]).status == .seeOther)
            #expect(try await browser.post(pages[2] + "/\(pme)/soutenir", [("on", "0")]).status == .seeOther)
            let sorted = try await admin.get(moderation).body
            let pmeAt = try #require(sorted.range(of: "&lt;b&gt;Et les PME ?&lt;/b&gt;"))
            let financerAt = try #require(sorted.range(of: "Comment financer la coordination ?"))
            #expect(pmeAt.lowerBound < financerAt.lowerBound, "2 upvotes before 1")
            #expect(sorted.contains("2 soutiens"))
            #expect(try await admin.post(moderation + "/\(financer)/repondue", []).status == .seeOther)
            #expect(try await admin.post(moderation + "/\(financer)/inconnue", []).status == .badRequest)
            let screen = try await admin.get(moderation + "/projection")
            #expect(screen.status == .ok && screen.body.contains("Et les PME") && !screen.body.contains("Hors sujet"))
            #expect(!screen.body.contains("Comment financer"), "answered questions leave the screen")
            #expect(try await browser.get(moderation + "/projection").status == .unauthorized)
            let json = try await admin.get("/evenements/alliances-2027/synthese.json").json()
            let plenary = try #require((json["plenary"] as? [[String: Any]])?.first)
            let kept = try #require(plenary["questions"] as? [[String: Any]])
            #expect(kept.map { $0["votes"] as? Int } == [2, 1] && kept.count == 2, "hidden questions are not kept")
            // The personal export holds one's questions.
            let export = try await PrivacyService(database: database).export(
                email: "eve.une@example.org", by: nil, address: nil)
            #expect(String(decoding: export, as: UTF8.self).contains("Comment financer la coordination ?"))
        }
    }

    /// The post-event evaluation: sent by message to the confirmed participants (once each),
    /// answered from the link, results for the organisers without names.
    @Test(arguments: TestEngine.available)
    func test_evaluation_is_sent_answered_and_summed_up_anonymously(engine: TestEngine) async throws {
        try await TestApp.run(engine) { client, database in
            let (event, workshops) = try await Self.demo(database)
            let people = [
                try await Self.seated(database, event, workshops[0], "Hugo Un"),
                try await Self.seated(database, event, workshops[1], "Iris Deux")
            ]
            let admin = try await TestApp.browser(client, database, email: "admin@example.org", role: .admin)
            let browser = Browser(client)
            #expect(try await browser.post("/evenements/alliances-2027/evaluation/envoyer", []).status == .unauthorized)
            let sent = try await admin.post("/evenements/alliances-2027/evaluation/envoyer", [])
            #expect(sent.location == "/evenements/alliances-2027/evaluation?envoyes=2")
            #expect(
                try await admin.post("/evenements/alliances-2027/evaluation/envoyer", []).location
                    == "/evenements/alliances-2027/evaluation?envoyes=0", "nobody twice")
            let link = try #require(
                try await TestApp.lastLink(
                    database, to: "hugo.un@example.org", prefix: "/evenements/alliances-2027/inscription/"))
            let form = try await browser.get(link + "/evaluation")
            #expect(form.status == .ok && form.body.contains("Reviendriez-vous"))
            let table = try #require(
                try await database.withConnection { db in
                    try await EventStore().sessions(eventID: event.id, on: db).first { $0.kind == .roundTable }
                })
            #expect(
                try await browser.post(link + "/evaluation", [("score-\(table.id)", "7")]).status
                    == .unprocessableContent)
            #expect(try await browser.post(link + "/evaluation", []).status == .unprocessableContent)
            #expect(
                try await browser.post(
                    link + "/evaluation",
                    [
                        ("score-\(table.id)", "4"), ("score-\(workshops[0].id)", "5"),
                        ("keep", "Les ateliers mélangés."),
                        ("change", "Plus de temps au déjeuner."), ("comeAgain", "oui")
                    ]
                ).status == .seeOther)
            #expect(try await browser.get(link + "/evaluation").body.contains("value=\"4\" checked"))
            let second = "/evenements/alliances-2027/inscription/\(people[1].token)/evaluation"
            #expect(
                try await browser.post(second, [("score-\(table.id)", "2"), ("comeAgain", "peut-etre")]).status
                    == .seeOther)
            #expect(try await browser.get("/evenements/alliances-2027/evaluation").status == .unauthorized)
            let results = try await admin.get("/evenements/alliances-2027/evaluation")
            #expect(results.body.contains("<strong>2</strong> réponses pour 2 participants invités"))
            #expect(results.body.contains("Les ateliers mélangés.") && results.body.contains("<td>3,0</td>"))
            #expect(!results.body.contains("Hugo Un") && !results.body.contains("Iris Deux"), "anonymous")
            let export = try await PrivacyService(database: database).export(
                email: "hugo.un@example.org", by: nil, address: nil)
            #expect(String(decoding: export, as: UTF8.self).contains("Plus de temps au déjeuner."))
        }
    }

    /// Documents of a session: added by the organisers (type checked by its first bytes),
    /// listed in the synthesis, downloaded as attachments by whoever sees it, removed.
    @Test(arguments: TestEngine.available)
    func test_session_documents_are_checked_listed_and_removed(engine: TestEngine) async throws {
        try await PartnershipTests.run(engine) { client, database, dir in
            let (event, workshops) = try await Self.demo(database)
            let admin = try await TestApp.browser(client, database, email: "admin@example.org", role: .admin)
            let fac = try await TestApp.browser(
                client, database, email: "fac@alsace.example", role: .facilitator, lab: "alsace")
            let base = "/evenements/alliances-2027/restitution/\(workshops[0].id)/documents"
            let pdf = "%PDF-1.4\n% supports\n%%EOF\n"
            #expect(try await fac.upload(base, fields: [], file: pdf, filename: "supports.pdf").status == .forbidden)
            let refused = try await admin.upload(base, fields: [], file: "MZ binaire", filename: "outil.exe")
            #expect(refused.status == .unprocessableContent && refused.body.contains("Type de fichier refusé"))
            #expect(
                try await admin.upload(base, fields: [], file: pdf, filename: "supports atelier.pdf").status
                    == .seeOther)
            #expect(try await admin.get("/evenements/alliances-2027/restitution").body.contains("supports atelier.pdf"))
            let id = try await TestApp.count(database, "SELECT MAX(id) AS n FROM session_documents")
            let stored = try await database.withConnection { db in
                try await db.raw("SELECT stored_name FROM session_documents WHERE id = \(bind: id)").first()!.string(
                    "stored_name")
            }
            let file = "\(dir)/sessions/\(event.id)/\(stored)"
            #expect(FileManager.default.fileExists(atPath: file))
            #expect(
                try FileManager.default.contentsOfDirectory(atPath: "\(dir)/sessions/\(event.id)").count == 1,
                "the refused file is gone")
            let download = "/evenements/alliances-2027/sessions/\(workshops[0].id)/documents/\(id)"
            #expect(try await Browser(client).get(download).status == .unauthorized, "the synthesis is the lab's")
            #expect(
                try await admin.post("/evenements/alliances-2027/restitution/visibilite", [("visibility", "public")])
                    .status == .seeOther)
            let got = try await Browser(client).get(download)
            #expect(got.status == .ok && got.body == pdf)
            #expect(got.headers[.contentDisposition]?.hasPrefix("attachment;") == true)
            let synthesis = try await Browser(client).get("/evenements/alliances-2027/synthese")
            #expect(synthesis.body.contains("href=\"\(download)\""))
            #expect(
                try await Browser(client).get(
                    "/evenements/alliances-2027/sessions/\(workshops[1].id)/documents/\(id)"
                ).status == .notFound, "the document of another session")
            #expect(try await admin.post(base + "/\(id)/supprimer", []).status == .seeOther)
            #expect(!FileManager.default.fileExists(atPath: file))
            #expect(try await Browser(client).get(download).status == .notFound)
        }
    }

    /// Many voters at once, each trying to place more dots than allowed in parallel: no
    /// ballot passes its limit, and every total is the sum of the ballots.
    @Test(arguments: TestEngine.available)
    func test_concurrent_votes_never_pass_the_limit(engine: TestEngine) async throws {
        try await withTwoInstances(engine) { first, second in
            let (event, workshops) = try await Self.demo(first)
            let workshop = workshops[1]
            let service = RestitutionService(database: first)
            try await service.configure(session: workshop, votes: 3, state: .open)
            var voters: [Int] = []
            for i in 0..<30 { voters.append(try await Self.seated(first, event, workshop, "Votant \(i)").id) }
            var proposals: [Int] = []
            for i in 0..<4 {
                proposals.append(
                    try await service.propose(
                        session: workshop, registrationID: voters[i], text: "Proposition \(i)", theme: nil))
            }
            let services = [RestitutionService(database: first), RestitutionService(database: second)]
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (index, voter) in voters.enumerated() {
                    for (p, proposal) in proposals.enumerated() {
                        group.addTask {
                            do {
                                try await services[(index + p) % 2].vote(
                                    session: workshop, registrationID: voter, proposalID: proposal, dots: 1 + p % 2)
                            } catch let error as AppError where error.status == .unprocessableContent {
                                // Over the limit: refused, as it must be.
                            }
                        }
                    }
                }
                try await group.waitForAll()
            }
            let check = try await first.withConnection { db in
                try await RestitutionStore().ballotCheck(sessionID: workshop.id, on: db)
            }
            #expect(check.broken == 0)
            let overLimit = try await TestApp.count(
                first, "SELECT COUNT(*) AS n FROM ballots WHERE session_id = \(workshop.id) AND used > 3")
            #expect(overLimit == 0)
            let totals = try await service.proposals(sessionID: workshop.id).reduce(0) { $0 + $1.votes }
            #expect(totals == check.dots)
            #expect(check.ballots == voters.count, "everyone placed at least one dot")
        }
    }
}

/// A workshop's vote through the API, as the account's own registration: the pages' rules
/// (who takes part, the vote's state, the dots, the rapporteurs' moderation), typed.
@Suite struct RestitutionAPITests {
    @Test(arguments: TestEngine.available)
    func test_participants_propose_and_vote_and_rapporteurs_moderate_through_the_api(engine: TestEngine)
        async throws
    {
        try await TestApp.run(engine) { client, database in
            let (event, workshops) = try await RestitutionTests.demo(database)
            let workshop = workshops[0], other = workshops[4]
            let admin = try await TestApp.browser(client, database, email: "admin@example.org", role: .admin)
            let ana = try await RestitutionTests.seated(database, event, workshop, "Ana Rapporteur")
            _ = try await RestitutionTests.seated(database, event, workshop, "Bea Deux", kind: "entreprise")
            _ = try await RestitutionTests.seated(database, event, other, "Dan Ailleurs")
            func account(_ email: String) async throws -> Browser {
                try await TestApp.browser(client, database, email: email, role: .member, lab: "alsace")
            }
            let (anaAPI, bea, dan) = (
                try await account("ana.rapporteur@example.org"), try await account("bea.deux@example.org"),
                try await account("dan.ailleurs@example.org")
            )
            let stranger = try await account("personne@example.org")
            let organiser = "/evenements/alliances-2027/restitution/\(workshop.id)"
            #expect(
                try await admin.post(organiser + "/rapporteurs", [("registration", "\(ana.id)")]).status == .seeOther)
            let base = "/api/v1/events/alliances-2027/sessions/\(workshop.id)"

            // Who takes part: the workshop's confirmed participants, by their account's address.
            #expect(try await Browser(client).get(base + "/workshop").status == .unauthorized)
            #expect(try await stranger.get(base + "/workshop").status == .notFound)
            let elsewhere = try await dan.get(base + "/workshop")
            #expect(elsewhere.status == .forbidden && elsewhere.body.contains("participants confirmés"))
            let plenary = try await database.withConnection { db in
                try await EventStore().sessions(eventID: event.id, on: db).first { $0.kind != .workshop }!.id
            }
            #expect(try await bea.get("/api/v1/events/alliances-2027/sessions/\(plenary)/workshop").status == .notFound)
            let start = try await bea.get(base + "/workshop").json()
            #expect(start["part"] as? String == "participant" && start["voteState"] as? String == "pas-ouvert")

            // Proposals, with the page's bounds; nothing written when refused.
            let long = try await bea.json(
                .post, base + "/proposals", #"{"text": "\#(String(repeating: "a", count: 281))"}"#)
            #expect(long.status == .unprocessableContent && long.body.contains("280 caractères"))
            #expect(
                try await bea.json(.post, base + "/proposals", #"{"text": "Ok", "theme": "Autre"}"#).status
                    == .unprocessableContent)
            #expect(try await bea.json(.post, base + "/proposals", #"{"texte": "Ok"}"#).status == .unprocessableContent)
            let posted = try await bea.json(.post, base + "/proposals", #"{"text": "Un annuaire partagé"}"#)
            #expect(posted.status == .created)
            let proposals = try #require(try posted.json()["proposals"] as? [[String: Any]])
            #expect(proposals.count == 1 && proposals[0]["mine"] as? Bool == true)
            let id = try #require(proposals[0]["id"] as? Int)

            // Dots: not before the vote opens, absolute, within the limit.
            let early = try await bea.json(.put, base + "/votes/\(id)", #"{"dots": 1}"#)
            #expect(early.status == .conflict && early.body.contains("pas encore ouvert"))
            #expect(
                try await admin.post(organiser + "/vote", [("votes", "3"), ("state", "ouvert")]).status == .seeOther)
            for _ in 0..<2 {
                let voted = try await bea.json(.put, base + "/votes/\(id)", #"{"dots": 2}"#)
                let used = try voted.json()["votesUsed"] as? Int
                #expect(voted.status == .ok && used == 2, "sent twice, it counts once")
            }
            #expect(try await bea.json(.put, base + "/votes/\(id)", #"{"dots": 4}"#).status == .unprocessableContent)
            #expect(try await bea.json(.put, base + "/votes/\(id)", "{}").status == .unprocessableContent)
            #expect(try await bea.json(.put, base + "/votes/999999", #"{"dots": 1}"#).status == .notFound)

            // Rapporteurs moderate; the dots of a hidden proposal go back to its voters.
            let moderate = base + "/proposals/\(id)/moderate"
            #expect(try await bea.json(.post, moderate, #"{"action": "masquer"}"#).status == .forbidden)
            #expect(try await anaAPI.json(.post, moderate, #"{"action": "effacer"}"#).status == .unprocessableContent)
            let hidden = try await anaAPI.json(.post, moderate, #"{"action": "masquer"}"#)
            let seen = try hidden.json()["proposals"] as? [[String: Any]]
            #expect(hidden.status == .ok && seen?.first?["status"] as? String == "masquee")
            let after = try await bea.get(base + "/workshop").json()
            #expect((after["proposals"] as? [Any])?.isEmpty == true && after["votesUsed"] as? Int == 0)
            #expect(try await anaAPI.json(.post, moderate, #"{"action": "afficher"}"#).status == .ok)

            // The output: its rapporteurs write it, a draft then published, with the page's checks.
            let output = base + "/output"
            #expect(try await bea.get(output).status == .forbidden)
            #expect(try await bea.json(.put, output, #"{"findings": "x"}"#).status == .forbidden)
            let half = try await anaAPI.json(.put, output, #"{"commitments": [{"who": "Élan Solidaire"}]}"#)
            #expect(half.status == .unprocessableContent && half.body.contains("commitments[0].what"))
            let draft = try await anaAPI.json(
                .put, output,
                #"{"findings": "On se connaît mal.", "commitments": [{"who": "Élan Solidaire", "what": "Un annuaire", "due": "juin"}]}"#
            )
            let drafted = try draft.json()
            #expect(draft.status == .ok && drafted["status"] as? String == "brouillon")
            #expect((drafted["commitments"] as? [[String: Any]])?.first?["due"] as? String == "juin")
            let published = try await anaAPI.json(.put, output, #"{"findings": "On se connaît mal.", "publish": true}"#)
            let state = try published.json()["status"] as? String
            #expect(published.status == .ok && state == "publie")
            #expect(try await anaAPI.get(output).json()["findings"] as? String == "On se connaît mal.")
        }
    }
}
