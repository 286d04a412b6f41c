import AlliancesCore
import Testing

@Suite struct OrganisationValidationTests {
    func errors(_ input: OrganisationInput) -> ValidationErrors {
        if case .failure(let errors) = OrganisationDraft.validate(input) { return errors }
        return ValidationErrors()
    }

    @Test func test_a_complete_company_is_accepted_and_its_size_is_derived_from_the_band() throws {
        let draft = try OrganisationDraft.validate(
            OrganisationInput(
                name: "  Numéria Conseil ", kind: "entreprise", headcountBand: "12", siren: "732 829 320",
                siret: "73282932000074", website: "https://numeria.example/", commune: "Strasbourg",
                themes: ["numerique", "numerique", "emploi-insertion"])
        ).get()
        #expect(draft.name == "Numéria Conseil")
        #expect(draft.sizeClass == .sme)
        #expect(draft.siren == "732829320")
        #expect(draft.themes == [.digital, .employment])
        #expect(draft.active)
    }

    @Test func test_missing_name_and_kind_are_reported_in_french() {
        let e = errors(OrganisationInput(name: " "))
        #expect(e.message(for: "name") == "Le nom est obligatoire.")
        #expect(e.message(for: "kind") == "Le type d'acteur est obligatoire.")
    }

    @Test func test_bad_values_each_get_a_message() {
        let e = errors(
            OrganisationInput(
                name: String(repeating: "x", count: 201), kind: "ovni", sizeClass: "géante", headcountBand: "99",
                siren: "123", siret: "73282932000075", rnaId: "X12", website: "javascript:alert(1)",
                themes: ["cuisine"]))
        for field in ["name", "kind", "sizeClass", "headcountBand", "siren", "siret", "rnaId", "website", "themes"] {
            #expect(e.message(for: field) != nil, "\(field)")
        }
        #expect(e.message(for: "name")?.contains("200") == true)
    }

    @Test func test_size_class_is_refused_for_an_association() {
        let e = errors(OrganisationInput(name: "Asso", kind: "association", sizeClass: "pme"))
        #expect(e.message(for: "sizeClass") == "La taille d'entreprise ne s'applique qu'aux entreprises.")
    }

    @Test func test_siret_must_extend_the_siren() {
        let e = errors(
            OrganisationInput(name: "Société", kind: "entreprise", siren: "732829320", siret: "35600000000001"))
        #expect(e.message(for: "siret")?.contains("732829320") == true)
    }

    @Test func test_control_characters_are_refused_but_newlines_allowed_in_descriptions() throws {
        #expect(errors(OrganisationInput(name: "A\u{0}B", kind: "association")).message(for: "name") != nil)
        let draft = try OrganisationDraft.validate(
            OrganisationInput(name: "Asso", kind: "association", description: "Ligne 1\nLigne 2")
        ).get()
        #expect(draft.description == "Ligne 1\nLigne 2")
    }

    @Test func test_too_many_themes() {
        let e = errors(OrganisationInput(name: "Asso", kind: "association", themes: Theme.allCases.map(\.rawValue)))
        #expect(e.message(for: "themes") == "Choisissez au plus 8 thèmes.")
    }

    @Test func test_person_validation() throws {
        let person = try PersonDraft.validate(
            PersonInput(name: "Claire Demo", email: " Claire@Exemple.FR ", phone: "+33 3 88 00 00 00")
        ).get()
        #expect(person.email == "claire@exemple.fr")
        guard case .failure(let e) = PersonDraft.validate(PersonInput(name: "C", email: "pas-un-email", phone: "abc"))
        else {
            Issue.record("expected a failure"); return
        }
        #expect(e.message(for: "name") != nil)
        #expect(e.message(for: "email") == "L'adresse e-mail « pas-un-email » n'est pas valide.")
        #expect(e.message(for: "phone") != nil)
    }

