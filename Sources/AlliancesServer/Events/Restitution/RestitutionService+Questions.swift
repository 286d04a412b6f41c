import AlliancesCore
import SQLKit

/// Questions from the room to a plenary session: any confirmed participant of the rencontre
/// asks (by their private link) and upvotes the approved ones; the organisers moderate.
extension RestitutionService {
    static let notAPlenary = AppError.notFound("Cette session ne prend pas de questions de la salle.")

    func questions(sessionID: Int) async throws -> [PlenaryQuestion] {
        try await database.withConnection { db in try await QuestionStore().questions(sessionID: sessionID, on: db) }
    }

    func questions(eventID: Int) async throws -> [PlenaryQuestion] {
        try await database.withConnection { db in try await QuestionStore().questions(eventID: eventID, on: db) }
    }

    func upvoted(sessionID: Int, registrationID: Int) async throws -> Set<Int> {
        try await database.withConnection { db in
            try await QuestionStore().upvoted(sessionID: sessionID, registrationID: registrationID, on: db)
        }
    }

    func ask(session: EventSession, registrationID: Int, text: String) async throws {
        try await database.transaction { db in
            let asked = try await QuestionStore().count(sessionID: session.id, registrationID: registrationID, on: db)
            if asked >= PlenaryQuestions.maxPerParticipant {
                throw AppError(
                    .tooManyRequests,
                    "Vous avez déjà posé \(asked) questions à cette session : c'est le maximum par personne.")
            }
            try await QuestionStore().insert(
                sessionID: session.id, registrationID: registrationID, text: text, at: nowSeconds(), on: db)
        }
    }

    /// Upvotes an approved question, or withdraws the upvote.
    func upvote(session: EventSession, questionID: Int, registrationID: Int, on: Bool) async throws {
        try await database.transaction { db in
            guard let question = try await QuestionStore().question(id: questionID, sessionID: session.id, on: db),
                question.status == .approved
            else {
                throw AppError.notFound("Cette question n'est pas ouverte au soutien dans cette session.")
            }
            try await QuestionStore().setVote(questionID: questionID, registrationID: registrationID, on: on, on: db)
        }
    }

    func moderate(session: EventSession, questionID: Int, status: QuestionStatus) async throws {
        try await database.transaction { db in
            guard try await QuestionStore().question(id: questionID, sessionID: session.id, on: db) != nil else {
                throw AppError.notFound("Cette question n'existe pas dans cette session.")
            }
            try await QuestionStore().setStatus(id: questionID, status: status, at: nowSeconds(), on: db)
        }
    }
}
