/// The table plan of a rencontre's lunch "autour des régions": tables of at most N seats,
/// people of one region together, the worlds mixed at each table (associations,
/// companies, public actors, others), never two people of one organisation at a table when
/// another seating allows it.
///
/// Regions with fewer than half a table of people share tables ("plusieurs régions"). In
/// each group, tables are as even as possible; people are dealt one by one (the largest
/// world first, each to the table with no one of their organisation, fewest of their world,
/// fewest seated), then swaps between two tables of the group are made while they raise
/// the score (worlds present, minus a heavy cost per pair of colleagues).
public enum LunchTables {
    public enum World: String, Sendable, CaseIterable, Hashable {
        case associations = "associations"
        case companies = "entreprises"
        case publicActors = "acteurs-publics"
        case others = "autres"

        public init(_ kind: ActorKind?) {
            switch kind {
            case .association: self = .associations
            case .company: self = .companies
            case .localAuthority, .publicBody: self = .publicActors
            default: self = .others
            }
        }

        public var label: String {
            switch self {
            case .associations: "Associations"
            case .companies: "Entreprises"
            case .publicActors: "Acteurs publics"
            case .others: "Autres"
            }
        }
    }

    public struct Guest: Sendable, Equatable {
        public var id: Int
        public var region: String?
        public var world: World
        /// Folded organisation name (nil: none given).
        public var organisation: String?

        public init(id: Int, region: String?, world: World, organisation: String?) {
            self.id = id
            self.region = region
            self.world = world
            self.organisation = organisation
        }
    }

    public struct Table: Sendable, Equatable {
        /// The region code, or nil for a table of several regions.
        public var region: String?
        public var guests: [Int]  // indices into the guests given

        public init(region: String?, guests: [Int]) {
            self.region = region
            self.guests = guests
        }
    }

    public struct Plan: Sendable, Equatable {
        public var tables: [Table]
        /// Mean over tables of worlds present / worlds possible there (min(table size,
        /// worlds of its group)): 1 when every table is as mixed as it can be.
        public var mix: Double
        /// Pairs of colleagues seated together.
        public var colleaguePairs: Int
    }

    public static func seat(_ guests: [Guest], tableSize n: Int) -> Plan {
        let size = max(2, n)
        var byRegion: [String: [Int]] = [:]
        var noRegion: [Int] = []
        for (i, g) in guests.enumerated() {
            if let r = g.region { byRegion[r, default: []].append(i) } else { noRegion.append(i) }
        }
        var groups: [(region: String?, members: [Int])] = []
        var pooled = noRegion
        for region in byRegion.keys.sorted() {
            let members = byRegion[region]!
            if members.count * 2 < size { pooled += members } else { groups.append((region, members)) }
        }
        if !pooled.isEmpty { groups.append((nil, pooled)) }
        var tables: [Table] = []
        for group in groups {
            let count = (group.members.count + size - 1) / size
            var seats = [[Int]](repeating: [], count: count)
            let capacity = (0..<count).map { t in
                group.members.count / count + (t < group.members.count % count ? 1 : 0)
            }
            // Deal: the largest world first, colleagues apart, worlds spread.
            var worldCount: [World: Int] = [:]
            for i in group.members { worldCount[guests[i].world, default: 0] += 1 }
            let order = group.members.sorted {
                (-worldCount[guests[$0].world]!, guests[$0].organisation ?? "", $0) < (
                    -worldCount[guests[$1].world]!, guests[$1].organisation ?? "", $1
                )
            }
            for i in order {
                let g = guests[i]
                let t = (0..<count).filter { seats[$0].count < capacity[$0] }.min { a, b in
                    cost(g, seats[a], guests) < cost(g, seats[b], guests)
                }!
                seats[t].append(i)
            }
            improve(&seats, guests)
            for s in seats { tables.append(Table(region: group.region, guests: s)) }
        }
        return measure(tables, guests)
    }

    /// What seating g at a table costs: colleagues there, then people of the same world, then
    /// people seated.
    static func cost(_ g: Guest, _ table: [Int], _ guests: [Guest]) -> (Int, Int, Int) {
        let same = g.organisation.map { o in table.filter { guests[$0].organisation == o }.count } ?? 0
        return (same, table.filter { guests[$0].world == g.world }.count, table.count)
    }

    static func colleagues(_ table: [Int], _ guests: [Guest]) -> Int {
        var byOrganisation: [String: Int] = [:]
        for i in table { if let o = guests[i].organisation { byOrganisation[o, default: 0] += 1 } }
        return byOrganisation.values.reduce(0) { $0 + $1 * ($1 - 1) / 2 }
    }

    /// A table's score: worlds present, minus 10 per pair of colleagues.
    public static func score(_ table: [Int], _ guests: [Guest]) -> Int {
        Set(table.map { guests[$0].world }).count - 10 * colleagues(table, guests)
    }

    /// Swaps two people of different tables while that raises the two tables' score.
    static func improve(_ seats: inout [[Int]], _ guests: [Guest]) {
        guard seats.count > 1 else { return }
        for _ in 0..<10 {
            var improved = false
            for a in seats.indices {
                for b in seats.indices where b > a {
                    for x in seats[a].indices {
                        for y in seats[b].indices {
                            let before = score(seats[a], guests) + score(seats[b], guests)
                            let (ga, gb) = (seats[a][x], seats[b][y])
                            guard
                                guests[ga].world != guests[gb].world
                                    || guests[ga].organisation != guests[gb].organisation
                            else { continue }
                            seats[a][x] = gb
                            seats[b][y] = ga
                            if score(seats[a], guests) + score(seats[b], guests) > before {
                                improved = true
                            } else {
                                seats[a][x] = ga
                                seats[b][y] = gb
                            }
                        }
                    }
                }
            }
            if !improved { break }
        }
    }

    /// The plan's figures (also after a change by hand).
    public static func measure(_ tables: [Table], _ guests: [Guest]) -> Plan {
        var groupWorlds: [String: Set<World>] = [:]
        for t in tables { groupWorlds[t.region ?? "", default: []].formUnion(t.guests.map { guests[$0].world }) }
        let mix =
            tables.isEmpty
            ? 1
            : tables.reduce(0.0) { total, t in
                let possible = min(groupWorlds[t.region ?? ""]!.count, t.guests.count)
                return total
                    + (possible == 0 ? 1 : Double(Set(t.guests.map { guests[$0].world }).count) / Double(possible))
            } / Double(tables.count)
        return Plan(tables: tables, mix: mix, colleaguePairs: tables.reduce(0) { $0 + colleagues($1.guests, guests) })
    }
}
