import AlliancesCore

/// Accessible form controls: every control has a label; an error is linked to its control
/// with `aria-describedby` and marked `aria-invalid`, and listed in a summary at the top.
enum FormFields {
    static func errorSummary(_ errors: ValidationErrors) -> HTML {
        guard !errors.isEmpty else { return .empty }
        let items: [HTML] = errors.errors.map { "<li><a href=\"#f-\($0.field)\">\($0.message)</a></li>" }
        return """
            <div class="error-summary" role="alert" tabindex="-1" id="erreurs"><h2>Le formulaire contient \(errors.errors.count == 1 ? "une erreur" : "\(errors.errors.count) erreurs")</h2><ul>\(items)</ul></div>
            """
    }

    private static func describedBy(_ name: String, hint: String?, error: String?) -> HTML {
        var ids: [String] = []
        if hint != nil { ids.append("h-\(name)") }
        if error != nil { ids.append("e-\(name)") }
        guard !ids.isEmpty else { return .empty }
        let invalid: HTML = error != nil ? " aria-invalid=\"true\"" : .empty
        return " aria-describedby=\"\(ids.joined(separator: " "))\"\(invalid)"
    }

    private static func notes(_ name: String, hint: String?, error: String?) -> HTML {
        var out: HTML = .empty
        if let hint { out = out + "<p class=\"hint\" id=\"h-\(name)\">\(hint)</p>" }
        if let error { out = out + "<p class=\"field-error\" id=\"e-\(name)\">\(error)</p>" }
        return out
    }

    static func text(
        _ name: String, _ label: String, value: String?, errors: ValidationErrors, type: String = "text",
        required: Bool = false, hint: String? = nil, autocomplete: String? = nil, maxLength: Int? = nil,
        list: String? = nil,
        readOnly: Bool = false,
        picker: OrganisationPicker.Field? = nil
    ) -> HTML {
        let error = errors.message(for: name)
        let req: HTML = (required ? " required" : .empty) + (readOnly ? " readonly" : .empty)
        let auto: HTML = (picker != nil ? "off" : autocomplete).map { " autocomplete=\"\($0)\"" } ?? .empty
        let max: HTML = maxLength.map { " maxlength=\"\($0)\"" } ?? .empty
        let suggestions: HTML =
            (picker.map { " list=\"dl-\(name)\" data-picker=\"\($0.source)\"" } ?? list.map { " list=\"\($0)\"" })
            ?? .empty
        let options: HTML =
            picker.map { field in
                let items: [HTML] = field.suggestions.map { "<option value=\"\($0)\"></option>" }
                return "<datalist id=\"dl-\(name)\">\(items)</datalist>"
            } ?? .empty
        return """
            <div class="field\(error != nil ? " invalid" : "")"><label for="f-\(name)">\(label)\(required ? " (obligatoire)" : "")</label>\(notes(name, hint: hint, error: error))<input type="\(type)" id="f-\(name)" name="\(name)" value="\(value ?? "")"\(req)\(auto)\(max)\(suggestions)\(describedBy(name, hint: hint, error: error))>\(options)</div>
            """
    }

    static func textarea(_ name: String, _ label: String, value: String?, errors: ValidationErrors, hint: String? = nil)
        -> HTML
    {
        let error = errors.message(for: name)
        return """
            <div class="field\(error != nil ? " invalid" : "")"><label for="f-\(name)">\(label)</label>\(notes(name, hint: hint, error: error))<textarea id="f-\(name)" name="\(name)"\(describedBy(name, hint: hint, error: error))>\(value ?? "")</textarea></div>
            """
    }

    static func select(
        _ name: String, _ label: String, options: [(value: String, label: String)], selected: String?,
        errors: ValidationErrors, required: Bool = false, emptyLabel: String? = "—", hint: String? = nil
    ) -> HTML {
        let error = errors.message(for: name)
        var opts: [HTML] = []
        if let emptyLabel { opts.append("<option value=\"\">\(emptyLabel)</option>") }
        for option in options {
            opts.append(
                option.value == selected
                    ? "<option value=\"\(option.value)\" selected>\(option.label)</option>"
                    : "<option value=\"\(option.value)\">\(option.label)</option>")
        }
        return """
            <div class="field\(error != nil ? " invalid" : "")"><label for="f-\(name)">\(label)\(required ? " (obligatoire)" : "")</label>\(notes(name, hint: hint, error: error))<select id="f-\(name)" name="\(name)"\(required ? " required" : "")\(describedBy(name, hint: hint, error: error))>\(opts)</select></div>
            """
    }

    static func checkboxes(
        _ name: String, _ legend: String, options: [(value: String, label: String)], checked: Set<String>,
        errors: ValidationErrors, hint: String? = nil
    ) -> HTML {
        let error = errors.message(for: name)
        let boxes: [HTML] = options.enumerated().map { index, option in
            "<label><input type=\"checkbox\" name=\"\(name)\" value=\"\(option.value)\"\(checked.contains(option.value) ? " checked" : "")\(index == 0 ? " id=\"f-\(name)\"" : "")> \(option.label)</label>"
        }
        return """
            <fieldset class="field\(error != nil ? " invalid" : "")"\(describedBy(name, hint: hint, error: error))><legend>\(legend)</legend>\(notes(name, hint: hint, error: error))<div class="checks">\(boxes)</div></fieldset>
            """
    }
}
