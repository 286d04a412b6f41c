import AlliancesCore
import SQLKit

/// The programme of the "Rencontre des pionniers des alliances en territoire" of 8 January
/// 2015 (../shared/seed/rencontre-pionniers-2015.txt), as the network's demo event, past
/// (its restitution is `RestitutionDemo`'s). Times are those of the programme; where it
/// gives one slot to several items (the welcome, the minister's message and the three
/// "grands témoins" share 9h30–10h; both round tables and the Medef focus share 10h–12h)
/// the slot is divided between them in the programme's order. Capacities are the demo's
/// (the programme states none).
///
/// Beside it, a fictional next edition on the same day's format, without speakers, open for
/// registration, so registering, allocating workshops, booking meetings and the restitution
/// can all be tried.
struct EventDemo: DemoContributor {
    let name = "events"

    struct Speaker {
        let name: String
        let role: String
        let organisation: String
        let key: String?
    }

    /// One rencontre of the demo: the 2015 day, or its fictional next edition.
    struct Edition {
        let slug: String
        let title: String
        let acronym: String
        let year: Int
        let month: Int
        let day: Int
        let venue: String
        let address: String
        let organisers: String
        let status: EventStatus
        let speakers: Bool

        static let pioneers = Edition(
            slug: "pionniers-2015", title: "Rencontre des pionniers des alliances en territoire",
            acronym: "pionniers2015", year: 2015, month: 1, day: 8,
            venue: "Fédération Nationale des Caisses d'Epargne", address: "5, rue Masseran 75007 Paris",
            organisers: "Le RAMEAU et les pionniers des alliances en territoire", status: .past, speakers: true)
        static let next = Edition(
            slug: "alliances-2027", title: "Rencontre des alliances en territoire 2027", acronym: "alliances2027",
            year: 2027, month: 1, day: 14, venue: "Salle de démonstration",
            address: "1, place de l'Exemple 67000 Strasbourg",
            organisers: "Le réseau des laboratoires des alliances en territoire (démonstration)",
            status: .registrationOpen, speakers: false)
    }

    func load(into db: any SQLDatabase, context: DemoContext) async throws {
        try await load(.pioneers, into: db, context: context)
        try await load(.next, into: db, context: context)
        context.notes.append(
            "Demo events: /evenements/pionniers-2015 (the 8 January 2015 programme, past, with its restitution) and /evenements/alliances-2027 (its format, registrations open)."
        )
    }

