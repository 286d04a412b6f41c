import AlliancesCore

enum DirectoryList {
    struct Model {
        let lab: LabSummary
        let filter: DirectoryFilter
        let organisations: [OrganisationSummary]
        let total: Int
        let page: Int
        let pageSize: Int
        let canCreate: Bool
        let departements: [Departement]

        var pageCount: Int { max(1, (total + pageSize - 1) / pageSize) }

        func pageURL(_ page: Int) -> String {
            var pairs = filter.queryPairs
            if page > 1 { pairs.append(("page", String(page))) }
            let query = URLEncoding.query(pairs)
            return "/labs/\(lab.slug)/organisations" + (query.isEmpty ? "" : "?" + query)
        }
    }
}
