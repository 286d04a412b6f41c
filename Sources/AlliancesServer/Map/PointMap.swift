import AlliancesCore

/// A place to mark on a map: where, the page it links to, and what it is.
struct MapPoint: Sendable {
    let latitude: Double
    let longitude: Double
    let href: String
    let title: String
}

/// An SVG map of the lab's départements with points on it (pooled resources, experience
/// sheets), labelled for screen readers; the pages put a table of the same figures beside it.
enum PointMap {
    static func svg(shapes: [AreaShape], points: [MapPoint], counts: [String: Int] = [:], title: String, noun: String)
        -> HTML
    {
        guard
            let projection = MapProjection(
                shapes: shapes, extraPoints: shapes.isEmpty ? points.map { ($0.longitude, $0.latitude) } : [])
        else {
            return
                "<p class=\"notice\">Aucun contour n'est encore importé pour ce labo (commande <code>alliances import geojson</code>). Le tableau ci-dessous donne les mêmes chiffres.</p>"
        }
        let areas: [HTML] = shapes.map { shape in
            "<path d=\"\(projection.path(shape))\" fill=\"#eef1f4\" stroke=\"#4a5566\" stroke-width=\"1\"><title>\(shape.name) (\(shape.code)) : \(counts[shape.code] ?? 0) \(noun)</title></path>"
        }
        let dots: [HTML] = points.map { p in
            let (x, y) = projection.point(lon: p.longitude, lat: p.latitude)
            return
                "<a href=\"\(p.href)\"><circle cx=\"\(String((x * 10).rounded() / 10))\" cy=\"\(String((y * 10).rounded() / 10))\" r=\"5\" fill=\"#0b5e7c\" fill-opacity=\"0.8\"><title>\(p.title)</title></circle></a>"
        }
        return """
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(Int(projection.width)) \(Int(projection.height))" role="img" aria-labelledby="carte-titre carte-desc">
            <title id="carte-titre">\(title)</title>
            <desc id="carte-desc">\(points.count) \(noun) placée(s) : \(points.map(\.title).joined(separator: ", ")).</desc>
            \(areas)\(dots)
            </svg>
            """
    }
}
