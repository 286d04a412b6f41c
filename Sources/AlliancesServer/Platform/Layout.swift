import AlliancesCore
import HTTPTypes
import Hummingbird

/// The lab a page belongs to, for the header and navigation.
public struct LabSummary: Sendable, Equatable {
    public let id: Int
    public let slug: String
    public let name: String
    /// The lab's own colour for its pages (`LabColour`), if it chose one.
    public var colour: String? = nil
}

/// What every page needs besides its body.
struct PageContext {
    var title: String
    var lab: LabSummary?
    var user: CurrentUser?
    var csrfToken: String
    var flash: String?
    /// Which navigation entry is current.
    var section: String?

    init(title: String, context: AppContext, lab: LabSummary? = nil, section: String? = nil, flash: String? = nil) {
        self.title = title
        self.lab = lab
        self.user = context.identity
        self.csrfToken = context.csrfToken
        self.flash = flash
        self.section = section
    }
}

/// The shared page frame: header with the lab's name and navigation, main content, footer.
/// No external fonts, scripts, CDNs or trackers; one stylesheet served by the app.
struct Layout: Sendable {
    let siteName: String

    func render(_ page: PageContext, body: HTML) -> HTML {
        let title = page.lab.map { "\(page.title) · \($0.name)" } ?? "\(page.title) · \(siteName)"
        var nav: [HTML] = []
        if let lab = page.lab {
            nav.append(navLink("/labs/\(lab.slug)", "Accueil du labo", current: page.section == "home"))
            nav.append(navLink("/labs/\(lab.slug)/organisations", "Annuaire", current: page.section == "directory"))
            nav.append(navLink("/labs/\(lab.slug)/carte", "Carte", current: page.section == "map"))
            nav.append(navLink("/labs/\(lab.slug)/besoins", "Besoins", current: page.section == "besoins"))
            nav.append(navLink("/labs/\(lab.slug)/offres", "Offres", current: page.section == "offres"))
            if Permissions.isLabMember(page.user?.viewer, labID: lab.id) {
                nav.append(
                    navLink(
                        "/labs/\(lab.slug)/mises-en-relation", "Mises en relation",
                        current: page.section == "introductions"))
                nav.append(
                    navLink("/labs/\(lab.slug)/partenariats", "Partenariats", current: page.section == "partnerships"))
            }
            nav.append(
                navLink("/labs/\(lab.slug)/bibliotheque", "Expériences", current: page.section == "library"))
            if page.user != nil {
                nav.append(
                    navLink("/labs/\(lab.slug)/ressources", "Ressources", current: page.section == "resources"))
            }
            nav.append(navLink("/labs/\(lab.slug)/barometre", "Baromètre", current: page.section == "barometer"))
            if Permissions.canManageAccounts(page.user?.viewer, ofLab: lab.id) {
                nav.append(navLink("/labs/\(lab.slug)/comptes", "Comptes", current: page.section == "accounts"))
                nav.append(navLink("/labs/\(lab.slug)/imports", "Imports", current: page.section == "imports"))
                nav.append(navLink("/labs/\(lab.slug)/journal", "Journal", current: page.section == "audit"))
            }
            if Permissions.canManageWebhooks(page.user?.viewer, labID: lab.id) {
                nav.append(navLink("/labs/\(lab.slug)/webhooks", "Webhooks", current: page.section == "webhooks"))
            }
            if Permissions.canManageLabTokens(page.user?.viewer, labID: lab.id) {
                nav.append(navLink("/labs/\(lab.slug)/jetons", "Jetons d'API", current: page.section == "tokens"))
            }
        }
        nav.append(navLink("/evenements", "Rencontres", current: page.section == "events"))
        nav.append(navLink("/", "Tous les labos", current: page.section == "network"))
        if NetworkDashboard.canSee(page.user?.viewer) {
            nav.append(
                navLink("/reseau/tableau-de-bord", "Tableau de bord du réseau", current: page.section == "dashboard"))
        }
        if Permissions.canOperate(page.user?.viewer) {
            nav.append(navLink("/exploitation", "Exploitation", current: page.section == "operations"))
        }
        let account: HTML
        if let user = page.user {
            account = """
                <a class="who" href="/compte">\(user.name) <small>(\(user.viewer.role.label))</small></a>
                <form method="post" action="/deconnexion" class="inline">\(csrfField(page.csrfToken))<button type="submit" class="link">Se déconnecter</button></form>
                """
        } else {
            account = "<a href=\"/connexion\">Se connecter</a>"
        }
        let flash: HTML = page.flash.map { "<p class=\"notice notice-success\" role=\"status\">\($0)</p>" } ?? .empty
        return """
            <!DOCTYPE html>
            <html lang="fr">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(title)</title>
            <link rel="stylesheet" href="/static/app.css?v=\(Stylesheet.version)">
            <script src="/static/picker.js?v=\(PickerScript.version)" defer></script>
            \(page.lab?.colour.map { "<link rel=\"stylesheet\" href=\"/static/couleur/\(String($0.dropFirst())).css\">" as HTML } ?? .empty)
            </head>
            <body>
            <a class="skip" href="#contenu">Aller au contenu</a>
            <header class="site">
            <div class="bar">
            <a class="brand" href="\(page.lab.map { "/labs/\($0.slug)" } ?? "/")">\(page.lab?.name ?? siteName)</a>
            \(page.lab.map { lab in "<form class=\"search\" role=\"search\" method=\"get\" action=\"/labs/\(lab.slug)/recherche\"><label for=\"site-q\" class=\"visually-hidden\">Rechercher dans le labo</label><input type=\"search\" id=\"site-q\" name=\"q\" placeholder=\"Rechercher un acteur, un thème…\" maxlength=\"400\"><button type=\"submit\">Rechercher</button></form>" as HTML } ?? .empty)
            <div class="account">\(account)</div>
            </div>
            <nav aria-label="Navigation principale"><ul>\(nav)</ul></nav>
            </header>
            <main id="contenu">
            \(flash)\(body)
            </main>
            <footer class="site">
            <p>\(siteName) — le lieu neutre des alliances en territoire. Logiciel libre.</p>
            <p>\(page.lab.map { lab in "<a href=\"/labs/\(lab.slug)/mentions-legales\">Mentions légales</a> · <a href=\"/labs/\(lab.slug)/confidentialite\">Confidentialité</a>" as HTML } ?? "<a href=\"/confidentialite\">Confidentialité</a>")</p>
            </footer>
            </body>
            </html>
            """
    }

