import AlliancesCore

/// The accounts pages of a lab: the list (search, paging, invitations) and one account.
enum AccountAdminPages {
    struct InviteInput {
        var email: String?
        var role: String?
        var organisation: String?
    }

    struct ListModel {
        let lab: Lab
        let users: [UserRecord]
        let total: Int
        let page: Int
        let pageSize: Int
        let query: String?
        let invitations: [InvitationRecord]
        let roles: [(value: String, label: String)]
        let organisations: [(value: String, label: String)]
        /// People of other labs holding a role in this one.
        var holders: [AccountStore.LabRoleHolder] = []
        var flash: String?
        var errors = ValidationErrors()
        var input: InviteInput?

        var pageCount: Int { max(1, (total + pageSize - 1) / pageSize) }
        func pageURL(_ page: Int) -> String {
            "/labs/\(lab.slug)/comptes?" + URLEncoding.query([("q", query ?? ""), ("page", String(page))])
        }
    }

    static func status(_ user: UserRecord) -> HTML {
        user.isActive
            ? "Actif"
            : "<strong>Désactivé</strong>\(user.deactivatedAt.map { " le \(frenchDate($0))" } ?? "")"
    }

    static func list(_ m: ListModel, csrf: String) -> HTML {
        let base = "/labs/\(m.lab.slug)/comptes"
        let now = nowSeconds()
        let rows: [HTML] = m.users.map { user in
            "<tr><td><a href=\"\(base)/\(user.id)\">\(user.name)</a></td><td>\(user.email)</td><td>\(user.role.label)</td><td>\(user.organisationName ?? "—")</td><td>\(status(user))</td><td>\(user.lastLoginAt.map { frenchDate($0) } ?? "jamais")</td></tr>"
        }
        let invitations: [HTML] = m.invitations.map { invitation in
            let expired = invitation.expiresAt <= now
            let state: HTML =
                expired
                ? "<strong>expirée</strong> le \(frenchDate(invitation.expiresAt))"
                : "valable jusqu'au \(frenchDate(invitation.expiresAt))"
            return """
                <li>\(invitation.email) — \(invitation.role.label), \(state)
                <form method="post" action="\(base)/invitations/\(invitation.id)/renvoyer" class="inline">\(csrfField(csrf))<button type="submit" class="link">Renvoyer</button></form>
                <form method="post" action="\(base)/invitations/\(invitation.id)/revoquer" class="inline">\(csrfField(csrf))<button type="submit" class="link">Révoquer</button></form></li>
                """
        }
        let notice: HTML = m.flash.map { "<p class=\"notice notice-success\" role=\"status\">\($0)</p>" } ?? .empty
        return """
            <h1>Comptes du labo</h1>
            \(notice)
            <p><a href="/labs/\(m.lab.slug)/journal">Journal d'audit du labo</a></p>
            <h2>Inviter une personne</h2>
            \(FormFields.errorSummary(m.errors))
            <form method="post" action="\(base)/invitations">
            \(csrfField(csrf))
            \(FormFields.text("email", "E-mail", value: m.input?.email, errors: m.errors, type: "email", required: true))
            \(FormFields.select("role", "Rôle", options: m.roles, selected: m.input?.role ?? Role.member.rawValue, errors: m.errors, required: true, emptyLabel: nil))
            \(OrganisationPicker.choice("organisation", "Organisation (pour un membre)", options: m.organisations, selected: m.input?.organisation, errors: m.errors, lab: m.lab.summary, hint: "Un membre peut modifier la fiche de son organisation et ses personnes."))
            <div class="actions"><button type="submit">Envoyer l'invitation</button></div>
            </form>
            <h2>Invitations en attente</h2>
            \(invitations.isEmpty ? "<p class=\"muted\">Aucune.</p>" as HTML : "<ul>\(invitations)</ul>")
            <h2>Comptes (\(frenchNumber(m.total)))</h2>
            <form method="get" action="\(base)" role="search" class="inline-search">
            <label for="f-q">Chercher un nom ou un e-mail</label> <input type="search" id="f-q" name="q" value="\(m.query ?? "")" maxlength="120"> <button type="submit">Chercher</button>
            </form>
            <div class="table-wrap"><table><thead><tr><th scope="col">Nom</th><th scope="col">E-mail</th><th scope="col">Rôle</th><th scope="col">Organisation</th><th scope="col">État</th><th scope="col">Dernière connexion</th></tr></thead><tbody>\(rows)</tbody></table></div>
            \(Pagination.nav(page: m.page, pageCount: m.pageCount, url: m.pageURL))
            <h2>Personnes d'autres labos ayant un rôle ici (\(m.holders.count))</h2>
            <p class="muted">Inviter l'adresse d'un compte d'un autre labo lui donne un rôle dans celui-ci ; son compte garde son labo et son rôle.</p>
            \(m.holders.isEmpty ? "<p class=\"muted\">Aucune.</p>" as HTML : "<div class=\"table-wrap\"><table><thead><tr><th scope=\"col\">Nom</th><th scope=\"col\">E-mail</th><th scope=\"col\">Son labo</th><th scope=\"col\">Rôle ici</th><th scope=\"col\">Organisation</th><th scope=\"col\">Action</th></tr></thead><tbody>\(holderRows(m, csrf: csrf))</tbody></table></div>" as HTML)
            """
    }

