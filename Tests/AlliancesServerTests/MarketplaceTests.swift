import AlliancesCore
@testable import AlliancesServer
import HTTPTypes
import SQLKit
import Testing

/// Needs, offers, recommendations and introductions through the real routes, on both engines.
@Suite struct MarketplaceTests {
    static func listingID(_ database: Database, titled prefix: String) async throws -> Int {
        try await database.withConnection { db in
            try await db.raw("SELECT id FROM listings WHERE title LIKE \(bind: prefix + "%")").first()!.decode(
                column: "id", as: Int.self)
        }
    }

    @Test(arguments: TestEngine.available)
    func test_listings_visibility_forms_and_ownership(engine: TestEngine) async throws {
        try await TestApp.run(engine) { client, database in
            let elan = try await TestApp.organisationID(database, named: "Élan Solidaire Mulhouse")
            let sport = try await TestApp.organisationID(database, named: "Sport pour Tous Colmar")
            try await TestApp.user(database, email: "membre@elan.example", role: .member, organisation: elan)
            let membersOnly = try await Self.listingID(database, titled: "Ordinateurs reconditionnés")
            let sportNeed = try await Self.listingID(database, titled: "Un minibus")

            let visitor = Browser(client)
            let list = try await visitor.get("/labs/alsace/besoins")
            #expect(list.status == .ok)
            #expect(list.body.contains("6 besoins"))
            #expect(!list.body.contains("Ordinateurs reconditionnés"))
            #expect(try await visitor.get("/labs/alsace/besoins/\(membersOnly)").status == .notFound)
            #expect(
                try await visitor.get("/labs/alsace/offres/\(sportNeed)").status == .notFound, "a need is not an offer")
            #expect(try await visitor.get("/labs/alsace/besoins?mode=troc").status == .badRequest)
            let filtered = try await visitor.get("/labs/alsace/offres?mode=mecenat-nature")
            #expect(
                filtered.body.contains("Prêt de minibus") && !filtered.body.contains("Parrainage vers l&#39;emploi"))
            let visitorPage = try await visitor.get("/labs/alsace/besoins/\(sportNeed)")
            #expect(visitorPage.body.contains("Un minibus pour les déplacements"))
            #expect(
                !visitorPage.body.contains("Offres qui peuvent y répondre"), "recommendations are for the lab's members"
            )

            let member = Browser(client)
            try await member.login("membre@elan.example")
            #expect(try await member.get("/labs/alsace/besoins/\(membersOnly)").status == .ok)
            #expect(try await member.get("/labs/alsace/besoins").body.contains("7 besoins"))

            // Invalid form: shown again with the typed values and French messages.
            let invalid = try await member.post(
                "/labs/alsace/besoins/nouveau",
                [("organisationId", String(elan)), ("title", "Un local"), ("radiusKm", "20")])
            #expect(invalid.status == .unprocessableContent)
            #expect(invalid.body.contains("Choisissez au moins un mode de partenariat."))
            #expect(invalid.body.contains("value=\"Un local\""))
            // Posting for another organisation is refused and stores nothing.
            let before = try await TestApp.count(database, "SELECT COUNT(*) AS n FROM listings")
            let foreign = try await member.post(
                "/labs/alsace/besoins/nouveau",
                [("organisationId", String(sport)), ("title", "Un local"), ("modes", "mecenat-nature")])
            #expect(foreign.status == .forbidden)
            #expect(try await TestApp.count(database, "SELECT COUNT(*) AS n FROM listings") == before)
            let created = try await member.post(
                "/labs/alsace/besoins/nouveau",
                [
                    ("organisationId", String(elan)), ("title", "Un local pour nos ateliers"),
                    ("modes", "mecenat-nature"), ("themes", "emploi-insertion"),
                    ("commune", "Mulhouse"), ("radiusKm", "15"), ("status", "brouillon"), ("visibility", "public")
                ])
            #expect(created.status == .seeOther)
            let path = try #require(created.location)
            #expect(try await member.get(path).body.contains("Mulhouse, 15 km autour"))
            #expect(
                try await visitor.get(path).status == .notFound, "a draft is for its organisation and the facilitators")
            // Editing someone else's listing is refused.
            #expect(try await member.get("/labs/alsace/besoins/\(sportNeed)/modifier").status == .forbidden)
            #expect(
                try await member.post(
                    "/labs/alsace/besoins/\(sportNeed)/modifier",
                    [("organisationId", String(sport)), ("title", "Pris"), ("modes", "benevolat")]
                ).status == .forbidden)
            let published = try await member.post(
                path + "/modifier",
                [
                    ("organisationId", String(elan)), ("title", "Un local pour nos ateliers"),
                    ("modes", "mecenat-nature"), ("status", "publie"), ("visibility", "public")
                ])
            #expect(published.status == .seeOther)
            #expect(try await visitor.get(path).body.contains("tout le territoire"))
        }
    }

    @Test(arguments: TestEngine.available)
    func test_recommendations_explain_themselves_and_feedback_is_kept(engine: TestEngine) async throws {
        try await TestApp.run(engine) { client, database in
            try await TestApp.user(database, email: "fac@alsace.example", role: .facilitator, lab: "alsace")
            let need = try await Self.listingID(database, titled: "Des parrains")
            let hexagoneOffer = try await Self.listingID(database, titled: "Parrainage vers l'emploi")
            let fac = Browser(client)
            try await fac.login("fac@alsace.example")
            let page = try await fac.get("/labs/alsace/besoins/\(need)")
            #expect(page.status == .ok)
            let offers = try #require(page.body.range(of: "Offres qui peuvent y répondre"))
            let first = page.body[offers.upperBound...]
            #expect(
                first.prefix(700).contains("Parrainage vers l&#39;emploi par nos salariés"),
                "the matching offer comes first")
            #expect(
                page.body.contains(
                    "mêmes thèmes : emploi et insertion, solidarité · sur tout le territoire · propose du mécénat de compétences"
                ))
            #expect(page.body.contains("Organisations à solliciter"))

            let marked = try await fac.post(
                "/labs/alsace/recommandations/avis",
                [
                    ("source", "besoin:\(need)"), ("candidate", "offre:\(hexagoneOffer)"), ("relevant", "0"),
                    ("retour", "/labs/alsace/besoins/\(need)")
                ])
            #expect(marked.status == .seeOther && marked.location == "/labs/alsace/besoins/\(need)")
            #expect(
                try await TestApp.count(
                    database, "SELECT COUNT(*) AS n FROM recommendation_feedback WHERE relevant = 0") == 1)
            let again = try await fac.get("/labs/alsace/besoins/\(need)")
            #expect(again.body.contains("Jugée non pertinente"))
            #expect(again.body.contains("marquée non pertinente"))
            // Marking again replaces the mark instead of adding one.
            try await fac.post(
                "/labs/alsace/recommandations/avis",
                [
                    ("source", "besoin:\(need)"), ("candidate", "offre:\(hexagoneOffer)"), ("relevant", "1"),
                    ("retour", "https://evil.example/")
                ])
            #expect(try await TestApp.count(database, "SELECT COUNT(*) AS n FROM recommendation_feedback") == 1)
            #expect(
                try await fac.get("/labs/alsace/mises-en-relation").body.contains(
                    "1 recommandation jugée : 1 pertinente (100 %)"))
            #expect(
                try await fac.post(
                    "/labs/alsace/recommandations/avis",
                    [("source", "besoin:x"), ("candidate", "offre:1"), ("relevant", "1")]
                ).status == .badRequest)

            // A visitor may not leave feedback; a member only for their own organisation.
            let visitor = Browser(client)
            #expect(
                try await visitor.post(
                    "/labs/alsace/recommandations/avis",
                    [("source", "besoin:\(need)"), ("candidate", "offre:\(hexagoneOffer)"), ("relevant", "1")]
                ).status == .unauthorized)
            let sport = try await TestApp.organisationID(database, named: "Sport pour Tous Colmar")
            try await TestApp.user(database, email: "membre@sport.example", role: .member, organisation: sport)
            let other = Browser(client)
            try await other.login("membre@sport.example")
            #expect(
                try await other.post(
                    "/labs/alsace/recommandations/avis",
                    [("source", "besoin:\(need)"), ("candidate", "offre:\(hexagoneOffer)"), ("relevant", "1")]
                ).status == .forbidden)
            #expect(
                try await other.get("/labs/alsace/organisations/\(sport)/partenaires").body.contains(
                    "Entreprises et partenaires à solliciter"))
            #expect(
                try await other.get(
                    "/labs/alsace/organisations/\(try await TestApp.organisationID(database, named: "Élan Solidaire Mulhouse"))/partenaires"
                ).status == .forbidden)
        }
    }

    /// The consent rule: a side's contact details reach the other side only while both
    /// have accepted; nobody else ever sees them; a decline hides them again.
    @Test(arguments: TestEngine.available)
    func test_contacts_are_exchanged_only_when_both_sides_accept(engine: TestEngine) async throws {
        try await TestApp.run(engine) { client, database in
            let atelier = try await TestApp.organisationID(database, named: "Atelier Numérique Solidaire de Haguenau")
            let numeria = try await TestApp.organisationID(database, named: "Numéria Conseil (démo)")
            let elan = try await TestApp.organisationID(database, named: "Élan Solidaire Mulhouse")
            try await TestApp.user(database, email: "fac@alsace.example", role: .facilitator, lab: "alsace")
            try await TestApp.user(database, email: "a@atelier.example", role: .member, organisation: atelier)
            try await TestApp.user(database, email: "b@numeria.example", role: .member, organisation: numeria)
            try await TestApp.user(database, email: "c@elan.example", role: .member, organisation: elan)
            let emailA = "sophie.modele@atelier-numerique.example"
            let emailB = "nadia.exemple@numeria.example"

            let fac = Browser(client)
            try await fac.login("fac@alsace.example")
            let missing = try await fac.post(
                "/labs/alsace/mises-en-relation/nouvelle",
                [("organisationA", String(atelier)), ("organisationB", String(numeria))])
            #expect(missing.status == .unprocessableContent)
            #expect(missing.body.contains("Le message à la première organisation est obligatoire."))
            let proposed = try await fac.post(
                "/labs/alsace/mises-en-relation/nouvelle",
                [
                    ("organisationA", String(atelier)), ("organisationB", String(numeria)),
                    ("messageA", "Numéria peut refaire votre site."),
                    ("messageB", "L'Atelier cherche des compétences web.")
                ])
            let path = try #require(proposed.location)
            let id = Int(path.split(separator: "/").last!)!

            let a = Browser(client), b = Browser(client), c = Browser(client)
            try await a.login("a@atelier.example")
            try await b.login("b@numeria.example")
            try await c.login("c@elan.example")
            func leaks() async throws -> [String] {
                var found: [String] = []
                for (who, browser, foreign) in [("A", a, emailB), ("B", b, emailA), ("C", c, emailA), ("C", c, emailB)]
                {
                    for url in [
                        path, "/api/v1/labs/alsace/introductions/\(id)", "/api/v1/labs/alsace/introductions",
                        "/labs/alsace/organisations/\(who == "A" ? numeria : atelier)",
                        "/api/v1/labs/alsace/organisations/\(who == "A" ? numeria : atelier)",
                        "/labs/alsace/mises-en-relation"
                    ] {
                        if try await browser.get(url).body.contains(foreign) {
                            found.append("\(who) sees \(foreign) at \(url)")
                        }
                    }
                }
                return found
            }
            #expect(try await leaks().isEmpty)
            #expect(try await a.get(path).body.contains("Numéria peut refaire votre site."))
            #expect(
                !(try await a.get(path).body.contains("L&#39;Atelier cherche")), "each side reads only its own message")
            #expect(try await c.get(path).status == .notFound)
            #expect(try await a.get("/labs/alsace/mises-en-relation").body.contains("À vous de répondre (1)"))

            #expect(try await b.post(path + "/reponse", [("answer", "accepte")]).status == .seeOther)
            #expect(try await leaks().isEmpty, "one acceptance is not enough")
            #expect(
                try await a.post(path + "/reponse", [("answer", "accepte"), ("note", "Avec plaisir")]).status
                    == .seeOther)
            // Each side's member accounts were told through the outbox: the proposal (with
            // the lab's message to that side only), then the acceptance.
            let mailsA = try await database.withConnection { db in
                try await OutboxStore().messages(to: "a@atelier.example", on: db)
            }
            #expect(mailsA.map { String($0.subject.prefix(20)) } == ["Le labo vous propose", "Mise en relation acc"])
            #expect(
                mailsA[0].body.contains("Numéria peut refaire votre site.")
                    && !mailsA[0].body.contains("L'Atelier cherche"))
            #expect(!mailsA.contains { $0.body.contains(emailB) }, "no contact details by e-mail")
            #expect(try await a.get(path).body.contains(emailB))
            #expect(try await b.get(path).body.contains(emailA))
            let api = try await a.get("/api/v1/labs/alsace/introductions/\(id)").json()
            #expect(api["status"] as? String == "acceptee")
            #expect(
                ((api["b"] as? [String: Any])?["contacts"] as? [[String: Any]])?.first?["email"] as? String == emailB)
            #expect((api["a"] as? [String: Any])?["contacts"] == nil, "A is not shown its own contacts")
            #expect(try await c.get(path).status == .notFound)
            #expect(!(try await c.get("/api/v1/labs/alsace/organisations/\(numeria)").body.contains(emailB)))

            // B changes its mind: the contacts disappear again everywhere.
            #expect(try await b.post(path + "/reponse", [("answer", "decline")]).status == .seeOther)
            #expect(try await leaks().isEmpty)
            #expect(try await a.get(path).body.contains("Déclinée"))
            // The recommender now lowers that pair and says why.
            let partners = try await fac.get("/labs/alsace/organisations/\(atelier)/partenaires")
            #expect(partners.body.contains("une mise en relation entre vous a déjà été déclinée"))
            // A step the state machine refuses is a clear error, not a 500.
            let refused = try await a.post(path + "/etape", [("status", "partenariat")])
            #expect(refused.status == .unprocessableContent)
            #expect(refused.body.contains("Passage impossible"))
            #expect(
                try await TestApp.count(
                    database, "SELECT COUNT(*) AS n FROM introduction_events WHERE introduction_id = \(id)") == 4)
        }
    }

    @Test(arguments: TestEngine.available)
    func test_a_member_request_is_seen_by_the_other_side_only_once_proposed(engine: TestEngine) async throws {
        try await TestApp.run(engine) { client, database in
            let sport = try await TestApp.organisationID(database, named: "Sport pour Tous Colmar")
            let fondation = try await TestApp.organisationID(database, named: "Fondation Alsace Solidaire (démo)")
            try await TestApp.user(database, email: "fac@alsace.example", role: .facilitator, lab: "alsace")
            try await TestApp.user(database, email: "s@sport.example", role: .member, organisation: sport)
            try await TestApp.user(database, email: "f@fondation.example", role: .member, organisation: fondation)
            let s = Browser(client), f = Browser(client), fac = Browser(client)
            try await s.login("s@sport.example")
            try await f.login("f@fondation.example")
            try await fac.login("fac@alsace.example")

            #expect(
                try await s.get("/labs/alsace/organisations/\(fondation)").body.contains(
                    "Demander une mise en relation"))
            let selfRequest = try await s.post(
                "/labs/alsace/mises-en-relation/nouvelle", [("organisationB", String(sport))])
            #expect(selfRequest.status == .unprocessableContent)
            #expect(selfRequest.body.contains("ne peut pas être mise en relation avec elle-même"))
            let asked = try await s.post(
                "/labs/alsace/mises-en-relation/nouvelle",
                [("organisationB", String(fondation)), ("message", "Pour notre tournoi des jeunes.")])
            let path = try #require(asked.location)
            #expect(try await s.get(path).body.contains("Pour notre tournoi des jeunes."))
            #expect(
                try await f.get(path).status == .notFound,
                "the other side does not see a request before the lab proposes it")
            #expect(try await f.post(path + "/reponse", [("answer", "accepte")]).status == .notFound)
            #expect(
                try await fac.get("/labs/alsace/mises-en-relation").body.contains("Demandes des membres à traiter (2)"))
            #expect(try await s.post(path + "/proposer", [("messageA", "x"), ("messageB", "y")]).status == .forbidden)
            let incomplete = try await fac.post(
                path + "/proposer", [("messageA", "La fondation soutient les projets jeunesse.")])
            #expect(incomplete.status == .unprocessableContent)
            #expect(
                try await fac.post(
                    path + "/proposer",
                    [
                        ("messageA", "La fondation soutient les projets jeunesse."),
                        ("messageB", "Un club de jeunes vous sollicite.")
                    ]
                ).status == .seeOther)
            let seen = try await f.get(path)
            #expect(seen.status == .ok)
            #expect(seen.body.contains("Un club de jeunes vous sollicite."))
            #expect(
                !seen.body.contains("Pour notre tournoi des jeunes."),
                "the request to the lab stays between the requester and the lab")
            #expect(try await f.post(path + "/reponse", [("answer", "accepte")]).status == .seeOther)
            #expect(try await s.get(path).body.contains("Acceptée des deux côtés"))
            #expect(
                try await f.post(path + "/etape", [("status", "rencontre-faite"), ("note", "Rencontre le 3 décembre")])
                    .status == .seeOther)
            let history = try await fac.get(path).body
            #expect(
                history.contains("demandée au labo") && history.contains("proposée par le labo")
                    && history.contains("Rencontre le 3 décembre"))
            #expect(
                try await fac.get("/labs/alsace/mises-en-relation").body.contains(
                    "Ont débouché sur une rencontre ou un partenariat (2)"))
        }
    }

    @Test(arguments: TestEngine.available)
    func test_json_api_for_listings_recommendations_and_introductions(engine: TestEngine) async throws {
        try await TestApp.run(engine) { client, database in
            let elan = try await TestApp.organisationID(database, named: "Élan Solidaire Mulhouse")
            let hexagone = try await TestApp.organisationID(database, named: "Groupe Hexagone Services (démo)")
            try await TestApp.user(database, email: "membre@elan.example", role: .member, organisation: elan)
            try await TestApp.user(database, email: "fac@alsace.example", role: .facilitator, lab: "alsace")
            let visitor = Browser(client)
            let list = try await visitor.get("/api/v1/labs/alsace/listings?type=offre")
            #expect(list.status == .ok)
            #expect(try list.json()["total"] as? Int == 7)
            #expect(try await visitor.get("/api/v1/labs/alsace/listings?type=troc").status == .badRequest)
            #expect(
                try await visitor.json(.post, "/api/v1/labs/alsace/listings", #"{"title":"x"}"#).status == .unauthorized
            )

            let member = Browser(client)
            try await member.login("membre@elan.example")
            let bad = try await member.json(
                .post, "/api/v1/labs/alsace/listings",
                #"{"kind":"besoin","title":"Un local","modes":["troc"],"hours":"beaucoup"}"#)
            #expect(bad.status == .unprocessableContent)
            #expect(bad.body.contains("Mode de partenariat inconnu"))
            let created = try await member.json(
                .post, "/api/v1/labs/alsace/listings",
                #"{"kind":"besoin","title":"Former nos bénévoles au numérique","modes":["mecenat-competences"],"themes":["numerique"],"hours":40,"visibility":"public"}"#
            )
            #expect(created.status == .created)
            let listing = try created.json()
            #expect((listing["organisation"] as? [String: Any])?["id"] as? Int == elan)
            #expect(listing["hours"] as? Int == 40)
            let id = try #require(listing["id"] as? Int)
            let recommendations = try await member.get("/api/v1/labs/alsace/listings/\(id)/recommendations").json()
            let offers = try #require(recommendations["listings"] as? [[String: Any]])
            #expect(offers.first?["title"] as? String == "150 heures de mécénat de compétences en développement web")
            #expect((offers.first?["explanation"] as? String)?.contains("propose du mécénat de compétences") == true)
            #expect(try await visitor.get("/api/v1/labs/alsace/listings/\(id)/recommendations").status == .unauthorized)

            let fac = Browser(client)
            try await fac.login("fac@alsace.example")
            let intro = try await fac.json(
                .post, "/api/v1/labs/alsace/introductions",
                #"{"organisationA":\#(elan),"organisationB":\#(hexagone),"needId":\#(id),"messageA":"Bonjour A","messageB":"Bonjour B"}"#
            )
            #expect(intro.status == .created)
            let introID = try #require(try intro.json()["id"] as? Int)
            let step = try await fac.json(
                .post, "/api/v1/labs/alsace/introductions/\(introID)/status", #"{"status":"partenariat"}"#)
            #expect(step.status == .conflict)
            let answered = try await member.json(
                .post, "/api/v1/labs/alsace/introductions/\(introID)/answer", #"{"answer":"accepte"}"#
            ).json()
            #expect((answered["a"] as? [String: Any])?["answer"] as? String == "accepte")
            #expect((answered["b"] as? [String: Any])?["contacts"] == nil)
            let onBehalf = try await fac.json(
                .post, "/api/v1/labs/alsace/introductions/\(introID)/answer",
                #"{"answer":"accepte","side":"b","note":"Accord par téléphone"}"#
            ).json()
            #expect(onBehalf["status"] as? String == "acceptee")
            let mine = try await member.get("/api/v1/labs/alsace/introductions").body
            #expect(mine.contains("helene.modele@hexagone.example"))
            #expect(
                try await member.get("/api/v1/labs/alsace/listings/\(id)").body.contains("\"status\":\"en-discussion\"")
            )
        }
    }
}

