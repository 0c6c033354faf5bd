/// Where a point lies relative to an area (DE-9IM's I, B, E).
public enum PointLocation: Sendable, Hashable {
    /// Strictly inside.
    case interior
    /// On an edge or a vertex.
    case boundary
    /// Outside.
    case exterior
}
