import Testing
@testable import MapServer

@Suite("MapServer configuration")
struct ServerConfigurationTests {
    @Test("flags win over the environment, which wins over defaults")
    func precedence() throws {
        let environment = ["GEOQ_DATABASE": "env.sqlite", "MAPSERVER_PORT": "9000"]
        let fromFlags = try ServerConfiguration.parse(["--database", "x.sqlite", "--port", "8081", "--host", "0.0.0.0"], environment: environment)
        #expect(fromFlags == ServerConfiguration(databasePath: "x.sqlite", host: "0.0.0.0", port: 8081))
        let fromEnvironment = try ServerConfiguration.parse([], environment: environment)
        #expect(fromEnvironment == ServerConfiguration(databasePath: "env.sqlite", host: "127.0.0.1", port: 9000))
        let defaults = try ServerConfiguration.parse([], environment: [:])
        #expect(defaults == ServerConfiguration(databasePath: "./geoincidents.sqlite", host: "127.0.0.1", port: 8080))
    }

    @Test("bad arguments are clear errors", arguments: [["--port", "99999"], ["--port", "http"], ["--database"], ["--verbose"]])
    func badArguments(_ arguments: [String]) {
        #expect(throws: ServerConfiguration.Problem.self) { try ServerConfiguration.parse(arguments, environment: [:]) }
    }
}
