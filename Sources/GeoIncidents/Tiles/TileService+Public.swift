extension TileService {
    /// A tile for the public (and intake tokens), drawn only from the public view
    /// (``PublicView``) of the newest published month: `communes` as for everyone, `tips` the
    /// published cells of the public grid as points with their count, `hotspots` its cells
    /// with count (null when withheld), z and bin. The same cells at every zoom, so
    /// comparing zoom levels shows nothing more; no clusters or cameras.
    public func publicTile(_ layer: TileLayer, _ tile: TileID, view: PublicView, release: PublicReleases.Release) throws -> [UInt8] {
        var writer = MVTWriter(extent: UInt32(Self.extent))
        try addPublic(layer, tile: tile, view: view, release: release, to: &writer)
        return writer.data
    }

    /// Adds the public layer to `writer` (see ``publicTile(_:_:view:release:)``).
    func addPublic(_ layer: TileLayer, tile: TileID, view: PublicView, release: PublicReleases.Release, to writer: inout MVTWriter) throws {
        switch layer {
        case .communes:
            try add(.communes, tile: tile, access: TileAccess(readsTips: false), filter: TipFilter(), to: &writer)
        case .tips, .hotspots:
            let grid = try view.hotspots(release.through, release: release)
            let box = tile.bounds
            let grown = box.expanded(by: (box.maxX - box.minX) * Self.buffer / Self.extent)
            var features: [MVTWriter.Feature] = []
            for (i, cell) in grid.informative.enumerated() {
                if layer == .tips {
                    guard cell.count >= grid.k, box.contains(grid.centres[i]) else { continue }
                    let parts = TileGeometry.points([grid.centres[i]], tile: tile, extent: Self.extent)
                    features.append(MVTWriter.Feature(id: nil, properties: [("count", .number(Double(cell.count)))], type: .point, parts: parts))
                } else {
                    guard let ring = grid.outlines[i].rings.first, Self.box(ring).intersects(grown) else { continue }
                    let (rings, exteriors) = TileGeometry.polygons([[ring]], tile: tile, extent: Self.extent, buffer: Self.buffer)
                    let count: JSONValue = cell.count >= grid.k ? .number(Double(cell.count)) : .null
                    features.append(MVTWriter.Feature(id: nil, properties: [("count", count), ("z", cell.z.map { .number(HotspotGrid.round($0, 3)) } ?? .null),
                                                                            ("bin", .number(Double(cell.bin)))],
                                                      type: .polygon, parts: rings, exteriors: exteriors))
                }
            }
            writer.addLayer(name: layer.rawValue, features: features)
        case .incidents, .clusters, .cameras:
            break
        }
    }
}
