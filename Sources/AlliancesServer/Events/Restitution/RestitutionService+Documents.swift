import AlliancesCore
import SQLKit

extension RestitutionService {
    /// The documents attached to the event's sessions, by session.
    func documents(eventID: Int) async throws -> [Int: [SessionDocument]] {
        try await database.withConnection { db in
            Dictionary(grouping: try await SessionDocumentStore().documents(eventID: eventID, on: db), by: \.sessionID)
        }
    }
}
