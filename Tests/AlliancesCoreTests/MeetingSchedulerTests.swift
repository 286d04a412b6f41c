@testable import AlliancesCore
import Testing

/// Properties of every schedule (nobody and no table twice in a slot, availabilities and
/// table counts respected, announced meetings kept), the bipartite minimum reached on
/// random instances, and the fixed-slot upper bound checked against a brute force.
@Suite struct MeetingSchedulerTests {
    typealias S = MeetingScheduler

    static func expectValid(
        _ problem: S.Problem, _ result: S.Result, slots: Int? = nil, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        var people = Set<[Int]>(), tables = Set<[Int]>()
        var load: [Int: Int] = [:]
        for (e, placement) in result.placements.enumerated() {
            guard let placement else { continue }
            let m = problem.meetings[e]
            #expect(
                people.insert([m.a, placement.slot]).inserted && people.insert([m.b, placement.slot]).inserted,
                "a person twice in slot \(placement.slot)", sourceLocation: sourceLocation)
            #expect(
                tables.insert([placement.slot, placement.table]).inserted, "a table twice in slot \(placement.slot)",
                sourceLocation: sourceLocation)
            #expect(
                placement.table >= 0 && placement.table < problem.tables,
                "table \(placement.table) of \(problem.tables)", sourceLocation: sourceLocation)
            #expect(placement.slot >= 0 && placement.slot < (slots ?? problem.slots), sourceLocation: sourceLocation)
            if let availability = problem.availability {
                #expect(
                    availability[m.a][placement.slot] && availability[m.b][placement.slot], "availability",
                    sourceLocation: sourceLocation)
            }
            load[placement.slot, default: 0] += 1
        }
        #expect(load.values.allSatisfy { $0 <= problem.tables }, sourceLocation: sourceLocation)
        #expect(result.scheduled == result.placements.compactMap { $0 }.count, sourceLocation: sourceLocation)
    }

    static func randomBipartite(_ random: inout SeededGenerator, left: Int, right: Int, meetings: Int) -> [S.Meeting] {
        (0..<meetings).map { _ in
            S.Meeting(Int.random(in: 0..<left, using: &random), left + Int.random(in: 0..<right, using: &random))
        }
    }

    @Test func test_bipartite_schedules_always_use_exactly_the_lower_bound() {
        var random = SeededGenerator(seed: 2026)
        var fewerGaps = 0
        defer { #expect(fewerGaps > 30, "ordering the slots removes gaps on many instances (\(fewerGaps) of 300)") }
        for round in 0..<300 {
            let left = Int.random(in: 1...12, using: &random), right = Int.random(in: 1...12, using: &random)
            // Repeated pairs too (a multigraph): the bound still holds.
            let meetings = Self.randomBipartite(
                &random, left: left, right: right, meetings: Int.random(in: 1...80, using: &random))
            let tables = Int.random(in: 1...10, using: &random)
            let result = S.minimumSlots(participants: left + right, meetings: meetings, tables: tables)
            let bound = S.slotLowerBound(participants: left + right, meetings: meetings, tables: tables)
            #expect(result.slotsUsed == bound && result.reachesBound, "round \(round)")
            #expect(result.scheduled == meetings.count)
            Self.expectValid(
                S.Problem(participants: left + right, meetings: meetings, slots: bound, tables: tables), result)
            // The slots are put in an order with no more idle gaps than the colouring's own.
            var colour = S.konig(participants: left + right, meetings: meetings, colours: bound)
            S.balance(&colour, participants: left + right, meetings: meetings, colours: bound, limit: tables)
            let unordered = S.summarise(
                colour.map { S.Placement(slot: $0, table: 0) }, participants: left + right, meetings: meetings,
                bound: bound, slotBound: true)
            #expect(result.gaps <= unordered.gaps, "round \(round)")
            if result.gaps < unordered.gaps { fewerGaps += 1 }
        }
    }

    @Test func test_open_meetings_place_everyone_at_or_above_the_bound() {
        var random = SeededGenerator(seed: 7)
        for _ in 0..<100 {
            let n = Int.random(in: 3...10, using: &random)
            var meetings: [S.Meeting] = []
            for _ in 0..<Int.random(in: 1...30, using: &random) {
                let a = Int.random(in: 0..<n, using: &random), b = (a + Int.random(in: 1..<n, using: &random)) % n
                meetings.append(S.Meeting(a, b))
            }
            let tables = Int.random(in: 1...5, using: &random)
            let result = S.minimumSlots(participants: n, meetings: meetings, tables: tables)
            #expect(result.scheduled == meetings.count && result.slotsUsed >= result.bound)
            Self.expectValid(
                S.Problem(participants: n, meetings: meetings, slots: result.slotsUsed, tables: tables), result)
        }
        // A triangle needs three slots though Δ = 2: the bound is reported, not reached.
        let triangle = S.minimumSlots(
            participants: 3, meetings: [S.Meeting(0, 1), S.Meeting(1, 2), S.Meeting(0, 2)], tables: 5)
        #expect(triangle.bound == 2 && triangle.slotsUsed == 3 && !triangle.reachesBound)
    }

    /// The most meetings any schedule can place, by trying every slot (or none) for each.
    static func bruteForce(_ problem: S.Problem) -> Int {
        var busy = Set<[Int]>(), load = [Int](repeating: 0, count: problem.slots), best = 0
        func explore(_ e: Int, _ placed: Int) {
            if placed + (problem.meetings.count - e) <= best { return }
            if e == problem.meetings.count { best = placed; return }
            let m = problem.meetings[e]
            for s in 0..<problem.slots
            where load[s] < problem.tables && !busy.contains([m.a, s]) && !busy.contains([m.b, s])
                && (problem.availability?[m.a][s] ?? true) && (problem.availability?[m.b][s] ?? true)
            {
                busy.insert([m.a, s]); busy.insert([m.b, s]); load[s] += 1
                explore(e + 1, placed + 1)
                busy.remove([m.a, s]); busy.remove([m.b, s]); load[s] -= 1
            }
            explore(e + 1, placed)
        }
        explore(0, 0)
        return best
    }

    @Test func test_fixed_slots_are_valid_and_the_bound_holds_against_a_brute_force() {
        var random = SeededGenerator(seed: 99)
        var optimum = 0, ours = 0, reached = 0
        for _ in 0..<300 {
            let n = Int.random(in: 2...7, using: &random), slots = Int.random(in: 1...4, using: &random)
            let meetings = (0..<Int.random(in: 1...10, using: &random)).map { _ -> S.Meeting in
                let a = Int.random(in: 0..<n, using: &random)
                return S.Meeting(a, (a + Int.random(in: 1..<n, using: &random)) % n)
            }
            let availability = (0..<n).map { _ in (0..<slots).map { _ in Int.random(in: 0..<4, using: &random) > 0 } }
            let problem = S.Problem(
                participants: n, meetings: meetings, slots: slots, tables: Int.random(in: 1...3, using: &random),
                availability: availability)
            let result = S.schedule(problem)
            Self.expectValid(problem, result)
            let best = Self.bruteForce(problem)
            #expect(best <= result.bound, "the upper bound is an upper bound: \(problem)")
            #expect(result.scheduled <= best)
            optimum += best
            ours += result.scheduled
            if result.reachesBound { reached += 1 }
        }
        #expect(Double(ours) >= 0.97 * Double(optimum), "\(ours) of \(optimum) meetings a brute force places")
        #expect(reached > 200, "the bound is usually reached (\(reached) of 300)")
    }

    @Test func test_announced_meetings_never_move_and_new_ones_fit_around_them() {
        let problem = S.syntheticInstance(
            participants: 200, meetings: 900, slots: 16, tables: 60, availability: true, maxPerPerson: 12, seed: 3)
        let first = S.schedule(problem)
        Self.expectValid(problem, first)
        // Announce the schedule, cancel a tenth, add new requests.
        var fixed: [Int: S.Placement] = [:]
        for (e, placement) in first.placements.enumerated() where e % 10 != 0 {
            if let placement { fixed[e] = placement }
        }
        var later = problem
        later.fixed = fixed
        var random = SeededGenerator(seed: 4)
        for _ in 0..<60 {
            later.meetings.append(
                S.Meeting(Int.random(in: 0..<100, using: &random), 100 + Int.random(in: 0..<100, using: &random)))
        }
        let second = S.schedule(later)
        Self.expectValid(later, second)
        for (e, placement) in fixed {
            #expect(second.placements[e] == placement, "announced meeting \(e) kept at its slot and table")
        }
        #expect(second.scheduled > fixed.count, "new meetings placed around the announced ones")
    }

    @Test func test_larger_instance_reaches_most_of_the_bound_and_beats_first_fit() {
        let problem = S.syntheticInstance(
            participants: 600, meetings: 5_000, slots: 24, tables: 220, availability: true, maxPerPerson: 20, seed: 11)
        let result = S.schedule(problem)
        Self.expectValid(problem, result)
        let baseline = S.firstFit(
            participants: problem.participants, meetings: problem.meetings, tables: problem.tables,
            slots: problem.slots,
            availability: problem.availability)
        Self.expectValid(problem, baseline)
        #expect(
            result.scheduled <= result.bound && Double(result.scheduled) >= 0.99 * Double(result.bound),
            "\(result.scheduled) of \(result.bound)")
        #expect(result.scheduled >= baseline.scheduled)
        let full = S.minimumSlots(
            participants: problem.participants, meetings: problem.meetings, tables: problem.tables)
        #expect(full.reachesBound)
        Self.expectValid(
            S.Problem(
                participants: problem.participants, meetings: problem.meetings, slots: full.slotsUsed,
                tables: problem.tables), full)
    }
}

