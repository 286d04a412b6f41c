import AlliancesCore
import Testing

@Suite struct EventCoreTests {
    @Test func test_local_times_parse_and_print() {
        let t = LocalDateTime("2015-01-08T09:30")
        #expect(t?.frenchTime == "9h30" && t?.icsLocal == "20150108T093000" && t?.clock == "09:30")
        #expect(LocalDateTime("2015-01-08T14:00")?.frenchTime == "14h")
        for bad in ["2015-01-08", "2015-02-30T10:00", "2015-01-08T24:00", "2015-01-08T9:30", "x"] {
            #expect(LocalDateTime(bad) == nil, "\(bad)")
        }
        #expect(
            LocalDateTime.minutes(from: LocalDateTime("2015-01-08T09:40")!, to: LocalDateTime("2015-01-08T10:00")!)
                == 20)
    }

    @Test func test_icalendar_escapes_and_folds_by_octets() {
        #expect(ICalendar.escape("a, b; c\\d\ne") == "a\\, b\\; c\\\\d\\ne")
        let long = "SUMMARY:" + String(repeating: "é", count: 60)
        let folded = ICalendar.fold(long)
        let lines = folded.components(separatedBy: "\r\n")
        #expect(lines.count == 2)
        #expect(lines.allSatisfy { $0.utf8.count <= 75 })
        #expect(lines[1].hasPrefix(" "))
        #expect(
            lines.map { $0.hasPrefix(" ") ? String($0.dropFirst()) : $0 }.joined() == long,
            "unfolding gives the line back")
        let calendar = ICalendar(
            name: "Essai",
            events: [
                .init(
                    uid: "u1", start: LocalDateTime("2015-01-08T09:30")!, end: LocalDateTime("2015-01-08T10:00")!,
                    summary: "Accueil", description: "", location: "Paris", url: "https://x.example/s/1")
            ], stamp: "20261127T100000Z")
        let text = calendar.text
        #expect(text.contains("DTSTART;TZID=Europe/Paris:20150108T093000\r\n"))
        #expect(text.contains("BEGIN:VTIMEZONE\r\nTZID:Europe/Paris"))
        #expect(text.contains("DESCRIPTION:https://x.example/s/1"))
        #expect(text.hasSuffix("END:VCALENDAR\r\n"))
    }

    @Test func test_parallel_sessions_are_grouped_by_start() {
        let rows = ProgrammeGrid.rows(
            [("B", "14:00"), ("A", "14:00"), ("C", "15:00")], start: { LocalDateTime("2015-01-08T\($0.1)")! },
            room: { $0.0 })
        #expect(rows.map { $0.sessions.map(\.0) } == [["A", "B"], ["C"]])
    }

    @Test func test_csv_for_french_excel() {
        let csv = CSVWriter.document(
            header: ["Nom", "Note"], rows: [["Dupont; fils", "dit \"Jo\""], ["=1+1", "ligne\nsuivante"]])
        #expect(csv == "\u{FEFF}Nom;Note\r\n\"Dupont; fils\";\"dit \"\"Jo\"\"\"\r\n'=1+1;\"ligne\nsuivante\"\r\n")
    }

    /// CSV injection: whatever Excel would run as a formula starts with an apostrophe; plain
    /// numbers, negative ones included, stay numbers.
    @Test func test_csv_cells_never_start_a_formula() {
        for cell in [
            "=HYPERLINK(\"http://x.example\")", "+33 1 23", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd", "-", "+", "-1,2,3",
            "--1"
        ] {
            #expect(CSVWriter.field(cell).hasPrefix("'") || CSVWriter.field(cell).hasPrefix("\"'"), "\(cell)")
        }
        for number in ["-3,5", "+12", "-0.25", "42", "-7"] {
            #expect(CSVWriter.field(number) == number)
        }
        #expect(CSVWriter.field("Mairie = partenaire") == "Mairie = partenaire")
    }

    @Test func test_qr_code_structure() throws {
        let code = try QRCode(text: "https://alliances.example/evenements/pionniers-2015/pointage?code=K7Q4M2XA")
        #expect(code.size == code.version * 4 + 17)
        // The three finder patterns: dark 7×7 borders with a dark 3×3 centre.
        for (x, y) in [(0, 0), (code.size - 7, 0), (0, code.size - 7)] {
            #expect(
                code.modules[y][x] && code.modules[y + 6][x + 6] && code.modules[y + 3][x + 3]
                    && !code.modules[y + 1][x + 1])
        }
        #expect(code.modules[code.size - 8][8], "the dark module")
        #expect(throws: QRCode.Failure.tooLong) { try QRCode(text: String(repeating: "x", count: 300)) }
        #expect(code.svg(title: "Code").hasPrefix("<svg"))
    }

    @Test func test_seat_statuses() {
        #expect(SeatStatus.confirmed.holdsSeat && SeatStatus.offered.holdsSeat)
        #expect(!SeatStatus.waiting.holdsSeat && !SeatStatus.cancelled.holdsSeat)
        #expect(EventStatus.registrationOpen.acceptsRegistrations && !EventStatus.published.acceptsRegistrations)
    }
}
