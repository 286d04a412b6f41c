import AlliancesCore
import Testing

/// Scopes per capability: the stored text round-trips, every kind of path finds its
/// capability, and a request is judged by its method and path.
@Suite struct ApiScopesTests {
    @Test func test_the_stored_text_round_trips_and_unknown_texts_are_refused() {
        let scopes = ApiScopes([.events: .write, .directory: .read, .library: .none])
        #expect(scopes.encoded == "annuaire:lecture,rencontres:ecriture")
        #expect(ApiScopes(encoded: scopes.encoded) == scopes)
        #expect(ApiScopes(encoded: "") == ApiScopes([:]))
        for bad in ["annuaire", "annuaire:tout", "inconnu:lecture", "annuaire:lecture:x"] {
            #expect(ApiScopes(encoded: bad) == nil, "\(bad)")
        }
        #expect(scopes.widest == .readWrite && ApiScopes([.directory: .read]).widest == .read)
        #expect(ApiScopes(legacy: .read)[.resources] == .read && ApiScopes(legacy: .readWrite)[.events] == .write)
        #expect(scopes.summary == "Annuaire : lecture ; Rencontres : lecture et écriture")
    }

    @Test func test_each_path_belongs_to_its_capability() {
        let cases: [(String, ApiCapability?)] = [
            ("/api/v1/labs", .directory), ("/api/v1/labs/alsace/organisations/3/people/4", .directory),
            ("/api/v1/labs/alsace/search", .directory),
            ("/api/v1/labs/alsace/organisations/3/recommendations", .marketplace),
            ("/api/v1/labs/alsace/listings/2/recommendations", .marketplace),
            ("/api/v1/labs/alsace/recommendations/feedback", .marketplace),
            ("/api/v1/labs/alsace/introductions/5/answer", .marketplace),
            ("/api/v1/labs/alsace/barometer", .partnerships),
            ("/api/v1/labs/alsace/partnerships/1/notes", .partnerships), ("/api/v1/events", .events),
            ("/api/v1/events/pionniers-2015/registrations/3/cancel", .events),
            ("/api/v1/labs/alsace/experiences/1", .library), ("/api/v1/labs/alsace/resources", .resources),
            ("/api/openapi.json", nil), ("/api/v1/labs/alsace/inconnu", nil), ("/labs/alsace/organisations", nil)
        ]
        for (path, capability) in cases { #expect(ApiCapability.of(path: path) == capability, "\(path)") }
    }

    @Test func test_reads_need_read_access_and_writes_need_write_access() {
        let scopes = ApiScopes([.directory: .read, .events: .write])
        #expect(scopes.refusal(method: "GET", path: "/api/v1/labs/alsace/organisations") == nil)
        #expect(scopes.refusal(method: "HEAD", path: "/api/v1/labs/alsace/organisations") == nil)
        #expect(scopes.refusal(method: "POST", path: "/api/v1/labs/alsace/organisations")?.contains("écrire") == true)
        #expect(scopes.refusal(method: "POST", path: "/api/v1/events/x/registrations") == nil)
        #expect(scopes.refusal(method: "GET", path: "/api/v1/labs/alsace/listings")?.contains("Échanges") == true)
        #expect(scopes.refusal(method: "GET", path: "/api/openapi.json") == nil)
    }

    @Test func test_the_form_needs_one_known_level_per_part_and_some_access() {
        let none: (ApiCapability) -> String? = { _ in "aucun" }
        guard case .failure(let empty) = ApiTokenDraft.validate(name: "x", scope: nil, days: "30", access: none) else {
            Issue.record("a token with no access is refused")
            return
        }
        #expect(empty.message(for: "scope_annuaire")?.contains("au moins une partie") == true)
        guard case .success(let legacy) = ApiTokenDraft.validate(name: "x", scope: "lecture", days: "90") else {
            Issue.record("the former single scope is read")
            return
        }
        #expect(legacy.scopes == ApiScopes(legacy: .read))
        let some: (ApiCapability) -> String? = { $0 == .events ? "ecriture" : ($0 == .library ? "n'importe" : nil) }
        guard case .failure(let unknown) = ApiTokenDraft.validate(name: "x", scope: nil, days: "30", access: some)
        else {
            Issue.record("an unknown level is refused")
            return
        }
        #expect(unknown.message(for: "scope_bibliotheque") != nil && unknown.message(for: "scope_rencontres") == nil)
    }
}
