import AlliancesCore

extension FormFields {
    /// Rows of (organisation, role) for a form naming several organisations (a
    /// partnership's parties, an experience sheet's organisations): a list of the lab's
    /// organisations, or the organisation picker when the lab has too many for a list; a
    /// member's own organisation fixed first. Sent as repeated `party` and `role` fields.
    static func partyRows(
        _ typed: [PartyInput], organisations: [(id: Int, name: String)], own: (id: Int, name: String)?, noun: String,
        maxRows: Int, lab: LabSummary
    ) -> [HTML] {
        var parties = typed
        if let own, !parties.contains(where: { $0.organisationId == own.id }) {
            parties.insert(PartyInput(organisationId: own.id, role: nil), at: 0)
        }
        let rows = min(maxRows, max(4, parties.filter { $0.organisationId != nil }.count + 1))
        parties = Array(parties.filter { $0.organisationId != nil || $0.role != nil }.prefix(rows))
        while parties.count < rows { parties.append(PartyInput(organisationId: nil, role: nil)) }
        return parties.enumerated().map { index, party in
            let n = index + 1
            let organisation: HTML
            if let own, party.organisationId == own.id {
                organisation =
                    "<input type=\"hidden\" name=\"party\" value=\"\(own.id)\"><p id=\"f-party-\(n)\">\(noun) \(n) : <strong>\(own.name)</strong> (votre organisation)</p>"
            } else if organisations.isEmpty {
                organisation =
                    "<div class=\"field\"><label for=\"f-party-\(n)\">\(noun) \(n) : son nom ou son numéro</label><input type=\"text\" id=\"f-party-\(n)\" name=\"party\" value=\"\(party.organisationId.map(String.init) ?? "")\" maxlength=\"200\" autocomplete=\"off\" list=\"dl-party-\(n)\" data-picker=\"\(OrganisationPicker.field(lab).source)\"><datalist id=\"dl-party-\(n)\"></datalist></div>"
            } else {
                let options: [HTML] = organisations.map { o in
                    o.id == party.organisationId
                        ? "<option value=\"\(o.id)\" selected>\(o.name)</option>"
                        : "<option value=\"\(o.id)\">\(o.name)</option>"
                }
                organisation =
                    "<div class=\"field\"><label for=\"f-party-\(n)\">\(noun) \(n)</label><select id=\"f-party-\(n)\" name=\"party\"><option value=\"\">—</option>\(options)</select></div>"
            }
            return """
                <div class="party">\(organisation)<div class="field"><label for="f-role-\(n)">Rôle (\(noun.lowercased()) \(n))</label><input type="text" id="f-role-\(n)" name="role" value="\(party.role ?? "")" maxlength="120" placeholder="porteur, financeur, mécène, bénéficiaire…"></div></div>
                """
        }
    }

    /// The rows sent by `partyRows`, back into inputs.
    static func parties(from form: FormData) -> [PartyInput] {
        let ids = form.all("party"), roles = form.all("role")
        return (0..<max(ids.count, roles.count)).map { i in
            PartyInput(
                organisationId: i < ids.count ? Int(ids[i].trimmingWhitespace()) : nil,
                role: i < roles.count ? roles[i] : nil)
        }
    }
}