    static func holderRows(_ m: ListModel, csrf: String) -> [HTML] {
        m.holders.map { holder in
            """
            <tr><td>\(holder.name)</td><td>\(holder.email)</td><td>\(holder.homeLab ?? "—")</td><td>\(holder.role.label)</td><td>\(holder.organisationName ?? "—")</td>
            <td><form method="post" action="/labs/\(m.lab.slug)/comptes/roles/\(holder.userID)/retirer" class="inline">\(csrfField(csrf))<button type="submit" class="link">Retirer le rôle<span class="visually-hidden"> de \(holder.name)</span></button></form></td></tr>
            """
        }
    }

    struct AccountModel {
        let lab: Lab
        let user: UserRecord
        let roles: [(value: String, label: String)]
        let organisations: [(value: String, label: String)]
        let canErase: Bool
        var memberships: [AccountStore.Membership] = []
        var errors = ValidationErrors()
        var flash: String?
    }

    static func account(_ m: AccountModel, csrf: String) -> HTML {
        let base = "/labs/\(m.lab.slug)/comptes/\(m.user.id)"
        let notice: HTML = m.flash.map { "<p class=\"notice notice-success\" role=\"status\">\($0)</p>" } ?? .empty
        let activation: HTML =
            m.user.isActive
            ? """
            <form method="post" action="\(base)/desactiver" class="narrow">\(csrfField(csrf))
            \(FormFields.text("reason", "Motif de la désactivation", value: nil, errors: m.errors, required: true, hint: "Enregistré au journal. Les sessions du compte sont fermées aussitôt ; ce qu'il a publié reste.", maxLength: 300))
            <div class="actions"><button type="submit" class="danger">Désactiver le compte</button></div></form>
            """
            : """
            <p>Désactivé\(m.user.deactivatedAt.map { " le \(frenchDate($0))" } ?? "") — motif : \(m.user.deactivationReason ?? "—")</p>
            <form method="post" action="\(base)/reactiver">\(csrfField(csrf))<button type="submit">Réactiver le compte</button></form>
            """
        let erase: HTML =
            m.canErase
            ? """
            <h2>Effacer la personne</h2>
            <p>Supprime le compte, les fiches de contact à cette adresse, les demandes de rendez-vous et les messages ; rend ses inscriptions anonymes. Définitif.</p>
            <form method="post" action="\(base)/effacer" class="narrow">\(csrfField(csrf))
            \(FormFields.text("erase_reason", "Motif de l'effacement", value: nil, errors: m.errors, required: true, maxLength: 300))
            <div class="actions"><button type="submit" class="danger">Effacer définitivement</button></div></form>
            """
            : .empty
        let memberships: [HTML] = m.memberships.map { membership in
            let remove: HTML =
                membership.labID == m.lab.id && m.memberships.count > 1
                ? "<form method=\"post\" action=\"\(base)/organisations/\(membership.organisationID)/retirer\" class=\"inline\">\(csrfField(csrf))<button type=\"submit\" class=\"link\">Retirer<span class=\"visually-hidden\"> de \(membership.name)</span></button></form>"
                : .empty
            return
                "<li>\(membership.name)\(membership.organisationID == m.user.organisationID ? " (agit pour elle)" : "") \(remove)</li>"
        }
        let organisations: HTML =
            m.user.role == .member
            ? """
            <h2>Organisations</h2>
            <ul>\(memberships)</ul>
            <form method="post" action="\(base)/organisations" class="narrow">\(csrfField(csrf))
            \(OrganisationPicker.choice("organisation_add", "Ajouter une organisation du labo", options: m.organisations, selected: nil, errors: m.errors, lab: m.lab.summary, required: true))
            <div class="actions"><button type="submit">Ajouter</button></div></form>
            """
            : .empty
        return """
            <h1>\(m.user.name)</h1>
            \(notice)
            \(FormFields.errorSummary(m.errors))
            <p>\(m.user.email) — \(m.user.role.label)\(m.user.organisationName.map { ", \($0)" } ?? "") — \(status(m.user))</p>
            <p><a href="/labs/\(m.lab.slug)/journal?personne=\(URLEncoding.component(m.user.email))">Son journal</a> · <a href="/labs/\(m.lab.slug)/comptes">Tous les comptes</a></p>
            <h2>Rôle</h2>
            <form method="post" action="\(base)/role" class="narrow">\(csrfField(csrf))
            \(FormFields.select("role", "Rôle", options: m.roles, selected: m.user.role.rawValue, errors: m.errors, required: true, emptyLabel: nil))
            \(OrganisationPicker.choice("organisation", "Organisation (pour un membre)", options: m.organisations, selected: m.user.organisationID.map(String.init), errors: m.errors, lab: m.lab.summary))
            <div class="actions"><button type="submit">Changer le rôle</button></div></form>
            \(organisations)
            <h2>Accès</h2>
            \(activation)
            <h2>Données personnelles</h2>
            <form method="post" action="\(base)/donnees">\(csrfField(csrf))<button type="submit" class="secondary">Télécharger ses données (JSON)</button></form>
            \(erase)
            """
    }
}
