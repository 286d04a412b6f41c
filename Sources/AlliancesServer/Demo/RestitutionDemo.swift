import AlliancesCore
import SQLKit

/// What the 2015 rencontre produced, for the demo: forty fictional participants from the
/// demo territory's fictional organisations, each in one workshop of each round; in each of
/// the eight workshops a rapporteur, proposals and dot-votes (closed), a published output
/// with commitments; the lunch tables; questions to both round tables; a few evaluations;
/// and two commitments turned into draft partnerships of the Alsace lab. All of it is
/// written for the demo: the programme gives only the workshops' questions, nothing of what
/// was said in them.
struct RestitutionDemo: DemoContributor {
    let name = "restitution"

    /// (organisation key in the demo directory, its name, its world), or an organisation
    /// outside the directory (key nil).
    static let organisations: [(key: String?, name: String, kind: ActorKind)] = [
        ("elan-solidaire", "Élan Solidaire Mulhouse", .association),
        ("sport-colmar", "Sport pour Tous Colmar", .association),
        ("atelier-numerique", "Atelier Numérique Solidaire de Haguenau", .association),
        ("handicap-alsace", "Handi'Cap Emploi Alsace", .association),
        ("potagers", "Potagers Partagés de Sélestat", .association),
        ("culture-saverne", "Culture en Partage Saverne", .association),
        ("mobilite-obernai", "Mobilité Douce Obernai", .association),
        ("aines-guebwiller", "Aînés Connectés Guebwiller", .association),
        ("boulangerie-fischer", "Boulangerie Fischer et Fils (démo)", .company),
        ("menuiserie-vogel", "Menuiserie Vogel (démo)", .company),
        ("numeria", "Numéria Conseil (démo)", .company),
        ("transports-rhenans", "Transports Rhénans (démo)", .company),
        ("alsace-precision", "Alsace Précision Industrie (démo)", .company),
        ("hexagone", "Groupe Hexagone Services (démo)", .company),
        ("imprimerie-thann", "Imprimerie du Haut-Rhin (démo)", .company),
        ("institut-territoires", "Institut de recherche sur les territoires (démo)", .university),
        ("coop-ried", "Coop'Ried Insertion (démo)", .essStructure),
        ("regie-mulhouse", "Régie de Quartier des Coteaux (démo)", .essStructure),
        ("fondation-alsace", "Fondation Alsace Solidaire (démo)", .foundation),
        ("reseau-68", "Réseau des associations du Sundgau (démo)", .network),
        (nil, "Commune de Démoville", .localAuthority),
        (nil, "Communauté de communes de l'Exemple", .localAuthority),
        (nil, "Département de démonstration", .localAuthority),
        (nil, "Agence publique de démonstration", .publicBody)
    ]

    static let firstNames = [
        "Claire", "Julien", "Aïcha", "Thomas", "Mathilde", "Karim", "Élise", "Nicolas", "Sophie", "Hugo",
        "Inès", "Laurent", "Camille", "Yann", "Nora", "Pierre", "Lucie", "Mehdi", "Anne", "Olivier"
    ]
    static let lastNames = ["Arnold", "Bauer", "Colin", "Dietrich", "Ebel", "Fuchs", "Gérard", "Hoffmann"]

    /// One workshop's restitution: proposals (with how many dots each gets), the output,
    /// and its commitments as (organisation key, what, due).
    struct Workshop {
        let proposals: [(String, Int)]
        let findings: String
        let obstacles: String
        let resources: String
        let nextSteps: String
        let commitments: [(String, String, String)]
    }

