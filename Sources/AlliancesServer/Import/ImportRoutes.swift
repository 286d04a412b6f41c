import AlliancesCore
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SQLKit

/// The lab's import page: a facilitator uploads a register file, sees the summary and
/// downloads the rejected rows.
enum ImportRoutes {
    enum Kind: String, CaseIterable {
        case rna
        case sireneEstablishments = "sirene-etablissements"
        case sireneLegalUnits = "sirene-unites-legales"
        case communes = "cog-communes"
        case coordinates = "communes-coordinates"

        var label: String {
            switch self {
            case .rna: "RNA — associations (fichier waldec ou import)"
            case .sireneEstablishments: "SIRENE — établissements (étape 1 : sièges du territoire)"
            case .sireneLegalUnits: "SIRENE — unités légales (étape 2 : organisations)"
            case .communes: "COG — communes du territoire (réservé aux administrateurs du réseau)"
            case .coordinates: "Coordonnées des communes (réservé aux administrateurs du réseau)"
            }
        }

        /// Shared by every lab: see `Permissions.canImportReferenceData`.
        var isReferenceData: Bool { self == .communes || self == .coordinates }

        static func offered(to viewer: Viewer?) -> [Kind] {
            allCases.filter { !$0.isReferenceData || Permissions.canImportReferenceData(viewer) }
        }
    }

    static func register(_ routes: RouteTable) {
        routes.get("/labs/:lab/imports", show)
        routes.post("/labs/:lab/imports", upload)
        routes.get("/labs/:lab/imports/:id/rejets", rejects)
        routes.get("/labs/:lab/imports/suivi/:job", follow)
    }

    static func show(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        try await page(context, services, flash: nil, status: .ok)
    }

    static func requireFacilitator(_ context: AppContext, _ services: Services) async throws -> Lab {
        guard let viewer = context.viewer else { throw AppError.loginRequired }
        let lab = try await services.database.withConnection { db in try await services.lab(context, on: db) }
        guard Permissions.isFacilitator(viewer, ofLab: lab.id) else { throw AppError.forbidden }
        return lab
    }

    static func page(_ context: AppContext, _ services: Services, flash: HTML?, status: HTTPResponse.Status)
        async throws -> Response
    {
        let lab = try await requireFacilitator(context, services)
        let history = try await services.database.withConnection { db in
            try await ImportStore().history(labID: lab.id, limit: 20, on: db)
        }
        let rows: [HTML] = history.map { row in
            let id = row.id
            let summary =
                (try? JSONDecoder().decode(ImportSummary.self, from: Data(row.summaryJSON.utf8))).map(
                    Self.french) ?? ""
            let rejected = row.rejected
            let link: HTML =
                rejected > 0
                ? "<a href=\"/labs/\(lab.slug)/imports/\(id)/rejets\">\(frenchNumber(rejected)) rejetée\(rejected > 1 ? "s" : "") (CSV)</a>"
                : "aucun rejet"
            return
                "<tr><td>\(row.filename)</td><td>\(Kind(rawValue: row.kind)?.label ?? "")</td><td>\(summary)</td><td>\(link)</td></tr>"
        }
        let kinds = Kind.offered(to: context.viewer).map { (value: $0.rawValue, label: $0.label) }
        let maxMB = services.configuration.maxUploadBytes / (1024 * 1024)
        let body: HTML = """
            <h1>Importer les registres</h1>
            \(flash ?? .empty)
            <p>Chargez un fichier officiel (INSEE COG, RNA, SIRENE, CSV) : les organisations du territoire \(lab.perimeter.label) sont créées ou mises à jour, les autres lignes sont comptées hors périmètre. Un même fichier importé deux fois ne change rien. Ordre conseillé : RNA, puis SIRENE établissements et unités légales (les communes et leurs coordonnées sont importées par les administrateurs du réseau).</p>
            <form method="post" action="/labs/\(lab.slug)/imports" enctype="multipart/form-data">
            \(csrfField(context.csrfToken))
            \(FormFields.select("kind", "Type de fichier", options: kinds, selected: Kind.rna.rawValue, errors: .init(), required: true, emptyLabel: nil))
            <div class="field"><label for="f-file">Fichier CSV (\(maxMB) Mo au plus)</label><input type="file" id="f-file" name="file" accept=".csv,text/csv" required></div>
            <div class="actions"><button type="submit">Importer</button></div>
            </form>
            <h2>Derniers imports</h2>
            \(rows.isEmpty ? "<p class=\"muted\">Aucun import pour l'instant.</p>" as HTML : "<div class=\"table-wrap\"><table><thead><tr><th scope=\"col\">Fichier</th><th scope=\"col\">Type</th><th scope=\"col\">Résultat</th><th scope=\"col\">Rejets</th></tr></thead><tbody>\(rows)</tbody></table></div>")
            """
        return services.layout.response(
            status: status, page: PageContext(title: "Imports", context: context, lab: lab.summary, section: "imports"),
            body: body)
    }

