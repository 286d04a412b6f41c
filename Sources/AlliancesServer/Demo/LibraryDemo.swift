import AlliancesCore
import Foundation
import SQLKit

/// The experience library of the demo: twelve fictional sheets, written for the demo,
/// between them every question, theme, partnership mode, governance form, scaling path,
/// world and département of the facets (eleven in Alsace, one in the national network, as
/// public bodies sit there). One is written from a demo partnership and was edited after
/// publication (two versions); one waits for review. Four templates and tools with small
/// PDF files (when the demo has a data folder).
struct LibraryDemo: DemoContributor {
    let name = "library"

    struct Sheet {
        var lab = "alsace"
        let title: String
        let summary: String
        let territory: String
        let parties: [(String, String)]
        let questions: [ExperienceQuestion]
        let themes: [ExperienceTheme]
        let modes: [PartnershipMode]
        let governance: GovernanceForm
        let scaling: ScalingPath
        var visibility: SheetVisibility = .everyone
        let context: String
        let timeline: [String]
        let economicModel: String
        let results: [String]
        let lessons: String
        var partnership: String? = nil
        var submittedOnly = false
    }

    static let sheets: [Sheet] = [
        Sheet(
            title: "Des salariés parrains pour des demandeurs d'emploi",
            summary:
                "Une association d'insertion et un groupe de services forment des salariés volontaires qui accompagnent, pendant six mois, des personnes en recherche d'emploi.",
            territory: "Mulhouse Alsace Agglomération",
            parties: [("elan-solidaire", "Porteur"), ("hexagone", "Mécène de compétences")],
            questions: [.knowEachOther], themes: [.mobilisation], modes: [.skillsPatronage], governance: .agreement,
            scaling: .duplication,
            context:
                "Les personnes accompagnées manquaient de contacts avec le monde de l'entreprise ; les salariés du groupe voulaient un engagement utile près de chez eux.",
            timeline: [
                "2025-06 — première rencontre au labo", "2025-09 — douze parrains formés", "2026-03 — premier bilan"
            ],
            economicModel:
                "Le groupe donne deux heures par mois de temps de travail à chaque parrain ; l'association finance la formation.",
            results: ["Personnes accompagnées ; 18 ; 2026-03-31", "Retours à l'emploi ; 7 ; 2026-03-31"],
            lessons:
                "Former les parrains avant le premier entretien ; prévoir un point mensuel avec l'association ; ne pas promettre d'embauche.",
            partnership: "Parrainage de demandeurs d'emploi par des salariés"),
        Sheet(
            title: "Un fonds territorial pour l'emploi associatif",
            summary:
                "Un fonds abrité par une fondation réunit une collectivité, une entreprise de conseil et une structure de l'ESS pour consolider des emplois associatifs.",
            territory: "Eurométropole de Strasbourg",
            parties: [("alsace-active", "Gestionnaire"), ("cus", "Cofinanceur"), ("numeria", "Mécène")],
            questions: [.pool], themes: [.economicModel], modes: [.financialPatronage, .economicCooperation],
            governance: .foundation, scaling: .newPartners,
            context: "Beaucoup d'associations employeuses perdaient un poste à la fin d'une aide ponctuelle.",
            timeline: ["2021-01 — création du fonds", "2023-06 — ouverture à deux nouveaux mécènes"],
            economicModel:
                "45 000 € par an : la moitié par la collectivité, le reste par des mécènes ; l'accompagnement est donné en nature.",
            results: ["Emplois consolidés ; 7 ; 2024-12-31"],
            lessons:
                "Un comité d'engagement mixte rassure les financeurs ; publier chaque année les emplois consolidés."),
        Sheet(
            title: "Des invendus du soir pour les jardins partagés",
            summary:
                "Une boulangerie donne ses invendus deux soirs par semaine aux bénévoles d'un jardin partagé, qui les redistribuent.",
            territory: "Sélestat", parties: [("potagers", "Bénéficiaire"), ("boulangerie-fischer", "Donateur")],
            questions: [.shareExperience], themes: [.mobilisation], modes: [.inKindPatronage],
            governance: .informalCommittee, scaling: .notYet,
            context:
                "Le boulanger jetait chaque soir une partie de sa production ; le jardin accueillait des familles modestes.",
            timeline: ["2022-04 — premier don", "2024-10 — fin, le boulanger part à la retraite"],
            economicModel: "Aucun flux financier : un don en nature, reçu fiscal à la demande.",
            results: ["Familles servies ; 60 ; 2024-10-31"],
            lessons: "Un seul bénévole référent par soir ; penser dès le départ à la suite quand un partenaire s'en va."
        ),
        Sheet(
            title: "Une SCIC pour l'entretien des espaces verts d'entreprise",
            summary:
                "Une structure d'insertion entretient les espaces verts d'un industriel ; le marché a donné naissance à une SCIC dont l'entreprise est sociétaire.",
            territory: "Centre-Alsace",
            parties: [("coop-ried", "Prestataire"), ("alsace-precision", "Client et sociétaire")],
            questions: [.pool], themes: [.scaling], modes: [.responsiblePurchasing], governance: .scic,
            scaling: .spinOff, visibility: .network,
            context: "L'industriel cherchait un prestataire local ; la structure d'insertion, des chantiers réguliers.",
            timeline: ["2022-06 — premier marché", "2024-01 — création de la SCIC", "2025-05 — deuxième site"],
            economicModel: "18 000 € de prestations par an ; l'entreprise détient une part du capital de la SCIC.",
            results: ["Postes d'insertion ; 3 ; 2025-06-30"],
            lessons: "Le statut de SCIC a permis à l'entreprise de s'engager au-delà du marché."),
        Sheet(
            title: "Un minibus partagé entre clubs sportifs",
            summary:
                "Un transporteur met un minibus à disposition des clubs du Sundgau le week-end, géré par un groupement qui réunit clubs et entreprise.",
            territory: "Sundgau et Colmar",
            parties: [
                ("transports-rhenans", "Prêteur"), ("sport-colmar", "Utilisateur"), ("reseau-68", "Coordinateur")
            ],
            questions: [.pool], themes: [.economicModel], modes: [.inKindPatronage], governance: .gie,
            scaling: .newPartners,
            context:
                "Les clubs annulaient des déplacements faute de véhicule ; le minibus du transporteur restait au dépôt le week-end.",
            timeline: ["2023-09 — convention de prêt", "2024-03 — groupement créé pour l'assurance et le planning"],
            economicModel:
                "Participation aux frais de 15 € par week-end, plein fait au retour ; l'assurance est mutualisée.",
            results: ["Week-ends de prêt ; 41 ; 2025-06-30"],
            lessons: "Un planning partagé et une seule personne qui remet les clés évitent les conflits."),
        Sheet(
            title: "Une association d'employeurs pour l'emploi des personnes handicapées",
            summary:
                "Trois employeurs et une association spécialisée ont créé une association qui recrute et accompagne des travailleurs handicapés.",
            territory: "Haut-Rhin",
            parties: [
                ("handicap-alsace", "Accompagnateur"), ("transports-rhenans", "Employeur"),
                ("imprimerie-thann", "Employeur")
            ],
            questions: [.buildTools], themes: [.scaling], modes: [.responsiblePractices], governance: .association,
            scaling: .newTerritory,
            context:
                "Chaque employeur peinait seul à adapter ses postes ; l'association voulait des parcours durables.",
            timeline: ["2023-02 — premiers recrutements", "2025-09 — extension au Bas-Rhin"],
            economicModel: "Cotisations des employeurs et aides à l'adaptation des postes.",
            results: ["Recrutements ; 4 ; 2024-12-31"],
            lessons: "Mutualiser l'ergonome entre employeurs ; suivre chaque personne pendant un an."),
        Sheet(
            title: "Ateliers numériques pour les aînés avec des formateurs d'entreprise",
            summary:
                "Une entreprise de conseil prête des ordinateurs et des formateurs à deux associations qui animent des ateliers pour les aînés.",
            territory: "Haguenau et Guebwiller",
            parties: [("atelier-numerique", "Porteur"), ("aines-guebwiller", "Partenaire"), ("numeria", "Mécène")],
            questions: [.buildTools], themes: [.mobilisation], modes: [.skillsPatronage, .inKindPatronage],
            governance: .agreement, scaling: .duplication,
            context: "Des aînés isolés ne pouvaient plus faire leurs démarches en ligne.",
            timeline: ["2025-10 — premier atelier", "2026-02 — deuxième ville"],
            economicModel: "Matériel et temps de formation donnés ; salles prêtées par les communes.",
            results: ["Aînés formés ; 35 ; 2026-02-28"],
            lessons: "Des groupes de six au plus ; un support papier à emporter.",
            submittedOnly: true),
        Sheet(
            title: "Une recherche-action sur les alliances du territoire",
            summary:
                "Un institut de recherche, une structure de l'ESS et une fondation observent pendant deux ans les partenariats du territoire.",
            territory: "Alsace",
            parties: [
                ("institut-territoires", "Chercheurs"), ("alsace-active", "Terrain"), ("fondation-alsace", "Financeur")
            ],
            questions: [.buildTools, .shareExperience], themes: [.governance], modes: [.socialInnovation],
            governance: .agreement, scaling: .notYet,
            context: "Les acteurs voulaient savoir ce qui fait durer un partenariat.",
            timeline: ["2024-01 — protocole de recherche", "2025-12 — rapport intermédiaire"],
            economicModel: "Une convention de recherche financée par la fondation ; les terrains donnent leur temps.",
            results: ["Partenariats observés ; 24 ; 2025-12-31"],
            lessons: "Restituer aux acteurs avant de publier ; une grille simple suffit."),
        Sheet(
            title: "Deux associations de quartier qui ont fusionné",
            summary:
                "Une régie de quartier et une association de solidarité ont mis en commun leurs bénévoles, puis fusionné, avec le soutien d'une brasserie locale.",
            territory: "Mulhouse",
            parties: [
                ("regie-mulhouse", "Structure issue de la fusion"), ("elan-solidaire", "Partenaire"),
                ("brasserie-saint-louis", "Soutien bénévole")
            ],
            questions: [.knowEachOther], themes: [.governance], modes: [.volunteering], governance: .other,
            scaling: .merger,
            context: "Deux associations voisines se disputaient les mêmes bénévoles et les mêmes subventions.",
            timeline: ["2023-05 — charte commune", "2024-06 — assemblée générale de fusion"],
            economicModel: "Un budget commun ; la brasserie donne des journées de bénévolat de ses salariés.",
            results: ["Bénévoles actifs ; 55 ; 2025-01-31"],
            lessons: "Une charte avant la fusion ; garder les deux noms pendant un an."),
        Sheet(
            title: "Le mécénat culturel en milieu rural",
            summary:
                "Un groupe et une fondation financent la programmation d'une association culturelle dans les villages autour de Saverne.",
            territory: "Pays de Saverne",
            parties: [("culture-saverne", "Porteur"), ("hexagone", "Mécène"), ("fondation-alsace", "Cofinanceur")],
            questions: [.pool], themes: [.economicModel], modes: [.financialPatronage], governance: .foundation,
            scaling: .newPartners, visibility: .lab,
            context: "Les spectacles ne venaient plus dans les villages.",
            timeline: ["2024-09 — première saison", "2025-09 — troisième mécène"],
            economicModel: "Mécénat financier pluriannuel, versé par la fondation.",
            results: ["Spectacles ; 22 ; 2025-06-30"], lessons: "Inviter les mécènes aux représentations."),
        Sheet(
            title: "La cantine d'entreprise achète local et solidaire",
            summary:
                "La cantine d'un groupe achète son pain à une boulangerie artisanale et ses légumes à une structure d'insertion.",
            territory: "Strasbourg et Sélestat",
            parties: [("hexagone", "Acheteur"), ("boulangerie-fischer", "Fournisseur"), ("coop-ried", "Fournisseur")],
            questions: [.knowEachOther], themes: [.economicModel],
            modes: [.responsiblePurchasing, .economicCooperation],
            governance: .agreement, scaling: .duplication,
            context: "Le groupe voulait des achats plus locaux sans alourdir ses procédures.",
            timeline: ["2025-01 — appel à fournisseurs locaux", "2025-06 — deuxième site"],
            economicModel: "Des achats au prix du marché, avec des délais de paiement courts.",
            results: ["Part d'achats locaux ; 30 % ; 2025-12-31"],
            lessons: "Découper les lots pour que les petits fournisseurs puissent répondre."),
        Sheet(
            lab: "reseau-national",
            title: "Une méthode partagée de diagnostic des partenariats territoriaux",
            summary:
                "Une association, un organisme public et un réseau de l'ESS construisent une méthode de diagnostic que les labos régionaux reprennent.",
            territory: "France",
            parties: [("rameau", "Porteur"), ("cget", "Partenaire public"), ("avise", "Partenaire")],
            questions: [.shareExperience, .buildTools], themes: [.scaling, .governance], modes: [.socialInnovation],
            governance: .informalCommittee, scaling: .newTerritory,
            context: "Chaque territoire réinventait sa façon de dresser l'état des lieux de ses partenariats.",
            timeline: ["2015-01 — rencontre des pionniers", "2016-06 — méthode testée dans trois régions"],
            economicModel: "Le temps des équipes, et des subventions publiques pour les tests.",
            results: ["Régions utilisatrices ; 3 ; 2016-06-30"],
            lessons: "Tester avant de diffuser ; une méthode courte est plus reprise.")
    ]

