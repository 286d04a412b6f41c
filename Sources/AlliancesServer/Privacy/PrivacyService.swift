import AlliancesCore
import Foundation
import SQLKit

/// The GDPR rights of access and portability (Art. 15, 20: one JSON document with
/// everything held about a person) and of erasure (Art. 17). Each store gives its own
/// rows; this service assembles them, and runs an erasure in one transaction.
public struct PrivacyService: Sendable {
    let database: Database
    let publicURL: String
    /// Where the outbox writes `.eml` files, when it does.
    let mailDirectory: String?

    public init(database: Database, publicURL: String = "http://127.0.0.1:8080", mailDirectory: String? = nil) {
        self.database = database
        self.publicURL = publicURL
        self.mailDirectory = mailDirectory
    }

    public enum Failure: Error, Equatable, CustomStringConvertible {
        case nobody(String)
        public var description: String {
            switch self {
            case .nobody(let email): "Aucune donnée n'est enregistrée pour l'adresse \(email)."
            }
        }
    }

    /// The whole export as pretty-printed JSON. `by` and `address`: who asked, for the log.
    public func export(email rawEmail: String, by actor: Int?, labID: Int? = nil, address: String?) async throws
        -> Data
    {
        let email = EmailAddress.normalise(rawEmail)
        return try await database.transaction { db -> Data in
            let user = try await AccountStore().user(email: email, on: db)
            let (registrations, sessions) = try await RegistrationStore().personalRows(
                email: email, userID: user?.id, on: db)
            let registrationIDs = try await RegistrationStore().ofPerson(email: email, userID: user?.id, on: db).map(
                \.id)
            let people = try await OrganisationStore().personalRows(email: email, on: db)
            let messages = try await OutboxStore().personalRows(to: email, on: db)
            let invitations = try await AccountStore().invitationRows(email: email, on: db)
            guard user != nil || !registrations.isEmpty || !people.isEmpty || !messages.isEmpty || !invitations.isEmpty
            else { throw Failure.nobody(email) }
            let (proposals, votes) = try await RestitutionStore().personalRows(
                registrationIDs: registrationIDs, on: db)
            var document: [String: Any] = [
                "format": "alliances-donnees-personnelles/1",
                "adresse": email,
                "exporte_le": ISO8601DateFormatter().string(from: Date()),
                "fiches_personnes": PersonalData.objects(people),
                "inscriptions": PersonalData.objects(registrations),
                "ateliers": PersonalData.objects(sessions),
                "demandes_de_rendez_vous": PersonalData.objects(
                    try await MeetingStore().personalRows(registrationIDs: registrationIDs, on: db)),
                "propositions_en_atelier": PersonalData.objects(proposals),
                "votes_en_atelier": PersonalData.objects(votes),
                "evaluations": PersonalData.objects(
                    try await EvaluationStore().personalRows(registrationIDs: registrationIDs, on: db)),
                "questions_en_pleniere": PersonalData.objects(
                    try await QuestionStore().personalRows(registrationIDs: registrationIDs, on: db)),
                "messages_envoyes": PersonalData.objects(messages),
                "invitations": PersonalData.objects(invitations)
            ]
            if let user {
                let (account, links) = try await AccountStore().personalRows(userID: user.id, on: db)
                document["compte"] = PersonalData.objects(account).first ?? [:]
                document["liens_envoyes"] = PersonalData.objects(links)
                document["organisations"] = try await AccountStore().memberships(userID: user.id, on: db).map(\.name)
                document["roles_dans_d_autres_labos"] = try await AccountStore().heldRoles(userID: user.id, on: db).map
                {
                    "\($0.labName) : \($0.role.role.label)\($0.organisationName.map { " (\($0))" } ?? "")"
                }
                document["mises_en_relation"] = PersonalData.objects(
                    try await IntroductionStore().personalRows(userID: user.id, on: db))
                document["reservations"] = PersonalData.objects(
                    try await ResourceStore().personalRows(userID: user.id, on: db))
                document["commentaires_de_fiches"] = PersonalData.objects(
                    try await LibraryStore().personalRows(userID: user.id, on: db))
                document["jetons_api"] = PersonalData.objects(
                    try await ApiTokenStore().personalRows(userID: user.id, on: db))
                document["webhooks"] = PersonalData.objects(
                    try await WebhookStore().personalRows(userID: user.id, on: db))
                document["journal"] = PersonalData.objects(try await AuditStore().rows(userID: user.id, on: db))
            }
            try await AuditLog.record(
                .personalDataExported, by: actor, lab: labID ?? user?.labID,
                target: user.map { "user:\($0.id)" } ?? "inscriptions:\(registrationIDs.count)", subject: user?.id,
                address: address, on: db)
            return try JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted, .sortedKeys])
        }
    }

    public struct Erasure: Sendable, Equatable {
        public var account = 0
        public var people = 0
        public var registrations = 0
        public var meetingRequests = 0
        public var messages = 0
    }

    /// Deletes or anonymises every trace of the person: account (sessions, links; bookings
    /// still to come cancelled, the others kept without account or message), person
    /// records, registrations (cancelled when the event is still to come, then
    /// anonymous, so counts stay right), meeting requests, messages and their files, and
    /// the address in older audit targets. Counts for the log, never values.
    public func erase(email rawEmail: String, by actor: Int?, reason: String, address: String?) async throws
        -> Erasure
    {
        let email = EmailAddress.normalise(rawEmail)
        let sessions = SQLPersistDriver(database: database)
        let registrationService = RegistrationService(database: database, publicURL: publicURL)
        let (report, messageIDs) = try await database.transaction { db -> (Erasure, [Int]) in
            var report = Erasure()
            let accounts = AccountStore()
            let user = try await accounts.user(email: email, on: db)
            let registrations = RegistrationStore()
            let mine = try await registrations.ofPerson(email: email, userID: user?.id, on: db)
            let now = nowSeconds()
            for registration in mine {
                guard let event = try await EventStore().event(id: registration.eventID, on: db) else { continue }
                if registration.status != .cancelled && Paris.seconds(event.endsAt) > now {
                    try await RegistrationService.cancel(
                        registrationID: registration.id, event: event, mailer: registrationService.mailer(event),
                        notify: false, on: db)
                }
                try await registrations.anonymise(id: registration.id, on: db)
            }
            report.registrations = mine.count
            report.meetingRequests = try await MeetingStore().deleteRequests(registrationIDs: mine.map(\.id), on: db)
            let peopleNames = try await OrganisationStore().personalRows(email: email, on: db).map {
                try $0.string("name")
            }
            report.people = try await OrganisationStore().deletePeople(email: email, on: db)
            let names = Set([user?.name].compactMap { $0 } + mine.map(\.name) + peopleNames)
                .filter { $0 != "Personne effacée" }
            var messageIDs = try await OutboxStore().erase(to: email, on: db)
            report.messages = messageIDs.count
            messageIDs += try await OutboxStore().blank(mentioning: [email] + names.sorted(), now: now, on: db)
            if let user {
                try await sessions.close(userID: user.id, except: nil, on: db)
                report.account = 1
                _ = try await ResourceStore().erase(
                    userID: user.id, now: now, nowMinute: Paris.local(now).minuteIndex, on: db)
                try await LibraryStore().erase(userID: user.id, on: db)
                try await WebhookStore().erasePersonal(userID: user.id, on: db)
            }
            try await accounts.erase(userID: user?.id, email: email, on: db)
            try await AuditStore().forget(values: [email] + names.sorted(), on: db)
            guard report != Erasure() else { throw Failure.nobody(email) }
            try await AuditLog.record(
                .erased, by: actor, lab: user?.labID,
                target:
                    "user:\(user.map { String($0.id) } ?? "—") — \(reason) (\(report.registrations) inscriptions, \(report.people) fiches, \(report.messages) messages)",
                subject: user?.id, address: address, on: db)
            return (report, messageIDs)
        }
        if let mailDirectory {
            for id in messageIDs {
                let path = (mailDirectory as NSString).appendingPathComponent("message-\(id).eml")
                try? FileManager.default.removeItem(atPath: path)
            }
        }
        // The file itself: deleted content is zeroed (`secure_delete`), and the write-ahead
        // log, which still holds the pages as they were, is emptied.
        try await database.checkpoint()
        return report
    }
}
