/// A QR Code encoder (ISO/IEC 18004), byte mode, error correction level M, versions 1 to
/// 10 (up to 213 bytes): enough for a check-in link. Written here because no QR package is
/// available on this machine; checked module by module against the `qrcode` Python
/// library in CI (scripts/check_qr.py).
public struct QRCode: Sendable, Equatable {
    public let version: Int
    public let mask: Int
    /// `modules[row][column]`, true = dark.
    public let modules: [[Bool]]
    public var size: Int { modules.count }

    public enum Failure: Error, Equatable { case tooLong }

    /// Level M block structure per version: (EC codewords per block, [data codewords of each block]).
    static let blocks: [(ec: Int, data: [Int])] = [
        (10, [16]), (16, [28]), (26, [44]), (18, [32, 32]), (24, [43, 43]), (16, [27, 27, 27, 27]),
        (18, [31, 31, 31, 31]),
        (22, [38, 38, 39, 39]), (22, [36, 36, 36, 37, 37]), (26, [43, 43, 43, 43, 44])
    ]
    static let alignment: [[Int]] = [
        [], [6, 18], [6, 22], [6, 26], [6, 30], [6, 34], [6, 22, 38], [6, 24, 42], [6, 26, 46], [6, 28, 50]
    ]

    /// Encodes `bytes` in the smallest version that holds them; `mask` forces a mask
    /// (0–7) instead of the one with the lowest penalty, `minVersion` a larger symbol.
    public init(bytes: [UInt8], mask forced: Int? = nil, minVersion: Int = 1) throws(Failure) {
        var chosen: Int?
        for v in max(1, minVersion)...10 {
            let capacity = Self.blocks[v - 1].data.reduce(0, +) * 8
            if 4 + (v < 10 ? 8 : 16) + bytes.count * 8 <= capacity { chosen = v; break }
        }
        guard let version = chosen else { throw .tooLong }
        let codewords = Self.codewords(bytes, version: version)
        var best: (mask: Int, modules: [[Bool]], penalty: Int)?
        for mask in forced.map({ [$0] }) ?? Array(0..<8) {
            let modules = Self.matrix(codewords, version: version, mask: mask)
            let penalty = forced == nil ? Self.penalty(modules) : 0
            if best == nil || penalty < best!.penalty { best = (mask, modules, penalty) }
        }
        self.version = version
        self.mask = best!.mask
        self.modules = best!.modules
    }

    public init(text: String, mask: Int? = nil, minVersion: Int = 1) throws(Failure) {
        try self.init(bytes: Array(text.utf8), mask: mask, minVersion: minVersion)
    }

    // MARK: Data and error correction

    static func codewords(_ bytes: [UInt8], version: Int) -> [UInt8] {
        let (ecLength, dataLengths) = blocks[version - 1]
        let capacity = dataLengths.reduce(0, +)
        var bits: [Bool] = []
        func append(_ value: Int, _ count: Int) {
            for i in stride(from: count - 1, through: 0, by: -1) { bits.append((value >> i) & 1 == 1) }
        }
        append(0b0100, 4)
        append(bytes.count, version < 10 ? 8 : 16)
        for byte in bytes { append(Int(byte), 8) }
        append(0, min(4, capacity * 8 - bits.count))
        if bits.count % 8 != 0 { append(0, 8 - bits.count % 8) }
        var data: [UInt8] = stride(from: 0, to: bits.count, by: 8).map { start in
            (0..<8).reduce(UInt8(0)) { $0 << 1 | (bits[start + $1] ? 1 : 0) }
        }
        var pad: UInt8 = 0xEC
        while data.count < capacity {
            data.append(pad)
            pad = pad == 0xEC ? 0x11 : 0xEC
        }
        // Split into blocks, compute each block's error correction, interleave.
        var dataBlocks: [[UInt8]] = []
        var offset = 0
        for length in dataLengths {
            dataBlocks.append(Array(data[offset..<offset + length]))
            offset += length
        }
        let generator = ReedSolomon.generator(degree: ecLength)
        let ecBlocks = dataBlocks.map { ReedSolomon.remainder($0, generator: generator) }
        var out: [UInt8] = []
        for i in 0..<(dataLengths.max() ?? 0) { for block in dataBlocks where i < block.count { out.append(block[i]) } }
        for i in 0..<ecLength { for block in ecBlocks { out.append(block[i]) } }
        return out
    }

