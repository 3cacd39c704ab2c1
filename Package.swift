// swift-tools-version:6.0
import PackageDescription

// Every target gets the same strict settings: Swift 6 language mode (strict
// concurrency) is the package default below; warnings about concurrency are
// errors there already.
let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "mapu",
    products: [
        .executable(name: "bootstrap", targets: ["bootstrap"]),
        .executable(name: "mapu-local", targets: ["mapu-local"]),
        .executable(name: "mapu-supervisor", targets: ["mapu-supervisor"]),
    ],
    targets: [
        // C seam: libcurl is loaded with dlopen on first use, so a cold start
        // does not pay for loading it (measured: ~3.4 ms for libcurl and its
        // dependencies on Debian 12).
        .target(name: "CLibcurl", linkerSettings: [.linkedLibrary("dl")]),
        // hypot/hypotf of our own, so the release bootstrap needs no GLIBC_2.35
        // symbol (provided.al2023 has glibc 2.34); see scripts/check_compat.py.
        .target(name: "CGlibcCompat"),

        .target(name: "HTTPTransport", dependencies: ["CLibcurl"], swiftSettings: strict),
        .target(name: "JSONKit", swiftSettings: strict),
        .target(name: "LambdaLog", dependencies: ["JSONKit"], swiftSettings: strict),
        .target(name: "LambdaRuntime", dependencies: ["HTTPTransport", "LambdaLog", "JSONKit"], swiftSettings: strict),
        .target(name: "CfnResponse", dependencies: ["HTTPTransport", "LambdaLog", "JSONKit"], swiftSettings: strict),
        .target(name: "AWSSigV4", dependencies: ["HTTPTransport"], swiftSettings: strict),
        .target(name: "AWSAccess", dependencies: ["AWSSigV4", "HTTPTransport", "JSONKit"], swiftSettings: strict),
        .target(name: "Handlers", dependencies: ["CfnResponse", "AWSAccess"], swiftSettings: strict),
        // The runtime for any catalogue of custom resources, its supervisor included.
        .target(name: "CSupervisor"),
        .target(name: "CustomResourceRuntime", dependencies: ["CSupervisor", "LambdaRuntime", "CfnResponse", "HTTPTransport", "LambdaLog", "JSONKit"],
                swiftSettings: strict),
        .executableTarget(name: "bootstrap", dependencies: ["CustomResourceRuntime", "Handlers", "CGlibcCompat"], swiftSettings: strict),
        // What the bootstrap's first process becomes once it has forked its
        // worker: C, so that it keeps ~1.3 MiB resident rather than ~9.6 MiB.
        // Built here for local runs and tests; scripts/package.py compiles the
        // packaged one with cc (swiftc's link would tie it to libswiftCore.so).
        .executableTarget(name: "mapu-supervisor"),

        // Local invocation: a loopback Runtime API and ResponseURL server that
        // drive the real bootstrap process on a recorded event.
        .target(name: "LocalLambda", dependencies: ["HTTPTransport", "JSONKit"], swiftSettings: strict),
        .executableTarget(name: "mapu-local", dependencies: ["LocalLambda"], swiftSettings: strict),

        .target(name: "TestSupport", dependencies: ["LocalLambda", "HTTPTransport", "AWSAccess", "LambdaRuntime", "JSONKit"], path: "Tests/TestSupport", swiftSettings: strict),
        .testTarget(name: "JSONKitTests", dependencies: ["JSONKit"], swiftSettings: strict),
        .testTarget(name: "LambdaLogTests", dependencies: ["LambdaLog"], swiftSettings: strict),
        .testTarget(name: "HTTPTransportTests", dependencies: ["HTTPTransport", "TestSupport", "LocalLambda"], swiftSettings: strict),
        .testTarget(name: "LambdaRuntimeTests", dependencies: ["LambdaRuntime", "TestSupport", "LocalLambda", "HTTPTransport", "LambdaLog"], swiftSettings: strict),
        .testTarget(name: "CfnResponseTests", dependencies: ["CfnResponse", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "AWSSigV4Tests", dependencies: ["AWSSigV4", "HTTPTransport", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "AWSAccessTests", dependencies: ["AWSAccess", "AWSSigV4", "TestSupport", "LocalLambda", "HTTPTransport"], exclude: ["Fixtures"], swiftSettings: strict),
        .testTarget(name: "HandlersTests", dependencies: ["Handlers", "TestSupport", "CfnResponse", "AWSAccess", "HTTPTransport", "LambdaLog"], swiftSettings: strict),
        .testTarget(name: "EndToEndTests", dependencies: ["TestSupport", "LocalLambda", "JSONKit", "crash-bootstrap"], swiftSettings: strict),
        // A bootstrap whose handler traps, for the supervisor's tests only.
        .executableTarget(name: "crash-bootstrap", dependencies: ["CustomResourceRuntime", "CfnResponse", "HTTPTransport"],
                          path: "Tests/CrashBootstrap", swiftSettings: strict),
        .testTarget(name: "PackagingTests", dependencies: ["CGlibcCompat", "TestSupport", "LocalLambda", "JSONKit"], swiftSettings: strict),
    ],
    swiftLanguageModes: [.v6]
)
