import AlliancesCore
@testable import AlliancesServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SQLKit
import Testing

/// "Mon compte", forgotten passwords, e-mail changes, sessions, and the facilitators'
/// accounts page (roles, deactivation, invitations), with their audit entries.
@Suite struct AccountLifecycleTests {
    static func sessions(_ database: Database, userID: Int) async throws -> Int {
        try await TestApp.count(database, "SELECT COUNT(*) AS n FROM sessions WHERE user_id = \(userID)")
    }

    @Test(arguments: TestEngine.available)
    func test_forgotten_password_resets_once_and_says_nothing_about_addresses(engine: TestEngine) async throws {
        try await TestApp.run(engine) { client, database in
            let id = try await TestApp.user(database, email: "fac@alsace.example", role: .facilitator, lab: "alsace")
            let other = Browser(client)
            try await other.login("fac@alsace.example")
            #expect(try await Self.sessions(database, userID: id) == 1)

            let visitor = Browser(client)
            #expect(try await visitor.get("/connexion").body.contains("/mot-de-passe-oublie"))
            let known = try await visitor.post("/mot-de-passe-oublie", [("email", "FAC@alsace.example")])
            let unknown = try await visitor.post("/mot-de-passe-oublie", [("email", "personne@alsace.example")])
            #expect(known.status == .ok && unknown.status == .ok)
            func main(_ page: Browser.Page) -> String {
                guard let start = page.body.range(of: "<main"), let end = page.body.range(of: "</main>") else {
                    return ""
                }
                return String(page.body[start.lowerBound..<end.lowerBound])
            }
            #expect(main(known) == main(unknown), "the same answer whether or not the address has an account")
            #expect(
                try await TestApp.count(
                    database, "SELECT COUNT(*) AS n FROM outbox WHERE to_address = 'personne@alsace.example'") == 0)
            let link = try #require(
                try await TestApp.lastLink(database, to: "fac@alsace.example", prefix: "/mot-de-passe/"))
            // Stored hashed: the token is nowhere in the table.
            let token = String(link.dropFirst("/mot-de-passe/".count))
            #expect(
                try await TestApp.count(
                    database, "SELECT COUNT(*) AS n FROM account_tokens WHERE token_hash = '\(token)'") == 0)
            #expect(
                try await TestApp.count(
                    database, "SELECT COUNT(*) AS n FROM account_tokens WHERE expires_at - created_at = 3600") == 1)

            // Forged and mistyped links: a French page, nothing changes.
            let forged = try await visitor.get("/mot-de-passe/" + String(repeating: "A", count: 43))
            #expect(forged.status == .notFound && forged.body.contains("Ce lien n&#39;est pas valide"))
            #expect(try await visitor.get("/mot-de-passe/court").status == .notFound)
            let weak = try await visitor.post(link, [("password", "court"), ("confirmation", "court")])
            #expect(weak.status == .unprocessableContent)

            #expect(try await visitor.get(link).body.contains("fac@alsace.example"))
            let done = try await visitor.post(
                link, [("password", "un-nouveau-mot-de-passe"), ("confirmation", "un-nouveau-mot-de-passe")])
            #expect(done.status == .ok && done.body.contains("Mot de passe changé"))
            // Every session of the account is closed; the old password no longer works.
            #expect(try await Self.sessions(database, userID: id) == 0)
            #expect(try await other.get("/labs/alsace/comptes").status == .unauthorized)
            #expect(try await Browser(client).login("fac@alsace.example").status == .unauthorized)
            #expect(
                try await Browser(client).login("fac@alsace.example", "un-nouveau-mot-de-passe").status == .seeOther)
            // Reused: refused, and the password stays.
            let reused = try await visitor.post(
                link, [("password", "encore-un-autre-mot"), ("confirmation", "encore-un-autre-mot")])
            #expect(reused.status == .gone && reused.body.contains("déjà servi"))
            #expect(
                try await Browser(client).login("fac@alsace.example", "un-nouveau-mot-de-passe").status == .seeOther)
            // Expired.
            try await visitor.post("/mot-de-passe-oublie", [("email", "fac@alsace.example")])
            let second = try #require(
                try await TestApp.lastLink(database, to: "fac@alsace.example", prefix: "/mot-de-passe/"))
            #expect(second != link)
            try await database.withConnection { db in
                try await db.raw("UPDATE account_tokens SET expires_at = \(bind: nowSeconds() - 1)").run()
            }
            let expired = try await visitor.post(
                second, [("password", "encore-un-autre-mot"), ("confirmation", "encore-un-autre-mot")])
            #expect(expired.status == .gone && expired.body.contains("expiré"))
            let actions = try await database.withConnection { db in
                try await AuditStore().entries(AuditFilter(userID: id), limit: 50, offset: 0, on: db).0.map(\.action)
            }
            #expect(actions.contains("password.reset") && actions.contains("password.reset-request"))
            #expect(actions.contains("login.success") && actions.contains("login.failure"))
        }
    }

    @Test(arguments: TestEngine.available)
    func test_my_account_changes_password_email_and_closes_sessions(engine: TestEngine) async throws {
        try await TestApp.run(engine) { client, database in
            let id = try await TestApp.user(database, email: "m@alsace.example", role: .facilitator, lab: "alsace")
            let phone = Browser(client)
            phone.extraHeaders[.userAgent] = "Mozilla/5.0 (Linux; Android 14) Firefox/128.0"
            try await phone.login("m@alsace.example")
            let laptop = Browser(client)
            try await laptop.login("m@alsace.example")
            let page = try await laptop.get("/compte")
            #expect(
                page.status == .ok && page.body.contains("Firefox sur Android") && page.body.contains("cette session"))
            #expect(try await Browser(client).get("/compte").status == .unauthorized)

            // A wrong current password changes nothing.
            let wrong = try await laptop.post(
                "/compte/mot-de-passe",
                [
                    ("current", "pas-le-bon-mot"), ("password", "nouveau-mot-de-passe"),
                    ("confirmation", "nouveau-mot-de-passe")
                ])
            #expect(
                wrong.status == .unprocessableContent
                    && wrong.body.contains("Le mot de passe actuel n&#39;est pas le bon."))
            #expect(try await Self.sessions(database, userID: id) == 2)
            let changed = try await laptop.post(
                "/compte/mot-de-passe",
                [
                    ("current", TestApp.password), ("password", "nouveau-mot-de-passe"),
                    ("confirmation", "nouveau-mot-de-passe")
                ])
            #expect(changed.status == .ok && changed.body.contains("Vos autres sessions ont été fermées"))
            #expect(try await phone.get("/compte").status == .unauthorized, "the other session is closed")
            #expect(try await laptop.get("/compte").status == .ok, "this one stays")
            #expect(
                try await GuestRegistrationTests.messages(database, to: "m@alsace.example").contains {
                    $0.kind == "password-changed"
                })

            // Close the other sessions.
            let again = Browser(client)
            try await again.login("m@alsace.example", "nouveau-mot-de-passe")
            #expect(
                try await laptop.post("/compte/sessions/fermer-autres", []).body.contains(
                    "1 autre(s) session(s) fermée(s)"))
            #expect(try await again.get("/compte").status == .unauthorized)

            // E-mail change: confirmed from the new address, the old one told.
            let taken = try await TestApp.user(
                database, email: "autre@alsace.example", role: .facilitator, lab: "alsace")
            #expect(taken > 0)
            let refused = try await laptop.post(
                "/compte/email", [("email", "autre@alsace.example"), ("password_email", "nouveau-mot-de-passe")])
            #expect(refused.status == .unprocessableContent)
            let asked = try await laptop.post(
                "/compte/email", [("email", "nouvelle@alsace.example"), ("password_email", "nouveau-mot-de-passe")])
            #expect(asked.status == .ok)
            #expect(
                try await GuestRegistrationTests.messages(database, to: "m@alsace.example").contains {
                    $0.kind == "email-change-notice"
                })
            let link = try #require(
                try await TestApp.lastLink(database, to: "nouvelle@alsace.example", prefix: "/compte/email/"))
            #expect(
                try await Browser(client).login("nouvelle@alsace.example", "nouveau-mot-de-passe").status
                    == .unauthorized)
            #expect(try await laptop.get(link).body.contains("nouvelle@alsace.example"))
            #expect(try await laptop.post(link, []).location == "/compte?fait=email")
            #expect(try await laptop.post(link, []).status == .gone, "single use")
            #expect(
                try await Browser(client).login("nouvelle@alsace.example", "nouveau-mot-de-passe").status == .seeOther)
            #expect(try await Browser(client).login("m@alsace.example", "nouveau-mot-de-passe").status == .unauthorized)

            // Rename; the audit entries about me are on the page.
            #expect(try await laptop.post("/compte/nom", [("name", "Marie Fictive")]).status == .ok)
            let mine = try await laptop.get("/compte")
            #expect(
                mine.body.contains("Marie Fictive") && mine.body.contains("E-mail changé")
                    && mine.body.contains("Mot de passe changé"))
        }
    }

    @Test(arguments: TestEngine.available)
    func test_facilitators_deactivate_reactivate_and_change_roles(engine: TestEngine) async throws {
        try await TestApp.run(engine) { client, database in
            try await TestApp.user(database, email: "fac@alsace.example", role: .facilitator, lab: "alsace")
            try await TestApp.user(database, email: "fac@idf.example", role: .facilitator, lab: "reseau-national")
            let sport = try await TestApp.organisationID(database, named: "Sport pour Tous Colmar")
            let member = try await TestApp.user(
                database, email: "julien@sport.example", role: .member, lab: nil, organisation: sport)
            let julien = Browser(client)
            try await julien.login("julien@sport.example")
            let fac = Browser(client)
            try await fac.login("fac@alsace.example")
            let other = Browser(client)
            try await other.login("fac@idf.example")

            #expect(try await fac.get("/labs/alsace/comptes/\(member)").body.contains("julien@sport.example"))
            #expect(try await other.get("/labs/alsace/comptes/\(member)").status == .forbidden)
            #expect(try await other.get("/labs/reseau-national/comptes/\(member)").status == .notFound)
            #expect(try await julien.get("/labs/alsace/comptes/\(member)").status == .forbidden)
            // Nobody deactivates themselves.
            let me = try await TestApp.count(database, "SELECT id AS n FROM users WHERE email = 'fac@alsace.example'")
            #expect(
                try await fac.post("/labs/alsace/comptes/\(me)/desactiver", [("reason", "essai")]).status == .forbidden)

            #expect(
                try await fac.post("/labs/alsace/comptes/\(member)/desactiver", [("reason", "")]).status
                    == .unprocessableContent)
            let off = try await fac.post(
                "/labs/alsace/comptes/\(member)/desactiver", [("reason", "a quitté l'association")])
            #expect(off.status == .ok && off.body.contains("a quitté l&#39;association"))
            #expect(
                try await julien.get("/labs/alsace/organisations/\(sport)/modifier").status == .unauthorized,
                "sessions end at once")
            #expect(try await Self.sessions(database, userID: member) == 0)
            let refused = try await Browser(client).login("julien@sport.example")
            #expect(refused.status == .forbidden && refused.body.contains("Ce compte est désactivé"))
            #expect(
                try await TestApp.count(database, "SELECT COUNT(*) AS n FROM organisations WHERE id = \(sport)") == 1,
                "content stays")

            #expect(try await fac.post("/labs/alsace/comptes/\(member)/reactiver", []).status == .ok)
            #expect(try await Browser(client).login("julien@sport.example").status == .seeOther)

            // Role: member → facilitator of the lab.
            #expect(
                try await fac.post("/labs/alsace/comptes/\(member)/role", [("role", "admin")]).status
                    == .unprocessableContent)
            #expect(try await fac.post("/labs/alsace/comptes/\(member)/role", [("role", "facilitateur")]).status == .ok)
            let promoted = Browser(client)
            try await promoted.login("julien@sport.example")
            #expect(try await promoted.get("/labs/alsace/comptes").status == .ok)

            let log = try await fac.get("/labs/alsace/journal?action=account.deactivate")
            #expect(
                log.status == .ok && log.body.contains("Compte désactivé")
                    && log.body.contains("a quitté l&#39;association"))
            #expect(try await fac.get("/labs/alsace/journal?personne=julien").body.contains("Rôle changé"))
            #expect(try await fac.get("/labs/alsace/journal?du=2026-13-40").status == .unprocessableContent)
            let csv = try await fac.get("/labs/alsace/journal.csv")
            #expect(csv.status == .ok && csv.body.contains("Compte réactivé"))
            #expect(try await other.get("/labs/alsace/journal").status == .forbidden)
            #expect(try await promoted.get("/journal").status == .forbidden)
            // The lab's log is the lab's: the other lab's facilitator's login is not in it.
            #expect(
                !(try await fac.get("/labs/alsace/journal?personne=fac@idf").body.contains("<td>Connexion réussie</td>"))
            )
            #expect(
                try await other.get("/labs/reseau-national/journal?personne=fac@idf").body.contains(
                    "<td>Connexion réussie</td>"))
        }
    }

    @Test(arguments: TestEngine.available)
    func test_invitations_are_mailed_resent_revoked_and_shown_expired(engine: TestEngine) async throws {
        try await TestApp.run(engine) { client, database in
            try await TestApp.user(database, email: "fac@alsace.example", role: .facilitator, lab: "alsace")
            let fac = Browser(client)
            try await fac.login("fac@alsace.example")
            let created = try await fac.post(
                "/labs/alsace/comptes/invitations", [("email", "invitee@alsace.example"), ("role", "facilitateur")])
            #expect(
                created.status == .created
                    && created.body.range(of: #"/invitations/[A-Za-z0-9_-]{43}"#, options: .regularExpression) == nil,
                "the link goes by e-mail only")
            let first = try #require(
                try await TestApp.lastLink(database, to: "invitee@alsace.example", prefix: "/invitations/"))
            let id = try await TestApp.count(
                database, "SELECT id AS n FROM invitations WHERE email = 'invitee@alsace.example'")
            #expect(try await fac.post("/labs/alsace/comptes/invitations/\(id)/renvoyer", []).status == .ok)
            let second = try #require(
                try await TestApp.lastLink(database, to: "invitee@alsace.example", prefix: "/invitations/"))
            #expect(first != second)
            #expect(try await Browser(client).get(first).status == .notFound)
            #expect(try await Browser(client).get(second).status == .ok)
            try await database.withConnection { db in
                try await db.raw("UPDATE invitations SET expires_at = \(bind: nowSeconds() - 10)").run()
            }
            #expect(try await fac.get("/labs/alsace/comptes").body.contains("expirée"))
            #expect(try await fac.post("/labs/alsace/comptes/invitations/\(id)/revoquer", []).status == .ok)
            #expect(try await fac.post("/labs/alsace/comptes/invitations/\(id)/revoquer", []).status == .conflict)
            #expect(!(try await fac.get("/labs/alsace/comptes").body.contains("invitee@alsace.example")))
            let other = try await TestApp.browser(
                client, database, email: "f@idf.example", role: .facilitator, lab: "reseau-national")
            #expect(
                try await other.post("/labs/reseau-national/comptes/invitations/\(id)/renvoyer", []).status == .notFound
            )
        }
    }

    @Test(arguments: TestEngine.available)
    func test_the_accounts_list_pages_and_searches(engine: TestEngine) async throws {
        try await TestApp.run(engine) { client, database in
            for n in 0..<60 {
                try await TestApp.user(database, email: "f\(n)@alsace.example", role: .facilitator, lab: "alsace")
            }
            try await TestApp.user(database, email: "zoe.unique@alsace.example", role: .facilitator, lab: "alsace")
            let fac = Browser(client)
            try await fac.login("f0@alsace.example")
            let first = try await fac.get("/labs/alsace/comptes")
            #expect(first.body.contains("Comptes (61)") && first.body.contains("Page 1 sur 2"))
            let found = try await fac.get("/labs/alsace/comptes?q=ZOE")
            #expect(found.body.contains("Comptes (1)") && found.body.contains("zoe.unique@alsace.example"))
            #expect(try await fac.get("/labs/alsace/comptes?page=abc").status == .ok)
        }
    }

    @Test(arguments: TestEngine.available)
    func test_operator_commands_reset_and_deactivate(engine: TestEngine) async throws {
        try await TestApp.run(engine) { client, database in
            let id = try await TestApp.user(database, email: "op@alsace.example", role: .facilitator, lab: "alsace")
            let link = try await OperatorCommands.resetPassword(
                database: database, email: "OP@alsace.example", publicURL: "https://alliances.example")
            #expect(link.hasPrefix("https://alliances.example/mot-de-passe/"))
            #expect(
                try await Browser(client).get(String(link.dropFirst("https://alliances.example".count))).status == .ok)
            await #expect(throws: OperatorCommands.Failure.self) {
                try await OperatorCommands.resetPassword(database: database, email: "x@y.example", publicURL: "")
            }
            let browser = Browser(client)
            try await browser.login("op@alsace.example")
            try await OperatorCommands.deactivate(database: database, email: "op@alsace.example", reason: "départ")
            #expect(try await browser.get("/compte").status == .unauthorized)
            #expect(try await Self.sessions(database, userID: id) == 0)
        }
    }
}
