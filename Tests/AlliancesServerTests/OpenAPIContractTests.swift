import AlliancesCore
@testable import AlliancesServer
import Foundation
import Testing

/// The document and the code cannot drift: each named response schema of
/// `/api/openapi.json` is compared with the schema read off the DTO the handlers encode
/// (`SchemaDerivation`), ignoring annotations (descriptions, examples, enums, formats).
/// `ALLIANCES_PRINT_SCHEMAS=1 swift test --filter OpenAPIContractTests` prints the derived
/// schemas, to start a new one from.
@Suite struct OpenAPIContractTests {
    /// Each named schema of the document and the type its operations answer with.
    static var types: [(String, any Decodable.Type)] {
        [
            ("Lab", LabDTO.self),
            ("Organisation", OrganisationDTO.self),
            ("OrganisationPage", OrganisationPageDTO.self),
            ("SearchResults", SearchRoutes.ResultsDTO.self),
            ("Listing", ListingDTO.self),
            ("ListingPage", ListingPageDTO.self),
            ("Recommendations", RecommendationsDTO.self),
            ("Introduction", IntroductionDTO.self),
            ("Partnership", PartnershipDTO.self),
            ("PartnershipPage", PartnershipPageDTO.self),
            ("Barometer", BarometerAPI.BarometerDTO.self),
            ("Event", EventDTO.self),
            ("Registration", RegistrationDTO.self),
            ("RegistrationInput", RegistrationInput.self),
            ("Resource", ResourceDTO.self),
            ("ResourcePage", ResourceDTO.Page.self),
            ("Experience", ExperienceDTO.self),
            ("ExperiencePage", ExperienceDTO.Page.self),
            ("ExperienceWrite", ExperienceWriteInput.self),
            ("ExperienceDraft", ExperienceDraftDTO.self),
            ("ExperienceStepInput", ExperienceStepInput.self),
            ("Session", EventDTO.SessionDTO.self),
            ("EventInput", EventWriteInput.self),
            ("SessionInput", SessionWriteInput.self),
            ("CheckInInput", CheckInInput.self),
            ("CheckIn", CheckInDTO.self),
            ("Meetings", MeetingsDTO.self),
            ("MeetingRequest", MeetingsDTO.Request.self),
            ("MeetingRequestInput", MeetingRequestInput.self),
            ("MeetingAnswerInput", MeetingAnswerInput.self),
            ("Booking", BookingDTO.self),
            ("Bookings", BookingsDTO.self),
            ("BookingInput", BookingWriteInput.self),
            ("BookingAnswerInput", BookingAnswerInput.self),
            ("ResourceWrite", ResourceWriteInput.self),
            ("Workshop", WorkshopDTO.self),
            ("ProposalInput", ProposalWriteInput.self),
            ("VoteInput", VoteWriteInput.self),
            ("ModerationInput", ModerationInput.self),
            ("OutputInput", OutputWriteInput.self),
            ("WorkshopOutput", WorkshopOutputDTO.self),
            ("Webhook", WebhookDTO.self),
            ("WebhookDelivery", WebhookDeliveryDTO.self),
            ("WebhookDetail", WebhookDetailDTO.self),
            ("WebhookCreated", WebhookCreatedDTO.self),
            ("WebhookInput", WebhookInput.self),
            ("Allocation", AllocationDTO.self),
            ("LunchSeat", LunchSeatDTO.self)
        ]
    }

    /// Keeps what decides validity, resolves references.
    static func shape(_ schema: Any, _ components: [String: Any]) -> Any {
        guard var object = schema as? [String: Any] else { return schema }
        if let reference = object["$ref"] as? String {
            return shape(components[String(reference.split(separator: "/").last ?? "")] ?? [:], components)
        }
        object = object.filter { ["type", "properties", "required", "items", "additionalProperties"].contains($0.key) }
        // The DTOs leave an absent optional out: a schema that also allows `null`, or that
        // forbids other members, says the same of what they encode.
        if let types = object["type"] as? [String] {
            let kept = types.filter { $0 != "null" }
            object["type"] = kept.count == 1 ? kept[0] : kept
        }
        if object["additionalProperties"] as? Bool == false { object["additionalProperties"] = nil }
        if let properties = object["properties"] as? [String: Any] {
            object["properties"] = properties.mapValues { shape($0, components) }
        }
        if let items = object["items"] { object["items"] = shape(items, components) }
        if let values = object["additionalProperties"] as? [String: Any] {
            object["additionalProperties"] = shape(values, components)
        }
        if let required = object["required"] as? [String] { object["required"] = required.sorted() }
        return object
    }

