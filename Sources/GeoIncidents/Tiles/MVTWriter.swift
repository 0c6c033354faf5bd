/// Writes Mapbox Vector Tiles 2.1 (protobuf by hand: the format uses five message types).
///
/// Geometry is given in tile coordinates (0…extent, y down) and encoded as commands:
/// MoveTo (1), LineTo (2), ClosePath (7), with zigzag-encoded deltas. Polygon exterior rings
/// must be clockwise in tile coordinates (y down) and holes counter-clockwise; the writer
/// orients rings itself.
public struct MVTWriter {
    public enum GeometryType: UInt64 { case point = 1, lineString = 2, polygon = 3 }

    /// One feature: id, properties and geometry parts (points: one position per part;
    /// lines: each part a line; polygons: each part a ring, exterior rings first with their
    /// holes after them — `exteriors` marks which parts are exteriors).
    public struct Feature {
        public var id: UInt64?
        public var properties: [(String, JSONValue)]
        public var type: GeometryType
        public var parts: [[(Int32, Int32)]]
        public var exteriors: [Bool]

        public init(id: UInt64?, properties: [(String, JSONValue)], type: GeometryType, parts: [[(Int32, Int32)]], exteriors: [Bool] = []) {
            (self.id, self.properties, self.type, self.parts, self.exteriors) = (id, properties, type, parts, exteriors)
        }
    }

    private var bytes: [UInt8] = []
    public let extent: UInt32

    public init(extent: UInt32 = 4096) {
        self.extent = extent
    }

    /// Adds a layer (skipped when it has no feature: empty layers are noise).
    public mutating func addLayer(name: String, features: [Feature]) {
        let usable = features.filter { !$0.parts.isEmpty }
        guard !usable.isEmpty else { return }
        var layer: [UInt8] = []
        Self.field(15, varint: 2, into: &layer)  // version
        Self.field(1, bytes: Array(name.utf8), into: &layer)
        var keys: [String] = [], keyIndex: [String: UInt64] = [:]
        var values: [[UInt8]] = [], valueIndex: [JSONValue: UInt64] = [:]
        for feature in usable {
            var message: [UInt8] = []
            if let id = feature.id { Self.field(1, varint: id, into: &message) }
            var tags: [UInt8] = []
            for (key, value) in feature.properties where value != .null {
                let k = keyIndex[key] ?? { keys.append(key); keyIndex[key] = UInt64(keys.count - 1); return UInt64(keys.count - 1) }()
                let v: UInt64
                if let known = valueIndex[value] {
                    v = known
                } else {
                    guard let encoded = Self.value(value) else { continue }
                    values.append(encoded)
                    v = UInt64(values.count - 1)
                    valueIndex[value] = v
                }
                Self.varint(k, into: &tags)
                Self.varint(v, into: &tags)
            }
            if !tags.isEmpty { Self.field(2, bytes: tags, into: &message) }
            Self.field(3, varint: feature.type.rawValue, into: &message)
            Self.field(4, bytes: Self.geometry(feature), into: &message)
            Self.field(2, bytes: message, into: &layer)
        }
        for key in keys { Self.field(3, bytes: Array(key.utf8), into: &layer) }
        for value in values { Self.field(4, bytes: value, into: &layer) }
        Self.field(5, varint: UInt64(extent), into: &layer)
        Self.field(3, bytes: layer, into: &bytes)
    }

    /// Adds a layer of points with text properties, written straight into the layer without
    /// intermediate feature values (the hot path of dense tip tiles). `text(i, k)` is point
    /// i's value of key k, or nil when it has none.
    public mutating func addPointLayer(name: String, ids: [UInt64], points: [(Int32, Int32)], keys: [String], text: (Int, Int) -> String?) {
        guard !points.isEmpty else { return }
        var layer: [UInt8] = []
        layer.reserveCapacity(points.count * 48)
        Self.field(15, varint: 2, into: &layer)
        Self.field(1, bytes: Array(name.utf8), into: &layer)
        var values: [String] = [], valueIndex: [String: UInt64] = [:]
        var message: [UInt8] = [], tags: [UInt8] = []
        for i in points.indices {
            message.removeAll(keepingCapacity: true)
            tags.removeAll(keepingCapacity: true)
            Self.field(1, varint: ids[i], into: &message)
            for k in keys.indices {
                guard let value = text(i, k) else { continue }
                let v: UInt64
                if let known = valueIndex[value] { v = known } else { v = UInt64(values.count); values.append(value); valueIndex[value] = v }
                Self.varint(UInt64(k), into: &tags)
                Self.varint(v, into: &tags)
            }
            Self.field(2, bytes: tags, into: &message)
            Self.field(3, varint: GeometryType.point.rawValue, into: &message)
            // MoveTo(1) then the zigzag position: 3 varints.
            let (x, y) = points[i]
            Self.varint(4 << 3 | 2, into: &message)
            var geometry: [UInt8] = []
            Self.varint(1 << 3 | 1, into: &geometry)
            Self.varint(Self.zigzag(Int64(x)), into: &geometry)
            Self.varint(Self.zigzag(Int64(y)), into: &geometry)
            Self.varint(UInt64(geometry.count), into: &message)
            message.append(contentsOf: geometry)
            Self.varint(2 << 3 | 2, into: &layer)
            Self.varint(UInt64(message.count), into: &layer)
            layer.append(contentsOf: message)
        }
        for key in keys { Self.field(3, bytes: Array(key.utf8), into: &layer) }
        var encoded: [UInt8] = []
        for value in values {
            encoded.removeAll(keepingCapacity: true)
            Self.field(1, bytes: Array(value.utf8), into: &encoded)
            Self.field(4, bytes: encoded, into: &layer)
        }
        Self.field(5, varint: UInt64(extent), into: &layer)
        Self.field(3, bytes: layer, into: &bytes)
    }

