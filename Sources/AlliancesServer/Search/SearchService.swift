import AlliancesCore
import NIOConcurrencyHelpers
import NIOCore
import SQLKit

/// The lab's search index: built from the database once per lab data version (see
/// `LabVersionCache`) and queried in memory, so both engines give the same results.
struct SearchService: Sendable {
    let database: Database
    let cache = LabVersionCache<SearchIndex>(job: "search-index")
    /// Bounded by bytes as well as entries: a hit costs its slot and its share of the
    /// document (strings are shared with the index), about 256 bytes.
    let results = BoundedCache<SearchResults>(maxBytes: 64 * 1024 * 1024) { $0.hits.count * 256 + 1024 }
    /// Encoded API answers, under the same keys.
    let bodies = BoundedCache<ByteBuffer>(maxBytes: 64 * 1024 * 1024) { $0.readableBytes }

    static func key(labID: Int, version: Int, audience: SearchDocument.Audience, query q: SearchQuery) -> String {
        [
            String(labID), String(version), String(audience.rawValue), SearchQuery.normalForm(q.text),
            q.kind?.rawValue ?? "", q.actorKind?.rawValue ?? "",
            q.sizeClass?.rawValue ?? "", q.theme?.rawValue ?? "", q.departement ?? "",
            q.ess.map { $0 ? "1" : "0" } ?? "", q.status.rawValue,
            q.near.map { "\($0.latitude),\($0.longitude)" } ?? "", q.radiusKm.map { String($0) } ?? "", q.sort.rawValue,
            String(q.page), String(q.pageSize)
        ].joined(separator: "\u{1F}")
    }

    /// Runs a query on the lab's index (through the results cache); also returns the
    /// cache key, for callers that cache what they derive from the results.
    func search(_ query: SearchQuery, lab: Lab, viewer: Viewer?) async throws -> (results: SearchResults, key: String) {
        let index = try await index(lab)
        let audience = Self.audience(viewer, labID: lab.id)
        // The key names the version the index was built for, so a stale index served during
        // a rebuild never fills the cache under the new version.
        let key = Self.key(labID: lab.id, version: index.version, audience: audience, query: query)
        return (results.value(key) { index.search(query, audience: audience) }, key)
    }

    func index(_ lab: Lab) async throws -> SearchIndex {
        let (database, labID, lab) = (self.database, lab.id, lab)
        return try await cache.value(for: lab) {
            let documents = try await database.withConnection { db in try await Self.documents(labID: labID, on: db) }
            return SearchIndex(documents, version: lab.dataVersion)
        }
    }

    /// Who the viewer is for the index: facilitators find people; lab members find
    /// members-only needs and offers; everyone else what is public.
    static func audience(_ viewer: Viewer?, labID: Int) -> SearchDocument.Audience {
        if Permissions.isFacilitator(viewer, ofLab: labID) { return .facilitators }
        return Permissions.isLabMember(viewer, labID: labID) ? .members : .everyone
    }

    struct OrganisationFacets {
        let name: String
        let kind: ActorKind
        let size: SizeClass?
        let themes: ThemeSet
        let departement: String?
        let ess: Bool
        let active: Bool
        let latitude: Double?
        let longitude: Double?
    }

    /// Every document of the lab: organisations, their people, open needs and offers.
    static func documents(labID: Int, on db: any SQLDatabase) async throws -> [SearchDocument] {
        var documents: [SearchDocument] = []
        var organisations: [Int: OrganisationFacets] = [:]
        let store = SearchStore()
        for row in try await store.organisations(labID: labID, on: db) {
            let id = row.id
            let kind = row.kind
            let size = row.size
            let themes = row.themes
            let name = row.name
            let acronym = row.acronym
            let commune = row.commune
            let description = row.description ?? ""
            let facets = OrganisationFacets(
                name: name, kind: kind, size: size, themes: ThemeSet(themes), departement: row.departement,
                ess: row.ess, active: row.active, latitude: row.latitude, longitude: row.longitude)
            organisations[id] = facets
            let subtitle = [kind.label, size?.shortLabel, commune].compactMap { $0 }.joined(separator: " · ")
            documents.append(
                document(
                    .organisation, id: id, title: acronym.map { "\(name) (\($0))" } ?? name, subtitle: subtitle,
                    snippet: description,
                    fields: [
                        ([name, acronym].compactMap { $0 }.joined(separator: " "), SearchDocument.nameWeight),
                        (commune ?? "", SearchDocument.placeWeight),
                        (themes.map(\.label).joined(separator: " "), SearchDocument.themeWeight),
                        (description, SearchDocument.textWeight)
                    ], organisationID: id, facets: facets, audience: .everyone))
        }
        for row in try await store.people(labID: labID, on: db) {
            let organisationID = row.organisationID
            guard let facets = organisations[organisationID] else { continue }
            let name = row.name
            let role = row.role
            // Names and roles only: contact details are never indexed.
            documents.append(
                document(
                    .person, id: row.id, title: name,
                    subtitle: [role, facets.name].compactMap { $0 }.joined(separator: " — "), snippet: "",
                    fields: [
                        (name, SearchDocument.nameWeight), (role ?? "", SearchDocument.textWeight),
                        (facets.name, SearchDocument.textWeight)
                    ],
                    organisationID: organisationID, facets: facets, audience: .facilitators))
        }
        for listing in try await ListingStore().openListings(labID: labID, on: db) {
            guard let facets = organisations[listing.organisationID] else { continue }
            documents.append(
                document(
                    .listing, id: listing.id, title: listing.title,
                    subtitle: "\(listing.kind.label) · \(listing.organisationName)"
                        + (listing.communeName.map { " · \($0)" } ?? ""),
                    snippet: listing.description ?? "",
                    fields: [
                        (listing.title, SearchDocument.nameWeight),
                        (listing.communeName ?? "", SearchDocument.placeWeight),
                        (
                            (listing.themes.map(\.label) + listing.modes.map(\.label)).joined(separator: " "),
                            SearchDocument.themeWeight
                        ),
                        (
                            [listing.description, listing.inKind, listing.organisationName].compactMap { $0 }.joined(
                                separator: " "), SearchDocument.textWeight
                        )
                    ], organisationID: listing.organisationID, facets: facets,
                    audience: listing.visibility == .everyone ? .everyone : .members, listingKind: listing.kind,
                    themes: ThemeSet(listing.themes)))
        }
        return documents
    }

