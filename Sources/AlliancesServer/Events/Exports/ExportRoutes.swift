import AlliancesCore
import Foundation
import Hummingbird

/// What leaves the platform as files: the programme and a participant's own agenda in
/// iCalendar, the frab / pretalx schedule (JSON and XML) read by conference apps, and the
/// registrations for French Excel.
enum ExportRoutes {
    static func register(_ routes: RouteTable) {
        routes.get("/evenements/:event/programme.ics", programmeCalendar)
        routes.get("/evenements/:event/inscription/:token/agenda.ics", personalCalendar)
        routes.get("/evenements/:event/schedule.json", scheduleJSON)
        routes.get("/evenements/:event/schedule.xml", scheduleXML)
        routes.get("/evenements/:event/inscrits.csv", registrationsCSV)
        routes.get("/evenements/:event/exports", page)
    }

    /// The list of every export of the event, from the page cache for visitors.
    static func page(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        // The synthesis's visibility changes the event's version, which keys the cache.
        let header = try await EventAccess.load(context, services, details: false)
        let visibility = try await EventAccess.synthesisVisibility(header.event, services)
        let synthesis = EventPermissions.canSeeSynthesis(
            context.viewer, eventLabID: header.event.labID, visibility: visibility)
        return try await ProgrammeRoutes.cached(request, context, services) { loaded in
            (
                "Exports · \(loaded.event.title)",
                ExportPages.render(
                    loaded.event, canOrganise: EventAccess.canOrganise(context.viewer, loaded.event),
                    synthesis: synthesis)
            )
        }
    }

    static func programmeCalendar(_ request: Request, _ context: AppContext, _ services: Services) async throws
        -> Response
    {
        try await calendar(context, services, token: nil)
    }

    static func personalCalendar(_ request: Request, _ context: AppContext, _ services: Services) async throws
        -> Response
    {
        try await calendar(context, services, token: try context.parameters.require("token"))
    }

