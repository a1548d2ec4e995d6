import Domain
import Catalog
import Prompts
import Foundation
import HouseStyle
import LLM

/// Everything a command needs, loaded once: configuration, records, templates, style guide.
package struct Workspace: Sendable {
    package var config: PipelineConfig
    package var catalog: Catalog
    package var library: PromptLibrary
    /// The editorial style guide, when pipeline.json names one.
    package var styleGuide: StyleGuide? {
        didSet { style = Self.styleSummary(guide: styleGuide, profile: houseStyle) }
    }
    /// The house style learned from the site (see `learnHouseStyle`).
    package var houseStyle: HouseStyleProfile? {
        didSet { style = Self.styleSummary(guide: styleGuide, profile: houseStyle) }
    }
    /// The digest and hash of the two above.
    package private(set) var style = StyleSummary(digest: "", hash: nil)
    package var layout: OutputLayout

    init(config: PipelineConfig, catalog: Catalog, library: PromptLibrary, layout: OutputLayout) {
        self.config = config
        self.catalog = catalog
        self.library = library
        self.layout = layout
    }

    /// Command-line overrides of pipeline.json.
    package struct Overrides: Sendable {
        package var output: String?
        package var artworks: [String]
        package var jobs: Int?

        package init(output: String? = nil, artworks: [String] = [], jobs: Int? = nil) {
            self.output = output
            self.artworks = artworks
            self.jobs = jobs
        }
    }

    package enum OpenError: Error, CustomStringConvertible {
        case config(ConfigError)
        case templates(String)

        package var description: String {
            switch self {
            case .config(let error): error.description
            case .templates(let message): message
            }
        }
    }

    /// Loads the configuration only (no records): for commands that read the output folder.
    package static func config(path: String, overrides: Overrides,
                              environment: [String: String] = ProcessInfo.processInfo.environment) throws(OpenError) -> (PipelineConfig, OutputLayout) {
        var config: PipelineConfig
        do {
            config = try ConfigLoader.load(path: path, environment: environment)
        } catch {
            throw .config(error)
        }
        if let jobs = overrides.jobs { config.limits.jobs = jobs }
        if !overrides.artworks.isEmpty { config.sources.artworks = overrides.artworks }
        let cwd = FileManager.default.currentDirectoryPath
        let output = overrides.output.map { $0.hasPrefix("/") ? $0 : (cwd as NSString).appendingPathComponent($0) }
            ?? config.resolve(config.outputDirectory)
        return (config, OutputLayout(root: output))
    }

    package static func open(configPath: String, overrides: Overrides = .init(),
                            environment: [String: String] = ProcessInfo.processInfo.environment) throws(OpenError) -> Workspace {
        let (config, layout) = try Self.config(path: configPath, overrides: overrides, environment: environment)
        let library: PromptLibrary
        do {
            library = try PromptLibrary(directory: config.resolve(config.sources.templates))
        } catch {
            throw .templates("\(error)")
        }
        for audience in config.audiences where !library.has("audiences/\(audience.template)") {
            throw .templates("\(config.resolve(config.sources.templates))/audiences/\(audience.template).mustache: "
                + "template for audience '\(audience.name)' is missing")
        }
        for name in ["prompts/system", "prompts/draft", "prompts/translate"] where !library.has(name) {
            throw .templates("\(config.resolve(config.sources.templates))/\(name).mustache: template is missing")
        }
        var styleGuide: StyleGuide?
        if let guide = config.sources.styleGuide {
            do {
                styleGuide = try StyleGuide.load(path: config.resolve(guide))
            } catch {
                throw .config(ConfigError(issues: [ConfigIssue(file: ConfigLoader.defaultFileName, path: "$.sources.style_guide",
                    line: nil, message: error.description)]))
            }
        }
        var workspace = Workspace(config: config, catalog: loadCatalog(config, overrides: overrides), library: library, layout: layout)
        workspace.styleGuide = styleGuide
        return workspace
    }

    /// The records of `sources.artworks` (or `--artworks`), with every problem met.
    package static func loadCatalog(_ config: PipelineConfig, overrides: Overrides = .init()) -> Catalog {
        // Record paths given on the command line are relative to the working directory.
        let cwd = FileManager.default.currentDirectoryPath
        let sources = overrides.artworks.isEmpty
            ? config.sources.artworkSources.map { source in
                var source = source
                source.path = config.resolve(source.path)
                return source
            }
            : overrides.artworks.map { RecordSource(path: $0.hasPrefix("/") ? $0 : (cwd as NSString).appendingPathComponent($0)) }
        let output = overrides.output.map { $0.hasPrefix("/") ? $0 : (cwd as NSString).appendingPathComponent($0) }
            ?? config.resolve(config.outputDirectory)
        let loader = CatalogLoader(defaultLanguage: config.sourceLanguage, csvColumns: config.sources.csvColumns,
                                   excludedFolders: [output])
        var catalog = loader.load(sources: sources, relativeTo: cwd)
        // Records named on the command line are a part of the collection: the other folders are not retired.
        if overrides.artworks.isEmpty {
            catalog.retired = retiredFolders(catalog, output: output)
            catalog.issues += catalog.retired.map { id in
                LoadIssue(file: CatalogLoader.display(OutputLayout(root: output).root + "/" + id, base: cwd), line: nil, message:
                    "no record has this id any more: its drafts are kept, and no run updates them "
                    + "(move the folder out of the output folder once they are not needed)", severity: .warning)
            }
        }
        return catalog
    }
}