    /// The tile's bytes (uncompressed protobuf).
    public var data: [UInt8] { bytes }

    // MARK: - Encoding

    private static func geometry(_ feature: Feature) -> [UInt8] {
        var out: [UInt8] = []
        var cx: Int32 = 0, cy: Int32 = 0
        func command(_ id: UInt64, _ count: Int) { varint(UInt64(count) << 3 | id, into: &out) }
        func move(to p: (Int32, Int32)) {
            varint(zigzag(Int64(p.0) - Int64(cx)), into: &out)
            varint(zigzag(Int64(p.1) - Int64(cy)), into: &out)
            (cx, cy) = p
        }
        switch feature.type {
        case .point:
            command(1, feature.parts.count)
            for part in feature.parts { move(to: part[0]) }
        case .lineString:
            for part in feature.parts where part.count >= 2 {
                command(1, 1); move(to: part[0])
                command(2, part.count - 1); for p in part.dropFirst() { move(to: p) }
            }
        case .polygon:
            for (k, part) in feature.parts.enumerated() {
                var ring = part
                if ring.count > 1, ring.first! == ring.last! { ring.removeLast() }
                guard ring.count >= 3 else { continue }
                // Exterior rings clockwise on screen (positive area with y down), holes the other way.
                let exterior = k < feature.exteriors.count ? feature.exteriors[k] : k == 0
                if (area(ring) > 0) != exterior { ring.reverse() }
                command(1, 1); move(to: ring[0])
                command(2, ring.count - 1); for p in ring.dropFirst() { move(to: p) }
                command(7, 1)
            }
        }
        return out
    }

    /// Twice the signed area in tile coordinates (positive = clockwise on screen, y down).
    static func area(_ ring: [(Int32, Int32)]) -> Int64 {
        var sum: Int64 = 0
        for i in ring.indices {
            let (a, b) = (ring[i], ring[(i + 1) % ring.count])
            sum += Int64(a.0) * Int64(b.1) - Int64(b.0) * Int64(a.1)
        }
        return sum
    }

    private static func value(_ value: JSONValue) -> [UInt8]? {
        var out: [UInt8] = []
        switch value {
        case .null: return nil
        case .string(let s): field(1, bytes: Array(s.utf8), into: &out)
        case .bool(let b): field(7, varint: b ? 1 : 0, into: &out)
        case .number(let n):
            if n == n.rounded(), abs(n) < 9e15 {
                if n >= 0 { field(5, varint: UInt64(n), into: &out) } else { field(6, varint: zigzag(Int64(n)), into: &out) }
            } else {
                out.append(0x19)  // field 3, wire type 1 (64-bit double)
                withUnsafeBytes(of: n.bitPattern.littleEndian) { out.append(contentsOf: $0) }
            }
        case .array, .object: field(1, bytes: Array(GeoJSONWriter.json(value).utf8), into: &out)
        }
        return out
    }

    @inline(__always)
    static func zigzag(_ v: Int64) -> UInt64 { UInt64(bitPattern: (v << 1) ^ (v >> 63)) }

    static func varint(_ value: UInt64, into out: inout [UInt8]) {
        var v = value
        while v >= 0x80 { out.append(UInt8(v & 0x7F) | 0x80); v >>= 7 }
        out.append(UInt8(v))
    }

    static func field(_ number: UInt64, varint value: UInt64, into out: inout [UInt8]) {
        varint(number << 3, into: &out)
        varint(value, into: &out)
    }

    static func field(_ number: UInt64, bytes value: [UInt8], into out: inout [UInt8]) {
        varint(number << 3 | 2, into: &out)
        varint(UInt64(value.count), into: &out)
        out.append(contentsOf: value)
    }
}