    func load(_ edition: Edition, into db: any SQLDatabase, context: DemoContext) async throws {
        let store = EventStore()
        let eventID = try await store.createEvent(
            slug: edition.slug, labID: nil, title: edition.title, acronym: edition.acronym,
            description:
                "Les pionniers des alliances en territoire se rencontrent pour partager leurs expériences et réfléchir ensemble aux leviers qui renforcent les alliances innovantes.\nMatinée : des enjeux aux solutions des alliances territoriales. Après-midi : ateliers de co-construction collective.",
            startsAt: LocalDateTime(year: edition.year, month: edition.month, day: edition.day, hour: 9, minute: 30),
            endsAt: LocalDateTime(year: edition.year, month: edition.month, day: edition.day, hour: 17, minute: 30),
            venue: edition.venue, address: edition.address, organisers: edition.organisers,
            status: edition.status, capacity: 150, on: db)
        var speakerIDs: [String: Int] = [:]
        func speaker(_ s: Speaker) async throws -> Int {
            if let id = speakerIDs[s.name] { return id }
            let id = try await store.createSpeaker(
                eventID: eventID, name: s.name, role: s.role, organisationName: s.organisation,
                organisationID: s.key.flatMap { context.organisations[$0] }, bio: nil, on: db)
            speakerIDs[s.name] = id
            return id
        }
        func at(_ h: Int, _ m: Int) -> LocalDateTime {
            LocalDateTime(year: edition.year, month: edition.month, day: edition.day, hour: h, minute: m)
        }
        func session(
            _ kind: SessionKind, _ title: String, _ start: LocalDateTime, _ end: LocalDateTime,
            room: String = "Auditorium",
            track: String? = nil, capacity: Int? = nil, description: String? = nil, questions: [String] = [],
            speakers: [(Speaker, String)] = []
        ) async throws {
            let id = try await store.createSession(
                eventID: eventID, kind: kind, title: title, startsAt: start, endsAt: end, room: room, track: track,
                capacity: capacity, description: description, questions: questions, on: db)
            for (index, (person, part)) in speakers.enumerated() where edition.speakers {
                try await store.addSpeaker(
                    sessionID: id, speakerID: try await speaker(person), role: part, position: index, on: db)
            }
        }
        let raineix = Speaker(
            name: "Florence Raineix", role: "Directeur général",
            organisation: "Fédération Nationale des Caisses d'Epargne", key: "fnce")
        let kanner = Speaker(
            name: "Patrick Kanner", role: "Ministre de la Ville, de la Jeunesse et des Sports",
            organisation: "Ministère de la Ville, de la Jeunesse et des Sports", key: "ministere-ville")
        try await session(.welcome, "Mot d'accueil", at(9, 30), at(9, 35), speakers: [(raineix, "intervenant")])
        try await session(
            .welcome, "Message du ministre de la Ville, de la Jeunesse et des Sports", at(9, 35), at(9, 40),
            speakers: [(kanner, "intervenant")])
        try await session(
            .keynote, "Mise en perspective par 3 grands témoins", at(9, 40), at(10, 0),
            description: "Des enjeux aux solutions des alliances territoriales.",
            speakers: [
                (
                    Speaker(
                        name: "Yannick Blanc", role: "Préfet de Vaucluse, Président de la FONDA",
                        organisation: "La Fonda", key: "fonda"), "grand témoin"
                ),
                (
                    Speaker(
                        name: "Cyril Kretzschmar", role: "Conseiller régional Rhône-Alpes, représentant de l'ARF",
                        organisation: "Association des Régions de France", key: "arf"), "grand témoin"
                ),
                (
                    Speaker(
                        name: "Hugues Sibille", role: "Président de l'Avise et du Labo de l'ESS", organisation: "Avise",
                        key: "avise"), "grand témoin"
                )
            ])
        try await session(
            .roundTable, "Table ronde 1 : Vision croisée des enjeux de la co-construction en territoire", at(10, 0),
            at(11, 0),
            description: "Tables rondes sur les enjeux et les pratiques des alliances en territoire.",
            speakers: [
                (
                    Speaker(
                        name: "Patricia Andriot", role: "Vice-présidente",
                        organisation: "Conseil Régional de Champagne-Ardenne", key: "cr-champagne-ardenne"),
                    "intervenant"
                ),
                (
                    Speaker(
                        name: "Nadia Bellaoui", role: "Présidente", organisation: "Le Mouvement Associatif",
                        key: "mouvement-associatif"), "intervenant"
                ),
                (
                    Speaker(
                        name: "Thierry du Bouetiez", role: "Conseiller spécial",
                        organisation: "Commissariat Général à l'Égalité des Territoires", key: "cget"), "intervenant"
                ),
                (
                    Speaker(
                        name: "Stanislas Chapron", role: "Président de la Commission Rapprochement des mondes",
                        organisation: "Medef", key: "medef"), "intervenant"
                ),
                (
                    Speaker(
                        name: "Philippe Chesneau",
                        role: "Conseiller régional délégué au développement de l'économie responsable",
                        organisation: "Conseil Régional Provence-Alpes-Côte d'Azur", key: "cr-paca"), "intervenant"
                ),
                (
                    Speaker(
                        name: "Béatrice de Durfort", role: "Déléguée générale",
                        organisation: "Centre Français des Fondations", key: "cff"), "intervenant"
                ),
                (
                    Speaker(
                        name: "Jean-Marc Maury", role: "Directeur du département ESS",
                        organisation: "Caisse des Dépôts", key: "cdc"), "intervenant"
                )
            ])
        try await session(
            .roundTable, "Table ronde 2 : Les solutions d'animation des partenariats en territoire", at(11, 0),
            at(11, 45),
            speakers: [
                (
                    Speaker(
                        name: "Jeanne Barseghian",
                        role: "Conseillère communautaire déléguée « soutien à l'Économie Sociale et Solidaire »",
                        organisation: "Communauté urbaine de Strasbourg", key: "cus"), "intervenant"
                ),
                (
                    Speaker(
                        name: "Laurent Cenne", role: "Co-gérant, témoin de l'étude Avise sur les achats responsables",
                        organisation: "Lavéo", key: "laveo"), "intervenant"
                ),
                (
                    Speaker(
                        name: "Diane Hassan", role: "Présidente co-fondatrice", organisation: "Coordin'Actions",
                        key: "coordinactions"), "intervenant"
                ),
                (
                    Speaker(
                        name: "Marie Leclerc-Bruant", role: "Chef de projet Philanthropie-Mécénat",
                        organisation: "Fédération Nationale des Caisses d'Epargne", key: "fnce"), "intervenant"
                )
            ])
        try await session(
            .other, "Focus : présentation du guide Medef « Construire ensemble »", at(11, 45), at(12, 0),
            description: "Le guide du Medef sur les partenariats entre associations et entreprises.")
        try await session(.other, "Inscription aux ateliers de l'après-midi", at(12, 0), at(12, 30), room: "Hall")
        try await session(
            .meal, "Déjeuner convivial autour des régions", at(12, 30), at(14, 0), room: "Salons",
            description: "Les participants déjeunent par région.")
        let themes1 = [
            "Comment changer d'échelle ?", "Quels modèles économiques adopter ?", "Quelle gouvernance choisir ?",
            "Comment mobiliser les acteurs sur le territoire ?"
        ]
        let themes2 = [
            "Comment mieux se connaître ?", "Comment organiser le partage d'expérience ?", "Que mettre en commun ?",
            "Quels outils construire et développer ensemble ?"
        ]
        for (index, question) in themes1.enumerated() {
            try await session(
                .workshop, "Atelier 1.\(index + 1) : \(question)", at(14, 0), at(15, 0), room: "Salle \(index + 1)",
                track: "Ateliers 1 — Enjeux rencontrés par les pionniers", capacity: 35,
                description:
                    "Ateliers de co-construction collective : enjeux rencontrés par les pionniers des alliances en territoire.",
                questions: [question])
        }
        for (index, question) in themes2.enumerated() {
            try await session(
                .workshop, "Atelier 2.\(index + 1) : \(question)", at(15, 0), at(16, 0), room: "Salle \(index + 1)",
                track: "Ateliers 2 — Attentes des pionniers", capacity: 35,
                description:
                    "Ateliers de co-construction collective : attentes des pionniers pour faciliter leur mission.",
                questions: [question])
        }
        try await session(.restitution, "Restitution", at(16, 0), at(17, 0))
        try await session(.conclusion, "Conclusion de la journée", at(17, 0), at(17, 30))
    }
}