    static let workshops: [Workshop] = [
        Workshop(
            proposals: [
                ("Essaimer un partenariat qui marche avant d'en inventer un nouveau", 9),
                ("Documenter chaque alliance dès la première année pour pouvoir la transmettre", 7),
                ("Un binôme association–entreprise pour accompagner chaque nouveau territoire", 6),
                ("Mesurer l'impact avec trois indicateurs simples partagés", 5),
                ("Changer d'échelle en mutualisant les fonctions support plutôt qu'en grossissant", 3)
            ],
            findings:
                "Changer d'échelle ne veut pas dire grossir : les participants ont surtout parlé de duplication et d'essaimage.\nUne alliance se transmet mal quand rien n'a été écrit pendant la première année.",
            obstacles:
                "Le temps des bénévoles et des salariés pour documenter.\nLe financement de la phase d'amorçage dans un nouveau territoire.",
            resources: "Une trame de fiche d'expérience proposée par l'Institut de recherche sur les territoires.",
            nextSteps: "Tester la trame de fiche sur deux alliances du territoire avant l'été.",
            commitments: [
                (
                    "institut-territoires", "Proposer une trame de fiche d'expérience et la tester sur deux alliances",
                    "juin 2015"
                )
            ]),
        Workshop(
            proposals: [
                ("Combiner mécénat financier et mécénat de compétences dans un même partenariat", 9),
                ("Un fonds territorial abondé par plusieurs entreprises plutôt que des dons isolés", 8),
                ("Valoriser les apports en nature dans les budgets des projets", 6),
                ("Des achats responsables auprès des structures d'insertion comme premier pas", 4),
                ("Former les associations à présenter leur modèle économique", 3)
            ],
            findings:
                "Les modèles hybrides (dons, prestations, apports en nature) sont la règle ; un seul financeur fragilise l'alliance.\nLes apports en nature sont rarement comptés, donc rarement reconnus.",
            obstacles: "La méconnaissance des règles du mécénat par les petites entreprises.",
            resources:
                "Numéria Conseil propose deux journées de conseil pour des associations qui revoient leur modèle.",
            nextSteps: "Réunir les entreprises intéressées par un fonds territorial à l'automne.",
            commitments: [
                ("numeria", "Offrir deux journées de conseil sur le modèle économique à des associations", "mars 2015"),
                (
                    "fondation-alsace", "Étudier la création d'un fonds territorial avec trois entreprises",
                    "octobre 2015"
                )
            ]),
        Workshop(
            proposals: [
                ("Une convention de partenariat courte, relue chaque année", 8),
                ("Un comité de pilotage où chaque monde a une voix", 8),
                ("Nommer un animateur neutre pour chaque alliance de plus de trois partenaires", 7),
                ("Prévoir dès le départ comment on se quitte", 4),
                ("Publier les décisions du comité aux membres", 3)
            ],
            findings:
                "La gouvernance la plus citée est un comité informel, formalisé par une convention quand l'argent circule.\nLe rôle d'un tiers neutre revient dans tous les témoignages.",
            obstacles: "La crainte des associations de perdre leur indépendance face à un partenaire plus gros.",
            resources: "Un modèle de convention partagé par Coop'Ried Insertion.",
            nextSteps: "Rassembler trois conventions existantes et en tirer un modèle commenté.",
            commitments: [("coop-ried", "Partager son modèle de convention de partenariat", "février 2015")]),
        Workshop(
            proposals: [
                ("Aller chercher les entreprises là où elles se réunissent déjà", 9),
                ("Des petits-déjeuners thématiques entre associations et entreprises", 7),
                ("Montrer des réussites locales plutôt que des principes", 7),
                ("Associer les élus dès la première rencontre", 4),
                ("Une lettre trimestrielle des alliances du territoire", 3)
            ],
            findings:
                "On mobilise par l'exemple : un témoignage local convainc plus qu'une présentation générale.\nLes petites entreprises viennent quand le format est court et proche.",
            obstacles: "Le manque de temps des dirigeants de petites entreprises.",
            resources: "Les Transports Rhénans prêtent une salle pour des petits-déjeuners.",
            nextSteps: "Organiser un premier petit-déjeuner thématique au printemps.",
            commitments: [
                (
                    "transports-rhenans", "Accueillir un petit-déjeuner associations–entreprises chaque trimestre",
                    "avril 2015"
                )
            ]),
        Workshop(
            proposals: [
                ("Un annuaire commun des acteurs du territoire, tenu à jour", 10),
                ("Des visites croisées : une association reçoit une entreprise et inversement", 8),
                ("Un speed-meeting à chaque rencontre", 6),
                ("Présenter ses besoins en une phrase", 4),
                ("Des binômes de parrainage entre anciens et nouveaux partenaires", 2)
            ],
            findings:
                "Les acteurs se connaissent par réseaux séparés ; les ponts entre mondes reposent sur quelques personnes.\nUn annuaire ne suffit pas : il faut des occasions de se voir.",
            obstacles: "Des informations éparpillées et vite périmées.",
            resources: "Le Réseau des associations du Sundgau met à disposition sa liste d'associations.",
            nextSteps: "Proposer un format de visites croisées pour la prochaine rencontre.",
            commitments: [
                ("reseau-68", "Organiser trois visites croisées entre associations et entreprises", "juin 2015")
            ]),
        Workshop(
            proposals: [
                ("Une bibliothèque de fiches d'expérience accessible à tous", 10),
                ("Raconter aussi les échecs et ce qu'on en a appris", 8),
                ("Des rencontres d'échange entre pairs deux fois par an", 6),
                ("Un format court de témoignage en vidéo", 3),
                ("Traduire les retours d'expérience en conseils pratiques", 3)
            ],
            findings:
                "Le partage d'expérience existe mais reste oral ; il se perd quand les personnes changent de poste.\nLes échecs sont aussi instructifs que les réussites, mais rarement racontés.",
            obstacles: "La peur d'exposer ses difficultés devant des financeurs.",
            resources: "Culture en Partage Saverne propose de filmer des témoignages.",
            nextSteps: "Rédiger cinq premières fiches d'expérience avec les volontaires de l'atelier.",
            commitments: [
                ("culture-saverne", "Filmer et monter cinq témoignages courts de partenaires", "septembre 2015")
            ]),
        Workshop(
            proposals: [
                ("Mutualiser les salles et le matériel entre structures", 9),
                ("Un véhicule partagé pour les associations du territoire", 8),
                ("Un pool de compétences bénévoles et salariées", 7),
                ("Des achats groupés de fournitures", 3),
                ("Partager un poste de chargé de partenariats entre plusieurs associations", 3)
            ],
            findings:
                "Beaucoup de ressources dorment : salles vides le soir, véhicules inutilisés le week-end, compétences non sollicitées.\nLa mise en commun bute sur l'assurance et la réservation.",
            obstacles: "Les questions d'assurance et de responsabilité en cas de prêt.",
            resources:
                "Les Transports Rhénans peuvent prêter un minibus le week-end ; Alsace Précision Industrie une salle de réunion.",
            nextSteps: "Recenser les ressources prêtables et les conditions de prêt.",
            commitments: [
                ("transports-rhenans", "Prêter un minibus le week-end aux clubs sportifs du territoire", "mai 2015"),
                ("alsace-precision", "Ouvrir sa salle de réunion aux associations deux soirs par mois", "mars 2015")
            ]),
        Workshop(
            proposals: [
                ("Une plateforme commune pour publier besoins et offres", 10),
                ("Un baromètre annuel des partenariats du territoire", 7),
                ("Des modèles de documents partagés (convention, charte)", 6),
                ("Un calendrier commun des événements", 4),
                ("Une formation aux outils pour les petites associations", 3)
            ],
            findings:
                "Les outils existent par morceaux ; ce qui manque, c'est un lieu commun qui les relie.\nMesurer ce qui se passe sur le territoire motive les acteurs à continuer.",
            obstacles: "Le coût de maintenance d'un outil commun dans la durée.",
            resources: "L'Atelier Numérique Solidaire propose d'accompagner les petites associations.",
            nextSteps: "Rédiger un cahier des charges de la plateforme avec les volontaires.",
            commitments: [
                (
                    "atelier-numerique", "Accompagner dix petites associations dans l'usage des outils communs",
                    "décembre 2015"
                )
            ])
    ]

