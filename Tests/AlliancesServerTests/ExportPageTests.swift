import AlliancesCore
@testable import AlliancesServer
import Foundation
import Testing

@Suite struct ExportPageTests {
    /// Every export of an event is linked from one page, itself linked from the programme;
    /// the registrations file is listed to the organisers only.
    @Test(arguments: TestEngine.available)
    func test_the_exports_page_lists_every_export_of_the_event(engine: TestEngine) async throws {
        try await TestApp.run(engine) { client, database in
            let visitor = Browser(client)
            #expect(
                try await visitor.get("/evenements/alliances-2027").body.contains("/evenements/alliances-2027/exports"))
            let page = try await visitor.get("/evenements/alliances-2027/exports")
            #expect(page.status == .ok)
            for file in ["programme.ics", "schedule.json", "schedule.xml", "imprimer"] {
                #expect(page.body.contains("href=\"/evenements/alliances-2027/\(file)\""), "\(file)")
                #expect(try await visitor.get("/evenements/alliances-2027/\(file)").status == .ok, "\(file)")
            }
            #expect(!page.body.contains("inscrits.csv"))
            let admin = try await TestApp.browser(client, database, email: "admin@example.org", role: .admin)
            let organiser = try await admin.get("/evenements/alliances-2027/exports")
            #expect(organiser.body.contains("href=\"/evenements/alliances-2027/inscrits.csv\""))
            let list = try await admin.get("/evenements/alliances-2027/inscrits")
            #expect(list.body.contains("href=\"/evenements/alliances-2027/exports\""))
            #expect(list.body.contains("href=\"/evenements/alliances-2027/inscrits.csv\""))
            #expect(try await visitor.get("/evenements/inconnue/exports").status == .notFound)
        }
    }

    /// Rooms carry a stable UUID in both frab files, as the c3voc schedule schema asks.
    @Test func test_rooms_have_stable_guids_in_both_schedule_files() async throws {
        try await TestApp.run(.sqlite) { client, _ in
            let visitor = Browser(client)
            let json = try await visitor.get("/evenements/alliances-2027/schedule.json").json()
            let conference = (json["schedule"] as? [String: Any])?["conference"] as? [String: Any]
            let rooms = try #require(conference?["rooms"] as? [[String: String]])
            #expect(rooms.count > 1)
            let guids = Set(rooms.compactMap { $0["guid"] })
            #expect(guids.count == rooms.count)
            #expect(guids.allSatisfy { UUID(uuidString: $0) != nil })
            let xml = try await visitor.get("/evenements/alliances-2027/schedule.xml").body
            for room in rooms {
                #expect(xml.contains("guid=\"\(room["guid"] ?? "-")\""), "\(room["name"] ?? "")")
            }
            let again = try await visitor.get("/evenements/alliances-2027/schedule.json").json()
            let againRooms = ((again["schedule"] as? [String: Any])?["conference"] as? [String: Any])?["rooms"]
            #expect((againRooms as? [[String: String]]) == rooms)
        }
    }
}
