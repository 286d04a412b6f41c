import AlliancesCore
import Hummingbird

/// The legal pages (the platform's privacy summary, each lab's mentions légales and
/// politique de confidentialité, and their settings), and a network admin's page to
/// export or erase a person's data by address (guests without an account included).
enum PrivacyRoutes {
    static func register(_ routes: RouteTable) {
        routes.get("/confidentialite", platformPolicy)
        routes.get("/labs/:lab/mentions-legales", labNotice)
        routes.get("/labs/:lab/confidentialite", labPolicy)
        routes.get("/labs/:lab/pages-legales", legalForm)
        routes.post("/labs/:lab/pages-legales", saveLegal)
        routes.get("/admin/donnees-personnelles", adminForm)
        routes.post("/admin/donnees-personnelles", adminAct)
    }

    static func platformPolicy(_ request: Request, _ context: AppContext, _ services: Services) async throws
        -> Response
    {
        let labs = try await services.database.withConnection { db in try await services.labs.all(on: db) }
        let retention = services.configuration.retention
        let links: [HTML] = labs.map {
            "<li><a href=\"/labs/\($0.slug)/confidentialite\">\($0.name)</a> — <a href=\"/labs/\($0.slug)/mentions-legales\">mentions légales</a></li>"
        }
        return services.layout.response(
            page: PageContext(title: "Confidentialité", context: context),
            body: """
                <h1>Confidentialité</h1>
                <p>Chaque labo est responsable des données de son territoire ; sa politique de confidentialité le dit en détail. Sur ce serveur :</p>
                <ul>
                <li>le régime alimentaire indiqué à une inscription est effacé \(retention.dietaryDays) jours après la rencontre ;</li>
                <li>les inscriptions d'invités annulées ou jamais confirmées sont supprimées après \(retention.unconfirmedGuestDays) jours ;</li>
                <li>le journal d'audit est conservé \(retention.auditDays) jours ;</li>
                <li>le contenu des e-mails envoyés est effacé après \(services.configuration.mailRetention / 86_400) jours ;</li>
                <li>vous pouvez télécharger vos données et demander leur effacement depuis <a href="/compte">Mon compte</a>.</li>
                </ul>
                <h2>Politiques des labos</h2>
                <ul>\(links)</ul>
                """)
    }

    static func labPage(_ context: AppContext, _ services: Services, notice: Bool) async throws -> Response {
        let (lab, pages) = try await services.database.withConnection { db in
            let lab = try await services.lab(context, on: db)
            return (lab, try await services.labs.legalPages(labID: lab.id, on: db))
        }
        let title = notice ? "Mentions légales" : "Politique de confidentialité"
        let text = notice ? pages.notice : pages.policy
        let body: HTML =
            text.map { "<h1>\(title)</h1>\(paragraphs($0))" }
            ?? "<h1>\(title)</h1><p class=\"muted\">Le labo n'a pas encore rempli cette page.</p><p><a href=\"/confidentialite\">Ce que la plateforme conserve, et combien de temps</a></p>"
        return services.layout.response(page: PageContext(title: title, context: context, lab: lab.summary), body: body)
    }

    static func labNotice(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        try await labPage(context, services, notice: true)
    }

    static func labPolicy(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        try await labPage(context, services, notice: false)
    }

    static func facilitatorLab(_ context: AppContext, _ services: Services) async throws -> Lab {
        guard let viewer = context.viewer else { throw AppError.loginRequired }
        let lab = try await services.database.withConnection { db in try await services.lab(context, on: db) }
        guard Permissions.isFacilitator(viewer, ofLab: lab.id) else { throw AppError.forbidden }
        return lab
    }

    static func legalPage(
        _ context: AppContext, _ services: Services, lab: Lab, notice: String?, policy: String?,
        errors: ValidationErrors = .init(), flash: String? = nil, status: HTTPResponse.Status = .ok
    ) -> Response {
        let message: HTML = flash.map { "<p class=\"notice notice-success\" role=\"status\">\($0)</p>" } ?? .empty
        return services.layout.response(
            status: status, page: PageContext(title: "Pages légales", context: context, lab: lab.summary),
            body: """
                <h1>Pages légales du labo</h1>
                \(message)
                \(FormFields.errorSummary(errors))
                <p>Complétez les passages entre crochets. Ces textes sont publiés sur <a href="/labs/\(lab.slug)/mentions-legales">Mentions légales</a> et <a href="/labs/\(lab.slug)/confidentialite">Politique de confidentialité</a>.</p>
                <form method="post" action="/labs/\(lab.slug)/pages-legales">\(csrfField(context.csrfToken))
                \(FormFields.textarea("notice", "Mentions légales", value: notice ?? LegalPages.noticeTemplate(labName: lab.name), errors: errors))
                \(FormFields.textarea("policy", "Politique de confidentialité", value: policy ?? LegalPages.policyTemplate(labName: lab.name, retention: services.configuration.retention), errors: errors))
                <div class="actions"><button type="submit">Publier</button></div></form>
                """)
    }