    /// (workshop index, commitment index, title, modes, themes, parties with roles)
    static let partnerships:
        [(
            workshop: Int, commitment: Int, title: String, modes: [PartnershipMode], themes: [Theme],
            parties: [(String, String)]
        )] = [
            (
                6, 0, "Un minibus le week-end pour les clubs sportifs", [.inKindPatronage], [.sport, .mobility],
                [("transports-rhenans", "Prêteur"), ("sport-colmar", "Bénéficiaire")]
            ),
            (
                1, 0, "Conseil en modèle économique pour des associations", [.skillsPatronage],
                [.economicDevelopment, .solidarity],
                [("numeria", "Mécène de compétences"), ("aines-guebwiller", "Bénéficiaire")]
            )
        ]

    /// Questions from the room to each round table: (text, upvotes, answered).
    static let questions: [[(String, Int, Bool)]] = [
        [
            ("Comment une petite association peut-elle entrer en contact avec une grande entreprise ?", 14, true),
            ("Quel rôle pour les collectivités quand une alliance ne dépend pas d'elles ?", 9, true),
            ("Les alliances survivent-elles au départ de la personne qui les a lancées ?", 6, false)
        ],
        [
            ("Qui finance l'animation d'un partenariat dans la durée ?", 12, true),
            ("Comment évaluer une alliance sans alourdir le travail des associations ?", 8, false)
        ]
    ]

