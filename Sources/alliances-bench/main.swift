import AlliancesCore
import AlliancesServer
import Foundation
import Plot

// Micro-benchmarks that need no server: `swift run -c release alliances-bench`.
// 1. HTML rendering of a 50-row directory list, our escaped-interpolation builder vs Plot
//    (the library the stack suggested), same markup, same data.
// 2. French text folding (stored for every organisation name).
// `recommend` and `gold` measure the recommender (RecommendBench.swift).

struct Row {
    let id: Int
    let name: String
    let kind: String
    let place: String
    let themes: [String]
}

let rows: [Row] = (0..<50).map { i in
    Row(
        id: 40_000 + i, name: "Association « Élan & Solidarité » n° \(i)", kind: "Association", place: "Mulhouse",
        themes: ["Emploi et insertion", "Solidarité", "Jeunesse"].prefix(1 + i % 3).map { $0 })
}

func renderOurs() -> String {
    let items: [AlliancesServer.HTML] = rows.map { row in
        let tags: [AlliancesServer.HTML] = row.themes.map { "<li>\($0)</li>" }
        return
            "<li><h3><a href=\"/labs/alsace/organisations/\(row.id)\">\(row.name)</a></h3><p class=\"muted\">\(row.kind) · \(row.place)</p><ul class=\"tags\" aria-label=\"Thèmes\">\(tags)</ul></li>"
    }
    let page: AlliancesServer.HTML = "<ul class=\"results\">\(items)</ul>"
    return page.rendered
}

func renderPlot() -> String {
    let node = Node<Plot.HTML.BodyContext>.ul(
        .class("results"),
        .forEach(rows) { row in
            .li(
                .h3(.a(.href("/labs/alsace/organisations/\(row.id)"), .text(row.name))),
                .p(.class("muted"), .text("\(row.kind) · \(row.place)")),
                .ul(
                    .class("tags"), .attribute(named: "aria-label", value: "Thèmes"),
                    .forEach(row.themes) { .li(.text($0)) })
            )
        }
    )
    return node.render()
}

func measure(_ label: String, iterations: Int, _ body: () -> String) -> Double {
    var bytes = 0
    for _ in 0..<200 { bytes &+= body().utf8.count }  // warm-up
    let start = DispatchTime.now().uptimeNanoseconds
    for _ in 0..<iterations { bytes &+= body().utf8.count }
    let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    let micro = elapsed / Double(iterations) * 1e6
    print(
        String(
            format: "%-44@ %8.1f µs per render  (%d renders, checksum %d)", label as NSString, micro, iterations,
            bytes % 1000))
    return micro
}

/// `alliances-bench parse FILE`: streams an RNA file through the parser and the RNA rules
/// without a database, and reports the peak RSS (is import memory flat on the read path?).
if CommandLine.arguments.count == 3, CommandLine.arguments[1] == "parse" {
    let path = CommandLine.arguments[2]
    guard let handle = FileHandle(forReadingAtPath: path) else { fatalError("cannot open \(path)") }
    var parser = CSVParser(separator: UInt8(ascii: ";"))
    var header: CSVHeader?
    var reader = RNAFormat.Reader()
    var rows = 0, kept = 0
    let start = Date()
    while true {
        let chunk = try handle.read(upToCount: 1 << 20) ?? Data()
        let consume: (CSVRecord) -> Void = { record in
            guard let header else { header = CSVHeader(record); return }
            rows += 1
            var fields = FieldReader(header: header, record: record)
            if (try? reader.organisation(&fields)) != nil { kept += 1 }
        }
        if chunk.isEmpty { parser.finish(emit: consume); break }
        parser.feed(chunk, emit: consume)
    }
    let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
    let peak = status.split(separator: "\n").first { $0.hasPrefix("VmHWM") } ?? ""
    print(String(format: "parsed %d rows (%d valid) in %.1f s; ", rows, kept, Date().timeIntervalSince(start)) + peak)
    exit(0)
}

/// `alliances-bench parse-async FILE`: the same through the importer's async loop, no database.
if CommandLine.arguments.count == 3, CommandLine.arguments[1] == "parse-async" {
    let summary = try await RegisterImporter.parseOnly(path: CommandLine.arguments[2])
    let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
    print("\(summary); " + (status.split(separator: "\n").first { $0.hasPrefix("VmHWM") } ?? ""))
    exit(0)
}

if CommandLine.arguments.count >= 2, CommandLine.arguments[1] == "recommend" {
    let numbers = CommandLine.arguments.dropFirst(2).compactMap { Int($0) }
    recommendBench(
        organisations: numbers.count > 0 ? numbers[0] : 100_000, offers: numbers.count > 1 ? numbers[1] : 20_000,
        queries: numbers.count > 2 ? numbers[2] : 1_000)
    exit(0)
}

/// `alliances-bench qr TEXT MIN_VERSION MASK`: the QR matrix as lines of 0/1, for
/// scripts/check_qr.py (which compares it with the `qrcode` Python library).
if CommandLine.arguments.count == 5, CommandLine.arguments[1] == "qr" {
    let code = try QRCode(
        text: CommandLine.arguments[2], mask: Int(CommandLine.arguments[4]),
        minVersion: Int(CommandLine.arguments[3]) ?? 1)
    print("version \(code.version)")
    for row in code.modules { print(row.map { $0 ? "1" : "0" }.joined()) }
    exit(0)
}

if CommandLine.arguments.count >= 2, CommandLine.arguments[1] == "search" {
    searchBench(documents: CommandLine.arguments.count > 2 ? Int(CommandLine.arguments[2]) ?? 100_000 : 100_000)
    exit(0)
}

if CommandLine.arguments.count >= 3, CommandLine.arguments[1] == "allocate" {
    try allocationBench(
        path: CommandLine.arguments[2], repeated: CommandLine.arguments.dropFirst(3).contains("--repeated"))
    exit(0)
}

if CommandLine.arguments.count == 2, CommandLine.arguments[1] == "meetings" {
    meetingBench()
    exit(0)
}

if CommandLine.arguments.count >= 3, CommandLine.arguments[1] == "barometer" {
    try await barometerBench(
        location: CommandLine.arguments[2], lab: CommandLine.arguments.count > 3 ? CommandLine.arguments[3] : "alsace")
    exit(0)
}

if CommandLine.arguments.count == 3, CommandLine.arguments[1] == "gold" {
    try goldBench(path: CommandLine.arguments[2])
    exit(0)
}

print(
    "HTML rendering, 50-row directory list (\(renderOurs().utf8.count) bytes ours, \(renderPlot().utf8.count) bytes Plot)"
)
let ours = measure("Alliances HTML builder", iterations: 20_000, renderOurs)
let plot = measure("Plot 0.14", iterations: 20_000, renderPlot)
print(String(format: "Plot / ours: %.2fx", plot / ours))

let names = rows.map(\.name) + ["Œuvre des Jardins Ouvriers de Sélestat", "ÉCOLE DE MUSIQUE D'ILLKIRCH-GRAFFENSTADEN"]
_ = measure("TextNormalisation.fold, 52 names", iterations: 20_000) { names.map(TextNormalisation.fold).joined() }
