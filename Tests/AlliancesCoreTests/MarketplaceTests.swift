import AlliancesCore
import Foundation
import Testing

@Suite struct FrenchAnalyzerTests {
    @Test func test_plurals_and_feminine_forms_meet() {
        #expect(FrenchAnalyzer.terms("Éducatives") == FrenchAnalyzer.terms("éducatif"))
        #expect(FrenchAnalyzer.terms("associations") == FrenchAnalyzer.terms("Association"))
        #expect(FrenchAnalyzer.terms("entreprises") == FrenchAnalyzer.terms("entreprise"))
        #expect(FrenchAnalyzer.terms("numériques") == FrenchAnalyzer.terms("numérique"))
        #expect(FrenchAnalyzer.terms("sociaux") == FrenchAnalyzer.terms("social"))
        #expect(FrenchAnalyzer.terms("sportive") == FrenchAnalyzer.terms("sport"))
    }

    @Test func test_stop_words_and_elided_articles_are_dropped() {
        #expect(FrenchAnalyzer.terms("l'insertion des jeunes et d'entreprises") == ["insertion", "jeun", "entrepris"])
        #expect(FrenchAnalyzer.terms("  ,;!  ") == [])
        #expect(FrenchAnalyzer.terms("2015") == ["2015"])
    }

    @Test func test_maths_matches_known_values() {
        #expect(abs(Maths.ln(1) - 0) < 1e-12)
        #expect(abs(Maths.ln(2.718281828459045) - 1) < 1e-12)
        #expect(abs(Maths.ln(1000) - 6.907755278982137) < 1e-10)
        #expect(abs(Maths.ln(0.001) + 6.907755278982137) < 1e-10)
        #expect(abs(Maths.cos(0) - 1) < 1e-12)
        #expect(abs(Maths.cos(Double.pi / 3) - 0.5) < 1e-12)
        #expect(abs(Maths.cos(48.5 * Double.pi / 180) - 0.6626200482157375) < 1e-12)
        #expect(abs(Maths.cos(7 * Double.pi) + 1) < 1e-9)
    }

    @Test func test_distance_between_strasbourg_and_mulhouse_is_about_95_km() {
        let km = Geo.distanceKm(48.5734, 7.7521, 47.7508, 7.3359)
        #expect(km > 93 && km < 98)
    }

    @Test func test_bm25_ranks_the_document_with_the_rare_word_first() {
        let index = TextIndex(texts: [
            "aide alimentaire pour les familles", "aide aux devoirs", "aide juridique gratuite aux associations"
        ])
        let scores = index.bm25(FrenchAnalyzer.terms("aide juridique"))
        #expect(scores[2] > scores[0] && scores[2] > scores[1])
        #expect(scores[0] > 0)
    }
}

@Suite struct ListingValidationTests {
    @Test func test_a_complete_need_is_accepted() throws {
        let draft = try ListingDraft.validate(
            ListingInput(
                kind: "besoin", organisationId: 4, title: "  Un camion pour les collectes ",
                modes: ["mecenat-nature", "mecenat-nature"],
                themes: ["environnement"], commune: "Mulhouse", radiusKm: "20", startDate: "2027-01-01",
                endDate: "2027-06-30",
                hours: "1 200", status: "publie", visibility: "public")
        ).get()
        #expect(draft.title == "Un camion pour les collectes")
        #expect(draft.modes == [.inKindPatronage])
        #expect(draft.radiusKm == 20)
        #expect(draft.hours == 1200)
        #expect(draft.visibility == .everyone)
    }

    @Test func test_every_bad_field_gets_a_french_message() {
        guard
            case .failure(let e) = ListingDraft.validate(
                ListingInput(
                    kind: "troc", title: "x", modes: ["don"], themes: ["ovni"], radiusKm: "-3", startDate: "2027-02-30",
                    endDate: "hier", hours: "beaucoup", euros: "12.5", status: "perdu", visibility: "secret"))
        else {
            Issue.record("expected errors"); return
        }
        for field in [
            "kind", "organisationId", "title", "modes", "themes", "radiusKm", "startDate", "endDate", "hours", "euros",
            "status", "visibility"
        ] {
            #expect(e.message(for: field) != nil, "no message for \(field)")
        }
        #expect(e.message(for: "modes") == "Mode de partenariat inconnu : « don ».")
    }

