import AlliancesCore
import Foundation
import NIOConcurrencyHelpers

/// The barometer's figures for a lab and a period, computed in AlliancesCore from data read
/// once per lab version. The data (today's population grouped, partnerships, survey) is
/// kept under a key naming the lab's directory and partnership versions, and the figures
/// under that key plus the period, so a page is exact after any write by any instance and
/// costs a lookup otherwise. Reading the data takes 150–250 ms for 100,000 actors: after a
/// partnership or survey write only the partnerships written since are read and merged
/// in; requests arriving together share one read; and `BarometerWarmer` reads again in the
/// background soon after a write to a lab whose barometer is being looked at.
struct BarometerService: Sendable {
    let database: Database
    let store = BarometerStore()
    let data = BoundedCache<BarometerData>(maxEntries: 16)
    let reports = BoundedCache<Report>(maxEntries: 500)
    let loads = Loads()

    /// Reads in progress (shared by the requests that need them) and the labs viewed lately.
    final class Loads: Sendable {
        let inFlight = NIOLockedValueBox<[String: Task<BarometerData, any Error>]>([:])
        let viewed = NIOLockedValueBox<[String: Int]>([:])
        /// Per lab, the newest data read, with the versions it was read at: after a
        /// partnership or survey write only what changed is read and merged in.
        let latest = NIOLockedValueBox<[Int: (dataVersion: Int, partnershipVersion: Int, data: BarometerData)]>([:])
    }

    struct Report: Sendable {
        let result: BarometerResult
        let evolution: [(year: Int, segments: [BarometerSegment: Share])]
        let survey: SurveyEstimate
        let years: [Int]
    }

    static func key(_ lab: Lab) -> String { "\(lab.id)|\(lab.dataVersion)|\(lab.partnershipVersion)" }

    func data(_ lab: Lab) async throws -> BarometerData {
        let key = Self.key(lab)
        if let hit = data.get(key) { return hit }
        let (database, store, cache, loads) = (self.database, self.store, self.data, self.loads)
        let task = loads.inFlight.withLockedValue { inFlight in
            if let running = inFlight[key] { return running }
            let task = Task {
                defer { _ = loads.inFlight.withLockedValue { $0.removeValue(forKey: key) } }
                let previous = loads.latest.withLockedValue { $0[lab.id] }.flatMap {
                    $0.dataVersion == lab.dataVersion ? ($0.data, $0.partnershipVersion) : nil
                }
                let (value, version) = try await database.withConnection { db in
                    try await store.data(labID: lab.id, previous: previous, on: db)
                }
                cache.set(key, value)
                loads.latest.withLockedValue { latest in
                    if let known = latest[lab.id],
                        known.dataVersion > lab.dataVersion
                            || (known.dataVersion == lab.dataVersion && known.partnershipVersion >= version)
                    {
                        return
                    }
                    latest[lab.id] = (lab.dataVersion, version, value)
                }
                return value
            }
            inFlight[key] = task
            return task
        }
        return try await task.value
    }

    func report(lab: Lab, period: Period, currentYear: Int) async throws -> Report {
        loads.viewed.withLockedValue { $0[lab.slug] = nowSeconds() }
        let data = try await data(lab)
        let key = Self.key(lab) + "|\(period.from)|\(period.to)|\(currentYear)"
        return reports.value(key) {
            let years = data.years(upTo: currentYear)
            return Report(
                result: Barometer.compute(data, period: period), evolution: Barometer.evolution(data, years: years),
                survey: Barometer.survey(data, year: period.year ?? period.to / 10_000), years: years)
        }
    }

    /// Reads again the data of the labs whose barometer was viewed in the last day, when a
    /// write has changed their versions, so the next view finds it ready.
    func warm() async {
        let since = nowSeconds() - 86_400
        let slugs = loads.viewed.withLockedValue { viewed in
            viewed = viewed.filter { $0.value >= since }
            return Array(viewed.keys)
        }
        for slug in slugs {
            await BackgroundJob.run("barometer-warm", "lab \(slug)") {
                guard
                    let lab = try await database.withConnection({ db in try await LabStore().find(slug: slug, on: db) })
                else { return }
                _ = try await data(lab)
            }
        }
    }
}
