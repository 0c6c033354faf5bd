import ArgumentParser
import GeoIncidents

extension TableWriter {
    /// The rows in a listing's `--format`; GeoJSON is the listings' own.
    func render(_ format: OutputFormat) throws -> String {
        switch format {
        case .table: return text()
        case .csv: return csv()
        case .json: return json()
        case .geojson: throw ValidationError("--format geojson is not available for this listing")
        }
    }
}