    @Test func test_no_mode_a_radius_without_commune_and_an_end_before_the_start_are_refused() {
        guard
            case .failure(let e) = ListingDraft.validate(
                ListingInput(
                    kind: "offre", organisationId: 1, title: "Salle", radiusKm: "10", startDate: "2027-03-01",
                    endDate: "2027-02-01"))
        else {
            Issue.record("expected errors"); return
        }
        #expect(e.message(for: "modes") == "Choisissez au moins un mode de partenariat.")
        #expect(e.message(for: "commune") != nil)
        #expect(e.message(for: "endDate") == "La date de fin doit suivre la date de début.")
    }

    @Test func test_dates_are_checked_with_leap_years() {
        #expect(CalendarDate.isValid("2028-02-29"))
        #expect(!CalendarDate.isValid("2027-02-29"))
        #expect(!CalendarDate.isValid("2027-1-01"))
        #expect(CalendarDate.french("2015-01-08") == "8 janvier 2015")
    }
}

@Suite struct IntroductionStateTests {
    @Test func test_contacts_are_shown_only_when_both_sides_accept_and_hidden_again_on_decline() throws {
        var state = IntroductionState(status: .proposed)
        #expect(!state.contactsVisible)
        try state.answer(.a, .accepted)
        #expect(state.status == .proposed && !state.contactsVisible)
        try state.answer(.b, .accepted)
        #expect(state.status == .accepted && state.contactsVisible)
        try state.answer(.b, .declined)
        #expect(state.status == .declined && !state.contactsVisible)
        try state.answer(.b, .accepted)
        #expect(state.status == .accepted && state.contactsVisible)
        try state.advance(to: .withdrawn)
        #expect(!state.contactsVisible)
        #expect(throws: IntroductionState.Failure.self) { try state.answer(.a, .accepted) }
    }

    @Test func test_a_request_becomes_a_proposal_with_the_requesting_side_accepted() throws {
        var state = IntroductionState(status: .requested)
        #expect(state.nextSteps == [.withdrawn])
        try state.propose()
        #expect(state.status == .proposed && state.answerA == .accepted && state.answerB == nil)
        #expect(throws: IntroductionState.Failure.self) { try state.propose() }
        try state.answer(.b, .accepted)
        #expect(Set(state.nextSteps) == [.meetingHeld, .partnership, .closed, .withdrawn])
        try state.advance(to: .meetingHeld)
        try state.advance(to: .partnership)
        #expect(state.contactsVisible)
        #expect(throws: IntroductionState.Failure.self) { try state.advance(to: .proposed) }
    }
}

@Suite struct PermissionsMarketplaceTests {
    let facilitator = Viewer(userID: 1, role: .facilitator, labID: 1, organisationID: nil)
    let memberA = Viewer(userID: 2, role: .member, labID: 1, organisationID: 10)
    let memberB = Viewer(userID: 3, role: .member, labID: 1, organisationID: 11)
    let otherLab = Viewer(userID: 4, role: .member, labID: 2, organisationID: 20)

    @Test func test_listing_visibility() {
        #expect(Permissions.canSeeListing(nil, labID: 1, organisationID: 10, status: .published, visibility: .everyone))
        #expect(!Permissions.canSeeListing(nil, labID: 1, organisationID: 10, status: .published, visibility: .members))
        #expect(
            !Permissions.canSeeListing(otherLab, labID: 1, organisationID: 10, status: .published, visibility: .members)
        )
        #expect(
            Permissions.canSeeListing(memberB, labID: 1, organisationID: 10, status: .published, visibility: .members))
        #expect(
            !Permissions.canSeeListing(memberB, labID: 1, organisationID: 10, status: .draft, visibility: .everyone))
        #expect(Permissions.canSeeListing(memberA, labID: 1, organisationID: 10, status: .draft, visibility: .members))
        #expect(
            Permissions.canSeeListing(
                facilitator, labID: 1, organisationID: 10, status: .withdrawn, visibility: .members))
    }

    @Test func test_introduction_visibility_and_sides() {
        #expect(Permissions.side(of: memberA, labID: 1, organisationA: 10, organisationB: 11) == .a)
        #expect(Permissions.side(of: memberB, labID: 1, organisationA: 10, organisationB: 11) == .b)
        #expect(Permissions.side(of: facilitator, labID: 1, organisationA: 10, organisationB: 11) == nil)
        #expect(
            !Permissions.canSeeIntroduction(memberB, labID: 1, organisationA: 10, organisationB: 11, status: .requested)
        )
        #expect(
            Permissions.canSeeIntroduction(memberB, labID: 1, organisationA: 10, organisationB: 11, status: .proposed))
        #expect(
            !Permissions.canSeeIntroduction(otherLab, labID: 1, organisationA: 10, organisationB: 11, status: .accepted)
        )
        #expect(Permissions.canRequestIntroduction(memberA, labID: 1))
        #expect(!Permissions.canRequestIntroduction(facilitator, labID: 1))
        #expect(Permissions.canProposeIntroduction(facilitator, labID: 1))
        #expect(!Permissions.canProposeIntroduction(memberA, labID: 1))
    }
}

