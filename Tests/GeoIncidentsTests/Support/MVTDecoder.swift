import Foundation

/// A small, independent Mapbox Vector Tile reader for tests: layers, features with their
/// properties, and geometry decoded from the command stream into absolute tile coordinates.
enum MVTDecoder {
    struct Feature {
        var id: UInt64?
        var type: UInt64
        var properties: [String: String]
        /// MoveTo/LineTo runs in absolute coordinates (ClosePath does not repeat the start).
        var parts: [[(Int64, Int64)]]
    }
    struct Layer {
        var name = ""
        var extent: UInt64 = 4096
        var version: UInt64 = 0
        var features: [Feature] = []
    }

    static func decode(_ bytes: [UInt8]) throws -> [Layer] {
        var reader = Reader(data: bytes[...])
        var layers: [Layer] = []
        while let (field, wire) = try reader.key() {
            if field == 3 && wire == 2 { layers.append(try layer(try reader.bytes())) } else { try reader.skip(wire) }
        }
        return layers
    }

    private static func layer(_ bytes: ArraySlice<UInt8>) throws -> Layer {
        var reader = Reader(data: bytes)
        var layer = Layer()
        var raw: [(UInt64?, UInt64, [UInt64], [UInt64])] = []
        var keys: [String] = [], values: [String] = []
        while let (field, wire) = try reader.key() {
            switch (field, wire) {
            case (1, 2): layer.name = String(decoding: try reader.bytes(), as: UTF8.self)
            case (2, 2):
                var f = Reader(data: try reader.bytes())
                var id: UInt64?, type: UInt64 = 0, tags: [UInt64] = [], geometry: [UInt64] = []
                while let (ff, fw) = try f.key() {
                    switch (ff, fw) {
                    case (1, 0): id = try f.varint()
                    case (2, 2): var p = Reader(data: try f.bytes()); while !p.atEnd { tags.append(try p.varint()) }
                    case (3, 0): type = try f.varint()
                    case (4, 2): var p = Reader(data: try f.bytes()); while !p.atEnd { geometry.append(try p.varint()) }
                    default: try f.skip(fw)
                    }
                }
                raw.append((id, type, tags, geometry))
            case (3, 2): keys.append(String(decoding: try reader.bytes(), as: UTF8.self))
            case (4, 2):
                var v = Reader(data: try reader.bytes())
                var text = ""
                while let (vf, vw) = try v.key() {
                    switch (vf, vw) {
                    case (1, 2): text = String(decoding: try v.bytes(), as: UTF8.self)
                    case (3, 1): text = String(Double(bitPattern: try v.fixed64()))
                    case (5, 0): text = String(try v.varint())
                    case (6, 0): let z = try v.varint(); text = String(Int64(bitPattern: z >> 1) ^ -Int64(bitPattern: z & 1))
                    case (7, 0): text = try v.varint() == 1 ? "true" : "false"
                    default: try v.skip(vw)
                    }
                }
                values.append(text)
            case (5, 0): layer.extent = try reader.varint()
            case (15, 0): layer.version = try reader.varint()
            default: try reader.skip(wire)
            }
        }
        layer.features = raw.map { id, type, tags, geometry in
            var properties: [String: String] = [:]
            for k in stride(from: 0, to: tags.count - 1, by: 2) { properties[keys[Int(tags[k])]] = values[Int(tags[k + 1])] }
            var parts: [[(Int64, Int64)]] = []
            var x: Int64 = 0, y: Int64 = 0, i = 0
            func zz(_ v: UInt64) -> Int64 { Int64(bitPattern: v >> 1) ^ -Int64(bitPattern: v & 1) }
            while i < geometry.count {
                let command = geometry[i] & 7, count = Int(geometry[i] >> 3)
                i += 1
                if command == 7 { continue }
                for _ in 0..<count {
                    x += zz(geometry[i]); y += zz(geometry[i + 1]); i += 2
                    if command == 1 { parts.append([(x, y)]) } else { parts[parts.count - 1].append((x, y)) }
                }
            }
            return Feature(id: id, type: type, properties: properties, parts: parts)
        }
        return layer
    }

    struct Reader {
        var data: ArraySlice<UInt8>
        var atEnd: Bool { data.isEmpty }
        mutating func varint() throws -> UInt64 {
            var result: UInt64 = 0, shift: UInt64 = 0
            while let b = data.popFirst() {
                result |= UInt64(b & 0x7F) << shift
                if b < 0x80 { return result }
                shift += 7
            }
            throw CocoaError(.coderReadCorrupt)
        }
        mutating func key() throws -> (UInt64, UInt64)? { atEnd ? nil : try { let k = try varint(); return (k >> 3, k & 7) }() }
        mutating func bytes() throws -> ArraySlice<UInt8> {
            let n = Int(try varint())
            guard data.count >= n else { throw CocoaError(.coderReadCorrupt) }
            defer { data = data.dropFirst(n) }
            return data.prefix(n)
        }
        mutating func fixed64() throws -> UInt64 {
            guard data.count >= 8 else { throw CocoaError(.coderReadCorrupt) }
            var v: UInt64 = 0
            for (k, b) in data.prefix(8).enumerated() { v |= UInt64(b) << (8 * UInt64(k)) }
            data = data.dropFirst(8)
            return v
        }
        mutating func skip(_ wire: UInt64) throws {
            switch wire {
            case 0: _ = try varint()
            case 1: _ = try fixed64()
            case 2: _ = try bytes()
            case 5: data = data.dropFirst(4)
            default: throw CocoaError(.coderReadCorrupt)
            }
        }
    }
}
