import AlliancesCore

/// "Exploitation": what a network admin checks on a Monday morning.
enum OperationsPage {
    struct Model {
        let engine: DatabaseEngine
        let schemaVersion: Int
        let latest: Int
        let pending: Int
        let schedule: BackupSchedule?
        let backups: [BackupCatalogue.Entry]
        let upgradeCopies: [String]
        let checks: [OperationsRoutes.Check]
        let now: Int
        /// The last scheduled backup that failed, while none has succeeded since.
        var lastFailure: BackupMonitor.Failure? = nil
        /// Free space on the backup folder's disk.
        var freeBytes: Int? = nil

        /// Less room than two more archives of the newest one's size.
        var diskIsShort: Bool {
            guard let freeBytes, let last = backups.first else { return false }
            return freeBytes < 2 * last.bytes
        }

        /// A backup older than two periods (or none at all) is a problem to fix today.
        var backupIsLate: Bool {
            guard let schedule else { return false }
            guard let last = backups.first else { return true }
            return now - last.createdAt > 2 * schedule.every
        }
    }

    static func size(_ bytes: Int) -> String {
        if bytes >= 1 << 30 { return "\(frenchNumber(bytes >> 30)) Gio" }
        return bytes >= 1 << 20 ? "\(frenchNumber(bytes >> 20)) Mio" : "\(frenchNumber(max(1, bytes >> 10))) Kio"
    }

    static func render(_ m: Model) -> HTML {
        let checkRows: [HTML] = m.checks.map { check in
            let label: String =
                switch check.name {
                case "database": "Base de données joignable"
                case "migrations": "Schéma à jour"
                default: "Index de recherche utilisable"
                }
            return
                "<tr><th scope=\"row\">\(label)</th><td>\(check.ok ? "oui" : "non")</td><td>\(check.detail)</td></tr>"
        }
        let backupSection: HTML
        if let schedule = m.schedule {
            let last: HTML =
                m.backups.first.map { entry in
                    "<p\(m.backupIsLate ? " class=\"notice notice-error\" role=\"alert\"" : "")>Dernière sauvegarde réussie : <strong>\(frenchDateTime(entry.createdAt))</strong> (\(size(entry.bytes))).\(m.backupIsLate ? " Elle date de plus de deux périodes : vérifiez le journal du serveur." : "")</p>"
                }
                ?? "<p class=\"notice notice-error\" role=\"alert\">Aucune sauvegarde réussie pour l'instant dans ce dossier.</p>"
            let rows: [HTML] = m.backups.map {
                "<tr><td>\($0.name)</td><td>\(frenchDateTime($0.createdAt))</td><td>\(size($0.bytes))</td></tr>"
            }
            let failure: HTML =
                m.lastFailure.map {
                    "<p class=\"notice notice-error\" role=\"alert\">La dernière sauvegarde a échoué le \(frenchDateTime($0.at)) : \($0.message). Une nouvelle tentative a lieu toutes les 15 minutes.</p>"
                } ?? .empty
            let disk: HTML =
                m.freeBytes.map { free in
                    "<p\(m.diskIsShort ? " class=\"notice notice-error\" role=\"alert\"" : "")>Espace libre sur le disque des sauvegardes : \(size(free))\(m.diskIsShort ? ", moins que deux sauvegardes de plus : libérez de la place ou réduisez --backup-keep." : ".")</p>"
                } ?? .empty
            backupSection = """
                \(failure)
                \(last)
                \(disk)
                <p>Une sauvegarde toutes les \(DurationText.describe(schedule.every)), les \(schedule.keep) plus récentes gardées, dans le dossier <code>\(schedule.directory)</code>. Copiez ce dossier hors de la machine (voir docs/DEPLOYMENT.md).</p>
                <div class="table-wrap"><table><caption>Sauvegardes gardées</caption><thead><tr><th scope="col">Archive</th><th scope="col">Prise le</th><th scope="col">Taille</th></tr></thead><tbody>\(rows)</tbody></table></div>
                """
        } else {
            backupSection =
                "<p class=\"notice notice-error\" role=\"alert\">Le serveur ne prend pas de sauvegardes lui-même : lancez-le avec <code>--backup-dir</code>, ou planifiez <code>alliances backup</code> (docs/DEPLOYMENT.md).</p>"
        }
        let copies: HTML =
            m.upgradeCopies.isEmpty
            ? .empty
            : "<p>Copies prises avant la dernière mise à jour (supprimées au prochain démarrage) : \(m.upgradeCopies.joined(separator: ", ")).</p>"
        return """
            <h1>Exploitation</h1>
            <h2>État</h2>
            <div class="table-wrap"><table><caption>Vérifications de /ready</caption><thead><tr><th scope="col">Vérification</th><th scope="col">Réussie</th><th scope="col">Détail</th></tr></thead><tbody>\(checkRows)</tbody></table></div>
            <p>Base \(m.engine == .sqlite ? "SQLite" : "PostgreSQL"), schéma \(m.schemaVersion) (cette version connaît jusqu'au \(m.latest)\(m.pending > 0 ? ", \(m.pending) migration(s) en attente" : "")).</p>
            \(copies)
            <h2>Sauvegardes</h2>
            \(backupSection)
            """
    }
}
