import AlliancesCore

/// What an event produced, for its synthesis page, its JSON and CSV exports and the API:
/// per workshop the published output, the proposals ranked by votes and the commitments,
/// and who came from which world. Only published outputs and visible proposals appear;
/// no voter is named (totals only).
enum Synthesis {
    struct World: Codable, Sendable, Equatable {
        /// The actor kind's code (`association`, `entreprise`…), or `non-renseigne`.
        let kind: String
        let label: String
        let participants: Int
    }

    struct RankedProposal: Codable, Sendable, Equatable {
        let id: Int
        let text: String
        let theme: String?
        let votes: Int
        let voters: Int
    }

    struct Workshop: Codable, Sendable, Equatable {
        let id: Int
        let title: String
        let room: String?
        let track: String?
        let startsAt: String
        let voteState: String
        /// The rapporteur's output, once published.
        let output: WorkshopOutput?
        let proposals: [RankedProposal]
        let worlds: [World]
        /// Needs, offers and partnerships made from its commitments and proposals.
        let followUps: [FollowUp]
    }

    struct Question: Codable, Sendable, Equatable {
        let text: String
        let votes: Int
        let answered: Bool
    }

    /// A plenary session's top questions from the room (approved or answered).
    struct Plenary: Codable, Sendable, Equatable {
        let id: Int
        let title: String
        let questions: [Question]
    }

    /// A document attached to a session, with where to download it.
    struct Document: Codable, Sendable, Equatable {
        let session: Int
        let sessionTitle: String
        let filename: String
        let url: String
        let contentType: String
        let size: Int
    }

    /// A lunch table and who sat there, by world.
    struct Table: Codable, Sendable, Equatable {
        let number: Int
        let worlds: [World]
    }

    struct Model: Codable, Sendable, Equatable {
        let event: String
        let title: String
        let startsAt: String
        let visibility: String
        let attendance: [World]
        let workshops: [Workshop]
        let plenary: [Plenary]
        let lunch: [Table]
        let documents: [Document]
    }

    static let unknownWorld = "non-renseigne"

    static func worlds(_ counts: [ActorKind?: Int]) -> [World] {
        var worlds: [World] = ActorKind.allCases.compactMap { kind in
            counts[kind].map { World(kind: kind.rawValue, label: kind.label, participants: $0) }
        }
        if let unknown = counts[nil] {
            worlds.append(World(kind: unknownWorld, label: "Non renseigné", participants: unknown))
        }
        return worlds
    }

    static func model(
        _ loaded: Loaded, overview: RestitutionService.Overview, worlds: [Int?: [ActorKind?: Int]],
        followUps: [Int: [FollowUp]] = [:], questions: [PlenaryQuestion] = [], lunch: [Int: [ActorKind?: Int]] = [:],
        documents: [Int: [SessionDocument]] = [:], visibility: SynthesisVisibility
    ) -> Model {
        let workshops: [Workshop] = loaded.sessions.filter { $0.kind == .workshop }.map { s in
            let r = overview.restitution(s.id)
            let output = r.outputStatus == .published ? r.output : nil
            return Workshop(
                id: s.id, title: s.title, room: s.room, track: s.track, startsAt: s.startsAt.text,
                voteState: r.voteState.rawValue, output: output,
                proposals: overview.ranking(s.id).map {
                    RankedProposal(id: $0.id, text: $0.text, theme: $0.theme, votes: $0.votes, voters: $0.voters)
                },
                worlds: Self.worlds(worlds[s.id] ?? [:]), followUps: followUps[s.id] ?? [])
        }
        let asked = Dictionary(grouping: questions.filter { $0.status == .approved || $0.status == .answered }) {
            $0.sessionID
        }
        let plenary: [Plenary] = loaded.sessions.filter { asked[$0.id] != nil }.map { s in
            Plenary(
                id: s.id, title: s.title,
                questions: PlenaryQuestions.ranking(asked[s.id] ?? [], votes: \.votes, order: \.id).prefix(10).map {
                    Question(text: $0.text, votes: $0.votes, answered: $0.status == .answered)
                })
        }
        return Model(
            event: loaded.event.slug, title: loaded.event.title, startsAt: loaded.event.startsAt.text,
            visibility: visibility.rawValue, attendance: Self.worlds(worlds[nil] ?? [:]), workshops: workshops,
            plenary: plenary,
            lunch: lunch.keys.sorted().map { Table(number: $0, worlds: Self.worlds(lunch[$0] ?? [:])) },
            documents: loaded.sessions.flatMap { s in
                (documents[s.id] ?? []).map {
                    Document(
                        session: s.id, sessionTitle: s.title, filename: $0.filename,
                        url: "/evenements/\(loaded.event.slug)/sessions/\(s.id)/documents/\($0.id)",
                        contentType: $0.contentType, size: $0.size)
                }
            })
    }

    /// One line per workshop and item, for French Excel.
    static func csvRows(_ m: Model) -> [[String]] {
        var rows: [[String]] = []
        for w in m.workshops {
            if let o = w.output {
                for section in o.filledSections { rows.append([w.title, section.label, section.text, "", ""]) }
                for c in o.commitments {
                    rows.append([w.title, "Engagement", "\(c.who) : \(c.what)", c.due ?? "", ""])
                }
            }
            for p in w.proposals {
                rows.append([w.title, "Proposition votée", p.text, p.theme ?? "", String(p.votes)])
            }
            for f in w.followUps {
                rows.append([w.title, "Suite donnée : \(f.kind.label)", f.source, f.path, ""])
            }
        }
        return rows
    }

    /// Commitments and top proposals (three per workshop) that got a follow-up, of all of them.
    static func followUpRate(_ m: Model) -> FollowUpRate {
        var rate = FollowUpRate()
        for w in m.workshops {
            rate.add(
                commitments: w.output?.commitments.count ?? 0, proposals: w.proposals.count,
                followed: Set(w.followUps.map(\.source)).count)
        }
        return rate
    }

    /// Of the lunch tables, those where at least three worlds sat together.
    static func mixedTables(_ m: Model) -> Int {
        m.lunch.filter { $0.worlds.filter { $0.kind != unknownWorld }.count >= 3 }.count
    }

    static let csvHeader = ["Atelier", "Rubrique", "Contenu", "Échéance ou thème", "Votes"]
}
