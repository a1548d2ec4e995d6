import Catalog
import Prompts
import Foundation
import LLM
import Domain

/// Everything `pipeline.json` says, validated, with `DOCENT_*` overrides applied.
/// The format is documented in `docs/pipeline.md`.
package struct PipelineConfig: Sendable {
    package struct Institution: Sendable, Hashable {
        package var name: String
        package var website: String?
    }

    package struct Sources: Sendable {
        /// The sources' paths, for messages.
        package var artworks: [String]
        /// Where records are and how to read them: plain paths, or objects with a format,
        /// a preset or a mapping.
        package var artworkSources: [RecordSource]
        package var csvColumns: [String: String]
        package var styleGuide: String?
        package var templates: String
        package var site: [String]
        /// XPath selectors of the main content of the site's pages (defaults: main, article…).
        package var siteSelectors: [String]?
        package var siteMaxPages: Int
    }

    package typealias Provider = LLM.Provider

    package struct Model: Sendable {
        package var provider: Provider
        package var name: String
        package var baseURL: String?
        /// Name of the environment variable holding the key (never the key itself).
        package var apiKeyEnv: String
        package var temperature: Double
        package var maxTokens: Int
        package var timeoutSeconds: Double
        /// Stream answers (Server-Sent Events).
        package var stream: Bool
        /// Send requests through the provider's Batch API (half the price, answers within a day).
        package var batch: Bool = false
        /// Seconds between two looks at a batch in flight.
        package var batchPollSeconds: Double = 30
        /// In a batch run, how many jobs wait for batches at once: artworks start as others
        /// finish, so that a run's memory follows this number, never the collection's size.
        package var batchWindow: Int = PipelineConfig.Model.defaultBatchWindow
        /// 40,000 jobs (about 1,000 artworks of 9 audiences in 4 languages, every stage): under
        /// 500 MB. A larger collection takes more rounds of batches, not more memory.
        package static let defaultBatchWindow = 40_000
    }

    package struct Limits: Sendable {
        package var jobs: Int
        package var attempts: Int
        package var requestsPerMinute: Int?
        package var tokensPerMinute: Int?
        package var budget: Double?
        package var revisionRounds: Int
        /// Seconds a request may wait in all on an endpoint's 429s before it fails.
        package var maxWait: Int = 900
    }

    package struct Price: Sendable, Hashable {
        package var inputPerMillion: Double
        package var outputPerMillion: Double
        /// Prompt tokens read from the provider's prompt cache (OpenAI: half the input price or
        /// less; Anthropic: a tenth). Unset: the input price (a cost never under-counted).
        package var cachedInputPerMillion: Double?
        /// Prompt tokens written to the cache (Anthropic: 1.25 × the input price). Unset: the input price.
        package var cacheWritePerMillion: Double?

        package init(inputPerMillion: Double, outputPerMillion: Double, cachedInputPerMillion: Double? = nil, cacheWritePerMillion: Double? = nil) {
            self.inputPerMillion = inputPerMillion
            self.outputPerMillion = outputPerMillion
            self.cachedInputPerMillion = cachedInputPerMillion
            self.cacheWritePerMillion = cacheWritePerMillion
        }
    }

    package struct ApprovalPolicy: Sendable, Hashable {
        /// Drafts of these audiences (empty: every audience).
        package var audiences: [String]
        package var languages: [String]
        /// Which outputs need approval (empty: drafts, SEO data and subtitles alike).
        package var outputs: [OutputKind] = []
    }

    /// The folder holding pipeline.json: relative paths in it are resolved from here.
    package var baseDirectory: String
    package var institution: Institution
    package var sources: Sources
    package var model: Model
    package var limits: Limits
    package var sourceLanguage: String
    /// Target languages (besides each record's own).
    package var languages: [String]
    package var audiences: [Audience]
    package var stages: [Stage]
    package var outputDirectory: String
    package var prices: [String: Price]
    /// The currency of `prices` (`prices.currency`, ISO 4217), shown wherever a cost is.
    package var currency = "USD"
    package var requireApproval: ApprovalPolicy?
    /// Speaking rate and reading speed of the subtitles.
    package var subtitleWordsPerMinute: Double = 150
    package var subtitleCharactersPerSecond: Double = 17


    /// Resolves a path from pipeline.json against its folder.
    package func resolve(_ path: String) -> String {
        path.hasPrefix("/") ? path : ((baseDirectory as NSString).appendingPathComponent(path) as NSString).standardizingPath
    }

    /// The model's descriptor as drafts record it.
    package var modelDescriptor: ModelDescriptor {
        model.provider.isOffline
            ? ModelDescriptor(provider: .offline, model: ModelDescriptor.offlineModel)
            : ModelDescriptor(provider: model.provider, model: model.name)
    }
}
