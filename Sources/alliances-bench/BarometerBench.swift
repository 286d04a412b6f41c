import AlliancesCore
import AlliancesServer
import Foundation
import Logging

/// `barometer DATABASE [LAB]`: the barometer's two costs on a real database, measured
/// apart, 20 runs each. (1) Reading its data (today's population grouped by SQL, the
/// partnerships with their parties, the survey): paid once per write in the lab, then
/// kept. (2) Computing a period, the year-by-year evolution and the survey estimate from
/// that data: paid once per period and version. DATABASE is a SQLite path or a
/// postgres:// URL.
func barometerBench(location text: String, lab slug: String) async throws {
    var logger = Logger(label: "bench")
    logger.logLevel = .warning
    let location: DatabaseLocation = text.hasPrefix("postgres") ? .postgres(url: text) : .sqlite(path: text)
    let database = try Database(location: location, logger: logger)
    do {
        guard let lab = try await database.withConnection({ db in try await LabStore().find(slug: slug, on: db) })
        else {
            print("Unknown lab \(slug)")
            await database.shutdown()
            return
        }
        var loads: [Double] = [], computes: [Double] = []
        var data: BarometerData?
        for _ in 0..<20 {
            let start = DispatchTime.now().uptimeNanoseconds
            data = try await database.withConnection { db in try await BarometerStore().data(labID: lab.id, on: db) }
                .data
            loads.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
        }
        guard let data else { return }
        // After a survey write (or a partnership write, plus that one row): the delta read.
        var deltas: [Double] = []
        let version = try await database.withConnection { db in try await BarometerStore().data(labID: lab.id, on: db) }
            .partnershipVersion
        for _ in 0..<20 {
            let start = DispatchTime.now().uptimeNanoseconds
            _ = try await database.withConnection { db in
                try await BarometerStore().data(labID: lab.id, previous: (data, version), on: db)
            }
            deltas.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
        }
        var checksum = 0
        for _ in 0..<20 {
            let start = DispatchTime.now().uptimeNanoseconds
            let result = Barometer.compute(data, period: .year(2026))
            let evolution = Barometer.evolution(data, years: data.years(upTo: 2026))
            let survey = Barometer.survey(data, year: 2026)
            checksum &+= result.engagedActors &+ evolution.count &+ survey.respondents
            computes.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
        }
        func summary(_ values: [Double]) -> String {
            let sorted = values.sorted()
            return String(format: "median %.1f ms, max %.1f ms", sorted[sorted.count / 2], sorted.last!)
        }
        let population = data.population.values.reduce(0, +)
        print(
            "barometer \(text.hasPrefix("postgres") ? "postgres" : "sqlite"): \(population) active actors, \(data.partnerships.count) partnerships, \(data.survey.count) survey answers"
        )
        print("  read data (SQL + decoding): " + summary(loads))
        print("  read again after a survey write (partnerships unchanged, merged): " + summary(deltas))
        print(
            "  compute year + \(data.years(upTo: 2026).count) years of evolution + survey: " + summary(computes)
                + " (checksum \(checksum))")
    } catch {
        await database.shutdown()
        throw error
    }
    await database.shutdown()
}
