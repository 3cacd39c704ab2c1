import LambdaLog
import LambdaRuntime
import Testing

/// The configuration read once from the environment: every variable, its
/// default, and the error that names a missing or malformed one.
struct RuntimeConfigurationTests {
    static let minimal = ["AWS_LAMBDA_RUNTIME_API": "127.0.0.1:9001", "_HANDLER": "DefaultVpcId"]

    static let full = [
        "AWS_LAMBDA_RUNTIME_API": "169.254.100.1:9001",
        "_HANDLER": "DefaultVpcId",
        "AWS_LAMBDA_FUNCTION_NAME": "mapu-default-vpc",
        "AWS_LAMBDA_FUNCTION_VERSION": "7",
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "256",
        "AWS_LAMBDA_LOG_GROUP_NAME": "/aws/lambda/custom-group",
        "AWS_LAMBDA_LOG_STREAM_NAME": "2026/11/26/[$LATEST]abc",
        "AWS_REGION": "eu-west-1",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_LAMBDA_LOG_FORMAT": "JSON",
        "AWS_LAMBDA_LOG_LEVEL": "DEBUG",
    ]

    @Test("a full environment is read into every field")
    func fullEnvironment() async throws {
        let configuration = try RuntimeConfiguration(environment: Self.full)
        #expect(configuration.runtimeAPI.host == "169.254.100.1")
        #expect(configuration.runtimeAPI.port == 9001)
        #expect(configuration.handler == "DefaultVpcId")
        #expect(configuration.functionName == "mapu-default-vpc")
        #expect(configuration.functionVersion == "7")
        #expect(configuration.memorySizeMB == 256)
        #expect(configuration.logGroupName == "/aws/lambda/custom-group")
        #expect(configuration.logStreamName == "2026/11/26/[$LATEST]abc")
        #expect(configuration.region == "eu-west-1", "AWS_REGION wins over AWS_DEFAULT_REGION")
        #expect(configuration.logFormat == .json)
        #expect(configuration.logLevel == .debug)
    }

    @Test("optional variables have defaults")
    func defaults() async throws {
        let configuration = try RuntimeConfiguration(environment: Self.minimal)
        #expect(configuration.functionName == "unknown-function")
        #expect(configuration.functionVersion == "$LATEST")
        #expect(configuration.memorySizeMB == nil)
        #expect(configuration.logGroupName == "/aws/lambda/unknown-function")
        #expect(configuration.logStreamName == "")
        #expect(configuration.region == "")
        #expect(configuration.logFormat == .text)
        #expect(configuration.logLevel == .info)
    }

    @Test("the log group defaults to the function's, and the region to AWS_DEFAULT_REGION")
    func derivedDefaults() async throws {
        var environment = Self.minimal
        environment["AWS_LAMBDA_FUNCTION_NAME"] = "fn"
        environment["AWS_DEFAULT_REGION"] = "ap-southeast-2"
        let configuration = try RuntimeConfiguration(environment: environment)
        #expect(configuration.logGroupName == "/aws/lambda/fn")
        #expect(configuration.region == "ap-southeast-2")
    }

    @Test("log format and level accept Lambda's spellings", arguments: [
        ("Text", "INFO", LogFormat.text, LogLevel.info),
        ("text", "info", .text, .info),
        ("JSON", "WARN", .json, .warn),
        ("json", "warning", .json, .warn),
        ("Json", "TRACE", .json, .trace),
        ("JSON", "fatal", .json, .fatal),
    ] as [(String, String, LogFormat, LogLevel)])
    func logSettings(_ format: String, _ level: String, _ expectedFormat: LogFormat, _ expectedLevel: LogLevel) async throws {
        var environment = Self.minimal
        environment["AWS_LAMBDA_LOG_FORMAT"] = format
        environment["AWS_LAMBDA_LOG_LEVEL"] = level
        let configuration = try RuntimeConfiguration(environment: environment)
        #expect(configuration.logFormat == expectedFormat)
        #expect(configuration.logLevel == expectedLevel)
    }

    struct Broken: CustomTestStringConvertible, Sendable {
        var name: String
        var changes: [String: String?]
        var variable: String
        var value: String?
        var testDescription: String { name }
    }

