import AlliancesCore
import Foundation
import Hummingbird

/// A stored file sent back as a download: the type recognised when it was received, its
/// name in ASCII and in UTF-8 (RFC 6266), never cached; rendered inline only for a checked
/// image that a page shows.
enum Attachment {
    /// The bytes of a file kept under `folder` by `CheckedUpload`; a French 404 when it is
    /// gone from the disk (its record outlived it).
    static func read(_ folder: String, _ storedName: String) throws -> Data {
        guard let data = FileManager.default.contents(atPath: (folder as NSString).appendingPathComponent(storedName))
        else { throw AppError.notFound("Le fichier de ce document est introuvable.") }
        return data
    }

    /// `inline`: shown in the page, for a PNG or JPEG whose first bytes were checked (an
    /// image the browser cannot take for a script, `nosniff` being sent everywhere).
    static func response(_ data: Data, filename: String, contentType: String, inline: Bool = false) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = contentType
        let ascii = String(filename.unicodeScalars.map { $0.isASCII && $0.value >= 0x20 ? Character($0) : "_" })
        let shown = inline && (contentType == "image/png" || contentType == "image/jpeg")
        headers[.contentDisposition] =
            "\(shown ? "inline" : "attachment"); filename=\"\(ascii)\"; filename*=UTF-8''\(URLEncoding.component(filename))"
        headers[.cacheControl] = "private, no-store"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// A file received from an upload form, recognised by its first bytes and hashed, stored
/// under a random name in `folder`; anything refused is deleted before the French 422.
struct CheckedUpload {
    let storedName: String
    let filename: String
    let type: DocumentType
    let bytes: Int
    let sha256: String
    /// The form's other fields (a version's note).
    let fields: [String: String]

    /// `accepts`: the types this form takes; `refused`: the message for another file
    /// (given its safe name); `missing`: the message when no file came.
    static func receive(
        _ request: Request, _ context: AppContext, into folder: String, limit: Int, accepts: (DocumentType) -> Bool,
        refused: (String) -> String, missing: String
    ) async throws -> CheckedUpload {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let storedName = Tokens.random()
        let path = (folder as NSString).appendingPathComponent(storedName)
        let received = try await MultipartUpload.receive(request, context, to: path, limit: limit)
        func refuse(_ message: String) throws -> Never {
            try? FileManager.default.removeItem(atPath: path)
            throw AppError(.unprocessableContent, message, fieldErrors: [FieldError(field: "file", message: message)])
        }
        guard received.bytes > 0, let rawName = received.filename, !rawName.isEmpty else { try refuse(missing) }
        let filename = DocumentType.safeFilename(rawName)
        guard let type = DocumentType.detect(prefix: received.prefix, filename: filename), accepts(type) else {
            try refuse(refused(filename))
        }
        return CheckedUpload(
            storedName: storedName, filename: filename, type: type, bytes: received.bytes,
            sha256: try FileDigest.hex(path: path), fields: received.fields)
    }
}
