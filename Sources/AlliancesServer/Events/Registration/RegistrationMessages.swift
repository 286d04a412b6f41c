import AlliancesCore

/// The texts of the messages registrations cause, apart from the code that sends them, so
/// they can be read and reworded in one place.
enum RegistrationMessages {
    struct Message: Sendable, Equatable {
        let kind: String
        let subject: String
        let lines: [String]
    }

    static let earlierLinksStillWork = "Les liens reçus auparavant restent valables."

    /// Someone registered an address that was registered already: its owner is sent their
    /// page again, and told nothing changed if it was not them.
    static func alreadyRegistered(name: String, link: String) -> Message {
        Message(
            kind: "lien", subject: "Votre inscription",
            lines: [
                "Bonjour \(name),", "",
                "Quelqu'un (vous, sans doute) a demandé à inscrire cette adresse, qui l'est déjà. Votre page personnelle :",
                link,
                "",
                "Les liens reçus auparavant restent valables. Si vous n'êtes pas à l'origine de cette demande, ignorez ce message : rien n'a changé."
            ])
    }

    /// An organiser registered the person (a phone call, a letter).
    static func registeredOnBehalf(name: String, link: String) -> Message {
        Message(
            kind: "inscription-par-organisateur", subject: "Vous êtes inscrit(e)",
            lines: [
                "Bonjour \(name),", "",
                "Les organisateurs ont enregistré votre inscription à votre demande. Votre page personnelle, pour vérifier ce qui a été saisi, choisir vos ateliers ou annuler :",
                link
            ])
    }

    /// An organiser corrected the registration.
    static func editedByOrganiser(name: String, link: String) -> Message {
        Message(
            kind: "inscription-modifiee", subject: "Votre inscription a été modifiée",
            lines: [
                "Bonjour \(name),", "",
                "Les organisateurs ont modifié votre inscription. Votre page personnelle, pour vérifier ce qui a été saisi :",
                link, "", earlierLinksStillWork
            ])
    }

    /// The person asked for their link again ("renvoyer mon lien").
    static func linkAgain(name: String, link: String) -> Message {
        Message(
            kind: "lien", subject: "Votre lien personnel",
            lines: [
                "Bonjour \(name),", "", "Voici votre page personnelle, comme demandé :", link, "",
                "Les liens reçus auparavant restent valables. Si vous n'êtes pas à l'origine de cette demande, ignorez ce message."
            ])
    }

    /// A guest's seat, held until the link is followed.
    static func seatHeld(name: String, until: Int, link: String) -> Message {
        Message(
            kind: "confirmation", subject: "Confirmez votre inscription",
            lines: [
                "Bonjour \(name),", "",
                "Une place vous est réservée. Pour la confirmer, ouvrez ce lien avant le \(frenchDate(until)) :",
                link, "",
                "Ce lien personnel vous permet aussi de choisir vos ateliers ou d'annuler. Gardez-le."
            ])
    }

    static func confirmed(name: String, link: String) -> Message {
        Message(
            kind: "confirmation", subject: "Inscription confirmée",
            lines: [
                "Bonjour \(name),", "",
                "Votre inscription est confirmée. Votre page personnelle (ateliers, agenda, annulation) :",
                link
            ])
    }

    static func waitingList(name: String, link: String) -> Message {
        Message(
            kind: "liste-attente", subject: "Liste d'attente",
            lines: [
                "Bonjour \(name),", "",
                "L'événement est complet : vous êtes sur la liste d'attente. Si une place se libère, elle vous sera proposée par e-mail.",
                "Votre page personnelle :", link
            ])
    }

    static func cancelled(name: String) -> Message {
        Message(
            kind: "annulation", subject: "Inscription annulée",
            lines: [
                "Bonjour \(name),", "",
                "Votre inscription est annulée. Merci de nous avoir prévenus : votre place va à une personne en attente."
            ])
    }

    /// A freed seat offered to the first person waiting (`sessionTitle` for a workshop).
    static func seatOffered(name: String, sessionTitle: String?, until: Int, link: String) -> Message {
        let what = sessionTitle.map { "à l'atelier « \($0) »" } ?? "à l'événement"
        return Message(
            kind: "place-proposee", subject: "Une place s'est libérée",
            lines: [
                "Bonjour \(name),", "",
                "Une place s'est libérée \(what). Elle vous est réservée jusqu'au \(frenchDate(until)) : confirmez-la sur votre page personnelle :",
                link, "",
                earlierLinksStillWork
            ])
    }

    static func approvedByOrganisers(name: String, link: String) -> Message {
        Message(
            kind: "confirmation", subject: "Inscription confirmée",
            lines: [
                "Bonjour \(name),", "",
                "L'équipe organisatrice a confirmé votre inscription. Votre page personnelle :",
                link, "",
                earlierLinksStillWork
            ])
    }

    /// The day before the event.
    static func reminder(name: String, event: RencontreEvent, link: String) -> Message {
        let place = "\(event.venue.map { ", \($0)" } ?? "")\(event.address.map { ", \($0)" } ?? "")"
        return Message(
            kind: "rappel", subject: "C'est demain",
            lines: [
                "Bonjour \(name),", "",
                "Nous vous attendons demain, \(EventPages.dateLine(event))\(place).",
                "Votre programme, vos ateliers et votre code d'accueil sont sur votre page personnelle :",
                link,
                "",
                "Les liens reçus auparavant restent valables. Un empêchement ? Annulez depuis cette page : votre place ira à une personne en attente."
            ])
    }
}