@Suite struct NewOrganisationRecommendationTests {
    /// Found while extending scripts/check_security.py: right after a write, the
    /// recommender's previous pools are served while new ones are built, and a just-created
    /// organisation was told it was closed (409) on its counterparts page.
    @Test(arguments: TestEngine.available)
    func test_a_new_organisation_has_its_counterparts_at_once(engine: TestEngine) async throws {
        try await TestApp.run(engine) { client, database in
            let fac = try await TestApp.browser(
                client, database, email: "fac@alsace.example", role: .facilitator, lab: "alsace")
            #expect(
                try await fac.get(
                    "/labs/alsace/organisations/\(try await TestApp.organisationID(database, named: "Numéria Conseil (démo)"))/partenaires"
                ).status == .ok,
                "pools built once")
            let created = try await fac.post(
                "/labs/alsace/organisations/nouvelle",
                [
                    ("name", "Association Toute Neuve"), ("kind", "association"), ("commune", "67482"),
                    ("themes", "numerique"), ("active", "1"), ("description", "Ateliers numériques pour tous.")
                ])
            #expect(created.status == .seeOther)
            let page = try await fac.get(try #require(created.location) + "/partenaires")
            #expect(page.status == .ok && page.body.contains("Association Toute Neuve"), "\(page.status)")
        }
    }
}
