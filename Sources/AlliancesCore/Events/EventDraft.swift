/// What an organiser typed in the event form.
public struct EventInput: Sendable, Codable, Equatable {
    public var title: String?
    public var slug: String?
    public var acronym: String?
    public var description: String?
    public var startsAt: String?
    public var endsAt: String?
    public var venue: String?
    public var address: String?
    public var organisers: String?
    public var status: String?
    public var capacity: String?
    public var offerHours: String?

    public init(
        title: String? = nil, slug: String? = nil, acronym: String? = nil, description: String? = nil,
        startsAt: String? = nil,
        endsAt: String? = nil, venue: String? = nil, address: String? = nil, organisers: String? = nil,
        status: String? = nil,
        capacity: String? = nil, offerHours: String? = nil
    ) {
        self.title = title
        self.slug = slug
        self.acronym = acronym
        self.description = description
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.venue = venue
        self.address = address
        self.organisers = organisers
        self.status = status
        self.capacity = capacity
        self.offerHours = offerHours
    }
}

public struct EventDraft: Sendable, Equatable {
    public var title: String
    public var slug: String
    public var acronym: String?
    public var description: String?
    public var startsAt: LocalDateTime
    public var endsAt: LocalDateTime
    public var venue: String?
    public var address: String?
    public var organisers: String?
    public var status: EventStatus
    public var capacity: Int?
    public var offerHours: Int

    public static func validate(_ input: EventInput) -> Result<EventDraft, ValidationErrors> {
        var errors = ValidationErrors()
        let title = TextRules.check(
            input.title, field: "title", label: "Le titre", required: true, maxLength: 200, minLength: 3, into: &errors)
        var slug = TextRules.clean(input.slug).map(TextNormalisation.slug) ?? title.map(TextNormalisation.slug)
        if let value = slug, value.isEmpty || value.count > 80 {
            errors.add("slug", "L'adresse courte doit compter de 1 à 80 lettres, chiffres ou tirets.")
            slug = nil
        }
        let acronym = TextRules.check(
            input.acronym, field: "acronym", label: "Le sigle", required: false, maxLength: 40, into: &errors)
        let description = TextRules.check(
            input.description, field: "description", label: "La présentation", required: false, maxLength: 5000,
            multiline: true, into: &errors)
        let starts = Self.time(input.startsAt, field: "startsAt", label: "Le début", required: true, into: &errors)
        let ends = Self.time(input.endsAt, field: "endsAt", label: "La fin", required: true, into: &errors)
        if let starts, let ends, !(starts < ends) { errors.add("endsAt", "La fin doit suivre le début.") }
        let venue = TextRules.check(
            input.venue, field: "venue", label: "Le lieu", required: false, maxLength: 200, into: &errors)
        let address = TextRules.check(
            input.address, field: "address", label: "L'adresse", required: false, maxLength: 300, into: &errors)
        let organisers = TextRules.check(
            input.organisers, field: "organisers", label: "Les organisateurs", required: false, maxLength: 300,
            into: &errors)
        var status = EventStatus.draft
        if let raw = TextRules.clean(input.status) {
            if let value = EventStatus(rawValue: raw) {
                status = value
            } else {
                errors.add("status", "Statut inconnu : « \(raw.prefix(40)) ».")
            }
        }
        let capacity = ListingDraft.integer(
            input.capacity, field: "capacity", label: "La capacité", range: 1...100_000, unit: "places", into: &errors)
        let offerHours =
            ListingDraft.integer(
                input.offerHours, field: "offerHours", label: "Le délai de confirmation", range: 1...720,
                unit: "heures", into: &errors) ?? 48
        guard errors.isEmpty, let title, let slug, let starts, let ends else { return .failure(errors) }
        return .success(
            EventDraft(
                title: title, slug: slug, acronym: acronym, description: description, startsAt: starts, endsAt: ends,
                venue: venue,
                address: address, organisers: organisers, status: status, capacity: capacity, offerHours: offerHours))
    }

    /// "2015-01-08T09:30", as `<input type="datetime-local">` sends it (seconds ignored).
    static func time(_ raw: String?, field: String, label: String, required: Bool, into errors: inout ValidationErrors)
        -> LocalDateTime?
    {
        guard let text = TextRules.clean(raw) else {
            if required { errors.add(field, "\(label) est obligatoire.") }
            return nil
        }
        let trimmed = text.count == 19 && text.hasSuffix(":00") ? String(text.dropLast(3)) : text
        guard let value = LocalDateTime(trimmed.replacingSpaceWithT()) else {
            errors.add(field, "\(label) doit être une date et une heure (AAAA-MM-JJ HH:MM).")
            return nil
        }
        return value
    }
}

