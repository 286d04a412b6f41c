import HTTPTypes
import Hummingbird

/// A text file compiled into the binary and served from `/static` (no runtime files): its
/// version, a hash of its content that the pages put in its URL, lets browsers keep it a
/// year.
enum StaticAsset {
    /// FNV-1a of the text, in base 36: changes whenever the text does.
    static func version(of text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return String(hash, radix: 36)
    }

    static func response(_ text: String, contentType: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = contentType
        headers[.cacheControl] = "public, max-age=31536000, immutable"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
