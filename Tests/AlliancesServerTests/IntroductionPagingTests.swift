import AlliancesCore
@testable import AlliancesServer
import Foundation
import SQLKit
import Testing

/// Every introduction is reachable from the web, fifty a page, whatever their number: the
/// lab's for its facilitators, their organisation's for a member; none twice, none missed.
@Suite struct IntroductionPagingTests {
    static func ids(_ body: String) -> [Int] {
        let pattern = try! NSRegularExpression(pattern: #"/mises-en-relation/(\d+)""#)
        return pattern.matches(in: body, range: NSRange(body.startIndex..., in: body)).compactMap {
            Range($0.range(at: 1), in: body).flatMap { Int(body[$0]) }
        }
    }

    static func next(_ body: String) -> String? {
        guard let range = body.range(of: #"toutes\?apres=[0-9]+-[0-9]+"#, options: .regularExpression) else {
            return nil
        }
        return "/labs/alsace/mises-en-relation/" + body[range]
    }

    @Test(arguments: TestEngine.available)
    func test_every_introduction_is_listed_once_page_by_page(engine: TestEngine) async throws {
        try await TestApp.run(engine) { client, database in
            let elan = try await TestApp.organisationID(database, named: "Élan Solidaire Mulhouse")
            let sport = try await TestApp.organisationID(database, named: "Sport pour Tous Colmar")
            let numeria = try await TestApp.organisationID(database, named: "Numéria Conseil (démo)")
            try await database.transaction { db in
                let lab = try #require(try await LabStore().find(slug: "alsace", on: db))
                for n in 0..<120 {
                    _ = try await IntroductionStore().create(
                        labID: lab.id, organisationA: n % 3 == 0 ? elan : sport, organisationB: numeria, needID: nil,
                        offerID: nil, state: IntroductionState(status: .proposed), requestMessage: nil,
                        messageA: "Essai \(n)", messageB: nil, userID: nil, on: db)
                }
            }
            let team = try await TestApp.browser(
                client, database, email: "equipe@alsace.example", role: .facilitator, lab: "alsace")
            var seen: [Int] = []
            var path: String? = "/labs/alsace/mises-en-relation/toutes"
            var pages = 0
            while let current = path {
                let page = try await team.get(current)
                #expect(page.status == .ok)
                let found = Self.ids(page.body)
                #expect(found.count <= IntroductionRoutes.pageSize)
                seen += found
                path = Self.next(page.body)
                pages += 1
                if pages > 10 { break }
            }
            let total = try await TestApp.count(
                database,
                "SELECT COUNT(*) AS n FROM introductions i JOIN labs l ON l.id = i.lab_id WHERE l.slug = 'alsace'")
            #expect(seen.count == total && Set(seen).count == total && total >= 120 && pages == (total + 49) / 50)

            // A member sees their organisation's only.
            try await TestApp.user(
                database, email: "membre@elan.example", role: .member, lab: "alsace", organisation: elan)
            let member = Browser(client)
            try await member.login("membre@elan.example")
            var theirs: [Int] = []
            path = "/labs/alsace/mises-en-relation/toutes"
            while let current = path {
                let page = try await member.get(current)
                theirs += Self.ids(page.body)
                path = Self.next(page.body)
            }
            let expected = try await TestApp.count(
                database,
                "SELECT COUNT(*) AS n FROM introductions WHERE organisation_a = \(elan) OR (organisation_b = \(elan) AND status <> 'demandee')"
            )
            #expect(theirs.count == expected && expected >= 40)
            let bad = try await team.get("/labs/alsace/mises-en-relation/toutes?apres=hier")
            #expect(bad.status == .badRequest && bad.body.contains("Page invalide"))
        }
    }
}
