import AlliancesCore
import Foundation

/// The frab / pretalx schedule format, as read by conference apps.
struct FrabSchedule: Encodable {
    struct Schedule: Encodable {
        let version: String
        let conference: Conference
    }
    struct Conference: Encodable {
        let acronym: String
        let title: String
        let start: String
        let end: String
        let daysCount: Int
        let timeslot_duration: String
        let time_zone_name: String
        let rooms: [Room]
        let days: [Day]
    }
    /// A room, with the stable `guid` the c3voc schedule schema asks for.
    struct Room: Encodable {
        let name: String
        let guid: String
    }
    struct Day: Encodable {
        let index: Int
        let date: String
        let day_start: String
        let day_end: String
        let rooms: [String: [Talk]]
    }
    struct Person: Encodable {
        let id: Int
        let public_name: String
    }
    struct Talk: Encodable {
        let id: Int
        let guid: String
        let date: String
        let start: String
        let duration: String
        let room: String
        let slug: String
        let title: String
        let subtitle: String
        let track: String
        let type: String
        let language: String
        let abstract: String
        let description: String
        let persons: [Person]
        let links: [String]
        let url: String
    }

    let schedule: Schedule

    init(_ l: Loaded, base: String) {
        let e = l.event
        let offset = Paris.offset(e.startsAt)
        let dates = Array(Set(l.sessions.map(\.startsAt.date))).sorted()
        let roomNames = Array(Set(l.sessions.map { $0.room ?? "Plénière" })).sorted()
        let days: [Day] = dates.enumerated().map { index, date in
            let sessions = l.sessions.filter { $0.startsAt.date == date }
            var rooms: [String: [Talk]] = [:]
            for s in sessions {
                let minutes = LocalDateTime.minutes(from: s.startsAt, to: s.endsAt)
                let persons = l.speakers.filter { $0.sessionID == s.id }.map {
                    Person(id: $0.speaker.id, public_name: $0.speaker.name)
                }
                rooms[s.room ?? "Plénière", default: []].append(
                    Talk(
                        id: s.id, guid: Self.guid(e.slug, s.id),
                        date: "\(s.startsAt.date)T\(s.startsAt.clock):00\(Paris.offset(s.startsAt))",
                        start: s.startsAt.clock,
                        duration: "\(LocalDateTime.two(minutes / 60)):\(LocalDateTime.two(minutes % 60))",
                        room: s.room ?? "Plénière", slug: "\(e.slug)-\(s.id)", title: s.title, subtitle: s.kind.label,
                        track: s.track ?? "Plénière",
                        type: s.kind.rawValue, language: "fr", abstract: s.questions.joined(separator: " "),
                        description: s.description ?? "",
                        persons: persons, links: [], url: "\(base)/evenements/\(e.slug)/sessions/\(s.id)"))
            }
            let first = sessions.map(\.startsAt).min() ?? e.startsAt
            let last = sessions.map(\.endsAt).max() ?? e.endsAt
            return Day(
                index: index + 1, date: date, day_start: "\(date)T\(first.clock):00\(offset)",
                day_end: "\(date)T\(last.clock):00\(offset)", rooms: rooms)
        }
        schedule = Schedule(
            version: "1",
            conference: Conference(
                acronym: e.acronym ?? e.slug, title: e.title, start: e.startsAt.date, end: e.endsAt.date,
                daysCount: max(1, days.count),
                timeslot_duration: "00:15", time_zone_name: "Europe/Paris",
                rooms: roomNames.map { Room(name: $0, guid: Self.guid("\(e.slug)/salle/\($0)")) },
                days: days)
        )
    }

    /// A stable UUID-shaped identifier from the event and session (version 8, name-based).
    static func guid(_ slug: String, _ id: Int) -> String { guid("\(slug)/\(id)") }

    /// The same from any name (a room: `slug/salle/name`).
    static func guid(_ name: String) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in name.utf8 { h = (h ^ UInt64(byte)) &* 0x100_0000_01b3 }
        var g: UInt64 = h ^ 0x9E37_79B9_7F4A_7C15
        g = (g ^ (g >> 31)) &* 0xBF58_476D_1CE4_E5B9
        let hex = String(format: "%016llx%016llx", h, g)
        let chars = Array(hex)
        return
            "\(String(chars[0..<8]))-\(String(chars[8..<12]))-8\(String(chars[13..<16]))-a\(String(chars[17..<20]))-\(String(chars[20..<32]))"
    }
}

extension FrabSchedule {
    /// The same schedule as frab's `schedule.xml`.
    var xml: String {
        func esc(_ text: String) -> String {
            var out = ""
            for ch in text {
                switch ch {
                case "&": out += "&amp;"
                case "<": out += "&lt;"
                case ">": out += "&gt;"
                case "\"": out += "&quot;"
                case "'": out += "&apos;"
                default: out.append(ch)
                }
            }
            return out
        }
        let c = schedule.conference
        var lines = [
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>", "<schedule>", "  <version>\(esc(schedule.version))</version>",
            "  <conference>", "    <acronym>\(esc(c.acronym))</acronym>", "    <title>\(esc(c.title))</title>",
            "    <start>\(c.start)</start>",
            "    <end>\(c.end)</end>", "    <days>\(c.daysCount)</days>",
            "    <timeslot_duration>\(c.timeslot_duration)</timeslot_duration>",
            "    <time_zone_name>\(c.time_zone_name)</time_zone_name>", "  </conference>"
        ]
        for day in c.days {
            lines.append(
                "  <day index=\"\(day.index)\" date=\"\(day.date)\" start=\"\(day.day_start)\" end=\"\(day.day_end)\">")
            for room in day.rooms.keys.sorted() {
                lines.append(
                    "    <room name=\"\(esc(room))\" guid=\"\(c.rooms.first { $0.name == room }?.guid ?? "")\">")
                for t in day.rooms[room] ?? [] {
                    lines.append("      <event guid=\"\(t.guid)\" id=\"\(t.id)\">")
                    for (tag, value) in [
                        ("date", t.date), ("start", t.start), ("duration", t.duration), ("room", t.room),
                        ("slug", t.slug), ("url", t.url),
                        ("title", t.title), ("subtitle", t.subtitle), ("track", t.track), ("type", t.type),
                        ("language", t.language),
                        ("abstract", t.abstract), ("description", t.description)
                    ] {
                        lines.append("        <\(tag)>\(esc(value))</\(tag)>")
                    }
                    lines.append(
                        "        <persons>"
                            + t.persons.map { "<person id=\"\($0.id)\">\(esc($0.public_name))</person>" }.joined()
                            + "</persons>")
                    lines.append("        <links></links>")
                    lines.append("      </event>")
                }
                lines.append("    </room>")
            }
            lines.append("  </day>")
        }
        lines.append("</schedule>")
        return lines.joined(separator: "\n") + "\n"
    }
}