    static func document(
        _ kind: SearchDocument.Kind, id: Int, title: String, subtitle: String, snippet: String,
        fields: [(String, Float)], organisationID: Int, facets: OrganisationFacets, audience: SearchDocument.Audience,
        listingKind: ListingKind? = nil, themes: ThemeSet? = nil
    ) -> SearchDocument {
        SearchDocument(
            kind: kind, id: id, title: title, subtitle: subtitle, snippet: String(snippet.prefix(300)),
            fields: fields.map { (text: $0.0, weight: $0.1) }, actorKind: facets.kind, sizeClass: facets.size,
            themes: themes ?? facets.themes, departement: facets.departement, ess: facets.ess, active: facets.active,
            latitude: facets.latitude, longitude: facets.longitude, audience: audience, organisationID: organisationID,
            listingKind: listingKind)
    }

    /// Reads the search parameters (`q`, `fiche`, `type`, `taille`, `theme`, `departement`,
    /// `ess`, `statut`, `pres-de`, `rayon`, `tri`, `page`, `pageSize`); a bad value is a
    /// French 400 naming it. The commune of `pres-de` is resolved in the lab's perimeter.
    func parse(_ get: (String) -> String?, lab: Lab, maxPageSize: Int = 100) async throws -> (SearchQuery, String?) {
        var q = SearchQuery()
        var errors = ValidationErrors()
        // The search uses 200 characters and says when it cut: one more is kept so that it
        // can, and nothing longer travels further (pages, keys, logs).
        q.text = String((get("q") ?? "").prefix(SearchQuery.maxLength + 1))
        func code<T: RawRepresentable>(_ name: String, _ type: T.Type, _ label: String) -> T?
        where T.RawValue == String {
            guard let raw = TextRules.clean(get(name)) else { return nil }
            guard let value = T(rawValue: raw) else {
                errors.add(name, "\(label) inconnu : « \(raw.prefix(40)) »."); return nil
            }
            return value
        }
        q.kind = code("fiche", SearchDocument.Kind.self, "Type de fiche")
        q.actorKind = code("type", ActorKind.self, "Type d'acteur")
        q.sizeClass = code("taille", SizeClass.self, "Taille d'entreprise")
        q.theme = code("theme", Theme.self, "Thème")
        q.status = code("statut", SearchQuery.Status.self, "Statut") ?? .active
        q.sort = code("tri", SearchQuery.Sort.self, "Tri") ?? .relevance
        if let raw = TextRules.clean(get("departement"))?.uppercased() {
            if ReferenceGeography.departementsByCode[raw] == nil {
                errors.add("departement", "Département inconnu : « \(raw.prefix(10)) ».")
            } else {
                q.departement = raw
            }
        }
        if let raw = TextRules.clean(get("ess")) {
            switch raw {
            case "1", "oui": q.ess = true
            case "0", "non": q.ess = false
            default: errors.add("ess", "ess vaut 1 (structures de l'ESS) ou 0.")
            }
        }
        if let raw = TextRules.clean(get("page")) {
            if let page = Int(raw), (1...10_000).contains(page) {
                q.page = page
            } else {
                errors.add("page", "Numéro de page invalide : « \(raw.prefix(20)) ».")
            }
        }
        if let raw = TextRules.clean(get("pageSize")) {
            if let size = Int(raw), (1...maxPageSize).contains(size) {
                q.pageSize = size
            } else {
                errors.add("pageSize", "pageSize doit être un entier entre 1 et \(maxPageSize).")
            }
        }
        var place: String?
        if let raw = TextRules.clean(get("rayon")) {
            if let radius = Double(raw.replacingOccurrences(of: ",", with: ".")), radius > 0, radius <= 1000 {
                q.radiusKm = radius
            } else {
                errors.add("rayon", "Le rayon doit être un nombre de kilomètres entre 0 et 1000.")
            }
        }
        if let raw = TextRules.clean(get("pres-de")), errors.isEmpty {
            guard raw.count <= 100 else { throw AppError.badRequest("Commune trop longue.") }
            let result = try await database.withConnection { db in
                try await OrganisationStore().resolveCommune(raw, perimeter: lab.perimeter, on: db)
            }
            switch result {
            case .failure(let error): errors.errors.append(FieldError(field: "pres-de", message: error.message))
            case .success(let commune):
                guard let lat = commune.latitude, let lon = commune.longitude else {
                    throw AppError(
                        .unprocessableContent,
                        "Les coordonnées de \(commune.name) ne sont pas connues : importez-les (alliances import communes-coordinates)."
                    )
                }
                q.near = (lat, lon)
                if q.radiusKm == nil { q.radiusKm = 20 }
                place = commune.name
            }
        }
        if q.sort == .distance && q.near == nil && errors.isEmpty {
            errors.add("tri", "Le tri par distance demande une commune (« près de »).")
        }
        if !errors.isEmpty {
            throw AppError(.badRequest, errors.errors.map(\.message).joined(separator: " "), fieldErrors: errors.errors)
        }
        return (q, place)
    }
}
