import AlliancesCore
import Testing

@Suite struct RegistrationRulesTests {
    @Test func test_a_valid_form_is_normalised() throws {
        let input = RegistrationInput(
            name: "  Marie Dupont ", email: "Marie.Dupont@Example.ORG", organisation: "Le RAMEAU",
            actorKind: ActorKind.association.rawValue, region: "44", dietary: "", listed: true)
        let checked = try input.validate().get()
        #expect(checked.name == "Marie Dupont")
        #expect(checked.email == "marie.dupont@example.org")
        #expect(checked.kind == .association)
        #expect(checked.region == "44")
        #expect(checked.dietary == nil)
        #expect(checked.listed)
    }

    @Test func test_each_wrong_field_gets_its_french_message() {
        let input = RegistrationInput(name: "M", email: "pas-une-adresse", actorKind: "ovni", region: "99")
        guard case .failure(let errors) = input.validate() else {
            Issue.record("an invalid form passed")
            return
        }
        #expect(Set(errors.errors.map(\.field)) == ["name", "email", "actorKind", "region"])
        #expect(errors.errors.first { $0.field == "region" }?.message == "Région inconnue : « 99 ».")
    }

    @Test func test_organisers_are_the_labs_facilitators_or_admins_for_network_events() {
        let admin = Viewer(userID: 1, role: .admin, labID: nil, organisationID: nil)
        let facilitator = Viewer(userID: 2, role: .facilitator, labID: 7, organisationID: nil)
        let member = Viewer(userID: 3, role: .member, labID: 7, organisationID: 4)
        #expect(EventPermissions.canOrganise(facilitator, eventLabID: 7))
        #expect(!EventPermissions.canOrganise(facilitator, eventLabID: 8))
        #expect(!EventPermissions.canOrganise(facilitator, eventLabID: nil))
        #expect(EventPermissions.canOrganise(admin, eventLabID: nil))
        #expect(!EventPermissions.canOrganise(member, eventLabID: 7))
        #expect(!EventPermissions.canOrganise(nil, eventLabID: 7))
        #expect(EventPermissions.canCreateEvents(facilitator) && !EventPermissions.canCreateEvents(member))
    }

    @Test func test_a_guest_seat_is_held_and_an_account_seat_confirmed() {
        #expect(EventPermissions.initialStatus(seatClaimed: true, signedIn: false) == .offered)
        #expect(EventPermissions.initialStatus(seatClaimed: true, signedIn: true) == .confirmed)
        #expect(EventPermissions.initialStatus(seatClaimed: false, signedIn: true) == .waiting)
    }
}
