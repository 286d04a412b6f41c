import AlliancesCore
import Testing

@Suite struct RestitutionRulesTests {
    @Test func test_dots_are_refused_outside_an_open_vote_and_beyond_the_limit() {
        #expect(DotVoting.refusal(state: .notOpen, limit: 3, used: 0, current: 0, requested: 1) != nil)
        #expect(
            DotVoting.refusal(state: .closed, limit: 3, used: 1, current: 1, requested: 0)?.contains("clos") == true)
        #expect(DotVoting.refusal(state: .open, limit: 3, used: 2, current: 0, requested: 1) == nil)
        #expect(DotVoting.refusal(state: .open, limit: 3, used: 3, current: 0, requested: 1) != nil)
        // Moving dots within one's limit: 3 placed, 2 of them here, set to 3 → 4 in all.
        #expect(DotVoting.refusal(state: .open, limit: 3, used: 3, current: 2, requested: 3) != nil)
        #expect(DotVoting.refusal(state: .open, limit: 3, used: 3, current: 2, requested: 0) == nil)
        #expect(DotVoting.refusal(state: .open, limit: 3, used: 0, current: 0, requested: -1) != nil)
    }

    @Test func test_ranking_puts_most_votes_first_and_keeps_posting_order_for_ties() {
        let ranked = DotVoting.ranking([(1, 2), (2, 5), (3, 2), (4, 0)], votes: { $0.1 }, order: { $0.0 })
        #expect(ranked.map(\.0) == [2, 1, 3, 4])
    }

    @Test func test_a_proposal_is_one_bounded_line_with_a_theme_among_the_questions() {
        guard case .success(let ok) = RestitutionRules.proposal(text: "  Un annuaire  ", theme: "Q1", themes: ["Q1"])
        else {
            Issue.record("refused")
            return
        }
        #expect(ok.text == "Un annuaire" && ok.theme == "Q1")
        guard
            case .failure(let errors) = RestitutionRules.proposal(
                text: String(repeating: "x", count: 281), theme: "Autre", themes: ["Q1"])
        else {
            Issue.record("accepted")
            return
        }
        #expect(errors.message(for: "text") != nil && errors.message(for: "theme") != nil)
        if case .success = RestitutionRules.proposal(text: "a\u{7}b", theme: nil, themes: []) {
            Issue.record("control characters accepted")
        }
        if case .success = RestitutionRules.proposal(text: "   ", theme: nil, themes: []) {
            Issue.record("empty accepted")
        }
    }

    @Test func test_output_keeps_complete_commitments_and_names_half_filled_ones() {
        let form = [
            "findings": "Constat", "commitment-who-0": "Asso", "commitment-what-0": "Prêter une salle",
            "commitment-due-0": "juin", "commitment-who-1": "Seul", "commitment-due-2": "juillet"
        ]
        guard case .failure(let errors) = RestitutionRules.output(form, rows: 3) else {
            Issue.record("accepted")
            return
        }
        #expect(errors.message(for: "commitment-what-1") != nil)
        #expect(errors.message(for: "commitment-what-2") != nil)
        guard
            case .success(let output) = RestitutionRules.output(
                ["findings": "Constat", "commitment-who-0": "Asso", "commitment-what-0": "Prêter une salle"], rows: 3)
        else {
            Issue.record("refused")
            return
        }
        #expect(
            output.findings == "Constat" && output.commitments == [Commitment(who: "Asso", what: "Prêter une salle")])
        #expect(
            RestitutionRules.votes("3") == 3 && RestitutionRules.votes("0") == nil && RestitutionRules.votes("x") == nil
        )
    }
}