    struct Tool {
        let title: String
        let description: String
        let category: ToolCategory
        let licence: ToolLicence
        let versions: [String]
    }

    static let tools: [Tool] = [
        Tool(
            title: "Modèle de convention de partenariat",
            description: "Objet, apports de chacun, durée, gouvernance, évaluation : une trame à adapter.",
            category: .partnershipAgreement, licence: .ccBySa, versions: ["Première version"]),
        Tool(
            title: "Modèle de convention de mécénat de compétences",
            description: "Missions, temps donné, encadrement, assurance et valorisation du don.",
            category: .skillsAgreement, licence: .etalab, versions: ["Première version"]),
        Tool(
            title: "Charte des partenaires du labo",
            description: "Les engagements que prennent les organisations qui rejoignent le labo.", category: .charter,
            licence: .ccBy, versions: ["Première version"]),
        Tool(
            title: "Grille d'évaluation d'un partenariat",
            description: "Douze questions pour faire le point chaque année avec ses partenaires.",
            category: .evaluationGrid,
            licence: .cc0, versions: ["Première version", "Ajout des questions sur la gouvernance"])
    ]

    func load(into db: any SQLDatabase, context: DemoContext) async throws {
        let store = LibraryStore()
        let now = nowSeconds()
        var published = 0
        for (index, item) in Self.sheets.enumerated() {
            guard let lab = context.labs[item.lab] else { continue }
            let input = SheetInput(
                title: item.title, summary: item.summary, questions: item.questions.map(\.rawValue),
                themes: item.themes.map(\.rawValue), modes: item.modes.map(\.rawValue),
                governance: item.governance.rawValue, scaling: item.scaling.rawValue,
                visibility: item.visibility.rawValue, context: item.context,
                timeline: item.timeline.joined(separator: "\n"),
                economicModel: item.economicModel, results: item.results.joined(separator: "\n"), lessons: item.lessons,
                territory: item.territory,
                parties: item.parties.compactMap { key, role in
                    context.organisations[key].map { PartyInput(organisationId: $0, role: role) }
                })
            guard case .success(let draft) = SheetDraft.validate(input) else { continue }
            let at = now - (Self.sheets.count - index) * 86_400 * 7
            let id = try await store.create(
                labID: lab.id, draft: draft, partnershipID: item.partnership.flatMap { context.partnerships[$0] },
                userID: nil, at: at, on: db)
            guard var sheet = try await store.sheet(id: id, labID: lab.id, on: db) else { continue }
            _ = try await store.setStatus(
                sheet: sheet, to: .submitted, publish: false, visibility: draft.visibility, at: at, on: db)
            if item.submittedOnly { continue }
            sheet = try await store.sheet(id: id, labID: lab.id, on: db)!
            _ = try await store.setStatus(
                sheet: sheet, to: .published, publish: true, visibility: draft.visibility, at: at + 3_600, on: db)
            try await store.addComment(
                sheetID: id, version: 1, userID: nil, action: .publish, body: "Merci, fiche claire : publiée.",
                at: at + 3_600, on: db)
            published += 1
            if item.partnership != nil {
                // Edited after publication: readers keep the published version meanwhile.
                var next = input
                next.lessons = item.lessons + " Un an après : garder un temps de bilan annuel avec tous les parrains."
                if case .success(let second) = SheetDraft.validate(next) {
                    sheet = try await store.sheet(id: id, labID: lab.id, on: db)!
                    _ = try await store.addVersion(sheet: sheet, draft: second, userID: nil, at: now - 86_400, on: db)
                }
            }
        }
        for lab in context.labs.values { try await LabStore.bumpVersion(labID: lab.id, on: db) }
        var files = 0
        if let alsace = context.labs["alsace"] {
            for tool in Self.tools {
                guard
                    case .success(let draft) = ToolDraft.validate(
                        ToolInput(
                            title: tool.title, description: tool.description, category: tool.category.rawValue,
                            licence: tool.licence.rawValue, visibility: SheetVisibility.everyone.rawValue))
                else { continue }
                let id = try await store.createTool(labID: alsace.id, draft: draft, userID: nil, at: now, on: db)
                guard let folder = context.dataDirectory.map({ "\($0)/tools/\(alsace.id)" }) else { continue }
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                for (number, note) in tool.versions.enumerated() {
                    let data = Self.pdf(lines: [
                        tool.title, "Version \(number + 1) : \(note)", "Document de démonstration."
                    ])
                    let storedName = Tokens.random()
                    let path = "\(folder)/\(storedName)"
                    try data.write(to: URL(fileURLWithPath: path))
                    let file = CheckedUpload(
                        storedName: storedName, filename: TextNormalisation.slug(tool.title) + ".pdf", type: .pdf,
                        bytes: data.count, sha256: try FileDigest.hex(path: path), fields: [:])
                    _ = try await store.addToolVersion(
                        toolID: id, note: note, file: file, userID: nil, at: now, on: db)
                    files += 1
                }
            }
        }
        context.notes.append(
            "Demo library: \(published) published experience sheets (one more in review) at /labs/alsace/bibliotheque and /labs/reseau-national/bibliotheque; \(Self.tools.count) tools (\(files) files) at /labs/alsace/outils."
        )
    }

