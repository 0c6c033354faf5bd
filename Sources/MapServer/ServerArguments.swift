import ArgumentParser

/// MapServer's command-line options. Each one left out falls back to an environment variable,
/// then to a default (``ServerConfiguration/resolve(_:environment:)``), so the values are read
/// as text here and checked there, with the messages an operator can act on.
struct ServerArguments: ParsableArguments {
    @Option(help: ArgumentHelp("The SpatiaLite file (else $GEOINCIDENTS_DATABASE, $GEOQ_DATABASE, ./geoincidents.sqlite).", valueName: "path"))
    var database: String?
    @Option(help: ArgumentHelp("Address to listen on (else $MAPSERVER_HOST, 127.0.0.1).", valueName: "host"))
    var host: String?
    @Option(help: ArgumentHelp("Port, 1-65535 (else $MAPSERVER_PORT, 8080).", valueName: "n"))
    var port: String?
    @Option(help: ArgumentHelp("Folder of offline tile packages served under /packages (else $MAPSERVER_TILES, tiles).", valueName: "dir"))
    var tiles: String?
    @Option(help: ArgumentHelp("Raster basemap URL template for /map (else $MAPSERVER_BASEMAP; none: the boundaries are the basemap).", valueName: "url"))
    var basemap: String?
    @Option(help: ArgumentHelp("Most tips held in memory for fast tip pages; 0 = none (else $MAPSERVER_TIP_SNAPSHOT, 1000000).", valueName: "n"))
    var tipSnapshot: String?
    @Option(help: ArgumentHelp("CRS of the public view's fixed grid (else $MAPSERVER_PUBLIC_GRID_CRS).", valueName: "crs"))
    var publicGridCrs: String?
    @Option(help: ArgumentHelp("Cell side of the public view's grid in metres (else $MAPSERVER_PUBLIC_CELL).", valueName: "metres"))
    var publicCell: String?
    @Option(help: ArgumentHelp("JSON file of Zalo Official Accounts for POST /intake/zalo (else $ZALO_ACCOUNTS_FILE; one OA: $ZALO_APP_ID …).", valueName: "path"))
    var zaloAccounts: String?
    @Option(help: ArgumentHelp("Minutes within which a resident's Zalo messages are one tip, 1-1440 (else $ZALO_WINDOW_MINUTES, 10).", valueName: "minutes"))
    var zaloWindow: String?
    @Option(help: ArgumentHelp("Web pages on other origins allowed to call the API: * or https://a.vn,https://b.vn (else $MAPSERVER_CORS_ORIGINS; none).", valueName: "origins"))
    var corsOrigins: String?
}