    static func canonical(_ value: Any) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: value, options: [.sortedKeys]), as: UTF8.self)
    }

    @Test func test_each_named_schema_is_the_shape_of_its_dto() throws {
        let document = try #require(
            try JSONSerialization.jsonObject(with: Data(OpenAPIDocument.json.utf8)) as? [String: Any])
        let components = try #require((document["components"] as? [String: Any])?["schemas"] as? [String: Any])
        var printed: [String: Any] = [:]
        for (name, type) in Self.types {
            let derived = try SchemaDerivation.schema(of: type)
            printed[name] = derived
            guard let written = components[name] else {
                Issue.record("\(name): no schema of that name in the document")
                continue
            }
            let expected = try Self.canonical(Self.shape(derived, components))
            let actual = try Self.canonical(Self.shape(written, components))
            #expect(actual == expected, "\(name): the document's schema differs from \(type)'s shape")
        }
        if ProcessInfo.processInfo.environment["ALLIANCES_PRINT_SCHEMAS"] != nil {
            print(
                String(
                    decoding: try JSONSerialization.data(withJSONObject: printed, options: [.sortedKeys]), as: UTF8.self
                ))
        }
    }

    /// Every operation that decodes a JSON object knows its members (unknown ones are refused).
    @Test func test_every_json_body_has_its_members() {
        for operation in [
            "POST /api/v1/labs/{lab}/organisations", "PUT /api/v1/labs/{lab}/organisations/{id}",
            "PATCH /api/v1/labs/{lab}/organisations/{id}", "POST /api/v1/labs/{lab}/listings",
            "POST /api/v1/labs/{lab}/introductions", "POST /api/v1/labs/{lab}/partnerships",
            "POST /api/v1/events/{event}/registrations"
        ] {
            #expect((OpenAPIDocument.bodyMembers[operation]?.count ?? 0) > 0, "\(operation)")
        }
        #expect(OpenAPIDocument.bodyMembers["POST /api/v1/labs/{lab}/listings"]?.contains("organisationId") == true)
    }

    /// Unknown members are found inside nested objects and arrays of objects too.
    @Test func test_unknown_members_are_found_at_every_depth() throws {
        let shape = try #require(OpenAPIDocument.bodyShapes["POST /api/v1/events/{event}/sessions"])
        let body: [String: Any] = [
            "title": "Atelier", "colour": "rouge", "questions": ["Une ?"],
            "speakers": [["name": "A", "part": "animatrice"], ["name": "B", "age": 40]]
        ]
        #expect(shape.unknown(in: body) == ["colour", "speakers[1].age"])
        #expect(shape.unknown(in: ["title": "Atelier", "speakers": [["name": "A"]]]) == [])
    }

    /// No operation answers with a schema that says nothing.
    @Test func test_no_response_is_an_untyped_object() throws {
        let text = OpenAPIDocument.json
        #expect(!text.contains("\"#/components/schemas/Object\""))
    }

    /// The derivation itself, on a type whose shape is known.
    @Test func test_the_derivation_reads_required_optional_nested_and_arrays() throws {
        struct Inner: Decodable { let code: String; let name: String? }
        struct Outer: Decodable {
            let id: Int
            let score: Double
            let active: Bool
            let tags: [String]
            let inner: Inner?
            let list: [Inner]
            let counts: [String: Int]
        }
        let schema = try Self.canonical(SchemaDerivation.schema(of: Outer.self))
        #expect(
            schema
                == #"{"properties":{"active":{"type":"boolean"},"counts":{"additionalProperties":{"type":"integer"},"type":"object"},"id":{"type":"integer"},"inner":{"properties":{"code":{"type":"string"},"name":{"type":"string"}},"required":["code"],"type":"object"},"list":{"items":{"properties":{"code":{"type":"string"},"name":{"type":"string"}},"required":["code"],"type":"object"},"type":"array"},"score":{"type":"number"},"tags":{"items":{"type":"string"},"type":"array"}},"required":["active","counts","id","list","score","tags"],"type":"object"}"#
        )
    }
}
