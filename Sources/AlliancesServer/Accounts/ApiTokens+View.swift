import AlliancesCore

/// The list of tokens and the "new token" form, on "Mon compte" (personal tokens) and on a
/// lab's "Jetons d'API" page (the lab's integration tokens): one rendering for both.
enum ApiTokensView {
    /// `action` is the form's path (`/compte/jetons`, `/labs/alsace/jetons`); revocations
    /// post to `action/ID/revoquer`. `showMaker` names who made each token (a lab's list).
    static func section(
        tokens: [ApiToken], makers: [Int: String] = [:], newToken: (name: String, token: String)?,
        errors: ValidationErrors, action: String, csrf: String, now: Int = nowSeconds()
    ) -> HTML {
        let items: [HTML] = tokens.map { token in
            let state: HTML =
                if let revoked = token.revokedAt {
                    "révoqué le \(frenchDate(revoked))"
                } else if token.expiresAt <= now {
                    "expiré le \(frenchDate(token.expiresAt))"
                } else {
                    "valable jusqu'au \(frenchDate(token.expiresAt)) <form method=\"post\" action=\"\(action)/\(token.id)/revoquer\" class=\"inline\">\(csrfField(csrf))<button type=\"submit\" class=\"link\">Révoquer<span class=\"visually-hidden\"> le jeton \(token.name)</span></button></form>"
                }
            let maker: HTML = makers[token.userID].map { ", par \($0)" } ?? .empty
            return
                "<li><strong>\(token.name)</strong> — \(token.scopes.summary) ; créé le \(frenchDate(token.createdAt))\(maker), \(token.lastUsedAt.map { "utilisé le \(frenchDateTime($0))" } ?? "jamais utilisé") — \(state)</li>"
        }
        let shown: HTML =
            newToken.map { new in
                "<div class=\"notice notice-success\" role=\"status\"><p>Jeton « \(new.name) », à copier maintenant : il ne sera plus jamais affiché.</p><p><label for=\"f-new-token\">Jeton</label> <input id=\"f-new-token\" type=\"text\" readonly value=\"\(new.token)\" size=\"50\" autocomplete=\"off\" spellcheck=\"false\"></p><p>À envoyer dans l'en-tête <code>Authorization: Bearer …</code> des requêtes à <code>/api/v1</code>.</p></div>"
            } ?? .empty
        let levels = ApiAccess.allCases.map { (value: $0.rawValue, label: $0.label) }
        let scopes: [HTML] = ApiCapability.allCases.map { capability in
            FormFields.select(
                "scope_\(capability.rawValue)", capability.label, options: levels, selected: ApiAccess.read.rawValue,
                errors: errors, emptyLabel: nil)
        }
        let validities = ApiTokenDraft.validities.map { (value: String($0), label: "\($0) jours") }
        return """
            \(shown)
            \(items.isEmpty ? "<p class=\"muted\">Aucun jeton.</p>" as HTML : "<ul>\(items)</ul>")
            <form method="post" action="\(action)" class="narrow">\(csrfField(csrf))
            \(FormFields.text("token_name", "Nom du jeton", value: nil, errors: errors, required: true, hint: "Pour le reconnaître : « Tableur des adhésions ».", maxLength: 80))
            <fieldset><legend>Ce qu'il permet, partie par partie</legend>
            \(errors.message(for: "token_scope").map { "<p class=\"field-error\">\($0)</p>" as HTML } ?? .empty)
            \(scopes)
            </fieldset>
            \(FormFields.select("token_days", "Valable", options: validities, selected: "90", errors: errors, emptyLabel: nil))
            <div class="actions"><button type="submit">Créer un jeton</button></div></form>
            """
    }

    /// The form's scopes, read from `scope_<capability>` fields (or `token_scope` for all).
    static func draft(_ form: FormData) -> Result<ApiTokenDraft, ValidationErrors> {
        ApiTokenDraft.validate(
            name: form["token_name"], scope: form["token_scope"], days: form["token_days"],
            access: { form["scope_\($0.rawValue)"] })
    }
}
