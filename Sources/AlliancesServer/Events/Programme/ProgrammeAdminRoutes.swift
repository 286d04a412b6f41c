import AlliancesCore
import Hummingbird
import SQLKit

/// Organisers' pages: create and edit an event, its sessions and their speakers. A
/// capacity is never set below the seats already taken; raising it offers the new seats
/// to the people waiting.
enum ProgrammeAdminRoutes {
    static func register(_ routes: RouteTable) {
        routes.get("/evenements/nouveau", newEvent)
        routes.post("/evenements/nouveau", createEvent)
        routes.get("/evenements/:event/modifier", editEvent)
        routes.post("/evenements/:event/modifier", updateEvent)
        routes.get("/evenements/:event/sessions/nouvelle", newSession)
        routes.post("/evenements/:event/sessions/nouvelle", createSession)
        routes.get("/evenements/:event/sessions/:id/modifier", editSession)
        routes.post("/evenements/:event/sessions/:id/modifier", updateSession)
        routes.post("/evenements/:event/sessions/:id/supprimer", deleteSession)
    }

    static func newEvent(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        try await eventForm(context, services, existing: nil, input: nil, errors: .init(), status: .ok)
    }

    static func createEvent(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        try await saveEvent(context, services, existing: nil)
    }

    static func editEvent(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let loaded = try await EventAccess.organiserOnly(context, services)
        return try await eventForm(
            context, services, existing: loaded.event, input: nil, errors: .init(), status: .ok)
    }

    static func updateEvent(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let loaded = try await EventAccess.organiserOnly(context, services)
        return try await saveEvent(context, services, existing: loaded.event)
    }

    static func newSession(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let loaded = try await EventAccess.organiserOnly(context, services)
        return sessionForm(
            context, services, loaded, sessionID: nil,
            input: SessionInput(startsAt: loaded.event.startsAt.text, endsAt: loaded.event.startsAt.text),
            errors: .init())
    }