    func load(into db: any SQLDatabase, context: DemoContext) async throws {
        let events = EventStore()
        guard let event = try await events.event(slug: EventDemo.Edition.pioneers.slug, on: db) else { return }
        let sessions = try await events.sessions(eventID: event.id, on: db)
        let workshops = sessions.filter { $0.kind == .workshop }
        guard workshops.count == Self.workshops.count else { return }
        // 7 January 2015, the day before, and the afternoon of the day itself (Paris time).
        let (registeredAt, votedAt) = (1_420_617_600, 1_420_729_200)
        let registrations = RegistrationStore()
        var people: [(id: Int, organisation: Int)] = []
        for n in 0..<40 {
            let organisation = n % Self.organisations.count
            let (key, name, kind) = Self.organisations[organisation]
            let first = Self.firstNames[n % Self.firstNames.count]
            let last = Self.lastNames[n % Self.lastNames.count]
            let input = RegistrationInput(
                name: "\(first) \(last)", email: "\(n + 1).participant@example.org", organisation: name,
                actorKind: kind.rawValue, region: "44", listed: n % 3 != 0)
            guard case .success(let checked) = input.validate(),
                try await EventStore.claimSeat(.event, id: event.id, on: db)
            else { continue }
            let id = try await registrations.insert(
                RegistrationStore.Row(
                    eventID: event.id, tokenHash: AccountStore.hash(Tokens.random()), checked: checked,
                    organisationID: key.flatMap { context.organisations[$0] }, userID: nil, status: .confirmed,
                    offeredUntil: nil, checkInCode: RegistrationService.newCheckInCode(), now: registeredAt), on: db)
            people.append((id, organisation))
        }
        // Each person in one workshop of each round: ten per workshop.
        let store = RestitutionStore()
        var commitments: [[Commitment]] = []
        for (index, workshop) in workshops.enumerated() {
            let round = index / 4
            let members = people.enumerated().filter { ($0.offset + round) % 4 == index % 4 }.map(\.element.id)
            for id in members where try await EventStore.claimSeat(.session, id: workshop.id, on: db) {
                try await registrations.setSessionStatus(
                    .confirmed, registrationID: id, sessionID: workshop.id, exists: false, requeue: false,
                    at: registeredAt, on: db)
            }
            let content = Self.workshops[index]
            try await store.ensure(sessionID: workshop.id, eventID: event.id, at: votedAt, on: db)
            try await store.addRapporteur(sessionID: workshop.id, registrationID: members[0], on: db)
            // Proposals by the participants in turn; the dots as listed, three per voter.
            var ballots = Dictionary(uniqueKeysWithValues: members.map { ($0, 0) })
            var voter = 0
            for (position, (text, dots)) in content.proposals.enumerated() {
                let proposal = try await store.insertProposal(
                    sessionID: workshop.id, registrationID: members[(position + 1) % members.count], text: text,
                    theme: workshop.questions.first, at: votedAt, on: db)
                var left = dots
                while left > 0 {
                    let id = members[voter % members.count]
                    voter += 1
                    guard ballots[id, default: 0] < 3 else { continue }
                    let placed = try await store.lockBallot(sessionID: workshop.id, registrationID: id, on: db)
                    let current = try await store.dots(proposalID: proposal, registrationID: id, on: db)
                    _ = try await store.setDots(
                        sessionID: workshop.id, proposalID: proposal, registrationID: id, from: current,
                        to: current + 1, limit: 3, on: db)
                    ballots[id] = placed + 1
                    left -= 1
                }
            }
            try await store.saveSettings(sessionID: workshop.id, votes: 3, state: .closed, at: votedAt, on: db)
            let written = content.commitments.map { key, what, due in
                Commitment(
                    who: Self.organisations.first { $0.key == key }?.name ?? key,
                    organisationID: context.organisations[key], what: what, due: due)
            }
            commitments.append(written)
            try await store.saveOutput(
                sessionID: workshop.id,
                output: WorkshopOutput(
                    findings: content.findings,
                    proposals: content.proposals.prefix(3).map { "• \($0.0)" }.joined(separator: "\n"),
                    obstacles: content.obstacles, resources: content.resources, nextSteps: content.nextSteps,
                    commitments: written),
                status: .published, at: votedAt, on: db)
        }
        // Lunch "autour des régions": five tables of eight, every world at each.
        try await LunchStore().replacePlan(
            eventID: event.id, tableSize: 8,
            tables: (0..<5).map { table in
                (people.enumerated().filter { $0.offset % 5 == table }.map(\.element.id), "44")
            }, on: db)
        try await questions(sessions.filter { $0.kind == .roundTable }, people: people.map(\.id), db: db)
        try await evaluations(event: event, sessions: sessions, people: people.map(\.id), at: votedAt, db: db)
        let followed = try await followUps(workshops: workshops, commitments: commitments, context: context, db: db)
        try await events.setSynthesisVisibility(.public, eventID: event.id, on: db)
        context.notes.append(
            "Demo restitution: 8 workshops of /evenements/pionniers-2015 with proposals, votes and outputs, \(followed) commitments turned into partnerships; synthesis at /evenements/pionniers-2015/synthese."
        )
    }

