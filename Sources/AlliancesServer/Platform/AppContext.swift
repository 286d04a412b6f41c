import AlliancesCore
import Hummingbird
import HummingbirdAuth
import NIOCore

/// What a logged-in person's session stores: only the user id. Everything else is read
/// from the database on each request, so a role change or an account removal applies at once.
public struct SessionPayload: Codable, Sendable, Equatable {
    public var userID: Int
    /// "Firefox sur Android": what "Mon compte" shows to tell sessions apart.
    public var device: String?

    public init(userID: Int, device: String? = nil) {
        self.userID = userID
        self.device = device
    }
}

/// The signed-in person, as pages need them.
public struct CurrentUser: Sendable, Equatable {
    public let viewer: Viewer
    public let name: String
    public let email: String

    /// The account as a session or an API token signs it in.
    init(_ user: UserRecord) {
        viewer = Viewer(userID: user.id, role: user.role, labID: user.labID, organisationID: user.organisationID)
        (name, email) = (user.name, user.email)
    }

    init(viewer: Viewer, name: String, email: String) {
        (self.viewer, self.name, self.email) = (viewer, name, email)
    }
}

public struct AppContext: AuthRequestContext, SessionRequestContext, RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var identity: CurrentUser?
    public let sessions: SessionContext<SessionPayload>
    /// The CSRF token of this browser (double-submit cookie), for forms on the page.
    public var csrfToken: String = ""
    /// The parsed form body of a POST from a web form (filled by the CSRF middleware).
    public var form: FormData = FormData()
    /// A multipart upload whose token is the first part of its body: `MultipartUpload`
    /// checks it against `csrfToken` before keeping any byte.
    public var csrfInUploadBody = false
    /// The client's address: the socket's peer, or what a trusted reverse proxy says
    /// (`ClientAddressMiddleware`). Used for limits per client.
    public var remoteAddress: String
    /// The socket's peer itself, whatever the headers say (nil in in-process tests).
    public let peerAddress: String?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.identity = nil
        self.sessions = .init()
        self.peerAddress = source.channel.remoteAddress?.ipAddress
        self.remoteAddress = peerAddress ?? "unknown"
    }

    public var viewer: Viewer? { identity?.viewer }

    /// Uploads are not part of these pages: 1 MiB is far above any form here.
    public var maxUploadSize: Int { 1024 * 1024 }
}
