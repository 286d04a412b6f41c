import AlliancesCore
import Foundation

/// A lab's webhooks, or a person's own: the subscriptions with their state and a form for
/// a new one; and one subscription's page with its delivery log.
enum WebhookPages {
    /// Where a scope's pages are.
    static func base(_ lab: Lab, personal: Bool) -> String {
        "/labs/\(lab.slug)/" + (personal ? "mes-webhooks" : "webhooks")
    }

    static func title(_ lab: Lab, personal: Bool) -> String {
        personal ? "Mes webhooks (\(lab.name))" : "Webhooks de \(lab.name)"
    }

    struct ListModel {
        let lab: Lab
        /// A person's own subscriptions rather than the lab's.
        var personal = false
        let subscriptions: [WebhookSubscriptions.Listed]
        var errors = ValidationErrors()
        var flash: String?
        /// A subscription just made and its signing secret: shown on this answer only.
        var created: (name: String, secret: String)?
        var name: String?
        var url: String?
        var events: Set<String> = []
    }

    static func state(_ subscription: WebhookSubscription) -> HTML {
        subscription.active
            ? "<span class=\"badge\">Actif</span>" : "<span class=\"badge badge-warning\">En pause</span>"
    }

    static func list(_ m: ListModel, csrf: String) -> HTML {
        let base = base(m.lab, personal: m.personal)
        let notice: HTML = m.flash.map { "<p class=\"notice notice-success\" role=\"status\">\($0)</p>" } ?? .empty
        let created: HTML =
            m.created.map { created in
                "<div class=\"notice notice-success\" role=\"status\"><p>Abonnement « \(created.name) » créé. Son secret de signature, à copier maintenant dans le service qui reçoit : il ne sera plus affiché.</p><p><label for=\"f-new-secret\">Secret</label> <input id=\"f-new-secret\" type=\"text\" readonly value=\"\(created.secret)\" size=\"50\" autocomplete=\"off\" spellcheck=\"false\"></p></div>"
            } ?? .empty
        let rows: [HTML] = m.subscriptions.map { listed in
            let s = listed.subscription
            return
                "<tr><td><a href=\"\(base)/\(s.id)\">\(s.name)</a></td><td class=\"break\">\(s.url)</td><td>\(s.events.map(\.label).joined(separator: ", "))</td><td>\(state(s))</td><td>\(listed.waiting)</td></tr>"
        }
        let options = WebhookEventType.subscribable.map { (value: $0.rawValue, label: "\($0.label) (\($0.rawValue))") }
        return """
            <h1>\(title(m.lab, personal: m.personal))</h1>
            \(notice)\(created)
            \(FormFields.errorSummary(m.errors))
            \(m.personal ? "<p>Vos abonnements à vous : vous n'êtes prévenu que de ce qui vous concerne (la fiche de votre organisation, les mises en relation et partenariats auxquels elle est partie, vos inscriptions aux rencontres) et des besoins et offres publiés dans le labo. Au plus \(WebhookSubscriptionDraft.maxPerPerson) abonnements.</p>" as HTML : .empty)
            <p>Un webhook prévient un autre outil du labo (CRM, portail de données, application) dès que quelque chose change ici : \
            une requête <code>POST</code> signée, au format JSON, qui désigne l'objet concerné ; l'outil le lit ensuite par l'<a href="/api/openapi.json">API</a> avec son propre jeton. \
            Un envoi refusé est retenté pendant 24 heures, puis l'abonnement est mis en pause sans rien perdre. Mode d'emploi et vérification de la signature : <code>docs/API.md</code>.</p>
            <section aria-labelledby="t-abonnements"><h2 id="t-abonnements">Abonnements</h2>
            \(rows.isEmpty ? "<p class=\"muted\">Aucun abonnement.</p>" as HTML : "<div class=\"table-scroll\"><table><caption class=\"visually-hidden\">Abonnements webhook du labo</caption><thead><tr><th scope=\"col\">Nom</th><th scope=\"col\">Adresse</th><th scope=\"col\">Événements</th><th scope=\"col\">État</th><th scope=\"col\">En attente</th></tr></thead><tbody>\(rows)</tbody></table></div>")
            </section>
            <section aria-labelledby="t-nouveau"><h2 id="t-nouveau">Nouvel abonnement</h2>
            <form method="post" action="\(base)" class="narrow">\(csrfField(csrf))
            \(FormFields.text("webhook_name", "Nom", value: m.name, errors: m.errors, required: true, hint: "Pour le reconnaître : « CRM de l'association ».", maxLength: 80))
            \(FormFields.text("webhook_url", "Adresse qui reçoit", value: m.url, errors: m.errors, type: "url", required: true, hint: "Une adresse https:// publique.", maxLength: WebhookSubscriptionDraft.maxURLLength))
            \(FormFields.checkboxes("webhook_events", "Événements à envoyer", options: options, checked: m.events, errors: m.errors))
            <div class="actions"><button type="submit">Créer l'abonnement</button></div></form>
            </section>
            """
    }

