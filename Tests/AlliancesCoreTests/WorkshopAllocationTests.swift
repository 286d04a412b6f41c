import AlliancesCore
import Testing

/// The allocation against a brute-force optimum on small random instances, and the
/// properties every allocation must have.
@Suite struct WorkshopAllocationTests {
    typealias W = WorkshopAllocation

    /// The best cost by trying every way to seat everyone (or not) in every slot.
    static func bruteForce(_ problem: W.Problem, _ objective: W.Objective) -> Int128 {
        let k = max(1, problem.maxRank)
        // One weight scale over all slots: n counts every participant-slot with a choice.
        let n = problem.choices.indices.reduce(0) { total, p in
            total + Set(problem.ranked(p).map { problem.workshops[$0.workshop].slot }).count
        }
        var total: Int128 = 0
        for slot in Set(problem.workshops.map(\.slot)) {
            let rows = problem.choices.indices.compactMap { p -> [(workshop: Int, rank: Int)]? in
                let mine = problem.ranked(p).filter { problem.workshops[$0.workshop].slot == slot }
                return mine.isEmpty ? nil : mine
            }
            var load = [Int](repeating: 0, count: problem.workshops.count)
            var best = Int128.max
            func explore(_ r: Int, _ cost: Int128) {
                if r == rows.count { best = min(best, cost); return }
                explore(r + 1, cost + W.cost(objective, rank: nil, maxRank: k, rows: n))
                for option in rows[r] where load[option.workshop] < problem.workshops[option.workshop].capacity {
                    load[option.workshop] += 1
                    explore(r + 1, cost + W.cost(objective, rank: option.rank, maxRank: k, rows: n))
                    load[option.workshop] -= 1
                }
            }
            explore(0, 0)
            total += best
        }
        return total
    }

    static func random(
        _ generator: inout SeededGenerator, participants: Int, slots: Int, perSlot: Int, maxCapacity: Int,
        ranks: Int = 5
    ) -> W.Problem {
        var workshops: [W.Workshop] = []
        for slot in 0..<slots {
            for _ in 0..<perSlot {
                workshops.append(.init(slot: slot, capacity: Int.random(in: 0...maxCapacity, using: &generator)))
            }
        }
        let choices: [[Int]] = (0..<participants).map { _ in
            (0..<slots).flatMap { slot -> [Int] in
                let ids = Array(slot * perSlot..<(slot + 1) * perSlot).shuffled(using: &generator)
                return Array(ids.prefix(Int.random(in: 0...min(perSlot, ranks), using: &generator)))
            }
        }
        return W.Problem(workshops: workshops, choices: choices)
    }