    static let broken: [Broken] = [
        Broken(name: "no Runtime API", changes: ["AWS_LAMBDA_RUNTIME_API": nil], variable: "AWS_LAMBDA_RUNTIME_API", value: nil),
        Broken(name: "empty Runtime API", changes: ["AWS_LAMBDA_RUNTIME_API": ""], variable: "AWS_LAMBDA_RUNTIME_API", value: nil),
        Broken(name: "Runtime API without port", changes: ["AWS_LAMBDA_RUNTIME_API": "localhost"], variable: "AWS_LAMBDA_RUNTIME_API", value: "localhost"),
        Broken(name: "Runtime API with a bad port", changes: ["AWS_LAMBDA_RUNTIME_API": "localhost:http"], variable: "AWS_LAMBDA_RUNTIME_API", value: "localhost:http"),
        Broken(name: "no handler", changes: ["_HANDLER": nil], variable: "_HANDLER", value: nil),
        Broken(name: "empty handler", changes: ["_HANDLER": ""], variable: "_HANDLER", value: nil),
        Broken(name: "memory not a number", changes: ["AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "lots"], variable: "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", value: "lots"),
        Broken(name: "memory zero", changes: ["AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "0"], variable: "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", value: "0"),
        Broken(name: "memory negative", changes: ["AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "-128"], variable: "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", value: "-128"),
        Broken(name: "unknown log format", changes: ["AWS_LAMBDA_LOG_FORMAT": "XML"], variable: "AWS_LAMBDA_LOG_FORMAT", value: "XML"),
        Broken(name: "unknown log level", changes: ["AWS_LAMBDA_LOG_LEVEL": "LOUD"], variable: "AWS_LAMBDA_LOG_LEVEL", value: "LOUD"),
    ]

    @Test("a missing or malformed variable is an error that names it", arguments: broken)
    func brokenVariable(_ testCase: Broken) async throws {
        var environment = Self.full
        for (name, value) in testCase.changes { environment[name] = value }
        let error = try #require(throws: ConfigurationError.self) {
            try RuntimeConfiguration(environment: environment)
        }
        #expect(error.variable == testCase.variable)
        #expect(error.value == testCase.value)
        #expect(error.description.hasPrefix(testCase.variable))
        #expect(!error.expected.isEmpty)
    }

    @Test("configuration error text is pinned")
    func errorText() async throws {
        let missing = try #require(throws: ConfigurationError.self) {
            try RuntimeConfiguration(environment: ["AWS_LAMBDA_RUNTIME_API": "127.0.0.1:9001"])
        }
        #expect(missing.description == "_HANDLER is not set: expected the handler to run, e.g. DefaultVpcId")
        let malformed = try #require(throws: ConfigurationError.self) {
            try RuntimeConfiguration(environment: ["AWS_LAMBDA_RUNTIME_API": "nowhere"])
        }
        #expect(malformed.description == #"AWS_LAMBDA_RUNTIME_API="nowhere" is not valid: expected host:port, e.g. 127.0.0.1:9001"#)
    }

    @Test("configurations compare by every field")
    func equality() async throws {
        var other = Self.full
        other["AWS_LAMBDA_RUNTIME_API"] = "169.254.100.1:9002"
        #expect(try RuntimeConfiguration(environment: Self.full) == RuntimeConfiguration(environment: Self.full))
        #expect(try RuntimeConfiguration(environment: Self.full) != RuntimeConfiguration(environment: other))
    }

    // MARK: runtimeAPI(in:)

    @Test("runtimeAPI(in:) reads host and port", arguments: [
        ("127.0.0.1:9001", "127.0.0.1", 9001),
        ("localhost:1", "localhost", 1),
        ("169.254.100.1:65535", "169.254.100.1", 65535),
        ("[::1]:9001", "[::1]", 9001),
        ("[fd00::2]:8080", "[fd00::2]", 8080),
    ] as [(String, String, Int)])
    func runtimeAPIValid(_ value: String, _ host: String, _ port: Int) async throws {
        let api = try #require(try RuntimeConfiguration.runtimeAPI(in: ["AWS_LAMBDA_RUNTIME_API": value]))
        #expect(api.host == host)
        #expect(api.port == port)
    }

    @Test("runtimeAPI(in:) is nil when not running under Lambda")
    func runtimeAPIAbsent() async throws {
        #expect(try RuntimeConfiguration.runtimeAPI(in: [:]) == nil)
        #expect(try RuntimeConfiguration.runtimeAPI(in: ["AWS_LAMBDA_RUNTIME_API": ""]) == nil)
    }

    @Test("runtimeAPI(in:) rejects what is not host:port",
          arguments: ["localhost", "localhost:", ":9001", "host:0", "host:65536", "host:-1", "host:90a", "[::1]"])
    func runtimeAPIInvalid(_ value: String) {
        let error = #expect(throws: ConfigurationError.self) {
            try RuntimeConfiguration.runtimeAPI(in: ["AWS_LAMBDA_RUNTIME_API": value])
        }
        #expect(error?.variable == "AWS_LAMBDA_RUNTIME_API")
        #expect(error?.value == value)
    }
}
