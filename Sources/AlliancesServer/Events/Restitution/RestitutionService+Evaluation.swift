import AlliancesCore
import SQLKit

/// The post-event evaluation: the organisers send it by message to the confirmed
/// participants (each gets a new private link to it), each answers once and may change
/// their answer; the organisers see the results, never who answered what.
extension RestitutionService {
    /// The sessions a participant rates: the programme but the meals and the "other" items.
    static func ratedSessions(_ sessions: [EventSession]) -> [EventSession] {
        sessions.filter { $0.kind != .meal && $0.kind != .other && $0.kind != .welcome }
    }

    func evaluation(registrationID: Int) async throws -> EvaluationAnswer? {
        try await database.withConnection { db in
            try await EvaluationStore().answer(registrationID: registrationID, on: db)
        }
    }

    func saveEvaluation(_ answer: EvaluationAnswer, registration: Registration) async throws {
        try await database.transaction { db in
            try await EvaluationStore().save(
                answer, registrationID: registration.id, eventID: registration.eventID, at: nowSeconds(), on: db)
        }
    }

    /// Invites the confirmed participants who neither answered nor were invited: a message
    /// each, with a new private link, queued with the invitation in one transaction.
    /// Returns how many were invited.
    func sendEvaluation(event: RencontreEvent, mailer: RegistrationService.Mailer) async throws -> Int {
        try await database.transaction { db in
            let store = EvaluationStore()
            let people = try await store.toInvite(eventID: event.id, on: db)
            let now = nowSeconds()
            for person in people {
                let link = try await mailer.newLink(registrationID: person.id, on: db) + "/evaluation"
                try await mailer.send(
                    "evaluation", to: person.email, registrationID: person.id,
                    subject: "Votre avis sur la rencontre",
                    lines: [
                        "Bonjour \(person.name),", "",
                        "Merci d'être venu(e). Deux minutes pour nous dire ce qu'il faut garder et changer :",
                        link, "",
                        "Vos réponses sont lues par l'équipe organisatrice seulement, sans votre nom dans les résultats."
                    ], on: db)
                try await store.markInvited(registrationID: person.id, eventID: event.id, at: now, on: db)
            }
            return people.count
        }
    }

    func evaluationResults(eventID: Int) async throws -> EvaluationStore.Results {
        try await database.withConnection { db in try await EvaluationStore().results(eventID: eventID, on: db) }
    }
}
