import AlliancesCore

/// The API's shapes for events, apart from the page models: a stable contract while the
/// tables evolve.
struct EventDTO: Codable, Sendable {
    struct SessionDTO: Codable, Sendable {
        let id: Int
        let kind: String
        let title: String
        let start: String
        let end: String
        let room: String?
        let track: String?
        let capacity: Int?
        let seatsLeft: Int?
        let description: String?
        let questions: [String]
        let speakers: [SpeakerDTO]
    }
    struct SpeakerDTO: Codable, Sendable {
        let id: Int
        let name: String
        let role: String?
        let organisation: String?
        let part: String
    }
    let slug: String
    let title: String
    let start: String
    let end: String
    let timeZone: String
    let venue: String?
    let address: String?
    let status: String
    let capacity: Int?
    let seatsLeft: Int?
    let sessions: [SessionDTO]?

    init(_ e: RencontreEvent, sessions: [EventSession]?, speakers: [SessionSpeaker]?) {
        slug = e.slug
        title = e.title
        start = e.startsAt.text
        end = e.endsAt.text
        timeZone = "Europe/Paris"
        venue = e.venue
        address = e.address
        status = e.status.rawValue
        capacity = e.capacity
        seatsLeft = e.capacity.map { max(0, $0 - e.seatsTaken) }
        self.sessions = sessions?.map { s in
            SessionDTO(
                id: s.id, kind: s.kind.rawValue, title: s.title, start: s.startsAt.text, end: s.endsAt.text,
                room: s.room, track: s.track,
                capacity: s.capacity, seatsLeft: s.seatsLeft, description: s.description, questions: s.questions,
                speakers: (speakers ?? []).filter { $0.sessionID == s.id }.map {
                    SpeakerDTO(
                        id: $0.speaker.id, name: $0.speaker.name, role: $0.speaker.role,
                        organisation: $0.speaker.organisationName, part: $0.role)
                })
        }
    }
}

/// Personal data: served to the event's organisers only.
struct RegistrationDTO: Codable, Sendable {
    let id: Int
    let name: String
    let email: String
    let organisation: String?
    let actorKind: String?
    let region: String?
    let dietary: String?
    let listed: Bool
    let status: String
    let createdAt: Int

    init(_ r: Registration) {
        id = r.id
        name = r.name
        email = r.email
        organisation = r.organisationName
        actorKind = r.actorKind?.rawValue
        region = r.regionCode
        dietary = r.dietary
        listed = r.listed
        status = r.status.rawValue
        createdAt = r.createdAt
    }
}
