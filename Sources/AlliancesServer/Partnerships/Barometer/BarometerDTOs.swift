import AlliancesCore

/// The API's shapes for the barometer, apart from the page model.
extension BarometerAPI {

    struct ShareDTO: Codable, Sendable {
        let count: Int
        let population: Int
        let ratio: Double?
        init(_ s: Share) {
            count = s.count
            population = s.population
            ratio = s.ratio.map { ($0 * 10_000).rounded() / 10_000 }
        }
    }

    struct ReferenceDTO: Codable, Sendable {
        let key: String
        let label: String
        let percent: Double
        let source: String
        let year: Int
        let cited: Bool
    }

    struct BarometerDTO: Codable, Sendable {
        struct Segment: Codable, Sendable {
            let key: String
            let label: String
            let share: ShareDTO
        }
        struct Mode: Codable, Sendable {
            let key: String
            let label: String
            let partnerships: Int
            let companies: ShareDTO
            let associations: ShareDTO
        }
        struct Year: Codable, Sendable {
            let year: Int
            let segments: [Segment]
        }
        struct SurveyRow: Codable, Sendable {
            let key: String
            let population: Int
            let respondents: Int
            let engaged: Int
            let share: Double?
            let lower: Double?
            let upper: Double?
        }
        let from: String
        let to: String
        let activePartnerships: Int
        let inConstruction: Int
        let segments: [Segment]
        let modes: [Mode]
        let evolution: [Year]
        /// The survey's separate estimate: never mixed with the recorded partnerships.
        let survey: [SurveyRow]
        let references: [ReferenceDTO]
    }
}
