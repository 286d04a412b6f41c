import AlliancesCore
import SQLKit

/// The texts of every account e-mail, in one place.
enum AccountMessages {
    /// The same shape as a registration's message: a kind, a subject and lines.
    typealias Message = RegistrationMessages.Message

    static let footer = [
        "",
        "Si vous n'êtes pas à l'origine de cette demande, ignorez ce message ou écrivez au facilitateur de votre labo."
    ]

    static func passwordReset(name: String, link: String, minutes: Int) -> Message {
        Message(
            kind: "password-reset", subject: "Réinitialiser votre mot de passe",
            lines: [
                "Bonjour \(name),", "",
                "Pour choisir un nouveau mot de passe, suivez ce lien, valable \(minutes) minutes, une seule fois :",
                link
            ] + footer)
    }

    static func passwordChanged(name: String) -> Message {
        Message(
            kind: "password-changed", subject: "Votre mot de passe a été changé",
            lines: [
                "Bonjour \(name),", "",
                "Le mot de passe de votre compte vient d'être changé ; vos autres sessions ont été fermées.",
                "Si ce n'est pas vous, demandez un nouveau mot de passe depuis la page de connexion (« Mot de passe oublié ») et prévenez le facilitateur de votre labo."
            ])
    }

    static func confirmNewEmail(name: String, link: String) -> Message {
        Message(
            kind: "email-change", subject: "Confirmez votre nouvelle adresse e-mail",
            lines: [
                "Bonjour \(name),", "",
                "Pour que cette adresse devienne celle de votre compte, suivez ce lien, valable 24 heures, une seule fois :",
                link
            ] + footer)
    }

    static func emailChangeRequested(name: String) -> Message {
        Message(
            kind: "email-change-notice", subject: "Changement d'adresse e-mail demandé",
            lines: [
                "Bonjour \(name),", "",
                "Un changement de l'adresse e-mail de votre compte a été demandé. Il ne prendra effet que lorsque la nouvelle adresse l'aura confirmé.",
                "Si ce n'est pas vous, changez votre mot de passe et prévenez le facilitateur de votre labo."
            ])
    }

    static func emailChanged(name: String) -> Message {
        Message(
            kind: "email-changed", subject: "Votre adresse e-mail a été changée",
            lines: [
                "Bonjour \(name),", "",
                "Votre compte utilise désormais une autre adresse e-mail ; celle-ci n'en recevra plus les messages.",
                "Si ce n'est pas vous, prévenez sans attendre le facilitateur de votre labo."
            ])
    }

    static func invitation(role: String, lab: String, link: String, validity: String) -> Message {
        Message(
            kind: "invitation", subject: "Invitation à rejoindre \(lab)",
            lines: [
                "Bonjour,", "",
                "Vous êtes invité(e) à rejoindre \(lab) (\(role)).",
                "Pour créer votre compte, suivez ce lien personnel, valable \(validity), une seule fois :", link
            ] + footer)
    }

    static func membershipAdded(name: String, organisation: String) -> Message {
        Message(
            kind: "membership-added", subject: "Vous êtes membre de \(organisation)",
            lines: [
                "Bonjour \(name),", "",
                "Votre compte est désormais aussi membre de « \(organisation) ». Choisissez l'organisation pour laquelle vous agissez sur la page Mon compte."
            ])
    }

    static func labRoleGranted(name: String, role: Role, lab: String, link: String) -> Message {
        Message(
            kind: "lab-role-granted", subject: "Un rôle dans le labo \(lab)",
            lines: [
                "Bonjour \(name),", "",
                "Votre compte a désormais aussi le rôle « \(role.label) » dans le labo « \(lab) ». Vous y agissez avec ce rôle, en plus de celui de votre labo : \(link)",
                "", "Si vous ne souhaitez pas ce rôle, demandez à un facilitateur de ce labo de le retirer."
            ])
    }

    static func deactivated(name: String) -> Message {
        Message(
            kind: "account-deactivated", subject: "Votre compte a été désactivé",
            lines: [
                "Bonjour \(name),", "",
                "Votre compte a été désactivé par un facilitateur ; vos sessions ont été fermées. Ce que vous avez publié reste en place.",
                "Pour toute question, écrivez au facilitateur de votre labo."
            ])
    }

    static func erasureConfirmation(name: String, link: String) -> Message {
        Message(
            kind: "erasure-request", subject: "Confirmez l'effacement de vos données",
            lines: [
                "Bonjour \(name),", "",
                "Vous avez demandé l'effacement de votre compte et de vos données personnelles. Pour le confirmer, suivez ce lien, valable 1 heure, une seule fois :",
                link, "", "Sans confirmation, rien n'est effacé."
            ] + footer)
    }
}

extension OutboxStore {
    /// Queues an account message (no event, no registration).
    func enqueue(_ message: AccountMessages.Message, to address: String, on db: any SQLDatabase) async throws {
        try await enqueue(
            to: address, subject: message.subject, body: message.lines.joined(separator: "\n"), kind: message.kind,
            eventID: nil, registrationID: nil, on: db)
    }
}
