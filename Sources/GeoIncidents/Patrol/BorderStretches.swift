/// Shared borders cut into stretches of about one patrol's length: a 30 km border is not one
/// patrol. Lines are cut every `length` metres along the border (in metres, then the cut
/// points are unprojected); a last piece shorter than half the length joins the one before.
struct BorderStretch: Sendable {
    /// Index of the border in the list it was cut from.
    var border: Int
    /// 0-based position along the border, and how many stretches the border has.
    var ordinal: Int
    var count: Int
    /// The stretch's lines in metres and in lon/lat.
    var metric: [[Coordinate]]
    var lonLat: [[Coordinate]]
    var lengthMeters: Double
}

enum BorderStretcher {
    static func cut(_ borders: [SharedBorder], length: Double, pool: ProjectorPool) throws -> [BorderStretch] {
        let metric = try ParallelProjection.forward(borders.map(\.lines), pool: pool)
        var stretches: [BorderStretch] = []
        for (b, lines) in metric.enumerated() {
            let total = lines.reduce(0.0) { $0 + polylineLength($1) }
            let pieces = max(1, Int((total / length).rounded()))  // rounding merges a short remainder
            let target = total / Double(pieces)
            var current: [[Coordinate]] = []
            var run: [Coordinate] = []
            var done = 0.0
            var produced: [(lines: [[Coordinate]], length: Double)] = []
            func close(_ extra: Coordinate? = nil) {
                if let extra { run.append(extra) }
                if run.count > 1 { current.append(run) }
                run = []
            }
            for line in lines where line.count > 1 {
                run = [line[0]]
                for k in 0..<(line.count - 1) {
                    var a = line[k]
                    let b = line[k + 1]
                    var segment = distance(a, b)
                    // Cut this segment wherever the running length passes a stretch boundary.
                    while produced.count < pieces - 1 && done + segment >= target * Double(produced.count + 1) {
                        let need = target * Double(produced.count + 1) - done
                        let t = segment > 0 ? need / segment : 0
                        let cutPoint = Coordinate(x: a.x + t * (b.x - a.x), y: a.y + t * (b.y - a.y))
                        close(cutPoint)
                        produced.append((current, target))
                        current = []
                        run = [cutPoint]
                        done += need
                        segment -= need
                        a = cutPoint
                    }
                    run.append(b)
                    done += segment
                }
                close()
            }
            produced.append((current, total - target * Double(produced.count)))
            for (ordinal, piece) in produced.enumerated() where !piece.lines.isEmpty {
                stretches.append(BorderStretch(border: b, ordinal: ordinal, count: produced.count, metric: piece.lines, lonLat: [], lengthMeters: piece.length))
            }
        }
        // Unproject every stretch's vertices at once.
        var flat: [Coordinate] = stretches.flatMap { $0.metric.flatMap { $0 } }
        try ParallelProjection.inverse(&flat, pool: pool)
        flat = flat.map { Coordinate(x: ($0.x * 1e7).rounded() / 1e7, y: ($0.y * 1e7).rounded() / 1e7) }  // 1 cm, as the layer
        var offset = 0
        for s in stretches.indices {
            stretches[s].lonLat = stretches[s].metric.map { line in
                defer { offset += line.count }
                return Array(flat[offset..<(offset + line.count)])
            }
        }
        return stretches
    }

    static func polylineLength(_ line: [Coordinate]) -> Double {
        guard line.count > 1 else { return 0 }
        return (0..<(line.count - 1)).reduce(0.0) { $0 + distance(line[$1], line[$1 + 1]) }
    }

    private static func distance(_ a: Coordinate, _ b: Coordinate) -> Double {
        ((b.x - a.x) * (b.x - a.x) + (b.y - a.y) * (b.y - a.y)).squareRoot()
    }
}
