import AlliancesCore
import Foundation

/// "Mon compte": what the platform holds about the signed-in person and what they can do
/// with it (change it, download it, erase it).
enum MyAccountPage {
    struct Model {
        let user: UserRecord
        let labName: String?
        /// The lab of the account, for its own webhooks' page.
        var labSlug: String? = nil
        let registrations: [RegistrationStore.Mine]
        let sessions: [OpenSession]
        let currentSession: String?
        let audit: [AuditEntry]
        var memberships: [AccountStore.Membership] = []
        /// Roles held in other labs.
        var heldRoles: [AccountStore.HeldRole] = []
        var errors = ValidationErrors()
        var flash: String?
        var tokens: [ApiToken] = []
        /// A token just made: shown on this page only.
        var newToken: (name: String, token: String)? = nil
    }

    static func render(_ m: Model, csrf: String) -> HTML {
        let notice: HTML = m.flash.map { "<p class=\"notice notice-success\" role=\"status\">\($0)</p>" } ?? .empty
        let registrations: [HTML] = m.registrations.map {
            "<li><a href=\"/evenements/\($0.eventSlug)\">\($0.eventTitle)</a> — \($0.status.label), le \(frenchDate($0.createdAt))</li>"
        }
        let sessions: [HTML] = m.sessions.map { session in
            let current = session.id == m.currentSession
            let close: HTML =
                current
                ? "<strong>cette session</strong>"
                : "<form method=\"post\" action=\"/compte/sessions/fermer\" class=\"inline\">\(csrfField(csrf))<input type=\"hidden\" name=\"session\" value=\"\(session.id)\"><button type=\"submit\" class=\"link\">Fermer</button></form>"
            return
                "<li>\(session.device ?? "Navigateur inconnu")\(session.createdAt.map { ", ouverte le \(frenchDate($0))" } ?? "") — \(close)</li>"
        }
        let audit: [HTML] = m.audit.map {
            "<tr><td>\(frenchDateTime($0.at))</td><td>\($0.label)</td><td>\($0.actorName ?? ($0.actorID == nil ? "—" : "compte n° \($0.actorID ?? 0)"))</td><td>\($0.address ?? "—")</td></tr>"
        }
        let organisations: [HTML] = m.memberships.map { membership in
            membership.organisationID == m.user.organisationID
                ? "<li><strong>\(membership.name)</strong> — vous agissez pour elle</li>"
                : "<li>\(membership.name) <form method=\"post\" action=\"/compte/organisation\" class=\"inline\">\(csrfField(csrf))<input type=\"hidden\" name=\"organisation\" value=\"\(membership.organisationID)\"><button type=\"submit\" class=\"link\">Agir pour cette organisation<span class=\"visually-hidden\"> : \(membership.name)</span></button></form></li>"
        }
        let place: String =
            switch m.user.role {
            case .admin: "Administrateur du réseau (tous les labos)"
            case .facilitator: "Facilitateur de \(m.labName ?? "votre labo")"
            case .member:
                "Membre de \(m.user.organisationName ?? "votre organisation")\(m.labName.map { ", \($0)" } ?? "")"
            }
        let held: [HTML] = m.heldRoles.map { held in
            "<li><a href=\"/labs/\(held.labSlug)\">\(held.labName)</a> : \(held.role.role.label)\(held.organisationName.map { " (\($0))" } ?? "")</li>"
        }
        return """
            <h1>Mon compte</h1>
            \(notice)
            \(FormFields.errorSummary(m.errors))
            <section aria-labelledby="t-identite"><h2 id="t-identite">Identité</h2>
            <p>E-mail : <strong>\(m.user.email)</strong><br>Rôle : \(place)</p>
            \(held.isEmpty ? .empty : "<h3>Mes rôles dans d'autres labos</h3><p>Dans les pages de ces labos, vous agissez avec ce rôle.</p><ul>\(held)</ul>" as HTML)
            \(organisations.count > 1 ? "<h3>Mes organisations</h3><p>Vous agissez pour une organisation à la fois : ses besoins, offres, mises en relation et partenariats.</p><ul>\(organisations)</ul>" as HTML : .empty)
            <form method="post" action="/compte/nom" class="narrow">\(csrfField(csrf))
            \(FormFields.text("name", "Nom", value: m.user.name, errors: m.errors, required: true, autocomplete: "name", maxLength: 120))
            <div class="actions"><button type="submit">Enregistrer le nom</button></div></form>
            </section>
            <section aria-labelledby="t-mdp"><h2 id="t-mdp">Mot de passe</h2>
            <form method="post" action="/compte/mot-de-passe" class="narrow">\(csrfField(csrf))
            \(FormFields.text("current", "Mot de passe actuel", value: nil, errors: m.errors, type: "password", required: true, autocomplete: "current-password"))
            \(FormFields.text("password", "Nouveau mot de passe", value: nil, errors: m.errors, type: "password", required: true, hint: "\(Passwords.minimumLength) caractères au moins. Vos autres sessions seront fermées.", autocomplete: "new-password"))
            \(FormFields.text("confirmation", "Confirmez le nouveau mot de passe", value: nil, errors: ValidationErrors(), type: "password", required: true, autocomplete: "new-password"))
            <div class="actions"><button type="submit">Changer le mot de passe</button></div></form>
            </section>
            <section aria-labelledby="t-email"><h2 id="t-email">Adresse e-mail</h2>
            <form method="post" action="/compte/email" class="narrow">\(csrfField(csrf))
            \(FormFields.text("email", "Nouvelle adresse e-mail", value: nil, errors: m.errors, type: "email", required: true, hint: "Un lien de confirmation sera envoyé à la nouvelle adresse ; l'ancienne sera prévenue.", autocomplete: "email"))
            \(FormFields.text("password_email", "Votre mot de passe", value: nil, errors: m.errors, type: "password", required: true, autocomplete: "current-password"))
            <div class="actions"><button type="submit">Changer d'adresse</button></div></form>
            </section>
            <section aria-labelledby="t-inscriptions"><h2 id="t-inscriptions">Mes inscriptions</h2>
            \(registrations.isEmpty ? "<p class=\"muted\">Aucune inscription.</p>" as HTML : "<ul>\(registrations)</ul>")
            </section>
            <section aria-labelledby="t-sessions"><h2 id="t-sessions">Mes sessions</h2>
            <ul>\(sessions)</ul>
            <form method="post" action="/compte/sessions/fermer-autres">\(csrfField(csrf))<button type="submit" class="secondary">Fermer toutes les autres sessions</button></form>
            </section>
            <section aria-labelledby="t-jetons"><h2 id="t-jetons">Jetons d'API</h2>
            <p>Pour qu'un autre outil (tableur, CRM, application) lise ou écrive à votre place par l'<a href="/api/openapi.json">API</a>, avec vos droits et rien de plus. Un jeton n'est affiché qu'une fois ; révoquez-le dès qu'il ne sert plus.</p>
            \(ApiTokensView.section(tokens: m.tokens, newToken: m.newToken, errors: m.errors, action: "/compte/jetons", csrf: csrf))
            \(m.labSlug.map { "<p>Pour qu'un outil soit prévenu dès que quelque chose vous concerne (votre organisation, ses mises en relation et partenariats, vos inscriptions, les besoins et offres du labo) : <a href=\"/labs/\($0)/mes-webhooks\">mes webhooks</a>.</p>" as HTML } ?? .empty)
            </section>
            <section aria-labelledby="t-donnees"><h2 id="t-donnees">Mes données</h2>
            <p>Un fichier JSON avec tout ce que la plateforme enregistre à votre sujet : compte, fiches, inscriptions (avec régime alimentaire), rendez-vous, mises en relation, messages envoyés, journal. <a href="/confidentialite">Politique de confidentialité</a>.</p>
            <form method="post" action="/compte/donnees">\(csrfField(csrf))<button type="submit">Télécharger mes données</button></form>
            <h3>Effacer mon compte et mes données</h3>
            <p>Un lien de confirmation vous sera envoyé par e-mail. Les inscriptions à des rencontres passées restent comptées, sans votre nom.</p>
            <form method="post" action="/compte/effacement">\(csrfField(csrf))<button type="submit" class="danger">Demander l'effacement</button></form>
            </section>
            <section aria-labelledby="t-journal"><h2 id="t-journal">Ce que le journal enregistre à mon sujet</h2>
            \(audit.isEmpty ? "<p class=\"muted\">Rien pour l'instant.</p>" as HTML : "<div class=\"table-wrap\"><table><thead><tr><th scope=\"col\">Quand</th><th scope=\"col\">Quoi</th><th scope=\"col\">Par</th><th scope=\"col\">Adresse</th></tr></thead><tbody>\(audit)</tbody></table></div>")
            </section>
            """
    }
}

/// "27 novembre 2026 à 14:05", Paris time.
func frenchDateTime(_ seconds: Int) -> String {
    let parts = Paris.calendar.dateComponents(
        [.hour, .minute], from: Date(timeIntervalSince1970: TimeInterval(seconds)))
    return "\(frenchDate(seconds)) à \(String(format: "%02d:%02d", parts.hour ?? 0, parts.minute ?? 0))"
}
