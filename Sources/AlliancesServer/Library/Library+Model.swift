import AlliancesCore

/// The experience library's pages, as plain data.
enum LibraryPages {
    struct ListModel {
        let lab: LabSummary
        let query: LibraryQuery
        let results: LibraryResults
        /// Names of the départements met (code → name), for the territory facet.
        let departementNames: [String: String]
        let canWrite: Bool
        let signedIn: Bool
        /// Every lab by id when the list is the network's (empty otherwise).
        let labs: [Int: LabSummary]

        var base: String { "/labs/\(lab.slug)/bibliotheque" }
        /// A sheet's page, in its own lab.
        func href(_ entry: LibraryEntry) -> String {
            "/labs/\(labs[entry.labID]?.slug ?? lab.slug)/bibliotheque/\(entry.id)"
        }
        var pageCount: Int { max(1, (results.total + query.pageSize - 1) / query.pageSize) }
        var filters: [(String, String)] {
            var list: [(String, String)] = []
            if query.network { list.append(("portee", "reseau")) }
            if !query.text.isEmpty { list.append(("q", query.text)) }
            for facet in LibraryFacet.allCases {
                if let value = query.filters[facet] { list.append((facet.rawValue, value)) }
            }
            return list
        }
        /// The list or the map with the same filters, one of them set to another value.
        func url(setting name: String?, to value: String?, map: Bool = false, page: Int? = nil) -> String {
            var list = filters.filter { $0.0 != name }
            if let name, let value { list.append((name, value)) }
            if let page, page > 1 { list.append(("page", String(page))) }
            let path = base + (map ? "/carte" : "")
            return list.isEmpty ? path : path + "?" + URLEncoding.query(list)
        }
    }

    struct FormModel {
        let lab: LabSummary
        let sheetID: Int?
        let input: SheetInput
        let errors: ValidationErrors
        let organisations: [(id: Int, name: String)]
        let ownOrganisation: (id: Int, name: String)?
        /// The partnership it is written from (kept as a hidden field), and its title.
        let partnership: (id: Int, title: String)?
        /// The workshop's commitment or proposal it follows up (`FollowUpSource`).
        let followUp: String?
        /// The people of the sheet's organisations (and the writer's), to name the contact.
        var people: [(id: Int, label: String)] = []

        var action: String { "/labs/\(lab.slug)/bibliotheque/" + (sheetID.map { "\($0)/modifier" } ?? "nouvelle") }
    }

    struct ShowModel {
        let lab: LabSummary
        let shown: LibraryService.Shown
        let comments: [SheetComment]
        let documents: [SheetDocument]
        let maxDocumentMB: Int
        let similar: [LibraryEntry]
        let partnershipTitle: String?
        /// The contact person's name, for the sheet's editors only.
        let contactPersonName: String?
        /// The viewer may ask the authors for an introduction (a member of another organisation).
        let canAsk: Bool
        let isFacilitator: Bool
        let viewingOldVersion: Bool
        let errors: ValidationErrors
        let csrfToken: String
    }

    struct MineModel {
        let lab: LabSummary
        let mine: [ExperienceSheet]
        /// For facilitators: the sheets waiting for review.
        let review: [ExperienceSheet]?
    }

    struct ToolsModel {
        let lab: LabSummary
        let tools: [LibraryTool]
        let canManage: Bool
        /// Other labs' tools shared with the network or everyone, and every lab by id.
        var shared: [LibraryTool] = []
        var labs: [Int: LabSummary] = [:]
    }

    struct ToolModel {
        let lab: LabSummary
        let tool: LibraryTool
        let versions: [ToolVersion]
        let canManage: Bool
        let maxDocumentMB: Int
        let csrfToken: String
    }

    struct ToolFormModel {
        let lab: LabSummary
        let toolID: Int?
        let input: ToolInput
        let errors: ValidationErrors
    }
}
