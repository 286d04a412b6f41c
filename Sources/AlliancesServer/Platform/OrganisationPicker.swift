import AlliancesCore
import Foundation
import Hummingbird

/// Choosing an organisation among a lab's, however many it holds: the field takes a name
/// (or a number), searched with the lab's own search as the person types (`/static/picker.js`
/// fills the field's list from `…/organisations/suggestions`), and without JavaScript on
/// submit: one match is taken, several come back as the field's list to pick from, with a
/// French message. A pick reads "Name — Association · Commune (n° 12)"; the number decides.
enum OrganisationPicker {
    /// What the field needs to show: where to ask for suggestions, and those already known.
    struct Field: Sendable {
        let source: String
        var suggestions: [String] = []
    }

    static let limit = 8

    static func field(_ lab: LabSummary, suggestions: [String] = []) -> Field {
        Field(source: "/labs/\(lab.slug)/organisations/suggestions", suggestions: suggestions)
    }

    /// A list of the lab's organisations when it has few (`OrganisationStore.choices`: up
    /// to 500), the picker otherwise.
    static func choice(
        _ name: String, _ label: String, options: [(value: String, label: String)], selected: String?,
        errors: ValidationErrors, lab: LabSummary, hint: String? = nil, required: Bool = false
    ) -> HTML {
        guard options.isEmpty else {
            return FormFields.select(
                name, label, options: options, selected: selected, errors: errors, required: required, hint: hint)
        }
        return FormFields.text(
            name, label, value: selected, errors: errors, required: required,
            hint: [hint, "Tapez une partie de son nom et choisissez-la dans la liste, ou saisissez son numéro."]
                .compactMap { $0 }.joined(separator: " "),
            maxLength: 200, picker: field(lab))
    }

    /// The lab's organisations this viewer may find whose names match the words, best first.
    static func candidates(_ words: String, lab: Lab, viewer: Viewer?, services: Services) async throws
        -> [(id: Int, name: String, label: String, score: Double)]
    {
        var query = SearchQuery()
        query.text = words
        query.kind = .organisation
        query.status = .active
        query.pageSize = limit
        return try await services.search.search(query, lab: lab, viewer: viewer).results.hits.map {
            (
                $0.document.id, $0.document.title,
                OrganisationReference.label(id: $0.document.id, name: $0.document.title, commune: $0.document.subtitle),
                $0.score
            )
        }
    }

    /// Replaces, in the posted form, each of these fields' values (a name, a pick or a
    /// number) by the organisation's number when one is meant; when it is not clear, keeps
    /// what was typed and says why, with the candidates for the field's list.
    static func resolve(
        _ names: [String], in context: AppContext, lab: Lab, services: Services
    ) async throws -> (context: AppContext, errors: ValidationErrors, fields: [String: Field]) {
        var context = context
        var errors = ValidationErrors()
        var fields: [String: Field] = [:]
        for name in names {
            var values: [String] = []
            for value in context.form.all(name) {
                switch OrganisationReference(value) {
                case .empty: values.append("")
                case .id(let id): values.append(String(id))
                case .words(let words):
                    let found = try await candidates(words, lab: lab, viewer: context.viewer, services: services)
                    let exact = found.filter { TextNormalisation.fold($0.name) == TextNormalisation.fold(words) }
                    if let only = exact.count == 1 ? exact[0] : (found.count == 1 ? found[0] : nil) {
                        values.append(String(only.id))
                        continue
                    }
                    values.append(value)
                    fields[name] = field(lab.summary, suggestions: found.map(\.label))
                    errors.add(
                        name,
                        found.isEmpty
                            ? "Aucune organisation du labo ne correspond à « \(words.prefix(80)) » : vérifiez l'orthographe ou saisissez son numéro."
                            : "Plusieurs organisations correspondent à « \(words.prefix(80)) » : \(found.map(\.label).joined(separator: " ; ")). Choisissez-en une dans la liste du champ ou saisissez son numéro."
                    )
                }
            }
            context.form.replace(name, with: values)
        }
        return (context, errors, fields)
    }

    /// The `party` rows of a partnership's or a sheet's form (see `FormFields.partyRows`),
    /// resolved as above; a message is given to the form's `parties` field.
    static func parties(in context: AppContext, lab: Lab, services: Services) async throws
        -> (form: FormData, errors: ValidationErrors)
    {
        let resolved = try await resolve(["party"], in: context, lab: lab, services: services)
        return (
            resolved.context.form,
            ValidationErrors(resolved.errors.errors.map { FieldError(field: "parties", message: $0.message) })
        )
    }

    /// `GET /evenements/{event}/organisations?q=…`: names (registrations take a name, not a
    /// number) from the event's lab, or from every lab for a network event, as this viewer
    /// may see them; up to eight.
    static func eventNames(_ request: Request, _ context: AppContext, _ services: Services) async throws
        -> Response
    {
        let loaded = try await EventAccess.load(context, services, details: false)
        let words = TextRules.clean(request.uri.queryParameters.get("q")) ?? ""
        var names: [String] = []
        if words.count >= 2 {
            let labs = try await services.database.withConnection { db -> [Lab] in
                guard let labID = loaded.event.labID else { return try await services.labs.all(on: db) }
                return try await services.labs.find(id: labID, on: db).map { [$0] } ?? []
            }
            // Each lab's best, merged by their scores (the same ranking in every lab).
            var found: [(name: String, score: Double)] = []
            for lab in labs {
                found += try await candidates(words, lab: lab, viewer: context.viewer, services: services).map {
                    ($0.name, $0.score)
                }
            }
            for candidate in found.sorted(by: { $0.score > $1.score }) where !names.contains(candidate.name) {
                names.append(candidate.name)
                if names.count == limit { break }
            }
        }
        return JSONResponse.make(names)
    }

    /// `GET /labs/{lab}/organisations/suggestions?q=…`: up to eight picks, as JSON strings.
    static func suggestionsRoute(_ request: Request, _ context: AppContext, _ services: Services) async throws
        -> Response
    {
        let words = TextRules.clean(request.uri.queryParameters.get("q")) ?? ""
        let lab = try await services.database.withConnection { db in try await services.lab(context, on: db) }
        let found =
            words.count < 2
            ? [] : try await candidates(words, lab: lab, viewer: context.viewer, services: services).map(\.label)
        return JSONResponse.make(found)
    }
}