    static func french(_ s: ImportSummary) -> String {
        "lignes lues : \(frenchNumber(s.read)) ; créées : \(frenchNumber(s.created)) ; mises à jour : \(frenchNumber(s.updated)) ; inchangées : \(frenchNumber(s.unchanged)) ; inactives : \(frenchNumber(s.inactive)) ; hors périmètre : \(frenchNumber(s.outsidePerimeter)) ; rejetées : \(frenchNumber(s.rejected))"
            + (s.encodingFallbacks > 0 ? " (lues en Windows-1252 : \(frenchNumber(s.encodingFallbacks)))" : "")
            + String(format: " — %.1f s", s.seconds)
    }

    /// Streams the multipart body: the file part goes straight to disk, chunk by chunk.
    static func upload(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let lab = try await requireFacilitator(context, services)
        let folder = URL(fileURLWithPath: services.configuration.dataDirectory).appendingPathComponent(
            "imports/\(lab.slug)")
        let stored = folder.appendingPathComponent("\(nowSeconds())-\(Tokens.random().prefix(8)).csv").path
        let upload = try await MultipartUpload.receive(
            request, context, to: stored, limit: services.configuration.maxUploadBytes)
        guard upload.bytes > 0, let filename = upload.filename, !filename.isEmpty else {
            try? FileManager.default.removeItem(atPath: stored)
            return try await page(
                context, services,
                flash: "<p class=\"notice notice-error\" role=\"alert\">Choisissez un fichier à importer.</p>",
                status: .unprocessableContent)
        }
        guard let kind = upload.fields["kind"].flatMap(Kind.init(rawValue:)) else {
            try? FileManager.default.removeItem(atPath: stored)
            throw AppError.badRequest("Type de fichier inconnu.")
        }
        guard Kind.offered(to: context.viewer).contains(kind) else {
            try? FileManager.default.removeItem(atPath: stored)
            throw AppError(
                .forbidden,
                "Les communes et leurs coordonnées sont communes à tous les labos : seuls les administrateurs du réseau les importent."
            )
        }
        // The import runs on its own; the request waits a little (small files answer at
        // once), then sends the facilitator to the live progress page.
        let job = await services.importJobs.start(lab: lab.id, filename: String(filename.prefix(200)), kind: kind)
        let (database, jobs, userID) = (services.database, services.importJobs, context.viewer?.userID)
        Task {
            var importer = RegisterImporter(database: database)
            importer.progress = { progress in Task { await jobs.update(job, progress) } }
            let outcome: Result<ImportSummary, ImportError>
            do {
                switch kind {
                case .rna: outcome = .success(try await importer.importRNA(path: stored, lab: lab))
                case .sireneEstablishments:
                    outcome = .success(try await importer.importSireneEstablishments(path: stored, lab: lab))
                case .sireneLegalUnits:
                    outcome = .success(try await importer.importSireneLegalUnits(path: stored, lab: lab))
                case .communes:
                    outcome = .success(
                        try await importer.importCommunes(
                            path: stored, departements: lab.perimeter.isNational ? nil : lab.perimeter))
                case .coordinates:
                    outcome = .success(try await importer.importCoordinates(path: stored, columns: .init()))
                }
            } catch let error as ImportError {
                outcome = .failure(error)
            } catch {
                // Not a fault of the file (those are ImportErrors, shown to the facilitator).
                BackgroundJob.failed("import", "\(kind.rawValue) import of lab \(lab.slug)", error)
                outcome = .failure(ImportError("\(error)"))
            }
            switch outcome {
            case .success(let summary):
                let recorded = await BackgroundJob.run("import-record", "\(kind.rawValue) import of lab \(lab.slug)") {
                    try await record(
                        summary, stored: stored, filename: String(filename.prefix(200)), kind: kind, lab: lab,
                        userID: userID, database: database)
                }
                await jobs.finish(job, .success(summary), importID: recorded)
            case .failure(let error):
                try? FileManager.default.removeItem(atPath: stored)
                await jobs.finish(job, .failure(error), importID: nil)
            }
        }
        let deadline = ContinuousClock.now.advanced(
            by: .milliseconds(Int(services.configuration.importWaitSeconds * 1000)))
        while ContinuousClock.now < deadline {
            if let state = await services.importJobs.get(job), state.outcome != nil {
                return try await finished(state, lab: lab, context, services)
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        return redirect(to: "/labs/\(lab.slug)/imports/suivi/\(job)")
    }

    static func record(
        _ summary: ImportSummary, stored: String, filename: String, kind: Kind, lab: Lab, userID: Int?,
        database: Database
    ) async throws -> Int {
        let rejectsPath = summary.rejected > 0 ? RegisterImporter.rejectsPath(for: stored) : nil
        let json = String(decoding: try JSONEncoder().encode(summary), as: UTF8.self)
        return try await database.withConnection { db in
            let id = try await ImportStore().insert(
                labID: lab.id, userID: userID, kind: kind.rawValue, filename: filename, summaryJSON: json,
                rejected: summary.rejected, rejectsPath: rejectsPath, on: db)
            try await AuditLog.record(
                userID: userID, labID: lab.id, action: "import.\(kind.rawValue)", target: "file:\(filename)", on: db)
            return id
        }
    }

    /// The result of a finished import, on the imports page (as before the import ran on its own).
    static func finished(_ state: ImportJobs.Job, lab: Lab, _ context: AppContext, _ services: Services) async throws
        -> Response
    {
        switch state.outcome {
        case .success(let summary):
            return try await page(
                context, services,
                flash:
                    "<p class=\"notice notice-success\" role=\"status\">Import de « \(state.filename) » terminé : \(french(summary)).</p>",
                status: .ok)
        case .failure(let error):
            return try await page(
                context, services,
                flash: "<p class=\"notice notice-error\" role=\"alert\">Import impossible : \(error.description)</p>",
                status: .unprocessableContent)
        case nil:
            throw AppError.notFound()
        }
    }

    /// The live progress of an import: rows read, rows per second, share of the file read,
    /// time left; the page reloads itself every 2 seconds (a `Refresh` header: no script)
    /// until the import ends, then shows its summary.
    static func follow(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let lab = try await requireFacilitator(context, services)
        let id = try context.parameters.require("job")
        guard let state = await services.importJobs.get(id), state.lab == lab.id else {
            throw AppError.notFound("Cet import n'est plus suivi : voyez la liste des imports.")
        }
        if state.outcome != nil { return try await finished(state, lab: lab, context, services) }
        let body = progressPage(state, labSlug: lab.slug)
        var response = services.layout.response(
            page: PageContext(title: "Import en cours", context: context, lab: lab.summary, section: "imports"),
            body: body)
        response.headers[HTTPField.Name("Refresh")!] = "2"
        return response
    }

    static func progressPage(_ state: ImportJobs.Job, labSlug: String) -> HTML {
        let p = state.progress
        let percent = p.map { $0.totalBytes > 0 ? min(100, $0.bytesRead * 100 / $0.totalBytes) : 0 } ?? 0
        let rate = p.map { $0.elapsed > 0 ? Double($0.rows) / $0.elapsed : 0 } ?? 0
        let left: String = {
            guard let p, p.bytesRead > 0, p.elapsed > 0 else { return "estimation en cours" }
            let seconds = p.elapsed * Double(p.totalBytes - p.bytesRead) / Double(p.bytesRead)
            return seconds < 60 ? "environ \(Int(seconds.rounded())) s" : "environ \(Int((seconds / 60).rounded())) min"
        }()
        return """
            <h1>Import en cours : \(state.filename)</h1>
            <p><progress max="100" value="\(percent)" aria-labelledby="avancement">\(percent) %</progress></p>
            <p id="avancement" role="status">\(percent) % du fichier lu · \(frenchNumber(p?.rows ?? 0)) lignes · \(frenchNumber(Int(rate))) lignes/s · reste \(left).</p>
            <p class="muted">Cette page se met à jour toute seule. Vous pouvez la quitter : l'import continue et son résultat sera dans la liste des imports.</p>
            <p><a href="/labs/\(labSlug)/imports">Retour aux imports</a></p>
            """
    }

    static func rejects(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let lab = try await requireFacilitator(context, services)
        let id = try services.id("id", context)
        let path = try await services.database.withConnection { db in
            try await ImportStore().rejectsPath(importID: id, labID: lab.id, on: db)
        }
        guard let path, FileManager.default.fileExists(atPath: path) else {
            throw AppError.notFound("Pas de rejets pour cet import.")
        }
        var headers = HTTPFields()
        headers[.contentType] = "text/csv; charset=utf-8"
        headers[.contentDisposition] = "attachment; filename=\"rejets-import-\(id).csv\""
        // Streamed from disk in chunks: the rejects of a national register can be large.
        return Response(status: .ok, headers: headers, body: try await FileIO().loadFile(path: path, context: context))
    }
}
