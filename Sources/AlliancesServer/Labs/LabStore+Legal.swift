import SQLKit

/// A lab's legal pages (mentions légales, politique de confidentialité), filled in by its
/// facilitators from the templates of `LegalPages`.
extension LabStore {
    func legalPages(labID: Int, on db: any SQLDatabase) async throws -> (notice: String?, policy: String?) {
        guard
            let row = try await db.raw(
                "SELECT legal_notice, privacy_policy FROM labs WHERE id = \(bind: labID)"
            ).first()
        else { return (nil, nil) }
        return (try row.optionalString("legal_notice"), try row.optionalString("privacy_policy"))
    }

    func saveLegalPages(labID: Int, notice: String?, policy: String?, on db: any SQLDatabase) async throws {
        try await db.raw(
            "UPDATE labs SET legal_notice = \(bind: notice), privacy_policy = \(bind: policy) WHERE id = \(bind: labID)"
        ).run()
    }
}
