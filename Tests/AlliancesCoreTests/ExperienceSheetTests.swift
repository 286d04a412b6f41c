import AlliancesCore
import Testing

@Suite struct ExperienceSheetTests {
    static let input = SheetInput(
        title: "Un minibus partagé entre clubs", summary: "Trois clubs et un transporteur.",
        questions: ["mettre-en-commun"], themes: ["changer-d-echelle", "changer-d-echelle"],
        modes: ["mecenat-nature"], governance: "convention", scaling: "essaimage", visibility: "reseau",
        timeline: "2015-03 — première réunion\n\n2015-05 — premier prêt",
        results: "Week-ends de prêt ; 24 ; 2016-01-01\nClubs servis ; 3",
        parties: [PartyInput(organisationId: 10, role: "porteur"), PartyInput(organisationId: 11, role: nil)],
        links: "Convention type | https://exemple.org/convention.pdf\nhttps://exemple.org")

    @Test func test_a_sheet_form_is_checked_field_by_field() {
        guard case .success(let draft) = SheetDraft.validate(Self.input) else { Issue.record("refused"); return }
        #expect(draft.themes == [.scaling] && draft.questions == [.pool] && draft.modes == [.inKindPatronage])
        #expect(draft.governance == .agreement && draft.scaling == .spinOff && draft.visibility == .network)
        #expect(draft.timeline.count == 2)
        #expect(draft.parties.map(\.organisationID) == [10, 11] && draft.contactOrganisationID == 10)
        #expect(draft.links.map(\.label) == ["Convention type", "https://exemple.org"])
        guard case .success(let again) = SheetDraft.validate(draft.input) else { Issue.record("round trip"); return }
        #expect(again == draft, "a saved version edits back into the same sheet")
        #expect(
            draft.results == [
                SheetResult(indicator: "Week-ends de prêt", value: "24", date: "2016-01-01"),
                SheetResult(indicator: "Clubs servis", value: "3", date: nil)
            ])
        var bad = Self.input
        bad.title = nil
        bad.questions = []
        bad.themes = []
        bad.governance = "cooperative-spatiale"
        bad.visibility = nil
        bad.results = "seulement un indicateur"
        bad.parties = [PartyInput(organisationId: 10, role: nil), PartyInput(organisationId: 10, role: nil)]
        bad.contactOrganisation = "99"
        bad.links = "javascript:alert(1)"
        guard case .failure(let errors) = SheetDraft.validate(bad) else { Issue.record("accepted"); return }
        #expect(
            Set(errors.errors.map(\.field)) == [
                "title", "questions", "governance", "visibility", "results", "parties", "contactOrganisation", "links"
            ])
        var unknown = Self.input
        unknown.modes = ["troc"]
        guard case .failure(let modes) = SheetDraft.validate(unknown) else { Issue.record("accepted"); return }
        #expect(modes.message(for: "modes")?.contains("« troc »") == true)
        // A link line of separators alone is refused, not a crash (the API fuzzing found it).
        for line in ["|", "||", "Libellé |", "| https://exemple.org"] {
            var links = Self.input
            links.links = line
            let result = SheetDraft.validate(links)
            if line == "| https://exemple.org" {
                #expect(
                    (try? result.get())?.links == [SheetLink(label: "https://exemple.org", url: "https://exemple.org")])
            } else {
                guard case .failure(let errors) = result else { Issue.record("accepted « \(line) »"); continue }
                #expect(errors.message(for: "links")?.contains("Lien illisible") == true)
            }
        }
    }

    @Test func test_the_lifecycle_goes_through_review() {
        #expect(SheetAction.submit.next(from: .draft) == .submitted)
        #expect(SheetAction.publish.next(from: .submitted) == .published)
        #expect(SheetAction.sendBack.next(from: .submitted) == .draft)
        #expect(SheetAction.archive.next(from: .published) == .archived)
        #expect(SheetAction.restore.next(from: .archived) == .published)
        #expect(SheetAction.publish.next(from: .draft) == nil, "nothing is published unread")
        #expect(SheetAction.archive.next(from: .draft) == nil)
    }

    @Test func test_who_reads_edits_and_publishes_a_sheet() {
        let (lab, other) = (1, 2)
        let author = Viewer(userID: 1, role: .member, labID: lab, organisationID: 10)
        let member = Viewer(userID: 2, role: .member, labID: lab, organisationID: 11)
        let elsewhere = Viewer(userID: 3, role: .member, labID: other, organisationID: 20)
        let facilitator = Viewer(userID: 4, role: .facilitator, labID: lab, organisationID: nil)
        let authors: Set<Int> = [10]
        #expect(Permissions.canEditSheet(author, labID: lab, authorOrganisations: authors))
        #expect(!Permissions.canEditSheet(member, labID: lab, authorOrganisations: authors))
        #expect(Permissions.canTake(.submit, author, labID: lab, authorOrganisations: authors))
        #expect(!Permissions.canTake(.publish, author, labID: lab, authorOrganisations: authors), "no self-publishing")
        #expect(Permissions.canTake(.publish, facilitator, labID: lab, authorOrganisations: authors))
        func reads(_ viewer: Viewer?, _ status: SheetStatus, _ visibility: SheetVisibility) -> Bool {
            Permissions.canReadSheet(
                viewer, labID: lab, authorOrganisations: authors, showsPublished: status == .published,
                visibility: visibility)
        }
        #expect(reads(author, .draft, .lab) && !reads(member, .draft, .everyone))
        #expect(reads(member, .published, .lab) && !reads(elsewhere, .published, .lab))
        #expect(reads(elsewhere, .published, .network) && !reads(nil, .published, .network))
        #expect(reads(nil, .published, .everyone) && !reads(nil, .archived, .everyone))
    }
}