@Suite struct LunchTablesTests {
    typealias L = LunchTables

    @Test func test_tables_by_region_mixed_and_colleagues_apart() {
        var random = SeededGenerator(seed: 5)
        let regions = ["11", "44", "84", "93", "94"]  // 94 (Corse) gets two people: pooled
        var guests: [L.Guest] = []
        for i in 0..<120 {
            let region = i < 2 ? "94" : regions[Int.random(in: 0..<4, using: &random)]
            let world = L.World.allCases[[0, 0, 1, 1, 1, 2, 3][Int.random(in: 0..<7, using: &random)]]
            guests.append(
                L.Guest(
                    id: i, region: region, world: world, organisation: "org\(Int.random(in: 0..<30, using: &random))"))
        }
        let plan = L.seat(guests, tableSize: 8)
        // Everyone seated once, no table above 8, one region per table except the pooled ones.
        #expect(plan.tables.flatMap(\.guests).sorted() == Array(guests.indices))
        #expect(plan.tables.allSatisfy { $0.guests.count <= 8 && $0.guests.count >= 2 })
        for t in plan.tables { if let r = t.region { #expect(t.guests.allSatisfy { guests[$0].region == r }) } }
        #expect(plan.tables.contains { $0.region == nil && $0.guests.contains(0) && $0.guests.contains(1) })
        // Mixed: at least as mixed as seating people in the order they registered, and colleagues apart.
        var sequential: [L.Table] = []
        for region in Set(guests.compactMap(\.region)).sorted() {
            let members = guests.indices.filter { guests[$0].region == region }
            stride(from: 0, to: members.count, by: 8).forEach {
                sequential.append(L.Table(region: region, guests: Array(members[$0..<min($0 + 8, members.count)])))
            }
        }
        let baseline = L.measure(sequential, guests)
        #expect(plan.mix > baseline.mix && plan.mix > 0.9, "mix \(plan.mix) vs \(baseline.mix) seated in order")
        #expect(plan.colleaguePairs < baseline.colleaguePairs)
        #expect(plan.colleaguePairs == 0, "30 organisations over 15 tables: colleagues can always be apart")
    }

    @Test func test_colleagues_share_a_table_only_when_unavoidable() {
        // Three people of one organisation, one table of 4 in their region: unavoidable.
        let same =
            (0..<3).map { L.Guest(id: $0, region: "11", world: .companies, organisation: "acme") } + [
                L.Guest(id: 3, region: "11", world: .associations, organisation: nil)
            ]
        let plan = L.seat(same, tableSize: 4)
        #expect(plan.tables.count == 1 && plan.colleaguePairs == 3)
        // With two tables, they are split as far as seats allow.
        let two = L.seat(same + [L.Guest(id: 4, region: "11", world: .publicActors, organisation: nil)], tableSize: 3)
        #expect(two.tables.count == 2 && two.colleaguePairs == 1)
    }
}
