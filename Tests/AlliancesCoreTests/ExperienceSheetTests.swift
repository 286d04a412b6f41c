import AlliancesCore
import Testing

@Suite struct ExperienceSheetTests {
    static let input = SheetInput(
        title: "Un minibus partagé entre clubs", summary: "Trois clubs et un transporteur.",
        questions: ["mettre-en-commun"], themes: ["changer-d-echelle", "changer-d-echelle"],
        modes: ["mecenat-nature"], governance: "convention", scaling: "essaimage", visibility: "reseau",
        timeline: "2015-03 — première réunion\n\n2015-05 — premier prêt",
        results: "Week-ends de prêt ; 24 ; 2016-01-01\nClubs servis ; 3")

    @Test func test_a_sheet_form_is_checked_field_by_field() {
        guard case .success(let draft) = SheetDraft.validate(Self.input) else { Issue.record("refused"); return }
        #expect(draft.themes == [.scaling] && draft.questions == [.pool] && draft.modes == [.inKindPatronage])
        #expect(draft.governance == .agreement && draft.scaling == .spinOff && draft.visibility == .network)
        #expect(draft.timeline.count == 2)
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
        guard case .failure(let errors) = SheetDraft.validate(bad) else { Issue.record("accepted"); return }
        #expect(Set(errors.errors.map(\.field)) == ["title", "questions", "governance", "visibility", "results"])
        var unknown = Self.input
        unknown.modes = ["troc"]
        guard case .failure(let modes) = SheetDraft.validate(unknown) else { Issue.record("accepted"); return }
        #expect(modes.message(for: "modes")?.contains("« troc »") == true)
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
                viewer, labID: lab, authorOrganisations: authors, status: status, visibility: visibility)
        }
        #expect(reads(author, .draft, .lab) && !reads(member, .draft, .everyone))
        #expect(reads(member, .published, .lab) && !reads(elsewhere, .published, .lab))
        #expect(reads(elsewhere, .published, .network) && !reads(nil, .published, .network))
        #expect(reads(nil, .published, .everyone) && !reads(nil, .archived, .everyone))
    }
}