    @Test(arguments: ["a@b.fr", "prenom.nom+tag@sous.domaine.example", "x_y@exemple-1.org"])
    func test_valid_emails(email: String) { #expect(EmailAddress.isValid(email)) }

    @Test(arguments: ["", "a@b", "a b@c.fr", "@c.fr", "a@@c.fr", "a@c..fr", "a@-c.fr", "é@c.fr", "a@c.fr\n"])
    func test_invalid_emails(email: String) { #expect(!EmailAddress.isValid(email)) }

    @Test func test_web_addresses() {
        #expect(WebAddress.isValid("https://www.exemple.fr/page?x=1"))
        #expect(!WebAddress.isValid("http://localhost"))
        #expect(!WebAddress.isValid("ftp://exemple.fr"))
        #expect(!WebAddress.isValid("https://exemple.fr/\"onmouseover=x"))
    }
}

@Suite struct PermissionTests {
    let admin = Viewer(userID: 1, role: .admin, labID: nil, organisationID: nil)
    let facilitatorX = Viewer(userID: 2, role: .facilitator, labID: 10, organisationID: nil)
    let facilitatorY = Viewer(userID: 3, role: .facilitator, labID: 20, organisationID: nil)
    let memberA = Viewer(userID: 4, role: .member, labID: 10, organisationID: 100)
    let memberB = Viewer(userID: 5, role: .member, labID: 10, organisationID: 200)

    @Test func test_edit_matrix_for_organisation_A_of_lab_X() {
        let expected: [(Viewer?, Bool)] = [
            (nil, false), (admin, true), (facilitatorX, true), (facilitatorY, false), (memberA, true), (memberB, false)
        ]
        for (viewer, allowed) in expected {
            #expect(
                Permissions.canEditOrganisation(viewer, labID: 10, organisationID: 100) == allowed,
                "\(String(describing: viewer))")
            #expect(Permissions.canSeeContactDetails(viewer, labID: 10, organisationID: 100) == allowed)
        }
    }

    @Test func test_only_facilitators_of_the_lab_create_and_delete() {
        #expect(Permissions.canCreateOrganisation(facilitatorX, inLab: 10))
        #expect(!Permissions.canCreateOrganisation(facilitatorY, inLab: 10))
        #expect(!Permissions.canCreateOrganisation(memberA, inLab: 10))
        #expect(!Permissions.canDeleteOrganisation(memberA, labID: 10, organisationID: 100))
        #expect(Permissions.canDeleteOrganisation(admin, labID: 10, organisationID: 100))
    }

    @Test func test_invitations_are_scoped() {
        #expect(Permissions.canInvite(facilitatorX, role: .member, labID: 10))
        #expect(Permissions.canInvite(facilitatorX, role: .facilitator, labID: 10))
        #expect(!Permissions.canInvite(facilitatorX, role: .facilitator, labID: 20))
        #expect(!Permissions.canInvite(facilitatorX, role: .admin, labID: 10))
        #expect(!Permissions.canInvite(memberA, role: .member, labID: 10))
        #expect(Permissions.canInvite(admin, role: .admin, labID: nil))
        #expect(!Permissions.canInvite(nil, role: .member, labID: 10))
    }
}

@Suite struct SameSitePathTests {
    @Test func test_only_paths_of_this_site_are_followed_after_login() {
        for path in [
            "/", "/labs/alsace/comptes", "/labs/alsace/recherche?q=caf%C3%A9&page=2",
            "/evenements/pionniers-2015#programme"
        ] {
            #expect(SameSitePath.isSafe(path), "\(path)")
        }
        let offsite = [
            "//evil.example/", "/\\evil.example", "\\\\evil.example", "/\t/evil.example", "/\n/evil.example",
            "/\r/evil.example",
            " //evil.example", "/ /evil.example", "https://evil.example/", "evil.example", "", "/%2F/evil.example",
            "/%5Cevil.example",
            "/%09/evil.example", "/%252F%252Fevil.example", "/%2", "/%C3", "/\u{00A0}/evil.example",
            "/\u{200B}/evil.example", "/\u{7F}x",
            "/" + String(repeating: "a", count: 600)
        ]
        for path in offsite { #expect(!SameSitePath.isSafe(path), "\(path.debugDescription)") }
        #expect(SameSitePath.orHome("/\t/evil.example") == "/")
        #expect(SameSitePath.orHome(nil) == "/")
        #expect(SameSitePath.orHome("/labs/alsace") == "/labs/alsace")
    }

    @Test func test_percent_decoding() {
        #expect(PercentDecoding.decode("caf%C3%A9+noir", plusAsSpace: true) == "café noir")
        #expect(PercentDecoding.decode("a+b", plusAsSpace: false) == "a+b")
        #expect(PercentDecoding.decode("%zz", plusAsSpace: false) == nil)
        #expect(PercentDecoding.decode("%FF", plusAsSpace: false) == nil)
    }
}

@Suite struct DurationTextTests {
    @Test func test_durations_as_operators_write_them() {
        #expect(DurationText.seconds("2h") == 7_200)
        #expect(DurationText.seconds("90m") == 5_400)
        #expect(DurationText.seconds("90min") == 5_400)
        #expect(DurationText.seconds("1h30m") == 5_400)
        #expect(DurationText.seconds("7d") == 604_800)
        #expect(DurationText.seconds("45s") == 45)
        for bad in ["", "2", "h", "0h", "2x", "-2h", "2h-", "1.5h", "99999999999999h"] {
            #expect(DurationText.seconds(bad) == nil, "\(bad)")
        }
    }
}
