import AlliancesCore
import Hummingbird

/// What the organisers of a rencontre read about its day through the API: the workshop
/// allocation's runs and the placements of the published one, and the lunch table plan.
/// Names and tables are personal data: the event's organisers only, as on their pages.
extension EventsAPI {
    static func registerOrganiserReads(_ routes: RouteTable) {
        routes.get("/api/v1/events/:event/allocation", allocation)
        routes.get("/api/v1/events/:event/lunch-tables", lunchTables)
    }

    static func allocation(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let loaded = try await EventAccess.organiserOnly(context, services)
        let runs = try await services.allocation.runs(eventID: loaded.event.id)
        let published = runs.filter { $0.publishedAt != nil }.max {
            ($0.publishedAt ?? 0, $0.id) < ($1.publishedAt ?? 0, $1.id)
        }
        var placements: [AllocationPlacement] = []
        if let published { placements = try await services.allocation.placements(runID: published.id) }
        return JSONResponse.make(
            AllocationDTO(
                runs: runs.map(AllocationDTO.Run.init), publishedRun: published?.id,
                placements: placements.map(AllocationDTO.Placement.init)))
    }

    static func lunchTables(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let loaded = try await EventAccess.organiserOnly(context, services)
        let seats = try await LunchRoutes.seats(eventID: loaded.event.id, services)
        return JSONResponse.make(
            seats.map {
                LunchSeatDTO(
                    table: $0.table, registrationId: $0.registration.id, name: $0.registration.name,
                    organisation: $0.registration.organisationName, region: $0.region)
            })
    }
}

/// The workshop allocation of a rencontre: every run (the solver's answers, compared by the
/// organisers), and who sits in which workshop after the one published.
struct AllocationDTO: Codable, Sendable {
    struct Run: Codable, Sendable {
        let id: Int
        /// `rang`: as many first choices as possible, then second…; `rang2`: the sum of ranks.
        let objective: String
        let participants: Int
        /// How many got their 1st, 2nd… choice.
        let profile: [Int]
        let unassigned: Int
        let placedWithoutChoice: Int
        let provenOptimal: Bool
        let createdAt: Int
        let publishedAt: Int?

        init(_ r: AllocationRun) {
            (id, objective, participants, profile) = (r.id, r.objective.code, r.participants, r.profile)
            (unassigned, placedWithoutChoice, provenOptimal) = (r.unassigned, r.placedWithoutChoice, r.provenOptimal)
            (createdAt, publishedAt) = (r.createdAt, r.publishedAt)
        }
    }

    struct Placement: Codable, Sendable {
        let registrationId: Int
        let sessionId: Int
        /// The rank the participant gave this workshop (absent: placed without a choice).
        let rank: Int?
        let locked: Bool

        init(_ p: AllocationPlacement) {
            (registrationId, sessionId, rank, locked) = (p.registrationID, p.sessionID, p.rank, p.locked)
        }
    }

    let runs: [Run]
    let publishedRun: Int?
    let placements: [Placement]
}

/// One confirmed participant's seat at the lunch.
struct LunchSeatDTO: Codable, Sendable {
    let table: Int
    let registrationId: Int
    let name: String
    let organisation: String?
    let region: String?
}
