import AlliancesCore
import Testing

/// The barometer's figures against a territory small enough to count by hand.
@Suite struct BarometerTests {
    static func cell(_ kind: ActorKind, _ dep: String, size: SizeClass? = nil, employer: Bool = false) -> ActorCell {
        ActorCell(kind: kind, size: size, departement: dep, employer: employer)
    }

    // Population: 10 associations (3 employer ones, all in 67; 5 others in 67, 2 in 68),
    // 20 companies (10 micro and 5 of unknown size and 1 large in 67, 4 PME in 68), 2
    // local authorities in 67.
    static let assoc67E = cell(.association, "67", employer: true)
    static let assoc67 = cell(.association, "67")
    static let assoc68 = cell(.association, "68")
    static let micro67 = cell(.company, "67", size: .micro)
    static let sme68 = cell(.company, "68", size: .sme)
    static let large67 = cell(.company, "67", size: .large)
    static let unknown67 = cell(.company, "67")
    static let town67 = cell(.localAuthority, "67")

    static let population: [ActorCell: Int] = [
        assoc67E: 3, assoc67: 5, assoc68: 2, micro67: 10, sme68: 4, large67: 1, unknown67: 5, town67: 2
    ]

    static func party(_ id: Int, _ cell: ActorCell?) -> PartnershipFact.Party { .init(organisationID: id, cell: cell) }

    // Organisations: A1 (employer association 67), A2 (association 67), A3 (association 68),
    // A4 (closed association), L1 (large 67), S1 and S2 (PME 68), M1 and M2 (micro 67),
    // C1 (town 67).
    static let partnerships: [PartnershipFact] = [
        // Three parties, running since 2023.
        .init(
            id: 1, parties: [party(1, assoc67E), party(11, large67), party(21, town67)],
            modes: ModeSet([.skillsPatronage]),
            themes: ThemeSet([.employment]), stage: .agreement, start: 20230501, end: nil, euros: 10_000, hours: 200,
            peopleReached: 40, jobs: 2),
        // Ended at the end of 2023.
        .init(
            id: 2, parties: [party(2, assoc67), party(12, sme68)], modes: ModeSet([.volunteering]),
            themes: ThemeSet([]),
            stage: .ended, start: 20200101, end: 20231231, euros: 5_000),
        // Still a dialogue: in construction, not counted.
        .init(
            id: 3, parties: [party(3, assoc68), party(14, micro67)], modes: ModeSet([.economicCooperation]),
            themes: ThemeSet([]),
            stage: .dialogue, start: 20240301, end: nil),
        .init(
            id: 4, parties: [party(1, assoc67E), party(13, sme68)],
            modes: ModeSet([.responsiblePurchasing, .economicCooperation]),
            themes: ThemeSet([.employment, .environment]), stage: .experimentation, start: 20240601, end: nil, hours: 50
        ),
        // One party closed since: outside today's population.
        .init(
            id: 5, parties: [party(4, nil), party(15, micro67)], modes: ModeSet([.financialPatronage]),
            themes: ThemeSet([]),
            stage: .renewed, start: 20220101, end: nil, euros: 1_000)
    ]

    static let data = BarometerData(population: population, partnerships: partnerships, survey: [])

    @Test func test_shares_by_segment_count_distinct_actors_of_active_partnerships() {
        let r = Barometer.compute(Self.data, period: .year(2024))
        #expect(r.activePartnerships == 3)
        #expect(r.inConstruction == 1)
        #expect(r.engagedActors == 5)
        #expect(r.populationTotal == 32)
        #expect(r.segments[.associations] == Share(count: 1, population: 10))
        #expect(r.segments[.employerAssociations] == Share(count: 1, population: 3))
        #expect(r.segments[.companies] == Share(count: 3, population: 20))
        #expect(r.segments[.companies10] == Share(count: 2, population: 5))
        #expect(r.segments[.micro] == Share(count: 1, population: 10))
        #expect(r.segments[.sme] == Share(count: 1, population: 4))
        #expect(r.segments[.large] == Share(count: 1, population: 1))
        #expect(r.segments[.localAuthorities] == Share(count: 1, population: 2))
        // Empty populations have no share, not 0 %.
        #expect(r.segments[.midCap] == Share(count: 0, population: 0))
        #expect(r.segments[.midCap]?.ratio == nil)
        #expect(r.segments[.others]?.ratio == nil)
        #expect(r.euros == 11_000 && r.hours == 250 && r.peopleReached == 40 && r.jobs == 2)
    }