    enum ReedSolomon {
        static let (exp, log): ([UInt8], [Int]) = {
            var exp = [UInt8](repeating: 0, count: 512)
            var log = [Int](repeating: 0, count: 256)
            var x = 1
            for i in 0..<255 {
                exp[i] = UInt8(x)
                log[x] = i
                x <<= 1
                if x & 0x100 != 0 { x ^= 0x11D }
            }
            for i in 255..<512 { exp[i] = exp[i - 255] }
            return (exp, log)
        }()

        static func multiply(_ a: UInt8, _ b: UInt8) -> UInt8 {
            a == 0 || b == 0 ? 0 : exp[log[Int(a)] + log[Int(b)]]
        }

        /// Coefficients of ∏ (x − αⁱ), highest degree first, leading 1 omitted.
        static func generator(degree: Int) -> [UInt8] {
            var result = [UInt8](repeating: 0, count: degree)
            result[degree - 1] = 1
            var root: UInt8 = 1
            for _ in 0..<degree {
                for j in 0..<degree {
                    result[j] = multiply(result[j], root)
                    if j + 1 < degree { result[j] ^= result[j + 1] }
                }
                root = multiply(root, 0x02)
            }
            return result
        }

        static func remainder(_ data: [UInt8], generator: [UInt8]) -> [UInt8] {
            var result = [UInt8](repeating: 0, count: generator.count)
            for byte in data {
                let factor = byte ^ result[0]
                result.removeFirst()
                result.append(0)
                for i in 0..<result.count { result[i] ^= multiply(generator[i], factor) }
            }
            return result
        }
    }

    // MARK: Matrix

    static func matrix(_ codewords: [UInt8], version: Int, mask: Int) -> [[Bool]] {
        let size = version * 4 + 17
        var modules = [[Bool]](repeating: [Bool](repeating: false, count: size), count: size)
        var function = modules
        func set(_ x: Int, _ y: Int, _ dark: Bool) {
            modules[y][x] = dark
            function[y][x] = true
        }
        for i in 0..<size {
            set(6, i, i % 2 == 0)
            set(i, 6, i % 2 == 0)
        }
        for (cx, cy) in [(3, 3), (size - 4, 3), (3, size - 4)] {
            for dy in -4...4 {
                for dx in -4...4 {
                    let x = cx + dx, y = cy + dy
                    guard (0..<size).contains(x), (0..<size).contains(y) else { continue }
                    let distance = max(abs(dx), abs(dy))
                    set(x, y, distance != 2 && distance != 4)
                }
            }
        }
        let centres = alignment[version - 1]
        for (i, cx) in centres.enumerated() {
            for (j, cy) in centres.enumerated() {
                if (i == 0 && j == 0) || (i == 0 && j == centres.count - 1) || (i == centres.count - 1 && j == 0) {
                    continue
                }
                for dy in -2...2 { for dx in -2...2 { set(cx + dx, cy + dy, max(abs(dx), abs(dy)) != 1) } }
            }
        }
        // Format bits (written for real below) and version bits reserve their modules.
        drawFormat(mask: mask, size: size, set: set)
        if version >= 7 {
            var remainder = version
            for _ in 0..<12 { remainder = (remainder << 1) ^ ((remainder >> 11) * 0x1F25) }
            let bits = version << 12 | remainder
            for i in 0..<18 {
                let dark = (bits >> i) & 1 == 1
                let a = size - 11 + i % 3, b = i / 3
                set(a, b, dark)
                set(b, a, dark)
            }
        }
        // Data, in the zigzag order, then the mask on data modules only.
        var bit = 0
        var right = size - 1
        while right >= 1 {
            if right == 6 { right = 5 }
            for vertical in 0..<size {
                for j in 0..<2 {
                    let x = right - j
                    let upward = (right + 1) & 2 == 0
                    let y = upward ? size - 1 - vertical : vertical
                    if !function[y][x] && bit < codewords.count * 8 {
                        modules[y][x] = (codewords[bit >> 3] >> (7 - UInt8(bit & 7))) & 1 == 1
                        bit += 1
                    }
                }
            }
            right -= 2
        }
        for y in 0..<size {
            for x in 0..<size where !function[y][x] {
                let flip: Bool
                switch mask {
                case 0: flip = (x + y) % 2 == 0
                case 1: flip = y % 2 == 0
                case 2: flip = x % 3 == 0
                case 3: flip = (x + y) % 3 == 0
                case 4: flip = (x / 3 + y / 2) % 2 == 0
                case 5: flip = x * y % 2 + x * y % 3 == 0
                case 6: flip = (x * y % 2 + x * y % 3) % 2 == 0
                default: flip = ((x + y) % 2 + x * y % 3) % 2 == 0
                }
                if flip { modules[y][x].toggle() }
            }
        }
        return modules
    }

