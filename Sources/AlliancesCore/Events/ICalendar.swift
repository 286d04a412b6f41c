/// An iCalendar (RFC 5545) writer: text escaping, line folding at 75 octets without
/// splitting a UTF-8 character, CRLF line ends, and the Europe/Paris time zone with its
/// daylight-saving rules, so calendar clients show the programme's local times.
///
/// Written here because no Swift package on this machine writes iCalendar; the output is
/// checked by a test and, in CI, parsed by the `icalendar` Python library.
public struct ICalendar: Sendable {
    public struct Event: Sendable {
        public var uid: String
        public var start: LocalDateTime
        public var end: LocalDateTime
        public var summary: String
        public var description: String
        public var location: String
        public var url: String?
        public init(
            uid: String, start: LocalDateTime, end: LocalDateTime, summary: String, description: String,
            location: String, url: String?
        ) {
            self.uid = uid
            self.start = start
            self.end = end
            self.summary = summary
            self.description = description
            self.location = location
            self.url = url
        }
    }

    public var name: String
    public var events: [Event]
    /// UTC time stamp "20261127T101500Z" for DTSTAMP.
    public var stamp: String

    public init(name: String, events: [Event], stamp: String) {
        self.name = name
        self.events = events
        self.stamp = stamp
    }

    static let parisTimeZone = [
        "BEGIN:VTIMEZONE", "TZID:Europe/Paris",
        "BEGIN:DAYLIGHT", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0200", "TZNAME:CEST", "DTSTART:19810329T020000",
        "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", "END:DAYLIGHT",
        "BEGIN:STANDARD", "TZOFFSETFROM:+0200", "TZOFFSETTO:+0100", "TZNAME:CET", "DTSTART:19961027T030000",
        "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU", "END:STANDARD",
        "END:VTIMEZONE"
    ]

    public var text: String {
        var lines = [
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Alliances//Rencontres//FR", "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            "X-WR-CALNAME:" + Self.escape(name), "X-WR-TIMEZONE:Europe/Paris"
        ]
        lines += Self.parisTimeZone
        for event in events {
            lines += [
                "BEGIN:VEVENT", "UID:" + Self.escape(event.uid), "DTSTAMP:" + stamp,
                "DTSTART;TZID=Europe/Paris:" + event.start.icsLocal, "DTEND;TZID=Europe/Paris:" + event.end.icsLocal,
                "SUMMARY:" + Self.escape(event.summary)
            ]
            // Calendar clients ignore URL: the link goes in the description too.
            let description = [event.description, event.url].compactMap { $0 }.filter { !$0.isEmpty }.joined(
                separator: "\n\n")
            if !description.isEmpty { lines.append("DESCRIPTION:" + Self.escape(description)) }
            if !event.location.isEmpty { lines.append("LOCATION:" + Self.escape(event.location)) }
            if let url = event.url { lines.append("URL:" + url) }
            lines.append("END:VEVENT")
        }
        lines.append("END:VCALENDAR")
        return lines.map(Self.fold).joined(separator: "\r\n") + "\r\n"
    }

    /// TEXT escaping: backslash, semicolon, comma, newline.
    public static func escape(_ text: String) -> String {
        var out = ""
        for ch in text {
            switch ch {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\n", "\r\n": out += "\\n"
            case "\r": continue
            default: out.append(ch)
            }
        }
        return out
    }

    /// Folds a content line into 75-octet pieces, continuation lines starting with a space.
    public static func fold(_ line: String) -> String {
        var pieces: [String] = []
        var current = ""
        var octets = 0
        for ch in line {
            let size = String(ch).utf8.count
            let limit = pieces.isEmpty ? 75 : 74
            if octets + size > limit {
                pieces.append(current)
                current = ""
                octets = 0
            }
            current.append(ch)
            octets += size
        }
        pieces.append(current)
        return pieces.enumerated().map { $0.offset == 0 ? $0.element : " " + $0.element }.joined(separator: "\r\n")
    }
}