    @Test func test_ended_partnerships_count_for_the_days_they_ran() {
        let r2023 = Barometer.compute(Self.data, period: .year(2023))
        #expect(r2023.activePartnerships == 3)
        #expect(r2023.segments[.associations] == Share(count: 2, population: 10))
        #expect(r2023.segments[.companies] == Share(count: 3, population: 20))
        // A period ending the day before the partnership started does not count it.
        let before = Barometer.compute(Self.data, period: Period(from: 20230101, to: 20230430))
        #expect(before.segments[.large] == Share(count: 0, population: 1))
        // A period starting the day after the end does not either.
        let after = Barometer.compute(Self.data, period: Period(from: 20240101, to: 20240101))
        #expect(after.segments[.sme] == Share(count: 0, population: 4))
        let evolution = Barometer.evolution(Self.data, years: Self.data.years(upTo: 2024))
        #expect(evolution.map(\.year) == [2020, 2021, 2022, 2023, 2024])
        #expect(evolution[0].segments[.associations] == Share(count: 1, population: 10))
        #expect(evolution[0].segments[.companies] == Share(count: 1, population: 20))
        #expect(evolution[2].segments[.micro] == Share(count: 1, population: 10))
    }

    @Test func test_modes_themes_and_departements() {
        let r = Barometer.compute(Self.data, period: .year(2024))
        func mode(_ group: ModeGroup) -> BarometerResult.ModeRow { r.modes.first { $0.group == group }! }
        // Engaged companies: L1 (skills patronage), S2 (purchasing, cooperation), M2 (financial patronage).
        #expect(mode(.patronage).companies == Share(count: 2, population: 3))
        #expect(mode(.patronage).partnerships == 2)
        #expect(mode(.mode(.responsiblePurchasing)).companies == Share(count: 1, population: 3))
        #expect(mode(.mode(.socialInnovation)).companies == Share(count: 0, population: 3))
        #expect(mode(.patronage).associations == Share(count: 1, population: 1))
        let employment = r.themes.first { $0.theme == .employment }!
        #expect(employment.partnerships == 2 && employment.actors == 4)
        let environment = r.themes.first { $0.theme == .environment }!
        #expect(environment.partnerships == 1 && environment.actors == 2)
        #expect(r.departements.map(\.code) == ["67", "68"])
        #expect(r.departements[0].all == Share(count: 4, population: 26))
        #expect(r.departements[0].associations == Share(count: 1, population: 8))
        #expect(r.departements[0].companies == Share(count: 2, population: 16))
        #expect(r.departements[1].all == Share(count: 1, population: 6))
        #expect(r.departements[1].associations == Share(count: 0, population: 2))
    }

    @Test func test_empty_territory() {
        let r = Barometer.compute(BarometerData(population: [:], partnerships: [], survey: []), period: .year(2026))
        #expect(r.activePartnerships == 0 && r.engagedActors == 0 && r.departements.isEmpty)
        #expect(BarometerSegment.allCases.allSatisfy { r.segments[$0] == Share(count: 0, population: 0) })
        #expect(r.modes.allSatisfy { $0.companies.ratio == nil })
        let survey = Barometer.survey(BarometerData(population: [:], partnerships: [], survey: []), year: 2026)
        #expect(survey.respondents == 0)
        #expect(survey.rows.allSatisfy { $0.interval == nil && $0.share == nil && $0.responseRate == nil })
    }