@Suite struct ExperienceLibraryTests {
    static func entry(
        _ id: Int, _ title: String, governance: GovernanceForm?, themes: [ExperienceTheme],
        visibility: SheetVisibility = .everyone, worlds: Set<ActorKind> = [.association], at: Int = 0
    ) -> LibraryEntry {
        LibraryEntry(
            id: id, title: title, summary: "Résumé de \(title).", territory: nil, body: "", questions: [.pool],
            themes: themes, modes: [.inKindPatronage], governance: governance, scaling: .notYet, worlds: worlds,
            departements: ["67"], visibility: visibility, organisationIDs: [id], publishedAt: at, labID: 1)
    }

    static let library = ExperienceLibrary([
        entry(1, "Minibus partagé entre clubs", governance: .gie, themes: [.economicModel], at: 10),
        entry(2, "Salle prêtée aux associations", governance: .agreement, themes: [.economicModel], at: 30),
        entry(3, "Minibus et covoiturage solidaire", governance: .agreement, themes: [.mobilisation], at: 20),
        entry(4, "Minibus du réseau", governance: .scic, themes: [.scaling], visibility: .lab, at: 40)
    ])

    @Test func test_words_and_facets_filter_and_each_facet_counts_under_the_others() {
        var query = LibraryQuery()
        query.text = "minibus"
        let visitor = Self.library.search(query, reach: .everyone)
        #expect(Set(visitor.hits.map(\.id)) == [1, 3], "the lab's sheet stays with its members")
        let member = Self.library.search(query, reach: .lab)
        #expect(member.total == 3)
        query.filters[.governance] = GovernanceForm.agreement.rawValue
        let filtered = Self.library.search(query, reach: .everyone)
        #expect(filtered.hits.map(\.id) == [3])
        // Governance counted without its own filter (what choosing another value would give),
        // themes counted among what the filter keeps.
        #expect(filtered.counts[.governance] == ["gie": 1, "convention": 1])
        #expect(filtered.counts[.theme] == ["mobiliser": 1])
        // No words: the latest published first.
        #expect(Self.library.search(LibraryQuery(), reach: .lab).hits.map(\.id) == [4, 2, 3, 1])
        // Nobody has every word: some of them, said so.
        var relaxed = LibraryQuery()
        relaxed.text = "minibus salle"
        let some = Self.library.search(relaxed, reach: .everyone)
        #expect(some.relaxed && some.total == 3)
    }

    @Test func test_similar_sheets_share_words_and_facets_and_respect_visibility() {
        let similar = Self.library.similar(to: 1, reach: .everyone)
        // Sheet 2 shares its theme, sheet 3 its words; sheet 4 is the lab's only.
        #expect(Set(similar.map(\.id)) == [2, 3])
        #expect(Self.library.similar(to: 1, reach: .lab).contains { $0.id == 4 })
    }

    @Test func test_a_bad_facet_value_is_refused_in_french() {
        guard
            case .failure(let errors) = LibraryQuery.parse({
                ["monde": "martiens", "page": "0", "portee": "planete"][$0]
            })
        else {
            Issue.record("accepted"); return
        }
        #expect(errors.message(for: "monde")?.contains("« martiens »") == true)
        #expect(errors.message(for: "page") != nil)
        #expect(errors.message(for: "portee")?.contains("« planete »") == true)
        guard case .success(let network) = LibraryQuery.parse({ ["portee": "reseau"][$0] }) else {
            Issue.record("refused"); return
        }
        #expect(network.network)
    }
}

extension ExperienceLibraryTests {
    @Test func test_every_page_of_a_large_library_is_the_slice_of_one_ranking() {
        let entries = (1...3_000).map { i in
            Self.entry(
                i, "Fiche \(i) " + (i % 3 == 0 ? "minibus minibus" : "minibus"), governance: .agreement,
                themes: [.governance], at: i % 17)
        }
        let library = ExperienceLibrary(entries)
        var query = LibraryQuery()
        query.text = "minibus"
        query.pageSize = 100
        var seen: [Int] = []
        for page in 1...30 {
            query.page = page
            seen += library.search(query, reach: .everyone).hits.map(\.id)
        }
        // Pages up to 10 use the bounded buffer, deeper ones the full sort: one ranking.
        #expect(
            seen.count == 3_000 && Set(seen).count == 3_000,
            "\(seen.count) \(Set(seen).count) \(library.search(query, reach: .everyone).total)")
        let firstThird = seen.prefix(1_000)
        #expect(firstThird.allSatisfy { $0 % 3 == 0 }, "the sheets with the word twice first")
    }
}
