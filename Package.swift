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
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
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
            ],
            swiftSettings: strictSettings
        ),
        // The SQLite store (GRDB on the system libsqlite3) and the SQL migration runner.
        .target(
            name: "EHESQLite",
            dependencies: [
                "EHECore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictSettings
        ),
        // Reports and exports from clear data only: iCalendar feeds (later aggregates, disclosure control).
        .target(name: "EHEReports", dependencies: ["EHECore"], swiftSettings: strictSettings),
        // Composition root: settings, keyring loading, store opening, services.
        .target(
            name: "EHEApp",
            dependencies: ["EHECore", "EHECrypto", "EHESQLite", "EHEReports"],
            swiftSettings: strictSettings
        ),
        // The `ehe` command tree.
        .target(
            name: "EHECommands",
            dependencies: [
                "EHECore",
                "EHEApp",
                "EHEReports",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(name: "ehe", dependencies: ["EHECommands"], swiftSettings: strictSettings),
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
        .target(name: "EHETestSupport", dependencies: ["EHECore"], swiftSettings: strictSettings),

        .testTarget(name: "EHECoreTests", dependencies: ["EHECore", "EHETestSupport"], swiftSettings: strictSettings),
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
                "EHECore", "EHEApp", "EHECrypto", "EHETestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
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