/// What an organiser typed in the session form. Speakers are one per line:
/// "Nom | fonction | organisation | rôle | courte biographie" (all but the name optional;
/// rôle defaults to "intervenant").
public struct SessionInput: Sendable, Codable, Equatable {
    public var kind: String?
    public var title: String?
    public var startsAt: String?
    public var endsAt: String?
    public var room: String?
    public var track: String?
    public var capacity: String?
    public var description: String?
    public var questions: String?
    public var speakers: String?

    public init(
        kind: String? = nil, title: String? = nil, startsAt: String? = nil, endsAt: String? = nil, room: String? = nil,
        track: String? = nil,
        capacity: String? = nil, description: String? = nil, questions: String? = nil, speakers: String? = nil
    ) {
        self.kind = kind
        self.title = title
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.room = room
        self.track = track
        self.capacity = capacity
        self.description = description
        self.questions = questions
        self.speakers = speakers
    }
}

public struct SessionDraft: Sendable, Equatable {
    public struct Speaker: Sendable, Equatable {
        public var name: String
        public var role: String?
        public var organisation: String?
        public var part: String
        public var bio: String?
    }

    public var kind: SessionKind
    public var title: String
    public var startsAt: LocalDateTime
    public var endsAt: LocalDateTime
    public var room: String?
    public var track: String?
    public var capacity: Int?
    public var description: String?
    public var questions: [String]
    public var speakers: [Speaker]

    public static func validate(_ input: SessionInput) -> Result<SessionDraft, ValidationErrors> {
        var errors = ValidationErrors()
        var kind = SessionKind.other
        if let raw = TextRules.clean(input.kind) {
            if let value = SessionKind(rawValue: raw) {
                kind = value
            } else {
                errors.add("kind", "Type de session inconnu : « \(raw.prefix(40)) ».")
            }
        }
        let title = TextRules.check(
            input.title, field: "title", label: "Le titre", required: true, maxLength: 300, minLength: 2, into: &errors)
        let starts = EventDraft.time(
            input.startsAt, field: "startsAt", label: "Le début", required: true, into: &errors)
        let ends = EventDraft.time(input.endsAt, field: "endsAt", label: "La fin", required: true, into: &errors)
        if let starts, let ends {
            if !(starts < ends) {
                errors.add("endsAt", "La fin doit suivre le début.")
            } else if starts.date != ends.date {
                errors.add("endsAt", "Une session commence et finit le même jour.")
            }
        }
        let room = TextRules.check(
            input.room, field: "room", label: "La salle", required: false, maxLength: 100, into: &errors)
        let track = TextRules.check(
            input.track, field: "track", label: "Le parcours", required: false, maxLength: 200, into: &errors)
        let capacity = ListingDraft.integer(
            input.capacity, field: "capacity", label: "La capacité", range: 1...100_000, unit: "places", into: &errors)
        let description = TextRules.check(
            input.description, field: "description", label: "La description", required: false, maxLength: 5000,
            multiline: true, into: &errors)
        let questionsText = TextRules.check(
            input.questions, field: "questions", label: "Les questions", required: false, maxLength: 3000,
            multiline: true, into: &errors)
        let questions = (questionsText ?? "").split(whereSeparator: \.isNewline).compactMap {
            TextRules.clean(String($0))
        }
        var speakers: [Speaker] = []
        let speakersText = TextRules.check(
            input.speakers, field: "speakers", label: "Les intervenants", required: false, maxLength: 10_000,
            multiline: true, into: &errors)
        for (index, line) in (speakersText ?? "").split(whereSeparator: \.isNewline).enumerated() {
            let parts = line.split(separator: "|", omittingEmptySubsequences: false).map { TextRules.clean(String($0)) }
            guard let name = parts.first ?? nil, name.count <= 120 else {
                errors.add("speakers", "Ligne \(index + 1) des intervenants : le nom manque ou dépasse 120 caractères.")
                continue
            }
            guard parts.count <= 5, parts.allSatisfy({ ($0?.count ?? 0) <= 1_000 }) else {
                errors.add(
                    "speakers",
                    "Ligne \(index + 1) des intervenants : au plus « nom | fonction | organisation | rôle | biographie »."
                )
                continue
            }
            speakers.append(
                Speaker(
                    name: name, role: parts.count > 1 ? parts[1] : nil, organisation: parts.count > 2 ? parts[2] : nil,
                    part: (parts.count > 3 ? parts[3] : nil) ?? "intervenant", bio: parts.count > 4 ? parts[4] : nil))
        }
        guard errors.isEmpty, let title, let starts, let ends else { return .failure(errors) }
        return .success(
            SessionDraft(
                kind: kind, title: title, startsAt: starts, endsAt: ends, room: room, track: track, capacity: capacity,
                description: description, questions: questions, speakers: speakers))
    }
}

extension String {
    /// "2015-01-08 09:30" → "2015-01-08T09:30".
    func replacingSpaceWithT() -> String {
        guard count == 16, let index = firstIndex(of: " ") else { return self }
        var copy = self
        copy.replaceSubrange(index...index, with: "T")
        return copy
    }
}