    static func detail(
        lab: Lab, listed: WebhookSubscriptions.Listed, deliveries: [WebhookDelivery], flash: String?, csrf: String,
        personal: Bool = false
    ) -> HTML {
        let s = listed.subscription
        let list = Self.base(lab, personal: personal)
        let base = "\(list)/\(s.id)"
        let notice: HTML = flash.map { "<p class=\"notice notice-success\" role=\"status\">\($0)</p>" } ?? .empty
        let paused: HTML =
            s.active
            ? .empty
            : "<div class=\"notice notice-warning\" role=\"status\"><p>\(s.pausedReason ?? "En pause.")</p><form method=\"post\" action=\"\(base)/reactiver\">\(csrfField(csrf))<button type=\"submit\">Réactiver et envoyer ce qui attend</button></form></div>"
        let rows: [HTML] = deliveries.map { d in
            let result: String =
                if let status = d.lastStatus { "HTTP \(status)" } else if d.attempts == 0 { "—" } else {
                    "pas de réponse"
                }
            return
                "<tr><td>\(frenchDateTime(d.createdAt))</td><td><code>\(d.type.rawValue)</code><br><span class=\"muted\">\(d.eventID)</span></td><td>\(d.stateLabel)</td><td>\(d.attempts)</td><td>\(result)\(d.lastError.map { "<br><span class=\"muted\">\($0)</span>" } ?? "")</td></tr>"
        }
        return """
            <p><a href="\(list)">← \(title(lab, personal: personal))</a></p>
            <h1>Webhook « \(s.name) »</h1>
            \(notice)\(paused)
            <dl class="facts"><dt>Adresse</dt><dd class="break">\(s.url)</dd><dt>État</dt><dd>\(state(s))</dd>
            <dt>Événements</dt><dd>\(s.events.map(\.label).joined(separator: ", "))</dd>
            <dt>Créé le</dt><dd>\(frenchDateTime(s.createdAt))</dd><dt>En attente d'envoi</dt><dd>\(listed.waiting)</dd></dl>
            <div class="actions">
            <form method="post" action="\(base)/tester" class="inline">\(csrfField(csrf))<button type="submit" class="secondary">Envoyer un essai (ping)</button></form>
            <form method="post" action="\(base)/supprimer" class="inline">\(csrfField(csrf))<button type="submit" class="secondary">Supprimer l'abonnement</button></form>
            </div>
            <section aria-labelledby="t-envois"><h2 id="t-envois">Derniers envois</h2>
            \(rows.isEmpty ? "<p class=\"muted\">Aucun envoi pour l'instant.</p>" as HTML : "<div class=\"table-scroll\"><table><caption class=\"visually-hidden\">Les 50 derniers envois</caption><thead><tr><th scope=\"col\">Événement du</th><th scope=\"col\">Type</th><th scope=\"col\">État</th><th scope=\"col\">Essais</th><th scope=\"col\">Dernière réponse</th></tr></thead><tbody>\(rows)</tbody></table></div>")
            </section>
            """
    }
}
