import AlliancesCore
@testable import AlliancesServer
import Foundation
import SQLKit
import Testing

/// The network dashboard puts every lab's figures side by side: network admins see all
/// labs, a facilitator their own and those that chose to show theirs, nobody else any.
/// Each figure is checked against a count of its own written here in SQL.
@Suite struct NetworkDashboardTests {
    /// `lab;code` → value, from the dashboard's CSV.
    static func values(_ csv: String) -> [String: String] {
        var values: [String: String] = [:]
        for line in csv.split(separator: "\r\n").dropFirst() {
            let fields = line.split(separator: ";", omittingEmptySubsequences: false).map(String.init)
            guard fields.count >= 6 else { continue }
            values["\(fields[0]);\(fields[3])"] = fields[5]
        }
        return values
    }

    /// The epoch seconds of 1 January of `year`, midnight in Paris.
    static func yearStart(_ year: Int) -> Int {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Paris")!
        return Int(calendar.date(from: DateComponents(year: year, month: 1, day: 1))!.timeIntervalSince1970)
    }

    @Test(arguments: TestEngine.available)
    func test_the_dashboard_compares_the_labs_each_viewer_may_see(engine: TestEngine) async throws {
        try await TestApp.run(engine) { client, database in
            let admin = try await TestApp.browser(client, database, email: "admin@reseau.example", role: .admin)
            let alsaceTeam = try await TestApp.browser(
                client, database, email: "equipe@alsace.example", role: .facilitator, lab: "alsace")
            let nationalTeam = try await TestApp.browser(
                client, database, email: "equipe@national.example", role: .facilitator, lab: "reseau-national")
            let culture = try await TestApp.organisationID(database, named: "Culture en Partage Saverne")
            try await TestApp.user(
                database, email: "membre@culture.example", role: .member, lab: "alsace", organisation: culture)
            let member = Browser(client)
            try await member.login("membre@culture.example")

            let year = BarometerRoutes.currentYear
            let (from, to) = (Self.yearStart(year), Self.yearStart(year + 1))
            let alsace = try await TestApp.count(database, "SELECT id AS n FROM labs WHERE slug = 'alsace'")
            func count(_ sql: String) async throws -> String { String(try await TestApp.count(database, sql)) }

            // A network admin sees every lab, each figure as counted from the tables.
            let page = try await admin.get("/reseau/tableau-de-bord")
            #expect(page.status == .ok && page.body.contains("Tableau de bord du réseau"))
            #expect(page.body.contains("<svg") && page.body.contains("Associations engagées dans un partenariat"))
            let csv = try await admin.get("/reseau/tableau-de-bord.csv?annee=\(year)")
            #expect(csv.status == .ok && csv.headers[.contentType] == "text/csv; charset=utf-8")
            let values = Self.values(csv.body)
            #expect(values.keys.contains("reseau-national;besoins"))
            #expect(
                values["alsace;organisations-associations"]
                    == (try await count(
                        "SELECT COUNT(*) AS n FROM organisations WHERE lab_id = \(alsace) AND active = 1 AND kind = 'association'"
                    )))
            #expect(
                values["alsace;besoins"]
                    == (try await count(
                        "SELECT COUNT(*) AS n FROM listings WHERE lab_id = \(alsace) AND kind = 'besoin' AND status <> 'brouillon' AND created_at >= \(from) AND created_at < \(to)"
                    )))
            #expect(
                values["alsace;offres"]
                    == (try await count(
                        "SELECT COUNT(*) AS n FROM listings WHERE lab_id = \(alsace) AND kind = 'offre' AND status <> 'brouillon' AND created_at >= \(from) AND created_at < \(to)"
                    )))
            #expect(
                values["alsace;mises-en-relation"]
                    == (try await count(
                        "SELECT COUNT(*) AS n FROM introductions WHERE lab_id = \(alsace) AND created_at >= \(from) AND created_at < \(to)"
                    )))
            #expect(
                values["alsace;ressources"]
                    == (try await count(
                        "SELECT COUNT(*) AS n FROM resources WHERE lab_id = \(alsace) AND status = 'active'")))
            #expect(
                values["alsace;fiches"]
                    == (try await count(
                        "SELECT COUNT(*) AS n FROM experience_sheets WHERE lab_id = \(alsace) AND status = 'publiee' AND published_at >= \(from) AND published_at < \(to)"
                    )))
            #expect(Int(values["alsace;organisations-associations"] ?? "0")! > 0)

            // A new need shows at once in its lab's column.
            let needsBefore = Int(values["alsace;besoins"] ?? "") ?? -1
            let need = try await member.post(
                "/labs/alsace/besoins/nouveau",
                [
                    ("organisationId", String(culture)), ("title", "Un local de répétition"),
                    ("modes", "mecenat-nature"), ("themes", "emploi-insertion"), ("status", "publie"),
                    ("visibility", "public")
                ])
            #expect(need.status == .seeOther, "\(need.body.prefix(400))")
            let after = Self.values(try await admin.get("/reseau/tableau-de-bord.csv?annee=\(year)").body)
            #expect(Int(after["alsace;besoins"] ?? "") == needsBefore + 1)

            // A facilitator sees their own lab, and another lab once it chose to show its figures.
            var national = Self.values(try await nationalTeam.get("/reseau/tableau-de-bord.csv").body)
            #expect(national.keys.contains("reseau-national;besoins") && !national.keys.contains("alsace;besoins"))
            let hidden = try await nationalTeam.get("/reseau/tableau-de-bord")
            #expect(hidden.body.contains("Ne montrent pas leurs chiffres aux autres labos : Labo régional alsacien"))
            #expect(
                try await nationalTeam.post("/labs/alsace/partage-des-chiffres", [("partage", "1")]).status
                    == .forbidden, "only Alsace's team chooses for Alsace")
            let shared = try await alsaceTeam.post("/labs/alsace/partage-des-chiffres", [("partage", "1")])
            #expect(shared.status == .seeOther)
            national = Self.values(try await nationalTeam.get("/reseau/tableau-de-bord.csv").body)
            #expect(national["alsace;besoins"] == after["alsace;besoins"])
            #expect(
                try await TestApp.count(
                    database,
                    "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'lab.figures-sharing' AND target = 'lab:alsace:reseau'"
                ) == 1)
            _ = try await alsaceTeam.post("/labs/alsace/partage-des-chiffres", [("partage", "0")])
            national = Self.values(try await nationalTeam.get("/reseau/tableau-de-bord.csv").body)
            #expect(!national.keys.contains("alsace;besoins"))

            // Nobody else sees it; bad input is refused with a French message.
            #expect(try await member.get("/reseau/tableau-de-bord").status == .forbidden)
            #expect(try await member.post("/labs/alsace/partage-des-chiffres", [("partage", "1")]).status == .forbidden)
            let visitor = try await Browser(client).get("/reseau/tableau-de-bord.csv")
            #expect(visitor.status != .ok && !visitor.body.contains("besoins"))
            let badYear = try await admin.get("/reseau/tableau-de-bord?annee=deux")
            #expect(badYear.status == .badRequest && badYear.body.contains("Année invalide"))
            let badChoice = try await alsaceTeam.post("/labs/alsace/partage-des-chiffres", [("partage", "peut-être")])
            #expect(badChoice.status == .badRequest && badChoice.body.contains("Choix de partage invalide"))
        }
    }
}
