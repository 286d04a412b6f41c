/// Area outlines for the offline SVG map: rings of (longitude, latitude) points, their
/// simplification, their projection to SVG coordinates and the colour classes.
public struct AreaShape: Sendable, Equatable {
    public let code: String
    public let name: String
    /// Outer rings (holes are dropped: at this scale they are invisible).
    public var rings: [[(lon: Double, lat: Double)]]

    public init(code: String, name: String, rings: [[(lon: Double, lat: Double)]]) {
        self.code = code
        self.name = name
        self.rings = rings
    }

    public static func == (a: AreaShape, b: AreaShape) -> Bool {
        a.code == b.code && a.name == b.name && a.rings.count == b.rings.count
            && zip(a.rings, b.rings).allSatisfy {
                $0.count == $1.count && zip($0, $1).allSatisfy { $0.lon == $1.lon && $0.lat == $1.lat }
            }
    }

    /// Stored form: rings separated by "|", points "lon,lat" separated by spaces, 4 decimals (~10 m).
    public var encoded: String {
        rings.map { ring in ring.map { "\(Self.round($0.lon)),\(Self.round($0.lat))" }.joined(separator: " ") }.joined(
            separator: "|")
    }

    public static func decode(code: String, name: String, _ text: String) -> AreaShape {
        let rings = text.split(separator: "|").map { ring in
            ring.split(separator: " ").compactMap { pair -> (lon: Double, lat: Double)? in
                let parts = pair.split(separator: ",")
                guard parts.count == 2, let lon = Double(parts[0]), let lat = Double(parts[1]) else { return nil }
                return (lon, lat)
            }
        }.filter { $0.count >= 3 }
        return AreaShape(code: code, name: name, rings: rings)
    }

    static func round(_ value: Double) -> Double { (value * 10_000).rounded() / 10_000 }

    /// Ramer–Douglas–Peucker on each ring with a tolerance in degrees; rings that shrink
    /// below 4 points are dropped.
    public func simplified(tolerance: Double) -> AreaShape {
        AreaShape(code: code, name: name, rings: rings.map { Self.simplify($0, tolerance) }.filter { $0.count >= 4 })
    }

    static func simplify(_ points: [(lon: Double, lat: Double)], _ tolerance: Double) -> [(lon: Double, lat: Double)] {
        guard points.count > 4 else { return points }
        var keep = [Bool](repeating: false, count: points.count)
        keep[0] = true
        keep[points.count - 1] = true
        var stack = [(0, points.count - 1)]
        while let (first, last) = stack.popLast() {
            guard last > first + 1 else { continue }
            let a = points[first], b = points[last]
            let dx = b.lon - a.lon, dy = b.lat - a.lat
            let length = (dx * dx + dy * dy).squareRoot()
            var farthest = first, distance = 0.0
            for i in (first + 1)..<last {
                let p = points[i]
                let d =
                    length == 0
                    ? ((p.lon - a.lon) * (p.lon - a.lon) + (p.lat - a.lat) * (p.lat - a.lat)).squareRoot()
                    : abs(dy * p.lon - dx * p.lat + b.lon * a.lat - b.lat * a.lon) / length
                if d > distance { distance = d; farthest = i }
            }
            if distance > tolerance {
                keep[farthest] = true
                stack.append((first, farthest))
                stack.append((farthest, last))
            }
        }
        return points.indices.filter { keep[$0] }.map { points[$0] }
    }
}

/// Equirectangular projection fitted to a width, with north up; exact enough for a
/// département or a region and needs no map library.
public struct MapProjection: Sendable {
    public let minLon: Double, maxLat: Double, scale: Double, cosLat: Double
    public let width: Double, height: Double

    public init?(
        shapes: [AreaShape], extraPoints: [(lon: Double, lat: Double)] = [], width: Double = 600, margin: Double = 10
    ) {
        let points = shapes.flatMap { $0.rings.flatMap { $0 } } + extraPoints
        guard let minLon = points.map(\.lon).min(), let maxLon = points.map(\.lon).max(),
            let minLat = points.map(\.lat).min(), let maxLat = points.map(\.lat).max(), maxLon > minLon, maxLat > minLat
        else { return nil }
        cosLat = Maths.cos((minLat + maxLat) / 2 * .pi / 180)
        scale = (width - 2 * margin) / ((maxLon - minLon) * cosLat)
        self.minLon = minLon - margin / (scale * cosLat)
        self.maxLat = maxLat + margin / scale
        self.width = width
        height = ((maxLat - minLat) * scale + 2 * margin).rounded(.up)
    }

    public func point(lon: Double, lat: Double) -> (x: Double, y: Double) {
        ((lon - minLon) * cosLat * scale, (maxLat - lat) * scale)
    }

    /// The SVG path data of a shape ("M x y L … Z" per ring), coordinates to 0.1 px.
    public func path(_ shape: AreaShape) -> String {
        shape.rings.map { ring in
            ring.enumerated().map { index, p in
                let (x, y) = point(lon: p.lon, lat: p.lat)
                return "\(index == 0 ? "M" : "L")\((x * 10).rounded() / 10) \((y * 10).rounded() / 10)"
            }.joined(separator: " ") + " Z"
        }.joined(separator: " ")
    }
}

/// Five colour classes from light to dark, for counts from 0 to the maximum.
public enum ChoroplethScale {
    public static let colours = ["#eef4f7", "#c6dbe6", "#8fb9cf", "#4f8fb0", "#0b5e7c"]

    public static func classIndex(_ count: Int, max: Int) -> Int {
        guard count > 0, max > 0 else { return 0 }
        return min(4, 1 + Int(Double(count) / Double(max) * 3.999))
    }

    /// The counts each class covers, for the legend (nil for a class no count falls in).
    public static func bounds(max: Int) -> [(low: Int, high: Int)?] {
        var out: [(low: Int, high: Int)?] = [(0, 0)]
        for k in 1...4 {
            guard max > 0 else { out.append(nil); continue }
            // Class k holds the counts with k − 1 ≤ count / max · 3.999 < k.
            let low = Swift.max(1, Int((Double(k - 1) * Double(max) / 3.999).rounded(.up)))
            let high = k == 4 ? max : Swift.min(max, Int((Double(k) * Double(max) / 3.999).rounded(.up)) - 1)
            out.append(low <= high ? (low, high) : nil)
        }
        return out
    }
}