    func response(status: HTTPResponse.Status = .ok, page: PageContext, body: HTML) -> Response {
        htmlResponse(render(page, body: body), status: status)
    }

    private func navLink(_ href: String, _ label: String, current: Bool) -> HTML {
        current
            ? "<li><a href=\"\(href)\" aria-current=\"page\">\(label)</a></li>"
            : "<li><a href=\"\(href)\">\(label)</a></li>"
    }
}

func csrfField(_ token: String) -> HTML {
    "<input type=\"hidden\" name=\"_csrf\" value=\"\(token)\">"
}

func htmlResponse(_ html: HTML, status: HTTPResponse.Status = .ok) -> Response {
    var headers = HTTPFields()
    headers[.contentType] = "text/html; charset=utf-8"
    headers[.cacheControl] = "no-store"
    return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html.rendered)))
}

func redirect(to location: String) -> Response {
    Response(status: .seeOther, headers: [.location: location])
}

/// French number formatting with a narrow no-break space as thousands separator.
func frenchNumber(_ value: Int) -> String {
    let digits = String(abs(value))
    var out = ""
    for (index, ch) in digits.enumerated() {
        if index > 0 && (digits.count - index) % 3 == 0 { out += "\u{202F}" }
        out.append(ch)
    }
    return value < 0 ? "-" + out : out
}
