import GeoIncidents
import HTTPTypes

/// The methods each documented path answers, from the OpenAPI document (the one list of
/// routes a client sees), with HEAD beside every GET and OPTIONS everywhere: the `Allow` of an
/// OPTIONS answer and of a 405.
enum RouteMethods {
    private static let table: [(segments: [Substring], methods: [String])] = {
        guard case .object(let root) = OpenAPIDocument.document, case .object(let paths)? = root["paths"] else { return [] }
        return paths.compactMap { path, item in
            guard case .object(let operations) = item else { return nil }
            var methods = Set(operations.keys.map { $0.uppercased() })
            if methods.contains("GET") { methods.insert("HEAD") }
            methods.insert("OPTIONS")
            let order = ["GET", "HEAD", "POST", "PATCH", "OPTIONS"]
            return (path.split(separator: "/", omittingEmptySubsequences: false), order.filter(methods.contains))
        }
    }()

    /// The methods of the documented path `path` matches (most literal segments first), or nil
    /// for a path the document does not describe.
    static func allowed(_ path: String) -> [String]? {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        var best: (literals: Int, methods: [String])?
        for (segments, methods) in table where segments.count == parts.count {
            var literals = 0, matches = true
            for (template, part) in zip(segments, parts) {
                if let open = template.firstIndex(of: "{"), let close = template.firstIndex(of: "}") {
                    // "{y}.mvt": a variable with a literal prefix or suffix.
                    let prefix = template[..<open], suffix = template[template.index(after: close)...]
                    if !(part.hasPrefix(prefix) && part.hasSuffix(suffix) && part.count > prefix.count + suffix.count) { matches = false; break }
                } else if template == part {
                    literals += 1
                } else {
                    matches = false; break
                }
            }
            if matches, best == nil || literals > best!.literals { best = (literals, methods) }
        }
        return best?.methods
    }
}
