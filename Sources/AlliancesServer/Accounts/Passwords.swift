import AlliancesCore
import HummingbirdBcrypt
import NIOConcurrencyHelpers
import NIOPosix

/// Bcrypt is deliberately slow (~0.2 s at cost 12): it runs on the blocking thread pool,
/// never on an event loop.
public enum Passwords {
    public static let minimumLength = 10

    /// Checked against when an e-mail has no account, so that a failed login takes as long
    /// whether or not the address exists: one per cost, the cost real hashes are made with.
    static func decoyHash(cost: UInt8) -> String {
        decoys.withLockedValue { decoys in
            if let hash = decoys[cost] { return hash }
            let hash = Bcrypt.hash(Tokens.random(), cost: cost)
            decoys[cost] = hash
            return hash
        }
    }
    private static let decoys = NIOLockedValueBox<[UInt8: String]>([:])

    public static func hash(_ password: String, cost: UInt8) async throws -> String {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    public static func verify(_ password: String, hash: String) async throws -> Bool {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }
    }

    /// A French message when the password is not acceptable.
    public static func problem(_ password: String, confirmation: String?) -> String? {
        if password.count < minimumLength {
            return "Le mot de passe doit compter au moins \(minimumLength) caractères."
        }
        if password.utf8.count > 72 { return "Le mot de passe ne doit pas dépasser 72 octets (limite de bcrypt)." }
        if let confirmation, confirmation != password { return "Les deux mots de passe ne sont pas identiques." }
        return nil
    }
}