    @Test func test_wilson_interval_with_and_without_finite_population() throws {
        // 30 out of 100: the textbook Wilson interval is [0.2189, 0.3958].
        let open = try #require(ConfidenceInterval.wilson(successes: 30, sample: 100))
        #expect(abs(open.lower - 0.21895) < 1e-4 && abs(open.upper - 0.39585) < 1e-4)
        // The same sample out of a population of 200 is narrower.
        let finite = try #require(ConfidenceInterval.wilson(successes: 30, sample: 100, population: 200))
        #expect(abs(finite.lower - 0.24061) < 1e-4 && abs(finite.upper - 0.36696) < 1e-4)
        // A census has no uncertainty; 0 or all stay inside [0, 1].
        #expect(
            ConfidenceInterval.wilson(successes: 3, sample: 10, population: 10)
                == ConfidenceInterval(lower: 0.3, upper: 0.3))
        let none = try #require(ConfidenceInterval.wilson(successes: 0, sample: 5))
        #expect(none.lower == 0 && abs(none.upper - 0.43448) < 1e-4)
        let all = try #require(ConfidenceInterval.wilson(successes: 5, sample: 5))
        #expect(abs(all.lower - 0.56552) < 1e-4 && all.upper == 1)
        #expect(ConfidenceInterval.wilson(successes: 1, sample: 0) == nil)
    }

    @Test func test_survey_estimate_is_separate_with_response_rate_and_interval() throws {
        let answers: [SurveyAnswer] = [
            .init(
                organisationID: 1, cell: Self.assoc67E, year: 2024, partnerships: 2, modes: ModeSet([.skillsPatronage])),
            .init(organisationID: 2, cell: Self.assoc67, year: 2024, partnerships: 1, modes: ModeSet([.volunteering])),
            .init(organisationID: 3, cell: Self.assoc68, year: 2024, partnerships: 0, modes: ModeSet([])),
            .init(
                organisationID: 5, cell: Self.assoc67, year: 2024, partnerships: 4, modes: ModeSet([.inKindPatronage])),
            .init(
                organisationID: 11, cell: Self.large67, year: 2024, partnerships: 3,
                modes: ModeSet([.financialPatronage, .responsiblePractices])),
            .init(organisationID: 14, cell: Self.micro67, year: 2024, partnerships: 0, modes: ModeSet([])),
            // Another year, and a closed organisation: not in this estimate.
            .init(organisationID: 1, cell: Self.assoc67E, year: 2023, partnerships: 1, modes: ModeSet([])),
            .init(organisationID: 4, cell: nil, year: 2024, partnerships: 1, modes: ModeSet([]))
        ]
        let data = BarometerData(population: Self.population, partnerships: Self.partnerships, survey: answers)
        let s = Barometer.survey(data, year: 2024)
        #expect(s.respondents == 6)
        let associations = try #require(s.rows.first { $0.segment == .associations })
        #expect(associations.respondents == 4 && associations.engaged == 3 && associations.population == 10)
        #expect(associations.responseRate == 0.4 && associations.share == 0.75)
        let interval = try #require(associations.interval)
        #expect(abs(interval.lower - 0.36482) < 1e-4 && abs(interval.upper - 0.94001) < 1e-4)
        let companies = try #require(s.rows.first { $0.segment == .companies })
        #expect(companies.respondents == 2 && companies.engaged == 1)
        let patronage = try #require(s.modes.first { $0.group == .patronage })
        #expect(patronage.companies == Share(count: 1, population: 1))
        // The recorded partnerships are not mixed in: 2024's recorded share stays 1 in 10.
        #expect(Barometer.compute(data, period: .year(2024)).segments[.associations] == Share(count: 1, population: 10))
    }

    @Test func test_partnership_form_checks() throws {
        let ok = PartnershipInput(
            title: "Parrainage vers l'emploi",
            parties: [
                .init(organisationId: 1, role: "Porteur"), .init(organisationId: 2, role: nil),
                .init(organisationId: nil, role: nil)
            ],
            modes: ["mecenat-competences"], stage: "experimentation", startDate: "2024-06-01", euros: "12 000")
        let draft = try PartnershipDraft.validate(ok).get()
        #expect(
            draft.parties == [Party(organisationID: 1, role: "Porteur"), Party(organisationID: 2, role: "Partenaire")])
        #expect(draft.euros == 12_000 && draft.stage == .experimentation && draft.origin == .direct)

        func errors(_ input: PartnershipInput) -> [String: String] {
            guard case .failure(let e) = PartnershipDraft.validate(input) else { return [:] }
            return Dictionary(e.errors.map { ($0.field, $0.message) }, uniquingKeysWith: { a, _ in a })
        }
        let one = errors(
            PartnershipInput(
                title: "Seul", parties: [.init(organisationId: 1, role: nil)], modes: ["benevolat"],
                startDate: "2024-01-01"))
        #expect(one["parties"] == "Un partenariat réunit au moins deux organisations différentes.")
        let twice = errors(
            PartnershipInput(
                title: "Deux fois", parties: [.init(organisationId: 1, role: nil), .init(organisationId: 1, role: nil)],
                modes: ["benevolat"], startDate: "2024-01-01"))
        #expect(twice["parties"] == "Une même organisation figure deux fois parmi les parties.")
        let ended = errors(
            PartnershipInput(
                title: "Fini", parties: [.init(organisationId: 1, role: nil), .init(organisationId: 2, role: nil)],
                modes: ["benevolat"], stage: "termine", startDate: "2024-01-01"))
        #expect(ended["endDate"] == "Un partenariat terminé a une date de fin.")
        let bad = errors(
            PartnershipInput(
                title: "x", parties: nil, modes: ["troc"], stage: "fusion", startDate: "2024-02-30", euros: "-3",
                origin: "mise-en-relation"))
        #expect(Set(bad.keys) == ["title", "parties", "modes", "stage", "startDate", "euros", "introductionId"])
    }

    /// The one-pass computation against the definitions read literally (every partnership's
    /// `isActive`, sets of organisations), on random territories.
    @Test func test_compute_matches_the_definitions_on_random_territories() {
        var random = SeededGenerator(seed: 42)
        let cells = [
            Self.assoc67E, Self.assoc67, Self.assoc68, Self.micro67, Self.sme68, Self.large67, Self.unknown67,
            Self.town67,
            ActorCell(kind: .foundation, size: nil, departement: "68", employer: false)
        ]
        for round in 0..<30 {
            let organisations = Int.random(in: 3...60, using: &random)
            let cellOf: [Int: ActorCell?] = Dictionary(
                uniqueKeysWithValues: (0..<organisations).map { id in
                    (id, Int.random(in: 0..<10, using: &random) == 0 ? nil : cells.randomElement(using: &random)!)
                })
            var population: [ActorCell: Int] = [:]
            for case let cell? in cellOf.values { population[cell, default: 0] += 1 }
            let partnerships: [PartnershipFact] = (0..<Int.random(in: 0...80, using: &random)).map { id in
                var parties = Set<Int>()
                while parties.count < Int.random(in: 2...3, using: &random) {
                    parties.insert(Int.random(in: 0..<organisations, using: &random))
                }
                let start =
                    Int.random(in: 2018...2026, using: &random) * 10_000 + Int.random(in: 1...12, using: &random) * 100
                    + Int.random(in: 1...28, using: &random)
                return PartnershipFact(
                    id: id, parties: parties.sorted().map { .init(organisationID: $0, cell: cellOf[$0]!) },
                    modes: ModeSet(PartnershipMode.allCases.filter { _ in Bool.random(using: &random) }),
                    themes: ThemeSet(Theme.allCases.filter { _ in Int.random(in: 0..<6, using: &random) == 0 }),
                    stage: PartnershipStage.allCases.randomElement(using: &random)!, start: start,
                    end: Bool.random(using: &random) ? start + Int.random(in: 0...3, using: &random) * 10_000 : nil,
                    euros: Int.random(in: 0...100, using: &random))
            }
            let data = BarometerData(population: population, partnerships: partnerships, survey: [])
            let period =
                round % 2 == 0
                ? Period.year(Int.random(in: 2018...2026, using: &random)) : Period(from: 20200301, to: 20230615)
            let result = Barometer.compute(data, period: period)
            let active = partnerships.filter { $0.isActive(during: period) }
            var engaged: [Int: ActorCell] = [:]
            for p in active {
                for party in p.parties { if let cell = party.cell { engaged[party.organisationID] = cell } }
            }
            #expect(result.activePartnerships == active.count)
            #expect(result.inConstruction == partnerships.filter { $0.isInConstruction(during: period) }.count)
            #expect(result.euros == active.reduce(0) { $0 + $1.euros })
            for segment in BarometerSegment.allCases {
                #expect(
                    result.segments[segment]
                        == Share(
                            count: engaged.values.filter { segment.contains($0) }.count,
                            population: data.population(of: segment)))
            }
            for row in result.modes {
                let companies = engaged.filter { $0.value.kind == .company }.keys
                let practising = companies.filter { id in
                    active.contains { p in
                        p.parties.contains { $0.organisationID == id } && !p.modes.intersection(row.group.modes).isEmpty
                    }
                }
                #expect(row.companies == Share(count: practising.count, population: companies.count))
                #expect(row.partnerships == active.filter { !$0.modes.intersection(row.group.modes).isEmpty }.count)
            }
            for row in result.themes {
                let bit = ThemeSet([row.theme])
                let withTheme = active.filter { !$0.themes.intersection(bit).isEmpty }
                #expect(row.partnerships == withTheme.count)
                #expect(
                    row.actors
                        == Set(withTheme.flatMap { $0.parties.filter { $0.cell != nil }.map(\.organisationID) }).count)
            }
        }
    }
}
