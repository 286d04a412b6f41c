/// What a session of a rencontre is.
public enum SessionKind: String, Sendable, Codable, CaseIterable, Hashable {
    case welcome = "accueil"
    case keynote = "grand-temoin"
    case roundTable = "table-ronde"
    case workshop = "atelier"
    case meal = "repas"
    case networking = "networking"
    case restitution = "restitution"
    case conclusion = "conclusion"
    case other = "autre"

    public var label: String {
        switch self {
        case .welcome: "Accueil"
        case .keynote: "Grands témoins"
        case .roundTable: "Table ronde"
        case .workshop: "Atelier"
        case .meal: "Repas"
        case .networking: "Rencontres"
        case .restitution: "Restitution"
        case .conclusion: "Conclusion"
        case .other: "Temps du programme"
        }
    }
}

public enum EventStatus: String, Sendable, Codable, CaseIterable, Hashable {
    case draft = "brouillon"
    case published = "publie"
    case registrationOpen = "inscriptions-ouvertes"
    case registrationClosed = "inscriptions-closes"
    case past = "passe"

    public var label: String {
        switch self {
        case .draft: "Brouillon"
        case .published: "Publié"
        case .registrationOpen: "Inscriptions ouvertes"
        case .registrationClosed: "Inscriptions closes"
        case .past: "Passé"
        }
    }

    public var isPublic: Bool { self != .draft }
    public var acceptsRegistrations: Bool { self == .registrationOpen }
}

/// A registration's place for the event or for one session.
public enum SeatStatus: String, Sendable, Codable, CaseIterable, Hashable {
    /// Holds a seat.
    case confirmed = "confirme"
    /// In the waiting list, by order of arrival.
    case waiting = "attente"
    /// A seat freed up and is held for this person until the deadline.
    case offered = "propose"
    case cancelled = "annule"

    public var label: String {
        switch self {
        case .confirmed: "Inscrit"
        case .waiting: "Sur liste d'attente"
        case .offered: "Place proposée, à confirmer"
        case .cancelled: "Annulé"
        }
    }

    /// Whether this status counts against the capacity.
    public var holdsSeat: Bool { self == .confirmed || self == .offered }
}

/// Local date and time in Europe/Paris, written "2015-01-08T09:30" as stored.
public struct LocalDateTime: Sendable, Hashable, Comparable, Codable {
    public let year: Int, month: Int, day: Int, hour: Int, minute: Int

    public init?(_ text: String) {
        let parts = text.split(separator: "T")
        guard parts.count == 2, let date = CalendarDate.parse(String(parts[0])) else { return nil }
        let time = parts[1].split(separator: ":")
        guard time.count == 2,
            time.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
            let h = Int(time[0]), let m = Int(time[1]), (0...23).contains(h), (0...59).contains(m)
        else { return nil }
        (year, month, day, hour, minute) = (date.year, date.month, date.day, h, m)
    }

    public init(year: Int, month: Int, day: Int, hour: Int, minute: Int) {
        (self.year, self.month, self.day, self.hour, self.minute) = (year, month, day, hour, minute)
    }

    public var text: String { "\(date)T\(Self.two(hour)):\(Self.two(minute))" }
    public var date: String { "\(year)-\(Self.two(month))-\(Self.two(day))" }
    /// "9h30", "14h".
    public var frenchTime: String { minute == 0 ? "\(hour)h" : "\(hour)h\(Self.two(minute))" }
    /// "09:30".
    public var clock: String { "\(Self.two(hour)):\(Self.two(minute))" }
    /// iCalendar local form "20150108T093000".
    public var icsLocal: String { "\(year)\(Self.two(month))\(Self.two(day))T\(Self.two(hour))\(Self.two(minute))00" }
    var minutesOfDay: Int { hour * 60 + minute }

    public static func < (a: LocalDateTime, b: LocalDateTime) -> Bool {
        (a.year, a.month, a.day, a.hour, a.minute) < (b.year, b.month, b.day, b.hour, b.minute)
    }

    /// Minutes from `a` to `b` on the same day (the programme's sessions never cross midnight).
    public static func minutes(from a: LocalDateTime, to b: LocalDateTime) -> Int {
        a.date == b.date ? b.minutesOfDay - a.minutesOfDay : 0
    }