    @Test(arguments: [W.Objective.rankMaximal, .rankSquared])
    func test_matches_brute_force_on_small_random_instances(objective: W.Objective) {
        var generator = SeededGenerator(seed: objective == .rankMaximal ? 7 : 8)
        for _ in 0..<300 {
            let problem = Self.random(
                &generator, participants: Int.random(in: 1...7, using: &generator),
                slots: Int.random(in: 1...2, using: &generator),
                perSlot: Int.random(in: 1...4, using: &generator), maxCapacity: 3)
            let result = W.solve(problem, objective: objective)
            #expect(result.cost == Self.bruteForce(problem, objective), "\(problem)")
            Self.expectValid(problem, result)
            if objective == .rankMaximal { #expect(result.waste == 0, "\(problem)") }
        }
    }

    static func expectValid(_ problem: W.Problem, _ result: W.Result) {
        var load = [Int](repeating: 0, count: problem.workshops.count)
        for (p, slots) in result.assignment.enumerated() {
            for (slot, workshop) in slots {
                #expect(problem.workshops[workshop].slot == slot, "a workshop in its own slot")
                #expect(problem.choices[p].contains(workshop), "only a ranked workshop")
                load[workshop] += 1
            }
        }
        for (w, workshop) in problem.workshops.enumerated() {
            #expect(load[w] <= workshop.capacity, "capacity of workshop \(w)")
        }
    }

    /// Every participant-slot at once, a repeated workshop at most once per participant.
    static func bruteForceWithRepeats(_ problem: W.Problem, _ objective: W.Objective) -> Int128 {
        let k = max(1, problem.maxRank)
        var rows: [(participant: Int, options: [(workshop: Int, rank: Int)])] = []
        for p in problem.choices.indices {
            for slot in Set(problem.workshops.map(\.slot)).sorted() {
                let mine = problem.ranked(p).filter { problem.workshops[$0.workshop].slot == slot }
                if !mine.isEmpty { rows.append((p, mine)) }
            }
        }
        let n = rows.count
        var load = [Int](repeating: 0, count: problem.workshops.count)
        var groups = Set<[Int]>()
        var best = Int128.max
        func explore(_ r: Int, _ cost: Int128) {
            if r == n { best = min(best, cost); return }
            explore(r + 1, cost + W.cost(objective, rank: nil, maxRank: k, rows: n))
            for option in rows[r].options where load[option.workshop] < problem.workshops[option.workshop].capacity {
                let group = problem.workshops[option.workshop].group.map { [rows[r].participant, $0] }
                if let group, groups.contains(group) { continue }
                load[option.workshop] += 1
                if let group { groups.insert(group) }
                explore(r + 1, cost + W.cost(objective, rank: option.rank, maxRank: k, rows: n))
                load[option.workshop] -= 1
                if let group { groups.remove(group) }
            }
        }
        explore(0, 0)
        return best
    }

    @Test(arguments: [W.Objective.rankMaximal, .rankSquared])
    func test_repeated_workshops_are_never_given_twice_and_stay_optimal(objective: W.Objective) {
        var generator = SeededGenerator(seed: objective == .rankMaximal ? 17 : 18)
        var conflicted = 0
        for _ in 0..<300 {
            // Two or three slots; the first workshops of each slot are sessions of the same
            // workshops (groups 0, 1…), popular ones ranked high in every slot.
            let slots = Int.random(in: 2...3, using: &generator), perSlot = Int.random(in: 1...3, using: &generator)
            let repeated = Int.random(in: 1...perSlot, using: &generator)
            var workshops: [W.Workshop] = []
            for slot in 0..<slots {
                for i in 0..<perSlot {
                    workshops.append(
                        .init(
                            slot: slot, capacity: Int.random(in: 0...3, using: &generator),
                            group: i < repeated ? i : nil))
                }
            }
            let participants = Int.random(in: 1...(slots == 2 ? 4 : 3), using: &generator)
            let choices: [[Int]] = (0..<participants).map { _ in
                (0..<slots).flatMap { slot -> [Int] in
                    let ids = Array(slot * perSlot..<(slot + 1) * perSlot)
                    let ordered = Bool.random(using: &generator) ? ids : ids.shuffled(using: &generator)
                    return Array(ordered.prefix(Int.random(in: 0...perSlot, using: &generator)))
                }
            }
            let problem = W.Problem(workshops: workshops, choices: choices)
            let result = W.solve(problem, objective: objective)
            #expect(result.cost == Self.bruteForceWithRepeats(problem, objective), "\(problem)")
            #expect(result.provenOptimal && result.lowerBound <= result.cost)
            Self.expectValid(problem, result)
            for slots in result.assignment {
                let groups = slots.values.compactMap { workshops[$0].group }
                #expect(groups.count == Set(groups).count, "a repeated workshop at most once per participant")
            }
            if result.searchNodes > 0 { conflicted += 1 }
        }
        #expect(conflicted > 30, "the instances do make participants want the same workshop twice")
    }

    @Test func test_repeated_workshop_goes_where_it_is_needed() {
        // Workshop "A" runs in both slots (one seat each); B is in slot 0, C in slot 1.
        // Participant 0 wants A first in both slots and B second; participant 1 wants A
        // first in slot 1 only and nothing else. Slots apart give A twice to participant 0;
        // the optimum gives A to 0 in slot 0 (B being their second there) and to 1 in slot 1.
        let problem = W.Problem(
            workshops: [
                .init(slot: 0, capacity: 1, group: 7), .init(slot: 0, capacity: 1),
                .init(slot: 1, capacity: 1, group: 7), .init(slot: 1, capacity: 1)
            ],
            choices: [[0, 1, 2, 3], [2]])
        let result = W.solve(problem)
        #expect(result.assignment[0] == [0: 0, 1: 3])
        #expect(result.assignment[1] == [1: 2])
        #expect(result.profile == [2, 1] && result.unassigned == 0 && result.waste == 0 && result.provenOptimal)
        // Ranked nothing in slot 1 but already in A: the seat left in A of slot 1 is not theirs.
        let unranked = W.solve(W.Problem(workshops: problem.workshops, choices: [[0], []], placeUnranked: true))
        #expect(unranked.assignment[0] == [0: 0, 1: 3])
    }

    @Test func test_rank_maximal_prefers_more_first_choices() {
        // Two workshops of one seat; A wants 1 then 2, B wants 1 only, C wants 2 only.
        // Rank-maximal gives both seats as first choices (A or B in 1, C in 2), never A in 2.
        let problem = W.Problem(
            workshops: [.init(slot: 0, capacity: 1), .init(slot: 0, capacity: 1)], choices: [[0, 1], [0], [1]])
        let result = W.solve(problem)
        #expect(result.profile == [2, 0])
        #expect(result.unassigned == 1 && result.waste == 0)
        #expect(result.assignment[2][0] == 1 && result.assignment[0][0] != 1)
    }

    @Test func test_larger_random_instance_is_valid_and_without_waste() {
        var generator = SeededGenerator(seed: 99)
        let problem = Self.random(&generator, participants: 2_000, slots: 2, perSlot: 12, maxCapacity: 200)
        let result = W.solve(problem)
        Self.expectValid(problem, result)
        #expect(result.waste == 0)
        #expect(
            result.profile.reduce(0, +) + result.unassigned
                == problem.choices.indices.reduce(0) { total, p in
                    total + Set(problem.choices[p].map { problem.workshops[$0].slot }).count
                })
    }