@Suite struct RecommenderTests {
    static let strasbourg = (48.5734, 7.7521)
    static let mulhouse = (47.7508, 7.3359)
    static let now = 1_800_000_000

    func offer(
        _ id: Int, org: Int, modes: [PartnershipMode], themes: [Theme], at place: (Double, Double), text: String,
        kind: ActorKind = .company, size: SizeClass? = .sme, ageDays: Int = 10, isPublic: Bool = true
    ) -> MatchProfile {
        MatchProfile(
            subject: .listing(id: id, kind: .offer), organisationID: org, organisationName: "Org \(org)",
            actorKind: kind,
            sizeClass: size, modes: ModeSet(modes), themes: ThemeSet(themes), latitude: place.0, longitude: place.1,
            communeName: place == Self.strasbourg ? "Strasbourg" : "Mulhouse", text: text,
            updatedAt: Self.now - ageDays * 86_400, isPublic: isPublic)
    }

    var need: MatchProfile {
        MatchProfile(
            subject: .listing(id: 1, kind: .need), organisationID: 1, organisationName: "Jardins",
            actorKind: .association,
            modes: ModeSet([.skillsPatronage]), themes: ThemeSet([.employment, .digital]), latitude: Self.strasbourg.0,
            longitude: Self.strasbourg.1, communeName: "Strasbourg", radiusKm: 20,
            text: "Former nos salariés en insertion aux outils numériques", updatedAt: Self.now)
    }

