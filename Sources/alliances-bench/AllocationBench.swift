import AlliancesCore
import Foundation

/// `allocate FILE`: solves an instance written by scripts/make_allocation_instance.py with
/// the rank² objective (the one OR-Tools' script uses, so the optima compare) and prints
/// the cost and the time; the rank-maximal profile beside.
func allocationBench(path: String) throws {
    let startAll = DispatchTime.now().uptimeNanoseconds
    let text = try String(contentsOfFile: path, encoding: .utf8)
    var lines = text.split(separator: "\n").makeIterator()
    guard let head = lines.next()?.split(separator: " ").compactMap({ Int($0) }), head.count == 2 else { print("bad header"); return }
    var workshops: [WorkshopAllocation.Workshop] = []
    for _ in 0..<head[1] {
        let f = lines.next()!.split(separator: " ").compactMap { Int($0) }
        workshops.append(.init(slot: f[0], capacity: f[1]))
    }
    var choices: [[Int]] = []
    for _ in 0..<head[0] { choices.append(lines.next()!.split(separator: " ").compactMap { Int($0) }) }
    let problem = WorkshopAllocation.Problem(workshops: workshops, choices: choices)
    let start = DispatchTime.now().uptimeNanoseconds
    let result = WorkshopAllocation.solve(problem, objective: .rankSquared)
    let solve = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
    let all = Double(DispatchTime.now().uptimeNanoseconds - startAll) / 1e6
    print(String(format: "alliances: cost %@, solve %.1f ms, read+solve %.1f ms; profile %@, unassigned %d, waste %d",
                 String(describing: result.cost), solve, all, result.profile.description, result.unassigned, result.waste))
    let t2 = DispatchTime.now().uptimeNanoseconds
    let maximal = WorkshopAllocation.solve(problem, objective: .rankMaximal)
    print(String(format: "alliances rank-maximal: solve %.1f ms; profile %@, unassigned %d, waste %d",
                 Double(DispatchTime.now().uptimeNanoseconds - t2) / 1e6, maximal.profile.description, maximal.unassigned, maximal.waste))
}
