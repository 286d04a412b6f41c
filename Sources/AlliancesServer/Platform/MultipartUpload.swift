import Foundation
import Hummingbird
import MultipartKit
import NIOCore

/// Receives a `multipart/form-data` body as it streams in: the file part goes straight to
/// disk chunk by chunk (never the whole file in memory), the other fields are kept. Every
/// part is bounded: at most `maxParts` parts, one file part, fields of `maxFieldBytes`, and
/// `maxOverheadBytes` for everything but the file (headers, boundaries, fields), so a
/// body of endless parts or headers is cut off early with 413. Shared by the import page, partnership documents,
/// session documents, resource photos and the library's tools. The form's
/// CSRF token is its first part (`_csrf`, the form's first field): it is checked as soon
/// as that part ends, before a byte of the file is kept; a body that does not start with
/// it is refused. Only the routes listed in `paths` take multipart bodies
/// (`CSRFMiddleware` refuses them elsewhere).
enum MultipartUpload {
    /// The upload routes, `*` standing for one path segment.
    static let paths = [
        "/labs/*/imports", "/labs/*/partenariats/*/documents", "/evenements/*/restitution/*/documents",
        "/labs/*/ressources/*/photos", "/labs/*/outils/*/versions",
        "/labs/*/bibliotheque/*/documents"
    ]
    static let maxParts = 16
    static let maxFieldBytes = 1000
    static let maxOverheadBytes = 64 * 1024

    static func accepts(path: String) -> Bool {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        return paths.contains { pattern in
            let expected = pattern.split(separator: "/", omittingEmptySubsequences: false)
            return expected.count == segments.count
                && zip(expected, segments).allSatisfy { $0 == "*" ? !$1.isEmpty : $0 == $1 }
        }
    }

    struct Received {
        let filename: String?
        let fields: [String: String]
        let bytes: Int
        /// The first bytes of the file, to recognise its type.
        let prefix: [UInt8]
    }

    /// Streams the part named `fileField` to `path`. Too large → 413 and nothing kept;
    /// a malformed or interrupted body → 400 and nothing kept.
    static func receive(
        _ request: Request, _ context: AppContext, fileField: String = "file", to path: String, limit: Int
    ) async throws -> Received {
        let type = request.headers[.contentType] ?? ""
        guard
            let boundary = type.split(separator: ";").map({ $0.trimmingCharacters(in: .whitespaces) })
                .first(where: { $0.lowercased().hasPrefix("boundary=") })?.dropFirst("boundary=".count)
                .trimmingCharacters(in: CharacterSet(charactersIn: "\"")), !boundary.isEmpty
        else {
            throw AppError.badRequest("Envoi de fichier invalide (limite multipart absente).")
        }
        // Set by CSRFMiddleware for a multipart body to an upload route: the token is read below.
        guard context.csrfInUploadBody else { throw CSRFMiddleware.refusal }
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        guard FileManager.default.createFile(atPath: path, contents: nil),
            let handle = FileHandle(forWritingAtPath: path)
        else {
            throw AppError(.internalServerError, "Impossible d'enregistrer le fichier.")
        }
        let state = State()
        let parser = MultipartParser(boundary: boundary)
        parser.onHeader = { name, value in
            guard name.lowercased() == "content-disposition" else { return }
            state.parts += 1
            state.currentField = parameter("name", in: value)
            if !state.tokenChecked, state.currentField != "_csrf" { state.refused = true }
            if state.parts > maxParts { state.tooLarge = "Le formulaire envoyé a plus de \(maxParts) parties." }
            if state.currentField == fileField {
                if state.fileSeen { state.tooLarge = "Un seul fichier par envoi." }
                state.fileSeen = true
                state.filename = parameter("filename", in: value)
            }
        }
        parser.onBody = { buffer in
            if state.refused { return }
            if !state.tokenChecked {
                if state.token.utf8.count < 100 { state.token += buffer.readString(length: buffer.readableBytes) ?? "" }
            } else if state.currentField == fileField {
                state.fileBytes += buffer.readableBytes
                if state.prefix.count < 16 {
                    state.prefix +=
                        buffer.getBytes(
                            at: buffer.readerIndex, length: min(16 - state.prefix.count, buffer.readableBytes)) ?? []
                }
                if state.fileBytes <= limit { state.pending.writeBuffer(&buffer) }
            } else if let field = state.currentField {
                let value = state.fields[field, default: ""] + (buffer.readString(length: buffer.readableBytes) ?? "")
                if value.utf8.count > maxFieldBytes {
                    state.tooLarge = "Le champ « \(field.prefix(40)) » dépasse \(maxFieldBytes) caractères."
                } else {
                    state.fields[field] = value
                }
            }
        }
        parser.onPartComplete = {
            if !state.tokenChecked, !state.refused {
                state.tokenChecked = true
                if !Tokens.constantTimeEquals(state.token, context.csrfToken) { state.refused = true }
            }
            state.currentField = nil
        }
        var received = 0
        do {
            for try await chunk in request.body {
                received += chunk.readableBytes
                try parser.execute(chunk)
                if state.refused || state.tooLarge != nil { break }
                // Everything but the file: cut off a body of endless headers or parts early.
                if received - state.fileBytes > maxOverheadBytes {
                    state.tooLarge = "Les champs du formulaire dépassent \(maxOverheadBytes / 1024) Ko."
                    break
                }
                if state.pending.readableBytes > 0 {
                    try handle.write(contentsOf: state.pending.readableBytesView)
                    state.pending.clear()
                }
                if state.fileBytes > limit { break }
            }
            try handle.close()
        } catch {
            try? handle.close()
            try? FileManager.default.removeItem(atPath: path)
            throw AppError.badRequest("Envoi de fichier interrompu ou mal formé.")
        }
        guard !state.refused else {
            try? FileManager.default.removeItem(atPath: path)
            throw CSRFMiddleware.refusal
        }
        if let tooLarge = state.tooLarge {
            try? FileManager.default.removeItem(atPath: path)
            throw AppError(.contentTooLarge, tooLarge)
        }
        guard state.fileBytes <= limit else {
            try? FileManager.default.removeItem(atPath: path)
            throw AppError(.contentTooLarge, "Le fichier dépasse \(limit / (1024 * 1024)) Mo.")
        }
        return Received(filename: state.filename, fields: state.fields, bytes: state.fileBytes, prefix: state.prefix)
    }

    /// `name="file"` → file, from a Content-Disposition header.
    static func parameter(_ name: String, in header: String) -> String? {
        for part in header.split(separator: ";") {
            let pair = part.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
            if pair.count == 2, pair[0].lowercased() == name {
                return pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            }
        }
        return nil
    }

    /// What the parser's callbacks fill while one request body streams through. Used by one
    /// request's task only (the parser calls back synchronously from `execute`).
    final class State {
        var currentField: String?
        var filename: String?
        var fields: [String: String] = [:]
        var fileBytes = 0
        var prefix: [UInt8] = []
        var pending = ByteBuffer()
        /// The first part, the CSRF token, and whether it was read and matched.
        var token = ""
        var tokenChecked = false
        var refused = false
        var parts = 0
        var fileSeen = false
        /// Why the body was cut off beyond a bound (413), if it was.
        var tooLarge: String?
    }
}
