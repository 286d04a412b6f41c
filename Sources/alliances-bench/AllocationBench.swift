import AlliancesCore
import Foundation

/// `allocate FILE`: solves an instance written by scripts/make_allocation_instance.py with
/// the rank² objective (the one OR-Tools' script uses, so the optima compare) and prints
/// the cost and the time; the rank-maximal profile beside. `repeated`: the i-th workshop of
/// every slot is a session of the same workshop (the instances rank popular workshops high in
/// both slots, so many participants would get the same one twice).
func allocationBench(path: String, repeated: Bool = false) throws {
    let startAll = DispatchTime.now().uptimeNanoseconds
    let text = try String(contentsOfFile: path, encoding: .utf8)
    var lines = text.split(separator: "\n").makeIterator()
    guard let head = lines.next()?.split(separator: " ").compactMap({ Int($0) }), head.count == 2 else {
        print("bad header"); return
    }
    var workshops: [WorkshopAllocation.Workshop] = []
    for _ in 0..<head[1] {
        let f = lines.next()!.split(separator: " ").compactMap { Int($0) }
        workshops.append(.init(slot: f[0], capacity: f[1]))
    }
    var choices: [[Int]] = []
    for _ in 0..<head[0] { choices.append(lines.next()!.split(separator: " ").compactMap { Int($0) }) }
    if repeated {
        var seen: [Int: Int] = [:]
        for w in workshops.indices {
            workshops[w].group = seen[workshops[w].slot, default: 0]
            seen[workshops[w].slot, default: 0] += 1
        }
    }
    let problem = WorkshopAllocation.Problem(workshops: workshops, choices: choices)
    let start = DispatchTime.now().uptimeNanoseconds
    let result = WorkshopAllocation.solve(problem, objective: .rankSquared)
    let solve = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
    let all = Double(DispatchTime.now().uptimeNanoseconds - startAll) / 1e6
    print(
        String(
            format: "alliances: cost %@, solve %.1f ms, read+solve %.1f ms; profile %@, unassigned %d, waste %d",
            String(describing: result.cost), solve, all, result.profile.description, result.unassigned, result.waste))
    if repeated {
        print(
            "  repeated workshops: bound \(result.lowerBound), proven optimal \(result.provenOptimal), \(result.searchNodes) slot solves in the search"
        )
    }
    let t2 = DispatchTime.now().uptimeNanoseconds
    let maximal = WorkshopAllocation.solve(problem, objective: .rankMaximal)
    print(
        String(
            format: "alliances rank-maximal: solve %.1f ms; profile %@, unassigned %d, waste %d",
            Double(DispatchTime.now().uptimeNanoseconds - t2) / 1e6, maximal.profile.description, maximal.unassigned,
            maximal.waste))
    if repeated {
        print(
            "  repeated workshops: proven optimal \(maximal.provenOptimal), \(maximal.searchNodes) slot solves in the search"
        )
    }
}
