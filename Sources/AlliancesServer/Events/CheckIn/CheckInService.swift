import AlliancesCore
import Foundation
import SQLKit

/// Check-in at the entrance: find a person by code or name, record their arrival (and
/// presence in a session), count who is there.
extension RegistrationService {
    /// Registrations matching a typed name or a check-in code, for the staff.
    func lookup(eventID: Int, query: String) async throws -> [Registration] {
        let code = query.uppercased().filter { $0.isLetter || $0.isNumber }
        let folded =
            "%"
            + TextNormalisation.fold(query).replacingOccurrences(of: "%", with: "").replacingOccurrences(
                of: "_", with: "") + "%"
        return try await database.withConnection { db in
            try await CheckInStore().lookup(eventID: eventID, code: code, namePattern: folded, on: db)
        }
    }

    /// Marks an arrival (and, with a session, presence in it). Only confirmed registrations.
    func checkIn(registrationID: Int, eventID: Int, sessionID: Int?) async throws -> Bool {
        let checkIns = CheckInStore()
        return try await database.transaction { db in
            guard let found = try await store.contact(id: registrationID, eventID: eventID, on: db) else {
                throw Self.notInEvent
            }
            guard found.status == .confirmed else { return false }
            let now = nowSeconds()
            try await checkIns.markArrived(registrationID: registrationID, at: now, on: db)
            if let sessionID {
                try await checkIns.markPresent(registrationID: registrationID, sessionID: sessionID, at: now, on: db)
            }
            if let event = try await EventStore().event(id: eventID, on: db) {
                try await WebhookEvents.registration(
                    .checkedIn, event: event, registrationID: registrationID, email: found.email, on: db)
            }
            return true
        }
    }

    /// Live attendance: arrivals at the event and presence per session.
    func attendance(eventID: Int) async throws -> (arrived: Int, confirmed: Int, sessions: [Int: Int]) {
        let checkIns = CheckInStore()
        return try await database.withConnection { db in
            (
                try await checkIns.arrivals(eventID: eventID, on: db),
                try await checkIns.confirmed(eventID: eventID, on: db),
                try await checkIns.presence(eventID: eventID, on: db)
            )
        }
    }
}
