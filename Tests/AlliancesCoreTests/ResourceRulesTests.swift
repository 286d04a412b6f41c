import AlliancesCore
import Testing

@Suite struct ResourceRulesTests {
    @Test func test_minute_index_round_trips_and_knows_the_weekday() {
        for text in ["1970-01-01T00:00", "2015-01-08T09:30", "2024-02-29T23:59", "2026-12-14T10:00", "1969-12-31T23:00"]
        {
            let t = LocalDateTime(text)!
            #expect(LocalDateTime(minuteIndex: t.minuteIndex) == t, "\(text)")
        }
        // 1 January 1970 was a Thursday; 14 December 2026 is a Monday.
        #expect(LocalDateTime.weekday(day: 0) == 4)
        #expect(LocalDateTime.weekday(day: LocalDateTime("2026-12-14T00:00")!.minuteIndex / 1_440) == 1)
        #expect(LocalDateTime.weekday(day: LocalDateTime("2026-12-20T00:00")!.minuteIndex / 1_440) == 7)
    }

    @Test func test_opening_hours_parse_print_and_contain() throws {
        let hours = try #require(WeeklyHours(text: "1=09:00-18:00;3=14:00-20:00"))
        #expect(hours.text == "1=09:00-18:00;3=14:00-20:00")
        #expect(WeeklyHours(text: "8=09:00-10:00") == nil && WeeklyHours(text: "1=10:00-09:00") == nil)
        let monday = LocalDateTime("2026-12-14T09:00")!.minuteIndex
        #expect(hours.contains(start: monday, end: monday + 9 * 60))
        #expect(!hours.contains(start: monday - 30, end: monday + 60), "before opening")
        #expect(!hours.contains(start: monday + 8 * 60, end: monday + 9 * 60 + 1), "after closing")
        #expect(!hours.contains(start: monday + 1_440, end: monday + 1_440 + 60), "Tuesday is closed")
        // Monday 17:00 to Wednesday 15:00: starts and ends within opening hours.
        #expect(hours.contains(start: monday + 8 * 60, end: monday + 2 * 1_440 + 6 * 60))
    }

    @Test func test_peak_counts_overlaps_and_frees_units_at_the_end_minute() {
        let bookings = [
            (start: 600, end: 720, quantity: 1), (start: 660, end: 780, quantity: 2),
            (start: 720, end: 800, quantity: 1)
        ]
        #expect(BookingRules.peak(bookings, start: 0, end: 1_000) == 3)
        #expect(BookingRules.peak(bookings, start: 600, end: 660) == 1)
        #expect(BookingRules.peak(bookings, start: 780, end: 900) == 1)
        #expect(
            BookingRules.peak(bookings, start: 720, end: 780) == 3, "the range ending at 12:00 frees its unit at 12:00")
        #expect(BookingRules.fits(quantity: 1, start: 720, end: 780, stock: 4, accepted: bookings))
        #expect(!BookingRules.fits(quantity: 1, start: 720, end: 780, stock: 3, accepted: bookings))
        #expect(!BookingRules.fits(quantity: 1, start: 650, end: 700, stock: 2, accepted: bookings))
    }

    @Test func test_resource_form_checks_every_field() {
        var input = ResourceInput(
            organisationID: "3", kind: "salle", title: "Salle", audience: "labo", conditions: "participation",
            price: "12,5", quantity: "2", closedDates: "2026-12-25\n2026-12-25\n2027-01-01")
        input.hours[1] = ("09:00", "18:00")
        guard case .success(let draft) = ResourceDraft.validate(input) else { Issue.record("refused"); return }
        #expect(draft.priceCents == 1_250 && draft.quantity == 2 && draft.closedDates == ["2026-12-25", "2027-01-01"])
        var bad = input
        bad.kind = "fusee"
        bad.price = "douze"
        bad.quantity = "0"
        bad.hours = [2: ("18:00", "09:00")]
        bad.closedDates = "25/12"
        guard case .failure(let errors) = ResourceDraft.validate(bad) else { Issue.record("accepted"); return }
        #expect(Set(errors.errors.map(\.field)) == ["kind", "price", "quantity", "hours-2", "closedDates"])
    }

    @Test func test_booking_request_is_refused_in_the_past_outside_hours_on_closed_days_and_beyond_stock() {
        let hours = WeeklyHours(text: "1=09:00-18:00;2=09:00-18:00")!
        let now = LocalDateTime("2026-12-10T12:00")!
        func check(_ start: String, _ end: String, quantity: String = "1") -> [String] {
            switch BookingRequest.validate(
                BookingInput(start: start, end: end, quantity: quantity), stock: 2, hours: hours,
                closedDates: ["2026-12-15"], now: now)
            {
            case .success: []
            case .failure(let errors): errors.errors.map(\.message)
            }
        }
        #expect(check("2026-12-14T10:00", "2026-12-14T12:00").isEmpty)
        #expect(check("2026-12-07T10:00", "2026-12-07T12:00").first?.contains("déjà passé") == true)
        #expect(check("2026-12-14T17:00", "2026-12-14T19:00").first?.contains("horaires") == true)
        #expect(check("2026-12-15T10:00", "2026-12-15T12:00").first?.contains("fermée le 15 décembre 2026") == true)
        #expect(
            check("2026-12-14T10:00", "2026-12-14T12:00", quantity: "3").first?.contains("supérieure au stock") == true)
        #expect(check("2026-12-14T12:00", "2026-12-14T10:00").first?.contains("suivre le début") == true)
    }
}
