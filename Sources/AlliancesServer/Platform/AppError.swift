import AlliancesCore
import Hummingbird

/// An error meant for the person: its message is French and shown as is, on a page or in
/// the API's JSON error body.
public struct AppError: Error, Sendable {
    public let status: HTTPResponse.Status
    public let message: String
    public var fieldErrors: [FieldError] = []

    public init(_ status: HTTPResponse.Status, _ message: String, fieldErrors: [FieldError] = []) {
        self.status = status
        self.message = message
        self.fieldErrors = fieldErrors
    }

    public static func notFound(_ what: String = "Cette page n'existe pas.") -> AppError { AppError(.notFound, what) }
    public static let loginRequired = AppError(.unauthorized, "Connectez-vous pour accéder à cette page.")
    public static let forbidden = AppError(.forbidden, "Vous n'avez pas les droits nécessaires pour cette action.")
    public static func badRequest(_ message: String) -> AppError { AppError(.badRequest, message) }
}

/// The command line prints the French message as it is.
extension AppError: CustomStringConvertible {
    public var description: String { message }
}

/// A validation failure on a web form: the handler renders the form again itself, so this
/// only carries the status code.
extension HTTPResponse.Status {
    static let unprocessable = HTTPResponse.Status.unprocessableContent
}
