// swift-tools-version:6.1
import PackageDescription

/// Every target: Swift 6 language mode plus the upcoming features that make dependency use explicit, and
/// warnings as errors for this package's own code (dependencies keep their own warning settings).
let strictSettings: [SwiftSetting] = [
    .unsafeFlags(["-warnings-as-errors"]),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "ehe-register",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "ehe", targets: ["ehe"]),
        .executable(name: "ehe-bench", targets: ["EHEBench"]),
        // libFuzzer target: `swift build --product ehe-fuzz --sanitize=fuzzer --sanitize=address` (Fuzz/README.md).
        .executable(name: "ehe-fuzz", targets: ["EHEFuzz"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        // Configuration from flags, environment and settings.json; only the core (no JSON/YAML traits).
        .package(url: "https://github.com/apple/swift-configuration", from: "1.4.0", traits: []),
        // Property-based tests (test targets only).
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    ],
    targets: [
        // The domain: types, code lists, date rules, validation and ports. Foundation only.
        .target(name: "EHECore", swiftSettings: strictSettings),
        // Keyring, envelope encryption (AES-256-GCM), key derivation.
        .target(
            name: "EHECrypto",
            dependencies: [
                "EHECore",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
            ],
            swiftSettings: strictSettings
        ),
        // Process-wide SQLite settings made through sqlite3_config, which Swift cannot call (it is variadic).
        .target(name: "CSQLiteSettings", linkerSettings: [.linkedLibrary("sqlite3")]),
        // The SQLite store (GRDB on the system libsqlite3) and the SQL migration runner.
        .target(
            name: "EHESQLite",
            dependencies: [
                "EHECore",
                "CSQLiteSettings",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictSettings
        ),
        // Reports and exports from clear data only: iCalendar feeds (later aggregates, disclosure control).
        .target(name: "EHEReports", dependencies: ["EHECore"], swiftSettings: strictSettings),
        // Composition root: settings, keyring loading, store opening, services.
        .target(
            name: "EHEApp",
            dependencies: [
                "EHECore", "EHECrypto", "EHESQLite", "EHEReports",
                .product(name: "Configuration", package: "swift-configuration"),
            ],
            swiftSettings: strictSettings
        ),
        // `ehe serve`: the JSON API, sign-in, roles, audit of every request, health and metrics (Hummingbird 2).
        // A driving adapter like the command tree: it calls the application services in EHEApp.
        .target(
            name: "EHEServer",
            dependencies: [
                "EHECore",
                "EHEApp",
                "EHEReports",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            resources: [.copy("Resources/openapi.json"), .copy("Resources/Templates"), .copy("Resources/Static")],
            swiftSettings: strictSettings
        ),
        // The `ehe` command tree.
        .target(
            name: "EHECommands",
            dependencies: [
                "EHECore",
                "EHEApp",
                "EHEReports",
                "EHEServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(name: "ehe", dependencies: ["EHECommands"], swiftSettings: strictSettings),
        // The decoders that take text from outside, for libFuzzer (an empty program in an ordinary build).
        .executableTarget(name: "EHEFuzz", dependencies: ["EHECore"], swiftSettings: strictSettings),
        // Release-build benchmark: the register's seed path against a raw SQLite baseline.
        .executableTarget(
            name: "EHEBench",
            dependencies: [
                "EHECore",
                "EHEApp",
                "EHECrypto",
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ],
            swiftSettings: strictSettings
        ),
        // Test-only: in-memory store, fixed clock, test keyring, fixtures, the store contract.
        .target(
            name: "EHETestSupport",
            dependencies: ["EHECore", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strictSettings
        ),

        .testTarget(
            name: "EHECoreTests",
            dependencies: ["EHECore", "EHETestSupport", .product(name: "PropertyBased", package: "swift-property-based")],
            swiftSettings: strictSettings
        ),
        .testTarget(name: "EHEReportsTests", dependencies: ["EHECore", "EHEReports"], swiftSettings: strictSettings),
        .testTarget(
            name: "EHECryptoTests",
            dependencies: ["EHECore", "EHECrypto", "EHETestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "EHESQLiteTests",
            dependencies: [
                "EHECore", "EHESQLite", "EHECrypto", "EHETestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "EHEAppTests",
            dependencies: [
                "EHECore", "EHEApp", "EHECrypto", "EHEReports", "EHETestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "EHEServerTests",
            dependencies: [
                "EHECore", "EHEApp", "EHEServer", "EHETestSupport", "ehe",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            exclude: ["Browser"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "EHECommandsTests",
            dependencies: [
                "EHECore", "EHEApp", "EHECommands", "EHETestSupport", "ehe",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: strictSettings
        ),
    ]
)
