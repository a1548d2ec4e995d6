import Catalog
import OfflineEngine
import Prompts
import Checks
import Foundation
import LLM

/// Everything `pipeline.json` says, validated, with `DOCENT_*` overrides applied.
/// The format is documented in `docs/pipeline.md`.
public struct PipelineConfig: Sendable {
    public struct Institution: Sendable, Hashable {
        public var name: String
        public var website: String?
    }

    public struct Sources: Sendable {
        /// The sources' paths, for messages.
        public var artworks: [String]
        /// Where records are and how to read them: plain paths, or objects with a format,
        /// a preset or a mapping.
        public var artworkSources: [RecordSource]
        public var csvColumns: [String: String]
        public var styleGuide: String?
        public var templates: String
        public var site: [String]
        /// XPath selectors of the main content of the site's pages (defaults: main, article…).
        public var siteSelectors: [String]?
        public var siteMaxPages: Int
    }

    public enum Provider: String, Sendable, CaseIterable {
        case offline, openai, anthropic
    }

    public struct Model: Sendable {
        public var provider: Provider
        public var name: String
        public var baseURL: String?
        /// Name of the environment variable holding the key (never the key itself).
        public var apiKeyEnv: String
        public var temperature: Double
        public var maxTokens: Int
        public var timeoutSeconds: Double
        /// Stream answers (Server-Sent Events).
        public var stream: Bool
    }

    public struct Limits: Sendable {
        public var jobs: Int
        public var attempts: Int
        public var requestsPerMinute: Int?
        public var tokensPerMinute: Int?
        public var budget: Double?
        public var revisionRounds: Int
    }

    public struct Price: Sendable, Hashable {
        public var inputPerMillion: Double
        public var outputPerMillion: Double
    }

    public struct ApprovalPolicy: Sendable, Hashable {
        public var audiences: [String]
        public var languages: [String]
    }

    /// The folder holding pipeline.json: relative paths in it are resolved from here.
    public var baseDirectory: String
    public var institution: Institution
    public var sources: Sources
    public var model: Model
    public var limits: Limits
    public var sourceLanguage: String
    /// Target languages (besides each record's own).
    public var languages: [String]
    public var audiences: [Audience]
    public var stages: [String]
    public var outputDirectory: String
    public var prices: [String: Price]
    public var requireApproval: ApprovalPolicy?
    /// Speaking rate and reading speed of the subtitles.
    public var subtitleWordsPerMinute: Double = 150
    public var subtitleCharactersPerSecond: Double = 17

    public static let knownStages = ["draft", "translate", "seo", "subtitles", "proof"]

    /// Resolves a path from pipeline.json against its folder.
    public func resolve(_ path: String) -> String {
        path.hasPrefix("/") ? path : ((baseDirectory as NSString).appendingPathComponent(path) as NSString).standardizingPath
    }

    /// The model's descriptor as drafts record it.
    public var modelDescriptor: ModelDescriptor {
        model.provider == .offline
            ? ModelDescriptor(provider: "offline", model: OfflineChatModel.modelName)
            : ModelDescriptor(provider: model.provider.rawValue, model: model.name)
    }
}