    public static func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
}

/// Parallel sessions side by side: the programme's rows, each a start time with the
/// sessions starting then (in room order).
public enum ProgrammeGrid {
    public static func rows<S>(_ sessions: [S], start: (S) -> LocalDateTime, room: (S) -> String) -> [(
        start: LocalDateTime, sessions: [S]
    )] {
        var groups: [LocalDateTime: [S]] = [:]
        for session in sessions { groups[start(session), default: []].append(session) }
        return groups.keys.sorted().map { key in (key, groups[key]!.sorted { room($0) < room($1) }) }
    }
}

/// How participants get their workshops.
public enum WorkshopMode: String, Sendable, Codable, CaseIterable, Hashable {
    /// Each participant takes a seat in a workshop of each slot, first come, first served.
    case firstCome = "libre"
    /// Participants rank the workshops of each slot until a deadline; the organiser runs the
    /// allocation (`WorkshopAllocation`) and publishes it.
    case ranked = "voeux"

    public var label: String {
        switch self {
        case .firstCome: "Libre choix, premier arrivé premier servi"
        case .ranked: "Vœux classés, répartition par l'équipe"
        }
    }
}

/// A participant's ranking of the workshops of each slot, as typed in the form.
public enum WorkshopRanking {
    /// `ranks`: session → rank typed (1 = first choice); `slots`: the sessions of each slot.
    /// In a slot, ranks run 1, 2, 3… without gaps or repeats. Returns the error messages
    /// (French, for the page), empty when the ranking is valid.
    public static func validate(_ ranks: [Int: Int], slots: [(label: String, sessions: [Int])]) -> [String] {
        var errors: [String] = []
        let known = Set(slots.flatMap(\.sessions))
        if ranks.keys.contains(where: { !known.contains($0) }) {
            errors.append("Un atelier choisi n'existe pas dans ce programme.")
        }
        for slot in slots {
            let given = slot.sessions.compactMap { ranks[$0] }.sorted()
            if given.contains(where: { $0 < 1 || $0 > slot.sessions.count }) {
                errors.append("\(slot.label) : les rangs vont de 1 à \(slot.sessions.count).")
            } else if !given.isEmpty && given != Array(1...given.count) {
                errors.append("\(slot.label) : chaque rang une seule fois, sans trou (1, 2, 3…).")
            }
        }
        return errors
    }

    /// Sessions of one workshop repeated in several slots: the same title, letter case,
    /// accents and spacing aside. Returns the group of each session (nil when not repeated).
    public static func repeatGroups(_ sessions: [(id: Int, title: String, slot: Int)]) -> [Int: Int] {
        var byTitle: [String: [(id: Int, slot: Int)]] = [:]
        for s in sessions { byTitle[TextNormalisation.fold(s.title), default: []].append((s.id, s.slot)) }
        var groups: [Int: Int] = [:]
        for (index, key) in byTitle.keys.sorted().enumerated() {
            let members = byTitle[key]!
            guard Set(members.map(\.slot)).count > 1 else { continue }
            for m in members { groups[m.id] = index }
        }
        return groups
    }
}

/// Whether an event has one-to-one meetings, and between whom.
public enum MeetingMode: String, Sendable, Codable, CaseIterable, Hashable {
    case none = "aucun"
    /// Associations meet companies (and only them): the scheduler's bound is exact.
    case bipartite = "bipartite"
    case open = "ouvert"

    public var label: String {
        switch self {
        case .none: "Pas de rendez-vous individuels"
        case .bipartite: "Associations ↔ entreprises uniquement"
        case .open: "Entre tous les participants"
        }
    }

    /// Whether two participants of these kinds may meet.
    public func allows(_ a: ActorKind?, _ b: ActorKind?) -> Bool {
        switch self {
        case .none: false
        case .open: true
        case .bipartite: (a == .association && b == .company) || (a == .company && b == .association)
        }
    }
}

extension LocalDateTime {
    /// The same day, `minutes` later (nil past midnight: meeting slots stay within a day).
    public func adding(minutes: Int) -> LocalDateTime? {
        let total = minutesOfDay + minutes
        guard total >= 0, total < 24 * 60 else { return nil }
        return LocalDateTime(year: year, month: month, day: day, hour: total / 60, minute: total % 60)
    }
}
