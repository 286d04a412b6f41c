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

/// An event as an organiser writes it through the API (`POST /api/v1/events`, `PUT
/// /api/v1/events/{event}`): the fields of the web form, typed; `start` and `end` as
/// local times of Paris ("2027-03-12T09:00"). `lab` is the lab's slug: on creation, the
/// organiser's own lab when absent (a network admin without it makes a network event); on
/// update, the event's lab when absent.
struct EventWriteInput: Codable, Sendable {
    var title: String?
    var slug: String?
    var acronym: String?
    var description: String?
    var start: String?
    var end: String?
    var venue: String?
    var address: String?
    var organisers: String?
    var status: String?
    var capacity: Int?
    var offerHours: Int?
    var lab: String?

    var input: EventInput {
        EventInput(
            title: title, slug: slug, acronym: acronym, description: description, startsAt: start, endsAt: end,
            venue: venue, address: address, organisers: organisers, status: status, capacity: capacity.map(String.init),
            offerHours: offerHours.map(String.init))
    }
}

/// A session as an organiser writes it through the API, with its speakers (replaced as a
/// whole, as the web form does).
struct SessionWriteInput: Codable, Sendable {
    struct Speaker: Codable, Sendable {
        var name: String
        /// Their position ("fonction").
        var role: String?
        var organisation: String?
        /// Their part in the session: intervenant (default), animatrice, grand témoin…
        var part: String?
        var bio: String?
    }

    var kind: String?
    var title: String?
    var start: String?
    var end: String?
    var room: String?
    var track: String?
    var capacity: Int?
    var description: String?
    var questions: [String]?
    var speakers: [Speaker]?

    /// The form's input; a speaker's field holding a line break or « | » (the form's
    /// separators) is a field error rather than a shifted column.
    func input() -> Result<SessionInput, ValidationErrors> {
        var errors = ValidationErrors()
        let lines = (speakers ?? []).enumerated().map { index, s in
            let fields = [s.name, s.role ?? "", s.organisation ?? "", s.part ?? "", s.bio ?? ""]
            if fields.contains(where: { $0.contains("|") || $0.contains(where: \.isNewline) }) {
                errors.add("speakers", "Intervenant \(index + 1) : ni « | » ni retour à la ligne dans ses champs.")
            }
            return fields.joined(separator: " | ")
        }
        if (questions ?? []).contains(where: { $0.contains(where: \.isNewline) }) {
            errors.add("questions", "Une question tient sur une ligne.")
        }
        guard errors.isEmpty else { return .failure(errors) }
        return .success(
            SessionInput(
                kind: kind, title: title, startsAt: start, endsAt: end, room: room, track: track,
                capacity: capacity.map(String.init), description: description,
                questions: questions?.joined(separator: "\n"), speakers: lines.joined(separator: "\n")))
    }
}

/// A check-in through the API: at the entrance, or (with `session`) in a session's room.
struct CheckInInput: Codable, Sendable {
    var session: Int?
}

struct CheckInDTO: Codable, Sendable {
    let registrationId: Int
    let sessionId: Int?
    let checkedIn: Bool
}

/// One-to-one meetings at a rencontre, as the signed-in participant sees them: their own
/// requests (sent and received) and, once their registration is confirmed, the people who
/// chose to be listed.
struct MeetingsDTO: Codable, Sendable {
    struct Person: Codable, Sendable {
        let id: Int
        let name: String
        let organisation: String?
        let actorKind: String?

        init(_ p: MeetingService.Person) {
            (id, name, organisation, actorKind) = (p.id, p.name, p.organisation, p.kind?.rawValue)
        }
    }

    struct Request: Codable, Sendable {
        let id: Int
        let requester: Person
        let invitee: Person
        let message: String?
        let status: String
        /// The slot's number and the table, once the schedule places it.
        let slot: Int?
        let table: Int?
        let announced: Bool

        init(_ r: MeetingService.Request) {
            (id, requester, invitee, message) = (r.id, Person(r.requester), Person(r.invitee), r.message)
            (status, slot, table, announced) = (r.status.rawValue, r.slot, r.table, r.announced)
        }
    }

    let registrationId: Int
    let requests: [Request]
    let people: [Person]
}

struct MeetingRequestInput: Codable, Sendable {
    var invitee: Int
    var message: String?
}

struct MeetingAnswerInput: Codable, Sendable {
    var accept: Bool
}