    private func questions(_ tables: [EventSession], people: [Int], db: any SQLDatabase) async throws {
        let store = QuestionStore()
        for (table, asked) in zip(tables, Self.questions) {
            for (n, (text, upvotes, answered)) in asked.enumerated() {
                try await store.insert(
                    sessionID: table.id, registrationID: people[n * 7 % people.count], text: text, at: 1_420_710_000,
                    on: db)
                guard
                    let question = try await store.questions(sessionID: table.id, on: db).first(where: {
                        $0.text == text
                    })
                else { continue }
                try await store.setStatus(
                    id: question.id, status: answered ? .answered : .approved, at: 1_420_711_000, on: db)
                for voter in people.prefix(upvotes) {
                    try await store.setVote(questionID: question.id, registrationID: voter, on: true, on: db)
                }
            }
        }
    }

    private func evaluations(
        event: RencontreEvent, sessions: [EventSession], people: [Int], at now: Int, db: any SQLDatabase
    )
        async throws
    {
        let rated = sessions.filter { [.roundTable, .workshop, .restitution].contains($0.kind) }.map(\.id)
        let keep = [
            "Les ateliers en petits groupes et le temps laissé aux échanges.",
            "Le déjeuner par région : on y a rencontré des voisins qu'on ne connaissait pas.", nil
        ]
        let change = ["Des tables rondes plus courtes.", nil, "Envoyer le programme des ateliers plus tôt."]
        let again: [ComeAgain] = [.yes, .yes, .maybe]
        for (n, person) in people.prefix(18).enumerated() {
            let scores = Dictionary(uniqueKeysWithValues: rated.enumerated().map { ($1, 3 + ($0 + n) % 3) })
            try await EvaluationStore().save(
                EvaluationAnswer(scores: scores, keep: keep[n % 3], change: change[n % 3], comeAgain: again[n % 3]),
                registrationID: person, eventID: event.id, at: now + 86_400 * 7, on: db)
        }
    }

    /// Two commitments become draft partnerships of the Alsace lab, each recorded as the
    /// follow-up of its workshop.
    private func followUps(
        workshops: [EventSession], commitments: [[Commitment]], context: DemoContext, db: any SQLDatabase
    ) async throws -> Int {
        guard let lab = context.labs["alsace"] else { return 0 }
        var made = 0
        for item in Self.partnerships {
            let commitment = commitments[item.workshop][item.commitment]
            let parties = item.parties.compactMap { key, role in
                context.organisations[key].map { PartyInput(organisationId: $0, role: role) }
            }
            let input = PartnershipInput(
                title: item.title,
                description: "Issu de l'engagement pris dans l'atelier « \(workshops[item.workshop].title) ».",
                parties: parties, modes: item.modes.map(\.rawValue), themes: item.themes.map(\.rawValue),
                stage: PartnershipStage.dialogue.rawValue, startDate: "2015-03-01",
                origin: PartnershipOrigin.rencontre.rawValue, eventId: workshops[item.workshop].eventID)
            guard case .success(let draft) = PartnershipDraft.validate(input) else { continue }
            let id = try await PartnershipStore().create(labID: lab.id, draft: draft, userID: nil, on: db)
            try await PartnershipStore().addNote(
                partnershipID: id, userID: nil, action: "Partenariat enregistré (\(draft.stage.label.lowercased()))",
                stage: draft.stage, note: nil, on: db)
            try await RestitutionStore().insertFollowUp(
                sessionID: workshops[item.workshop].id, source: commitment.followUpLabel,
                kind: .partnership, labID: lab.id, targetID: id, userID: nil, at: 1_425_168_000, on: db)
            made += 1
        }
        return made
    }
}