    /// Level M (bits 00) and the mask, BCH(15,5) protected, XOR 0x5412, in both copies.
    static func drawFormat(mask: Int, size: Int, set: (Int, Int, Bool) -> Void) {
        let data = 0 << 3 | mask
        var remainder = data
        for _ in 0..<10 { remainder = (remainder << 1) ^ ((remainder >> 9) * 0x537) }
        let bits = (data << 10 | remainder) ^ 0x5412
        func bit(_ i: Int) -> Bool { (bits >> i) & 1 == 1 }
        for i in 0..<6 { set(8, i, bit(i)) }
        set(8, 7, bit(6))
        set(8, 8, bit(7))
        set(7, 8, bit(8))
        for i in 9..<15 { set(14 - i, 8, bit(i)) }
        for i in 0..<8 { set(size - 1 - i, 8, bit(i)) }
        for i in 8..<15 { set(8, size - 15 + i, bit(i)) }
        set(8, size - 8, true)
    }

    /// The standard's penalty score (runs, 2×2 blocks, finder-like patterns, balance).
    static func penalty(_ m: [[Bool]]) -> Int {
        let size = m.count
        var total = 0
        func lines(_ transpose: Bool) -> [[Bool]] {
            transpose ? (0..<size).map { x in (0..<size).map { y in m[y][x] } } : m
        }
        for line in lines(false) + lines(true) {
            var run = 1
            for i in 1..<size {
                if line[i] == line[i - 1] {
                    run += 1
                } else {
                    if run >= 5 { total += 3 + run - 5 }
                    run = 1
                }
            }
            if run >= 5 { total += 3 + run - 5 }
            // 1:1:3:1:1 dark-light pattern with four light modules on one side.
            let pattern: [Bool] = [true, false, true, true, true, false, true]
            for start in 0..<max(0, size - 6) {
                guard Array(line[start..<start + 7]) == pattern else { continue }
                let before = start >= 4 && line[(start - 4)..<start].allSatisfy { !$0 }
                let after = start + 11 <= size && line[(start + 7)..<(start + 11)].allSatisfy { !$0 }
                if before || after { total += 40 }
            }
        }
        for y in 0..<size - 1 {
            for x in 0..<size - 1 where m[y][x] == m[y][x + 1] && m[y][x] == m[y + 1][x] && m[y][x] == m[y + 1][x + 1] {
                total += 3
            }
        }
        let dark = m.reduce(0) { $0 + $1.filter { $0 }.count }
        let percent = dark * 100 / (size * size)
        total += 10 * (abs(percent - 50) / 5)
        return total
    }

    /// The symbol as SVG (one path, a 4-module quiet zone), `scale` pixels per module.
    public func svg(scale: Int = 4, title: String) -> String {
        let quiet = 4
        let width = (size + 2 * quiet) * scale
        var path = ""
        for (y, row) in modules.enumerated() {
            for (x, dark) in row.enumerated() where dark { path += "M\(x + quiet) \(y + quiet)h1v1h-1z" }
        }
        return
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(width)\" viewBox=\"0 0 \(size + 2 * quiet) \(size + 2 * quiet)\" role=\"img\" aria-label=\"\(title)\" shape-rendering=\"crispEdges\"><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/><path d=\"\(path)\" fill=\"#000\"/></svg>"
    }
}
