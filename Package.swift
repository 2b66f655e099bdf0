// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "desk",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "desk", targets: ["desk"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
        .package(url: "https://github.com/JohnSundell/Plot", from: "0.14.0"),
    ],
    targets: [
        // The append-only log: frames, checksums, hash chain, locking, durability, recovery, following.
        .target(
            name: "EventLog",
            dependencies: [
                "CEventLogSupport",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // CRC-32C (SSE4.2 where present) and statfs for the log: what Swift cannot reach directly.
        .target(name: "CEventLogSupport"),
        // Which build is running (the GNU build id), to tie a state snapshot to the code that wrote it.
        .target(name: "CBuildIdentity"),
        // The domain, pure: no file, no terminal.
        .target(name: "DeskCore"),
        // TOMLKit behind a scan that keeps from toml++ the input its assertions abort on (README).
        .target(name: "SafeTOML", dependencies: [.product(name: "TOMLKit", package: "TOMLKit")]),
        // Where the records are kept, as the application sees it: a protocol the file log conforms to.
        .target(name: "EventStore", dependencies: ["EventLog"]),
        // Linux-PAM, only to check a clerk's own login password (the kiosk's unlock).
        .systemLibrary(name: "CPAM"),
        // The application: data directory, configuration, executing commands, following, reports.
        .target(
            name: "Desk",
            dependencies: [
                "EventLog", "EventStore", "DeskCore", "SafeTOML", "CBuildIdentity", "CPAM",
                .product(name: "TOMLKit", package: "TOMLKit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CSV", package: "CSV.swift"),
                // PBKDF2 for the kiosk PINs (`desk pin`).
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "Plot", package: "Plot"),
            ]
        ),
        // The only place curses.h is seen.
        .systemLibrary(name: "CNcursesw"),
        // The generic terminal toolkit: screen buffer, sanitiser, widths, line editor, keys, themes,
        // the action registry and the poll() loop over curses. Knows nothing of complaints.
        .target(
            name: "TerminalUI",
            dependencies: ["CNcursesw", "SafeTOML", .product(name: "TOMLKit", package: "TOMLKit")]
        ),
        // The desk's views (queue, detail, intake, prompts, receipt, help) and their router.
        .target(name: "DeskTerminal", dependencies: ["TerminalUI", "Desk", "DeskCore"]),
        .executableTarget(
            name: "desk",
            dependencies: [
                "Desk", "DeskTerminal", "TerminalUI", "EventLog",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Test helper process: appends records and prints each sequence number once it is durable.
        .executableTarget(name: "eventlog-writer", dependencies: ["EventLog"]),
        // The system's SQLite, used only as the benchmark's baseline.
        .systemLibrary(name: "CSQLite"),
        // Each performance goal's workload beside its baseline, interleaved (PERFORMANCE.md).
        .executableTarget(
            name: "desk-bench",
            dependencies: ["EventLog", "Desk", "DeskCore", "DeskTerminal", "TerminalUI", "CSQLite"]),
        // Test helper process: acts on a desk as a clerk's desk would, so tests can race processes.
        .executableTarget(name: "desk-probe", dependencies: ["Desk", "DeskCore"]),
        .target(
            name: "DeskTestSupport",
            dependencies: ["EventLog", "EventStore", "Desk", "DeskCore", "TerminalUI"]),
        .testTarget(
            name: "EventLogTests",
            dependencies: ["EventLog", "EventStore", "DeskTestSupport", "eventlog-writer", "desk"]
        ),
        .testTarget(name: "DeskCoreTests", dependencies: ["DeskCore", "DeskTestSupport"]),
        .testTarget(
            name: "DeskTests",
            dependencies: [
                "Desk", "DeskCore", "EventLog", "DeskTestSupport", "TerminalUI", "SafeTOML", "desk",
                "desk-probe",
                "eventlog-writer",
            ],
            exclude: ["Golden"]),
        .testTarget(name: "TerminalUITests", dependencies: ["TerminalUI", "DeskTestSupport"]),
        .testTarget(
            name: "DeskTerminalTests",
            dependencies: ["DeskTerminal", "TerminalUI", "DeskTestSupport", "EventLog", "desk"],
            exclude: ["Golden"]),
    ],
    swiftLanguageModes: [.v6]
)
