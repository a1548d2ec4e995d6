// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "Docent",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "docent", targets: ["docent"]),
        .executable(name: "docent-mock-llm", targets: ["docent-mock-llm"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.2"),
        .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
    ],
    targets: [
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl",
                       providers: [.apt(["libcurl4-openssl-dev"])]),
        .target(name: "HTTP", dependencies: ["CCurl"]),
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0",
                       providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(name: "CVips", providers: [.apt(["libvips-dev"])]),
        .systemLibrary(name: "CMalloc"),
        // A record's picture as a model is given it: read, shrunk to the providers' limits.
        .target(name: "Images", dependencies: [
            "CVips", "Domain", "LLM", "Prose",
        ]),
        .target(name: "Prose"),
        // What the stages share: who a text is for, and what a check found in it.
        .target(name: "Domain", dependencies: ["Catalog", "Prose", .product(name: "Crypto", package: "swift-crypto")]),
        .target(name: "HouseStyle", dependencies: [
            "CLibXML2", "HTTP", "Prose", .product(name: "Yams", package: "Yams"),
        ]),
        .target(name: "Catalog", dependencies: [
            "CLibXML2", "Prose",
            .product(name: "Yams", package: "Yams"),
            .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        ]),
        .target(name: "LLM", dependencies: ["HTTP", "Prose", .product(name: "Logging", package: "swift-log")]),
        .target(name: "Checks", dependencies: ["Domain", "Catalog", "Prose", "HouseStyle", "LLM"]),
        .target(name: "Review", dependencies: [
            "Catalog", "Prose", "Domain",
            .product(name: "Yams", package: "Yams"),
            .product(name: "Mustache", package: "swift-mustache"),
        ]),
        .target(name: "Prompts", dependencies: [
            "Catalog", "LLM", "Prose", "Domain",
            .product(name: "Mustache", package: "swift-mustache"),
        ]),
        .target(name: "OfflineEngine", dependencies: ["Domain", "Catalog", "LLM", "Prose", "Prompts"]),
        .target(name: "Project", dependencies: [
            "Domain", "Catalog", "LLM", "Prompts", "HTTP", "HouseStyle", "Prose",
        ]),
        .target(name: "Pipeline", dependencies: [
            "Project", "Domain",
            "Catalog", "LLM", "Prompts", "Checks", "OfflineEngine", "Review", "HTTP", "HouseStyle", "Prose", "Images", "CMalloc",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .target(name: "ReviewApp", dependencies: [
            "Catalog", "Project", "Pipeline", "Review", "Prose",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .executableTarget(name: "docent", dependencies: [
            "ReviewApp", "Project", "Pipeline", "Review", "Catalog", "Prompts", "Checks", "Domain", "LLM", "HTTP", "HouseStyle", "Prose",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ], plugins: ["BuildCommit"]),
        .plugin(name: "BuildCommit", capability: .buildTool()),
        .target(name: "MockLLM", dependencies: [
            "Prose",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
        ]),
        .executableTarget(name: "docent-mock-llm", dependencies: [
            "MockLLM", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "docent-bench", dependencies: [
            "HTTP", "LLM", "Project", "Pipeline", "Prompts", "Checks", "Domain", "Catalog", "Review", "HouseStyle", "MockLLM", "Prose",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Subprocess", package: "swift-subprocess"),
            .product(name: "SystemPackage", package: "swift-system"),
        ]),
        .testTarget(name: "DocentTests", dependencies: [
            "Catalog", "LLM", "Review", "Prompts", "Checks", "Domain", "OfflineEngine", "Project", "Pipeline", "HTTP", "MockLLM", "Prose", "HouseStyle",
            "ReviewApp", "Images",
            .product(name: "HummingbirdTesting", package: "hummingbird"),
            .product(name: "NIOEmbedded", package: "swift-nio"),
            .product(name: "Subprocess", package: "swift-subprocess"),
            .product(name: "SystemPackage", package: "swift-system"),
            .product(name: "Yams", package: "Yams"),
        ],
                    exclude: ["Fixtures"]),
    ]
)