    /// A one-page PDF with a few lines of text (Helvetica), built byte by byte so its
    /// cross-reference table points at each object.
    static func pdf(lines: [String]) -> Data {
        func escape(_ s: String) -> String {
            // Latin-1 text in a literal string: accents kept, brackets and backslashes escaped.
            s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "(", with: "\\(")
                .replacingOccurrences(of: ")", with: "\\)")
        }
        let text = lines.enumerated().map { i, line in "BT /F1 14 Tf 72 \(760 - i * 24) Td (\(escape(line))) Tj ET" }
            .joined(separator: "\n")
        let stream = text.data(using: .isoLatin1, allowLossyConversion: true) ?? Data(text.utf8)
        let objects = [
            "<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
            "<< /Length \(stream.count) >>\nstream\n",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
        ]
        var out = Data("%PDF-1.4\n".utf8)
        var offsets: [Int] = []
        for (i, object) in objects.enumerated() {
            offsets.append(out.count)
            out.append(Data("\(i + 1) 0 obj\n\(object)".utf8))
            // The content stream's bytes follow its dictionary (Latin-1, as the font reads them).
            if i == 3 { out.append(stream + Data("\nendstream".utf8)) }
            out.append(Data("\nendobj\n".utf8))
        }
        let xref = out.count
        var table = "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
        for offset in offsets {
            table += String(repeating: "0", count: 10 - String(offset).count) + "\(offset) 00000 n \n"
        }
        table += "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R >>\nstartxref\n\(xref)\n%%EOF\n"
        out.append(Data(table.utf8))
        return out
    }
}