    @Test func test_mode_themes_distance_and_words_each_count_and_are_explained() throws {
        let pool = CandidatePool([
            offer(
                10, org: 100, modes: [.financialPatronage], themes: [.culture], at: Self.mulhouse,
                text: "Soutien aux festivals"),
            offer(
                11, org: 101, modes: [.skillsPatronage], themes: [.employment, .digital], at: Self.strasbourg,
                text: "Nos développeurs forment aux outils numériques"),
            offer(
                12, org: 102, modes: [.skillsPatronage], themes: [.employment, .digital], at: Self.mulhouse,
                text: "Nos développeurs forment aux outils numériques"),
            offer(
                13, org: 1, modes: [.skillsPatronage], themes: [.employment, .digital], at: Self.strasbourg,
                text: "Offre de la même organisation"),
            offer(14, org: 103, modes: [.skillsPatronage], themes: [.culture], at: Self.strasbourg, text: "Graphisme")
        ])
        let results = Recommender().recommend(
            for: need, in: pool, filter: .init(listingKind: .offer, includeMembersOnly: true), limit: 10, now: Self.now)
        let ids = results.map { result -> Int in
            if case .listing(let id, _) = result.candidate.subject { return id }; return 0
        }
        #expect(
            ids == [11, 12, 14, 10],
            "own organisation excluded; near beats far; shared themes beat none; no shared mode last")
        let top = results[0]
        #expect(
            top.explanation.hasPrefix(
                "mêmes thèmes : emploi et insertion, numérique · même commune (Strasbourg) · propose du mécénat de compétences"
            ))
        #expect(top.explanation.contains("mots en commun : "))
        let far = try #require(results[1].distanceKm)
        #expect(far > 93 && far < 98)
        #expect(results[1].explanation.contains("à \(Int(far.rounded())) km (Mulhouse)"))
        #expect(results[3].explanation.contains("aucun mode de partenariat en commun"))
        #expect(results.map(\.score) == results.map(\.score).sorted(by: >))
    }

    @Test func test_members_only_listings_are_left_out_for_outsiders_and_limit_is_respected() {
        let pool = CandidatePool(
            (0..<30).map {
                offer(
                    100 + $0, org: 200 + $0, modes: [.skillsPatronage], themes: [.digital], at: Self.strasbourg,
                    text: "Offre \($0)", isPublic: $0 % 2 == 0)
            })
        let outsider = Recommender().recommend(
            for: need, in: pool, filter: .init(listingKind: .offer, includeMembersOnly: false), limit: 50, now: Self.now
        )
        #expect(outsider.count == 15)
        #expect(outsider.allSatisfy { $0.candidate.isPublic })
        #expect(
            Recommender().recommend(
                for: need, in: pool, filter: .init(includeMembersOnly: true), limit: 7, now: Self.now
            ).count == 7)
    }

    @Test func test_declined_introductions_and_not_relevant_marks_lower_and_successes_raise() {
        let a = offer(
            20, org: 300, modes: [.skillsPatronage], themes: [.digital], at: Self.strasbourg, text: "Atelier numérique")
        let b = offer(
            21, org: 301, modes: [.skillsPatronage], themes: [.digital], at: Self.strasbourg, text: "Atelier numérique")
        let pool = CandidatePool([a, b])
        let filter = Recommender.Filter(listingKind: .offer, includeMembersOnly: true)
        let plain = Recommender().recommend(for: need, in: pool, filter: filter, now: Self.now)
        #expect(abs(plain[0].score - plain[1].score) < 1e-9)

        var book = OutcomeBook()
        book.declinedPairs[.init(1, 300)] = 1
        var ranked = Recommender(outcomes: book).recommend(for: need, in: pool, filter: filter, now: Self.now)
        #expect(ranked[0].candidate.organisationID == 301)
        #expect(ranked[1].explanation.contains("une mise en relation entre vous a déjà été déclinée"))

        book = OutcomeBook()
        book.notRelevant.insert(.init(sourceOrganisation: 1, candidate: .listing(id: 21, kind: .offer)))
        ranked = Recommender(outcomes: book).recommend(for: need, in: pool, filter: filter, now: Self.now)
        #expect(ranked[0].candidate.organisationID == 300)

        book = OutcomeBook()
        book.successes[301] = 2
        ranked = Recommender(outcomes: book).recommend(for: need, in: pool, filter: filter, now: Self.now)
        #expect(ranked[0].candidate.organisationID == 301)
        #expect(ranked[0].explanation.contains("2 mises en relation réussies"))
    }

    @Test func test_counterparts_follow_the_sides_of_the_neutral_place() {
        let association = MatchProfile(
            subject: .organisation(id: 1), organisationID: 1, organisationName: "A", actorKind: .association,
            modes: MatchProfile.capableModes(.association), themes: ThemeSet([.sport]), text: "club", updatedAt: 0)
        let company = MatchProfile(
            subject: .organisation(id: 2), organisationID: 2, organisationName: "E", actorKind: .company,
            modes: MatchProfile.capableModes(.company), themes: ThemeSet([.sport]), text: "club", updatedAt: 0)
        #expect(
            Recommender.counterpartFilter(for: association, listings: true, includeMembersOnly: true).listingKind
                == .offer)
        #expect(
            Recommender.counterpartFilter(for: company, listings: true, includeMembersOnly: true).listingKind == .need)
        let kinds =
            Recommender.counterpartFilter(for: association, listings: false, includeMembersOnly: true).actorKinds ?? []
        #expect(kinds.contains(.company) && kinds.contains(.foundation) && !kinds.contains(.association))
        let pool = CandidatePool([association, company])
        let results = Recommender().recommend(
            for: association, in: pool,
            filter: Recommender.counterpartFilter(for: association, listings: false, includeMembersOnly: true), now: 0)
        #expect(results.map(\.candidate.organisationID) == [2])
        #expect(results[0].explanation.contains("même thème : sport"))
    }

    @Test func test_ranking_metrics() {
        #expect(RankingMetrics.ndcg(ranked: [2, 1, 0], allGrades: [2, 1], k: 10) == 1)
        #expect(RankingMetrics.ndcg(ranked: [0, 0], allGrades: [2], k: 10) == 0)
        let swapped = RankingMetrics.ndcg(ranked: [1, 2], allGrades: [2, 1], k: 10)
        #expect(swapped > 0.7 && swapped < 1)
        #expect(RankingMetrics.precision(ranked: [2, 0, 1], k: 5) == 0.4)
    }

    /// The gold set of BENCHMARKS.md: the engine must beat the text-only BM25 baseline.
    @Test func test_the_engine_beats_bm25_on_the_gold_set() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
            .appendingPathComponent("Benchmarks/gold/recommendations.json")
        let gold = try JSONDecoder().decode(GoldSet.self, from: Data(contentsOf: url))
        #expect(gold.needs.count >= 30)
        let engine = gold.evaluateRecommender()
        let baseline = gold.evaluateBM25()
        #expect(engine.ndcg10 > baseline.ndcg10)
        #expect(engine.precision5 >= baseline.precision5)
        print(
            "gold set: engine NDCG@10 \(engine.ndcg10) P@5 \(engine.precision5); BM25 NDCG@10 \(baseline.ndcg10) P@5 \(baseline.precision5)"
        )
    }
}