    static func createSession(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response
    {
        try await saveSession(context, services, sessionID: nil)
    }

    static func editSession(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let loaded = try await EventAccess.organiserOnly(context, services)
        let id = try services.id("id", context)
        guard let session = loaded.sessions.first(where: { $0.id == id }) else {
            throw AppError.notFound("Cette session n'existe pas.")
        }
        let speakers = loaded.speakers.filter { $0.sessionID == id }.map {
            [
                $0.speaker.name, $0.speaker.role ?? "", $0.speaker.organisationName ?? "", $0.role,
                $0.speaker.bio ?? ""
            ].joined(separator: " | ")
        }.joined(separator: "\n")
        let input = SessionInput(
            kind: session.kind.rawValue, title: session.title, startsAt: session.startsAt.text,
            endsAt: session.endsAt.text,
            room: session.room, track: session.track, capacity: session.capacity.map(String.init),
            description: session.description,
            questions: session.questions.joined(separator: "\n"), speakers: speakers)
        return sessionForm(context, services, loaded, sessionID: id, input: input, errors: .init())
    }

    static func updateSession(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response
    {
        try await saveSession(context, services, sessionID: try services.id("id", context))
    }

    static func deleteSession(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response
    {
        let loaded = try await EventAccess.organiserOnly(context, services)
        try await services.programme.deleteSession(loaded, id: try services.id("id", context))
        return redirect(to: "/evenements/\(loaded.event.slug)")
    }

    /// The labs where the viewer may organise: every lab and the network for an admin; their lab for a facilitator.
    static func labChoices(_ viewer: Viewer, _ services: Services) async throws -> [(value: String, label: String)] {
        let labs = try await services.database.withConnection { db in try await services.labs.all(on: db) }
        if viewer.role == .admin {
            return [(value: "", label: "Le réseau (événement national)")]
                + labs.map { (value: String($0.id), label: $0.name) }
        }
        return labs.filter { Permissions.isFacilitator(viewer, ofLab: $0.id) }.map {
            (value: String($0.id), label: $0.name)
        }
    }

    static func eventForm(
        _ context: AppContext, _ services: Services, existing: RencontreEvent?, input: EventInput?,
        errors: ValidationErrors, status: HTTPResponse.Status, lab: String? = nil
    ) async throws -> Response {
        guard let viewer = context.viewer else { throw AppError.loginRequired }
        let labs = try await labChoices(viewer, services)
        guard !labs.isEmpty else { throw AppError.forbidden }
        let e = existing
        let value =
            input
            ?? EventInput(
                title: e?.title, slug: e?.slug, acronym: e?.acronym, description: e?.description,
                startsAt: e?.startsAt.text,
                endsAt: e?.endsAt.text, venue: e?.venue, address: e?.address, organisers: e?.organisers,
                status: e?.status.rawValue,
                capacity: e?.capacity.map(String.init), offerHours: e.map { String($0.offerHours) } ?? "48")
        let action = e.map { "/evenements/\($0.slug)/modifier" } ?? "/evenements/nouveau"
        let statuses = EventStatus.allCases.map { (value: $0.rawValue, label: $0.label) }
        let chosenLab = lab ?? e.map { $0.labID.map(String.init) ?? "" }
        let body: HTML = """
            <h1>\(e == nil ? "Créer une rencontre" : "Modifier la rencontre")</h1>
            \(FormFields.errorSummary(errors))
            <form method="post" action="\(action)" novalidate>
            \(csrfField(context.csrfToken))
            \(FormFields.select("lab", "Organisé pour", options: labs, selected: chosenLab, errors: errors, emptyLabel: nil))
            \(FormFields.text("title", "Titre", value: value.title, errors: errors, required: true, maxLength: 200))
            \(FormFields.text("slug", "Adresse courte", value: value.slug, errors: errors, hint: "Lettres, chiffres et tirets ; déduite du titre si vide.", maxLength: 80))
            \(FormFields.text("acronym", "Sigle", value: value.acronym, errors: errors, maxLength: 40))
            \(FormFields.text("startsAt", "Début", value: value.startsAt, errors: errors, type: "datetime-local", required: true, hint: "Heure de Paris."))
            \(FormFields.text("endsAt", "Fin", value: value.endsAt, errors: errors, type: "datetime-local", required: true))
            \(FormFields.text("venue", "Lieu", value: value.venue, errors: errors, maxLength: 200))
            \(FormFields.text("address", "Adresse", value: value.address, errors: errors, maxLength: 300))
            \(FormFields.text("organisers", "Organisateurs", value: value.organisers, errors: errors, maxLength: 300))
            \(FormFields.textarea("description", "Présentation", value: value.description, errors: errors))
            \(FormFields.text("capacity", "Nombre de places", value: value.capacity, errors: errors, type: "number", hint: "Vide : sans limite. Jamais moins que les places déjà prises.", maxLength: 6))
            \(FormFields.text("offerHours", "Délai pour confirmer une place proposée (heures)", value: value.offerHours, errors: errors, type: "number", maxLength: 3))
            \(FormFields.select("status", "Statut", options: statuses, selected: value.status ?? EventStatus.draft.rawValue, errors: errors, emptyLabel: nil))
            <div class="actions"><button type="submit">Enregistrer</button><a href="\(e.map { "/evenements/\($0.slug)" } ?? "/evenements")">Annuler</a></div>
            </form>
            """
        return services.layout.response(
            status: status,
            page: PageContext(
                title: e == nil ? "Créer une rencontre" : "Modifier", context: context, section: "events"), body: body)
    }

    static func saveEvent(_ context: AppContext, _ services: Services, existing: RencontreEvent?) async throws
        -> Response
    {
        guard let viewer = context.viewer else { throw AppError.loginRequired }
        let form = context.form
        let input = EventInput(
            title: form["title"], slug: form["slug"], acronym: form["acronym"], description: form["description"],
            startsAt: form["startsAt"],
            endsAt: form["endsAt"], venue: form["venue"], address: form["address"], organisers: form["organisers"],
            status: form["status"],
            capacity: form["capacity"], offerHours: form["offerHours"])
        let labText = TextRules.clean(form["lab"])
        // A lab's id, or nothing for the network (administrators only); anything else is
        // a lab the viewer does not run.
        guard labText == nil || Int(labText ?? "") != nil else { throw AppError.forbidden }
        let errors: ValidationErrors
        switch try await services.programme.saveEvent(
            viewer, input: input, labID: labText.flatMap { Int($0) }, existing: existing)
        {
        case .success(let saved): return redirect(to: "/evenements/\(saved.slug)")
        case .failure(let found): errors = found
        }
        return try await eventForm(
            context, services, existing: existing, input: input, errors: errors, status: .unprocessableContent,
            lab: labText ?? "")
    }

    static func sessionForm(
        _ context: AppContext, _ services: Services, _ loaded: Loaded, sessionID: Int?, input: SessionInput,
        errors: ValidationErrors,
        status: HTTPResponse.Status = .ok
    ) -> Response {
        let e = loaded.event
        let kinds = SessionKind.allCases.map { (value: $0.rawValue, label: $0.label) }
        let action = "/evenements/\(e.slug)/sessions/" + (sessionID.map { "\($0)/modifier" } ?? "nouvelle")
        let delete: HTML =
            sessionID.map { id in
                "<form method=\"post\" action=\"/evenements/\(e.slug)/sessions/\(id)/supprimer\">\(csrfField(context.csrfToken))<button type=\"submit\" class=\"danger\">Supprimer la session</button></form>"
            } ?? .empty
        let body: HTML = """
            <p><a href="/evenements/\(e.slug)">← \(e.title)</a></p>
            <h1>\(sessionID == nil ? "Ajouter une session" : "Modifier la session")</h1>
            \(FormFields.errorSummary(errors))
            <form method="post" action="\(action)" novalidate>
            \(csrfField(context.csrfToken))
            \(FormFields.select("kind", "Type", options: kinds, selected: input.kind ?? SessionKind.other.rawValue, errors: errors, emptyLabel: nil))
            \(FormFields.text("title", "Titre", value: input.title, errors: errors, required: true, maxLength: 300))
            \(FormFields.text("startsAt", "Début", value: input.startsAt, errors: errors, type: "datetime-local", required: true))
            \(FormFields.text("endsAt", "Fin", value: input.endsAt, errors: errors, type: "datetime-local", required: true))
            \(FormFields.text("room", "Salle", value: input.room, errors: errors, hint: "Les sessions qui commencent à la même heure dans des salles différentes sont présentées côte à côte.", maxLength: 100))
            \(FormFields.text("track", "Parcours", value: input.track, errors: errors, maxLength: 200))
            \(FormFields.text("capacity", "Places (ateliers)", value: input.capacity, errors: errors, type: "number", hint: "Vide pour une plénière ouverte à tous les inscrits.", maxLength: 6))
            \(FormFields.textarea("description", "Description", value: input.description, errors: errors))
            \(FormFields.textarea("questions", "Questions traitées (une par ligne)", value: input.questions, errors: errors))
            \(FormFields.textarea("speakers", "Intervenants (un par ligne)", value: input.speakers, errors: errors, hint: "Nom | fonction | organisation | rôle (intervenant, animatrice, grand témoin…) | courte biographie."))
            <div class="actions"><button type="submit">Enregistrer</button><a href="/evenements/\(e.slug)">Annuler</a></div>
            </form>
            \(delete)
            """
        return services.layout.response(
            status: status, page: PageContext(title: "Session", context: context, section: "events"), body: body)
    }

    static func saveSession(_ context: AppContext, _ services: Services, sessionID: Int?) async throws -> Response {
        let loaded = try await EventAccess.organiserOnly(context, services)
        let form = context.form
        let input = SessionInput(
            kind: form["kind"], title: form["title"], startsAt: form["startsAt"], endsAt: form["endsAt"],
            room: form["room"],
            track: form["track"], capacity: form["capacity"], description: form["description"],
            questions: form["questions"],
            speakers: form["speakers"])
        switch try await services.programme.saveSession(loaded, sessionID: sessionID, input: input) {
        case .success: return redirect(to: "/evenements/\(loaded.event.slug)")
        case .failure(let errors):
            return sessionForm(
                context, services, loaded, sessionID: sessionID, input: input, errors: errors,
                status: .unprocessableContent)
        }
    }
}
