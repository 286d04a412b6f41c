import Foundation
import Hummingbird

/// A stored file sent back as a download: the type recognised when it was received, its
/// name in ASCII and in UTF-8 (RFC 6266), never rendered inline, never cached.
enum Attachment {
    static func response(_ data: Data, filename: String, contentType: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = contentType
        let ascii = String(filename.unicodeScalars.map { $0.isASCII && $0.value >= 0x20 ? Character($0) : "_" })
        headers[.contentDisposition] =
            "attachment; filename=\"\(ascii)\"; filename*=UTF-8''\(URLEncoding.component(filename))"
        headers[.cacheControl] = "private, no-store"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