    @Test func test_locked_placements_and_participants_who_ranked_nothing() {
        // Slot 0: workshops 0 (2 seats) and 1 (2 seats). Participant 0 is locked in 1 (though
        // they ranked 0 first); 1, 2 and 3 rank 1 first; 4 ranked nothing.
        let problem = W.Problem(
            workshops: [.init(slot: 0, capacity: 2), .init(slot: 0, capacity: 2)],
            choices: [[0, 1], [1, 0], [1, 0], [1, 0], []],
            locked: [.init(participant: 0, workshop: 1)], placeUnranked: true)
        let result = W.solve(problem)
        #expect(result.assignment[0][0] == 1, "the lock is kept")
        // One seat left in workshop 1 for three who want it first: one first choice, two seconds.
        #expect(result.profile == [1, 2])
        #expect(result.assignment[4][0] == nil, "no seat left for who ranked nothing")
        #expect(result.placedWithoutChoice == 0 && result.waste == 0)
        Self.expectValid(
            W.Problem(
                workshops: problem.workshops,
                choices: problem.choices.enumerated().map { $0.offset == 0 ? [1] : $0.element }), result)
        // With more seats the participant who ranked nothing gets the emptiest workshop.
        var roomy = problem
        roomy.workshops = [.init(slot: 0, capacity: 5), .init(slot: 0, capacity: 2)]
        let placed = W.solve(roomy)
        #expect(placed.profile == [1, 2] && placed.placedWithoutChoice == 1)
        #expect(placed.assignment[4][0] == 0)
    }
}

/// The ranks read literally from the choices, for the brute force (the solver reads them in
/// one pass of its own).
extension WorkshopAllocation.Problem {
    /// Per participant, (workshop, rank from 1) for each ranked workshop.
    func ranked(_ participant: Int) -> [(workshop: Int, rank: Int)] {
        var seen: [Int: Int] = [:]
        return choices[participant].map { w in
            let slot = workshops[w].slot
            seen[slot, default: 0] += 1
            return (w, seen[slot]!)
        }
    }

    var maxRank: Int { choices.indices.map { p in ranked(p).map(\.rank).max() ?? 0 }.max() ?? 0 }
}

@Suite struct WorkshopRankingTests {
    @Test func test_rankings_run_from_one_without_gaps_or_repeats_per_slot() {
        let slots: [(label: String, sessions: [Int])] = [("14h", [1, 2, 3]), ("15h", [4, 5])]
        #expect(WorkshopRanking.validate([1: 1, 2: 2, 4: 1], slots: slots).isEmpty)
        #expect(WorkshopRanking.validate([:], slots: slots).isEmpty, "ranking nothing is allowed")
        #expect(
            WorkshopRanking.validate([1: 1, 2: 1], slots: slots) == [
                "14h : chaque rang une seule fois, sans trou (1, 2, 3…)."
            ])
        #expect(
            WorkshopRanking.validate([1: 2], slots: slots) == [
                "14h : chaque rang une seule fois, sans trou (1, 2, 3…)."
            ])
        #expect(WorkshopRanking.validate([4: 3], slots: slots) == ["15h : les rangs vont de 1 à 2."])
        #expect(WorkshopRanking.validate([9: 1], slots: slots) == ["Un atelier choisi n'existe pas dans ce programme."])
    }

    @Test func test_a_workshop_repeated_in_several_slots_is_one_group() {
        let groups = WorkshopRanking.repeatGroups([
            (1, "Comment changer d'échelle ?", 0), (2, "Gouvernance", 0),
            (3, "comment changer d’échelle ? ", 1), (4, "Gouvernance", 0), (5, "Outils", 1)
        ])
        #expect(groups[1] != nil && groups[1] == groups[3])
        #expect(groups[2] == nil && groups[4] == nil, "the same title twice in one slot is two workshops, not a repeat")
        #expect(groups[5] == nil)
    }
}
