/// Masks what looks like a secret before a text reaches a log or a stored error.
///
/// Every secret the platform makes (session ids, CSRF nonces, registration and invitation
/// tokens) is 32 random bytes as unpadded base64url: 43 characters. A run of 32 or more
/// base64url characters holding an upper-case letter is masked, so a token inside a path, a
/// query or an error's text never reaches a log. Words, ids, dates and e-mail parts are far
/// shorter, and event slugs (lower case, digits, hyphens) stay readable however long; a
/// random token lacks an upper-case letter once in five billion.
public enum SecretRedaction {
    public static let mask = "[secret]"
    static let minimumRun = 32

    public static func redact(_ text: String) -> String {
        var run: [UInt8] = []
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        func flush() {
            if run.count >= minimumRun, run.contains(where: { $0 >= 0x41 && $0 <= 0x5A }) {
                bytes.append(contentsOf: mask.utf8)
            } else {
                bytes.append(contentsOf: run)
            }
            run.removeAll(keepingCapacity: true)
        }
        for byte in text.utf8 {
            if isTokenByte(byte) {
                run.append(byte)
            } else {
                flush()
                bytes.append(byte)
            }
        }
        flush()
        return String(decoding: bytes, as: UTF8.self)
    }

    @inline(__always)
    static func isTokenByte(_ b: UInt8) -> Bool {
        (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) || b == 0x2D || b == 0x5F
    }
}