    static func legalForm(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let lab = try await facilitatorLab(context, services)
        let pages = try await services.database.withConnection { db in
            try await services.labs.legalPages(labID: lab.id, on: db)
        }
        return legalPage(context, services, lab: lab, notice: pages.notice, policy: pages.policy)
    }

    static func saveLegal(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let lab = try await facilitatorLab(context, services)
        var errors = ValidationErrors()
        let notice = TextRules.check(
            context.form["notice"], field: "notice", label: "Les mentions légales", required: false,
            maxLength: 20_000, multiline: true, into: &errors)
        let policy = TextRules.check(
            context.form["policy"], field: "policy", label: "La politique de confidentialité", required: false,
            maxLength: 50_000, multiline: true, into: &errors)
        guard errors.isEmpty else {
            return legalPage(
                context, services, lab: lab, notice: context.form["notice"], policy: context.form["policy"],
                errors: errors, status: .unprocessableContent)
        }
        try await services.database.transaction { db in
            try await services.labs.saveLegalPages(labID: lab.id, notice: notice, policy: policy, on: db)
            try await AuditLog.record(
                .legalPagesUpdated, by: context.viewer?.userID, lab: lab.id, target: "lab:\(lab.id)",
                address: context.remoteAddress, on: db)
        }
        return legalPage(context, services, lab: lab, notice: notice, policy: policy, flash: "Pages publiées.")
    }

    // MARK: A network admin, by address

    static func admin(_ context: AppContext) throws -> Viewer {
        guard let viewer = context.viewer else { throw AppError.loginRequired }
        guard Permissions.canErase(viewer) else { throw AppError.forbidden }
        return viewer
    }

    static func adminPage(
        _ context: AppContext, _ services: Services, email: String? = nil, errors: ValidationErrors = .init(),
        flash: String? = nil, status: HTTPResponse.Status = .ok
    ) -> Response {
        let message: HTML = flash.map { "<p class=\"notice notice-success\" role=\"status\">\($0)</p>" } ?? .empty
        return services.layout.response(
            status: status, page: PageContext(title: "Données personnelles", context: context),
            body: """
                <h1>Données personnelles d'une personne</h1>
                \(message)
                \(FormFields.errorSummary(errors))
                <p>Pour une personne avec ou sans compte (un invité inscrit à une rencontre, une fiche de contact) : exporter tout ce que la plateforme tient à son sujet, ou l'effacer. Chaque action est inscrite au <a href="/journal">journal</a>.</p>
                <form method="post" action="/admin/donnees-personnelles" class="narrow">\(csrfField(context.csrfToken))
                \(FormFields.text("email", "Adresse e-mail de la personne", value: email, errors: errors, type: "email", required: true))
                \(FormFields.text("reason", "Motif (obligatoire pour un effacement)", value: nil, errors: errors, maxLength: 300))
                <div class="actions"><button type="submit" name="action" value="exporter" class="secondary">Exporter (JSON)</button> <button type="submit" name="action" value="effacer" class="danger">Effacer définitivement</button></div>
                </form>
                """)
    }

    static func adminForm(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        _ = try admin(context)
        return adminPage(context, services)
    }

    static func adminAct(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let viewer = try admin(context)
        var errors = ValidationErrors()
        let email = EmailAddress.normalise(String((context.form["email"] ?? "").prefix(254)))
        if !EmailAddress.isValid(email) { errors.add("email", "Indiquez une adresse e-mail valide.") }
        let erase = context.form["action"] == "effacer"
        let reason = erase ? AccountAdminRoutes.reason("reason", context, into: &errors) : nil
        guard errors.isEmpty else {
            return adminPage(context, services, email: email, errors: errors, status: .unprocessableContent)
        }
        do {
            if erase {
                let report = try await services.privacy.erase(
                    email: email, by: viewer.userID, reason: reason ?? "", address: context.remoteAddress)
                return adminPage(
                    context, services,
                    flash:
                        "Effacé : \(report.account) compte, \(report.people) fiche(s) de contact, \(report.registrations) inscription(s) rendue(s) anonyme(s), \(report.meetingRequests) demande(s) de rendez-vous, \(report.messages) message(s)."
                )
            }
            let data = try await services.privacy.export(
                email: email, by: viewer.userID, address: context.remoteAddress)
            return MyAccountRoutes.attachment(data, filename: "donnees-personnelles.json")
        } catch let failure as PrivacyService.Failure {
            errors.add("email", failure.description)
            return adminPage(context, services, email: email, errors: errors, status: .notFound)
        }
    }
}
