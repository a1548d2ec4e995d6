import Domain
import Project
import Catalog
import Prose
import Prompts
import Review

/// One unit of work: one (artwork, stage, audience, language).
package struct JobKey: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    package var artwork: String
    package var stage: Stage
    package var audience: String
    package var language: String

    package init(artwork: String, stage: Stage, audience: String, language: String) {
        self.artwork = artwork
        self.stage = stage
        self.audience = audience
        self.language = language
    }

    package var draftName: DraftName { DraftName(audience: audience, language: language) }
    /// The output the job writes: its draft, or the SEO data or subtitles of its language.
    package var outputName: DraftName {
        switch stage.outputKind {
        case .draft: draftName
        case .seo, .subtitles: DraftName(stage.outputKind, language: language)
        }
    }
    /// The file the job writes in the artwork's folder.
    package var fileName: String { outputName.fileName }
    package var description: String { "\(artwork)/\(fileName)" }

    package static func < (a: JobKey, b: JobKey) -> Bool {
        (a.artwork, a.audience, a.stage == .draft ? 0 : 1, a.language) < (b.artwork, b.audience, b.stage == .draft ? 0 : 1, b.language)
    }
}

/// What became of a job.
package enum JobOutcome: String, Sendable, Hashable, Codable {
    case created, overwritten, proposed
    /// A proposal was due (approved or edited, inputs changed) but its text is word for word
    /// the file's own: the file now stands for the new inputs, nothing waits for an editor.
    case resolved
    /// Same inputs as on disk: nothing to do.
    case upToDate = "up_to_date"
    /// Approved or edited, and the proposal on disk is current.
    case protected
    case failed
    /// Not run: a job it depends on failed, or the run was stopped.
    case skipped
    /// Not written for this artwork, by design, with the reason in `error`: an audience that
    /// sees the image, for a record without one. Neither a failure nor work left to do.
    case notApplicable = "not_applicable"
}

/// The jobs of one artwork: for each audience, a draft in the record's language and then its
/// translations into the configured languages.
package struct ArtworkPlan: Sendable {
    package struct Chain: Sendable {
        package var draft: JobKey
        package var translations: [JobKey]
    }
    package var artworkID: String
    package var chains: [Chain]
    /// SEO and subtitles, once the drafts they start from are written.
    package var extras: [JobKey] = []

    package var jobs: [JobKey] { chains.flatMap { [$0.draft] + $0.translations } + extras }
}

package enum Planner {
    /// The draft SEO data is written from: a web page's, else a wall label's, else the first.
    static func seoSourceAudience(_ config: PipelineConfig) -> String? {
        let audiences = config.audiences
        return (audiences.first { $0.form == .webPage } ?? audiences.first { $0.form == .label } ?? audiences.first)?.name
    }

    /// The audience subtitles are cut from: the first whose texts are spoken (the built-in
    /// `audio`); without one, subtitles come only from a record's own script.
    static func scriptAudience(_ config: PipelineConfig) -> Audience? {
        config.audiences.first { $0.form == .audioScript }
    }

    package static func plan(_ workspace: Workspace, selection: Selection = Selection()) -> [ArtworkPlan] {
        let config = config(workspace.config, selection: selection)
        return workspace.catalog.artworks.filter(selection.includes).map { plan($0, config: config) }
    }

    /// The configuration a selection runs with: `--stage` narrows the stages.
    static func config(_ config: PipelineConfig, selection: Selection) -> PipelineConfig {
        var config = config
        if !selection.stages.isEmpty {
            // The draft stage always runs (the others start from it); selection narrows the rest.
            config.stages = config.stages.filter { $0 == .draft || selection.stages.contains($0) }
        }
        return config
    }

    /// One artwork's jobs (`config` as `config(_:selection:)` gives it).
    static func plan(_ artwork: Artwork, config: PipelineConfig) -> ArtworkPlan {
        // Every output language other than the record's own: the museum's source language
        // first (a record written in another language is translated into it), then the others.
        var targets: [String] = []
        if config.stages.contains(.translate) {
            for language in [config.sourceLanguage] + config.languages where language != artwork.language && !targets.contains(language) {
                targets.append(language)
            }
        }
        var plan = ArtworkPlan(artworkID: artwork.id, chains: config.audiences.map { audience in
            ArtworkPlan.Chain(
                draft: JobKey(artwork: artwork.id, stage: .draft, audience: audience.name, language: artwork.language),
                translations: targets.map {
                    JobKey(artwork: artwork.id, stage: .translate, audience: audience.name, language: $0)
                })
        })
        let languages = [artwork.language] + targets
        if config.stages.contains(.seo), let page = seoSourceAudience(config) {
            plan.extras += languages.map { JobKey(artwork: artwork.id, stage: .seo, audience: page, language: $0) }
        }
        if config.stages.contains(.subtitles) {
            let script = scriptAudience(config)
            for language in languages where script != nil || (artwork.script != nil && language == artwork.language) {
                // Named after the audience it is cut from; from a record's own script, the built-in's name.
                plan.extras.append(JobKey(artwork: artwork.id, stage: .subtitles, audience: script?.name ?? "audio", language: language))
            }
        }
        return plan
    }
}

/// Which part of the work a run does: `--only ID…`, `--stage NAME…`, `--shard K/N`.
package struct Selection: Sendable {
    package var only: Set<String>
    package var stages: Set<Stage>
    /// 1-based shard and shard count: a stable partition of the artworks by id, for CI matrices.
    package var shard: (index: Int, count: Int)?

    package init(only: Set<String> = [], stages: Set<Stage> = [], shard: (index: Int, count: Int)? = nil) {
        self.only = only
        self.stages = stages
        self.shard = shard
    }

    package func includes(_ artwork: Artwork) -> Bool {
        if !only.isEmpty && !only.contains(artwork.id) { return false }
        if let shard { return Self.shard(of: artwork.id, count: shard.count) == shard.index }
        return true
    }

    /// A stable hash of the id: the same artwork lands in the same shard on every machine.
    package static func shard(of id: String, count: Int) -> Int {
        Int(StableHash.of(id) % UInt64(max(1, count))) + 1
    }
}
