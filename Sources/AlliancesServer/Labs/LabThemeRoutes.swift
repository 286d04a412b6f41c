import AlliancesCore
import Hummingbird

/// A lab's colour as a stylesheet (`/static/couleur/1d5fa8.css`), linked from its pages'
/// head after the platform's: the CSP allows no inline style. Its content follows from its
/// address alone (no database read), so it is cached for good like the other static files;
/// a colour that would not stay readable is refused (400), whoever asks.
enum LabThemeRoutes {
    static func register(_ router: Router<AppContext>) {
        router.get("/static/couleur/:file") { _, context in try stylesheet(context.parameters.get("file") ?? "") }
    }

    static func stylesheet(_ file: String) throws -> Response {
        guard file.hasSuffix(".css"), case .success(let hex?) = LabColour.check("#" + file.dropLast(4)) else {
            throw AppError.badRequest("Couleur de labo invalide ou trop claire.")
        }
        return StaticAsset.response(
            ":root{--accent:\(hex);--accent-dark:\(LabColour.darker(hex))}\n", contentType: "text/css; charset=utf-8")
    }
}