    static func stamp() -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return formatter.string(from: Date())
    }

    /// The whole programme, or (with a registration token) the person's own sessions.
    static func calendar(_ context: AppContext, _ services: Services, token: String?) async throws -> Response {
        let loaded = try await EventAccess.load(context, services)
        var sessions = loaded.sessions
        var name = loaded.event.title
        var registration: Registration?
        if let token {
            guard let found = try await services.registrations.find(token: token, event: loaded.event),
                found.status != .cancelled
            else {
                throw AppError.notFound("Ce lien d'inscription n'est pas valable.")
            }
            registration = found
            let mine = Set(
                try await services.registrations.seats(registrationID: found.id).filter { $0.status.holdsSeat }.map(
                    \.sessionID))
            // Plenary sessions (no capacity) are for everyone; workshops only when chosen.
            sessions = sessions.filter { $0.capacity == nil || mine.contains($0.id) }
            name = "\(loaded.event.title) — mon programme"
        }
        let base = services.configuration.publicURL
        let location = [loaded.event.venue, loaded.event.address].compactMap { $0 }.joined(separator: ", ")
        var entries = sessions.map { s in
            let url = "\(base)/evenements/\(loaded.event.slug)/sessions/\(s.id)"
            let people = loaded.speakers.filter { $0.sessionID == s.id }.map {
                "\($0.speaker.name)\($0.speaker.organisationName.map { " (\($0))" } ?? "")"
            }
            let description = [s.description, people.isEmpty ? nil : "Avec : " + people.joined(separator: ", ")]
                .compactMap { $0 }.joined(separator: "\n")
            return ICalendar.Event(
                uid: "session-\(s.id)@\(loaded.event.slug).alliances", start: s.startsAt, end: s.endsAt,
                summary: s.title,
                description: description,
                location: [s.room, location].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ", "), url: url)
        }
        // Announced one-to-one meetings, with their table.
        if let token, let registration {
            let settings = try await services.meetings.settings(eventID: loaded.event.id)
            for r in try await services.meetings.requests(registrationID: registration.id)
            where r.status == .accepted && r.announced {
                guard let (start, end) = r.slot.flatMap(settings.times) else { continue }
                let other = r.requester.id == registration.id ? r.invitee : r.requester
                entries.append(
                    ICalendar.Event(
                        uid: "rendez-vous-\(r.id)@\(loaded.event.slug).alliances", start: start, end: end,
                        summary: "Rendez-vous avec \(other.name)\(other.organisation.map { " (\($0))" } ?? "")",
                        description: "Table \(r.table ?? 0)",
                        location: ["Table \(r.table ?? 0)", location].filter { !$0.isEmpty }.joined(separator: ", "),
                        url: "\(base)/evenements/\(loaded.event.slug)/inscription/\(token)/rendez-vous"))
            }
        }
        return calendarResponse(name, entries, file: loaded.event.slug)
    }

    /// A CSV document (`CSVWriter`) as an attachment named `filename`; like every answer
    /// that does not say otherwise, kept by no cache (`SecurityHeadersMiddleware`).
    static func csvResponse(_ text: String, filename: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/csv; charset=utf-8"
        headers[.contentDisposition] = "attachment; filename=\"\(filename)\""
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// An iCalendar file as an attachment (`file`.ics), stamped now. `personal`: a feed of
    /// one person's or owner's own, kept out of shared caches.
    static func calendarResponse(_ name: String, _ events: [ICalendar.Event], file: String, personal: Bool = false)
        -> Response
    {
        var headers = HTTPFields()
        headers[.contentType] = "text/calendar; charset=utf-8"
        headers[.contentDisposition] = "attachment; filename=\"\(file).ics\""
        if personal { headers[.cacheControl] = "private, no-store" }
        let text = ICalendar(name: name, events: events, stamp: stamp()).text
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// The frab / pretalx `schedule.json` read by conference apps.
    static func scheduleJSON(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let loaded = try await EventAccess.load(context, services)
        return JSONResponse.make(FrabSchedule(loaded, base: services.configuration.publicURL))
    }

    /// The same schedule as frab's `schedule.xml`.
    static func scheduleXML(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let loaded = try await EventAccess.load(context, services)
        var headers = HTTPFields()
        headers[.contentType] = "application/xml; charset=utf-8"
        let xml = FrabSchedule(loaded, base: services.configuration.publicURL).xml
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: xml)))
    }

    /// Registrations and attendance for French Excel (UTF-8 BOM, `;`).
    static func registrationsCSV(_ request: Request, _ context: AppContext, _ services: Services) async throws
        -> Response
    {
        let loaded = try await EventAccess.organiserOnly(context, services)
        let list = try await services.registrations.list(eventID: loaded.event.id)
        try await services.database.write { db in
            try await AuditLog.record(
                .registrationsExported, by: context.viewer?.userID, lab: loaded.event.labID,
                target: "event:\(loaded.event.id) (\(list.count) inscriptions)", address: context.remoteAddress, on: db)
        }
        let titles = Dictionary(uniqueKeysWithValues: loaded.sessions.map { ($0.id, $0.title) })
        var rows: [[String]] = []
        for r in list {
            let seats = try await services.registrations.seats(registrationID: r.id).filter { $0.status.holdsSeat }
                .compactMap { titles[$0.sessionID] }
            rows.append([
                r.name, r.email, r.organisationName ?? "", r.actorKind?.label ?? "",
                ReferenceGeography.regions.first { $0.code == r.regionCode }?.name ?? "",
                r.dietary ?? "", r.listed ? "oui" : "non", r.status.label, frenchDate(r.createdAt),
                seats.joined(separator: " | "),
                r.checkedInAt.map { _ in "oui" } ?? "non"
            ])
        }
        let csv = CSVWriter.document(
            header: [
                "Nom", "E-mail", "Organisation", "Type d'acteur", "Région", "Régime alimentaire",
                "Dans la liste des participants",
                "Statut", "Inscrit le", "Ateliers", "Présent"
            ], rows: rows)
        return csvResponse(csv, filename: "inscriptions-\(loaded.event.slug).csv")
    }
}
