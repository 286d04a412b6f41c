/// An in-memory inverted index over analysed documents, with the two scorings the
/// marketplace needs: TF-IDF cosine similarity (the "French text similarity" feature of
/// the recommender) and Okapi BM25 (the text-only baseline the recommender is evaluated
/// against, and the search capability's ranking).
public struct TextIndex: Sendable {
    public struct Posting: Sendable {
        public let document: Int32
        /// Raw term frequency in the document.
        public let frequency: Float
        /// (1 + ln tf) · idf, divided by the document vector's norm.
        public let weight: Float
    }

    public private(set) var termIDs: [String: Int32] = [:]
    public private(set) var postings: [[Posting]] = []
    /// One readable word per term (the first folded form seen), for explanations.
    public private(set) var surfaces: [String] = []
    public private(set) var idf: [Float] = []
    public private(set) var documentLengths: [Float] = []
    public private(set) var averageLength: Float = 0
    public let documentCount: Int

    /// `documents[i]` is the text of document `i`.
    public init(texts: [String]) {
        self.init(documents: texts.map(FrenchAnalyzer.termsWithSurfaces))
    }

    init(documents: [[(term: String, surface: String)]]) {
        documentCount = documents.count
        var frequencies: [[Int32: Float]] = []
        frequencies.reserveCapacity(documents.count)
        documentLengths.reserveCapacity(documents.count)
        for terms in documents {
            var counts: [Int32: Float] = [:]
            for (term, surface) in terms {
                let id: Int32
                if let known = termIDs[term] {
                    id = known
                } else {
                    id = Int32(postings.count)
                    termIDs[term] = id
                    postings.append([])
                    surfaces.append(surface)
                }
                counts[id, default: 0] += 1
            }
            frequencies.append(counts)
            documentLengths.append(Float(terms.count))
        }
        averageLength = documentLengths.isEmpty ? 0 : documentLengths.reduce(0, +) / Float(documentLengths.count)
        var df = [Int](repeating: 0, count: postings.count)
        for counts in frequencies { for id in counts.keys { df[Int(id)] += 1 } }
        let n = Double(documents.count)
        idf = df.map { Float(Maths.ln((n + 1) / (Double($0) + 1)) + 1) }
        for (doc, counts) in frequencies.enumerated() {
            var norm: Float = 0
            for (id, tf) in counts {
                let w = (1 + Float(Maths.ln(Double(tf)))) * idf[Int(id)]
                norm += w * w
            }
            norm = norm.squareRoot()
            for (id, tf) in counts.sorted(by: { $0.key < $1.key }) {
                let w = (1 + Float(Maths.ln(Double(tf)))) * idf[Int(id)]
                postings[Int(id)].append(Posting(document: Int32(doc), frequency: tf, weight: norm > 0 ? w / norm : 0))
            }
        }
    }

    /// The query's TF-IDF vector over this index's terms (unknown terms are dropped),
    /// normalised to length 1.
    public func queryVector(_ terms: [String]) -> [(term: Int32, weight: Float)] {
        var counts: [Int32: Float] = [:]
        for term in terms { if let id = termIDs[term] { counts[id, default: 0] += 1 } }
        var vector = counts.map { (term: $0.key, weight: (1 + Float(Maths.ln(Double($0.value)))) * idf[Int($0.key)]) }
        let norm = vector.reduce(Float(0)) { $0 + $1.weight * $1.weight }.squareRoot()
        if norm > 0 { vector = vector.map { ($0.term, $0.weight / norm) } }
        return vector.sorted { $0.term < $1.term }
    }

    /// Adds the cosine similarity of every document with `query` into `scores`
    /// (which must have `documentCount` entries).
    public func addCosine(_ query: [(term: Int32, weight: Float)], into scores: inout [Float]) {
        for (term, qw) in query {
            for posting in postings[Int(term)] {
                scores[Int(posting.document)] += qw * posting.weight
            }
        }
    }

    /// The posting of `term` in `document`, by binary search (postings are in document order).
    public func posting(term: Int32, document: Int) -> Posting? {
        let list = postings[Int(term)]
        var low = 0, high = list.count
        while low < high {
            let mid = (low + high) / 2
            let doc = Int(list[mid].document)
            if doc == document { return list[mid] }
            if doc < document { low = mid + 1 } else { high = mid }
        }
        return nil
    }

    /// Okapi BM25 score of every document for the query terms (k1 = 1.2, b = 0.75; the
    /// BM25 idf with the +1 that keeps it positive).
    public func bm25(_ terms: [String], k1: Float = 1.2, b: Float = 0.75) -> [Float] {
        var scores = [Float](repeating: 0, count: documentCount)
        let n = Double(documentCount)
        for id in Set(terms.compactMap { termIDs[$0] }) {
            let list = postings[Int(id)]
            let df = Double(list.count)
            let idf = Float(Maths.ln(1 + (n - df + 0.5) / (df + 0.5)))
            for posting in list {
                let tf = posting.frequency
                let length = documentLengths[Int(posting.document)]
                let norm = k1 * (1 - b + b * length / max(averageLength, 1))
                scores[Int(posting.document)] += idf * tf * (k1 + 1) / (tf + norm)
            }
        }
        return scores
    }
}

extension FrenchAnalyzer {
    /// Terms with the folded word each came from.
    /// Read as bytes: after folding, a word is a run of ASCII letters and digits, and any
    /// other byte (of punctuation or of a scalar beyond ASCII) ends it, as the scalar loop
    /// this replaces did, without building each word scalar by scalar.
    public static func termsWithSurfaces(_ text: String) -> [(term: String, surface: String)] {
        var out: [(String, String)] = []
        var folded = TextNormalisation.fold(text)
        folded.withUTF8 { bytes in
            var start = 0
            func flush(_ end: Int) {
                if end - start >= 2 {
                    let word = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
                    if !stopWords.contains(word) { out.append((stem(word), word)) }
                }
            }
            for (i, b) in bytes.enumerated() where !((b >= 97 && b <= 122) || (b >= 48 && b <= 57)) {
                flush(i)
                start = i + 1
            }
            flush(bytes.count)
        }
        return out
    }
}

/// Elementary functions on `Double`, so that Core needs nothing beyond the standard
/// library (which has `squareRoot` but no logarithm or cosine). Accurate to ~1e-12 on
/// the ranges used here; tested against known values.
public enum Maths {
    static let ln2 = 0.693_147_180_559_945_3

    /// Natural logarithm for x > 0: x = m · 2^e with m in [1, 2), ln m by the atanh series.
    public static func ln(_ x: Double) -> Double {
        guard x > 0, x.isFinite else { return x == 0 ? -.infinity : .nan }
        let e = Double(x.exponent)
        let m = x.significand
        let z = (m - 1) / (m + 1)
        let z2 = z * z
        var term = z
        var sum = 0.0
        var k = 1.0
        while k < 40 {
            sum += term / k
            term *= z2
            k += 2
        }
        return 2 * sum + e * ln2
    }

    /// Cosine by Taylor series after reduction to [-π, π].
    public static func cos(_ x: Double) -> Double {
        let twoPi = 2 * Double.pi
        var r = x.truncatingRemainder(dividingBy: twoPi)
        if r > .pi { r -= twoPi } else if r < -.pi { r += twoPi }
        let r2 = r * r
        var term = 1.0
        var sum = 1.0
        var n = 0.0
        while n < 40 {
            term *= -r2 / ((n + 1) * (n + 2))
            sum += term
            n += 2
        }
        return sum
    }
}
