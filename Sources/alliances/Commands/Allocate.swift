import AlliancesServer
import ArgumentParser
import Foundation
import Logging

struct Allocate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Allocate an event's workshops from the participants' ranked choices (exact, capacities respected).",
        discussion: """
            Same as the organiser's page /evenements/SLUG/repartition: participants rank the workshops \
            of each slot on their personal page; this computes the allocation, records it with its \
            figures (profile, first-choice share, worst rank, unassigned, waste), and publishes it \
            to the participants' agendas with --publish.
            """
    )
    @OptionGroup var db: DatabaseOptions
    @Option(help: "Slug of the event.") var event: String
    @Option(
        help:
            "\"rang\": as many first choices as possible, then second… (default); \"rang2\": least sum of squared ranks."
    ) var objective = "rang"
    @Flag(
        name: .customLong("place-unranked"),
        help: "Also place participants who ranked nothing, last, where most seats remain.") var placeUnranked = false
    @Flag(
        help:
            "Publish the result: workshop registrations replaced, agendas updated, one message per placed participant.")
    var publish = false
    @Option(name: .customLong("public-url"), help: "Public address of the site, for the links in messages.")
    var publicURL = "http://127.0.0.1:8080"

    func run() async throws {
        let (slug, objective, placeUnranked, publish, publicURL) = (
            event, self.objective, self.placeUnranked, self.publish, self.publicURL
        )
        let report = try await db.run(logger: makeLogger()) { database in
            do {
                return try await AllocationCommand.run(
                    database: database, eventSlug: slug, objective: objective, placeUnranked: placeUnranked,
                    publish: publish,
                    publicURL: publicURL
                ) { line in print(line) }
            } catch let error as AppError {
                throw ValidationError(error.message)
            }
        }
        print(report)
    }
}
