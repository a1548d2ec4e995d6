import Domain
import Catalog
import Foundation
import LLM
import Prose
import Review

/// Whether an output on disk stands for its inputs as they are now: what `docent check` asks
/// before anything is published, without a run and without a request.
package struct OutputFreshness: Sendable, Hashable {
    package enum State: Sendable, Hashable {
        /// Made from the inputs as they are now.
        case current
        /// Not written yet.
        case missing
        /// A proposal for the current inputs is already beside it (`status` says it is stale).
        case proposalWaiting
        /// Its inputs changed since it was written; `protected` says whether a run would put the
        /// new text beside it (approved or edited) rather than over it.
        case changed(protected: DraftWriteDecision.ProtectedReason?)
    }
    package var key: JobKey
    package var path: String
    package var state: State
    /// What changed, in words ("its record changed"); nil unless `changed`.
    package var why: String?

    /// The sentence `docent check` prints.
    package var message: String? {
        guard case .changed(let protected) = state, let why else { return nil }
        switch protected {
        case .approved: return "\(why) since it was approved: run docent run for a proposal"
        case .edited: return "\(why) since it was edited: run docent run for a proposal"
        case .unreadable: return "\(why), and its metadata cannot be read: run docent run for a proposal"
        case nil: return "\(why) since it was written: run docent run"
        }
    }
}

/// A model that only says which it is: what inputs hashes need, for commands that send
/// nothing (`docent check`), so that they need no key and no endpoint.
package struct DescribedModel: ChatModel {
    package let descriptor: ModelDescriptor

    package init(_ descriptor: ModelDescriptor) {
        self.descriptor = descriptor
    }

    package func complete(_ request: ChatRequest) async throws -> ChatResponse {
        throw ChatError.unsupported("this command sends no request")
    }
}

extension Runner {
    /// Each planned output's freshness, decided as `plan` and `run` decide it: the inputs
    /// hash the job would have now (records, templates, style guide, house style, model, and for
    /// a derived output the text on disk it is made from) against the one in the file.
    package func freshness(_ selection: Selection = Selection()) -> [OutputFreshness] {
        let artworks = Dictionary(uniqueKeysWithValues: workspace.catalog.artworks.map { ($0.id, $0) })
        var results: [OutputFreshness] = []
        for plan in Planner.plan(workspace, selection: selection) {
            guard let artwork = artworks[plan.artworkID] else { continue }
            let recordChanged = recordChanged(artwork)
            for chain in plan.chains {
                results.append(freshness(chain.draft, artwork: artwork, sourceText: nil, recordChanged: recordChanged))
                guard let source = currentBody(chain.draft) else { continue }
                for key in chain.translations {
                    results.append(freshness(key, artwork: artwork, sourceText: source, recordChanged: recordChanged))
                }
            }
            for key in plan.extras {
                if let result = extraFreshness(key, artwork: artwork, recordChanged: recordChanged) { results.append(result) }
            }
        }
        return results
    }

    /// Whether the record as read now differs from the `record.json` the last run wrote.
    private func recordChanged(_ artwork: Artwork) -> Bool {
        guard let path = try? workspace.layout.recordPath(artwork.id), let written = FileManager.default.contents(atPath: path),
              let now = try? JSONEncoder.docentPretty.encode(artwork) else { return false }
        return written != now + Data("\n".utf8)
    }

    private func freshness(_ key: JobKey, artwork: Artwork, sourceText: String?, recordChanged: Bool) -> OutputFreshness {
        guard let prepared = try? prepare(key, artwork: artwork, sourceText: sourceText) else {
            return OutputFreshness(key: key, path: "", state: .current)
        }
        var recorded: String?
        if case .readable(let document) = store.existing(at: prepared.draftPath) { recorded = document.frontMatter.source }
        let sourceName = DraftName(audience: key.audience, language: artwork.language).description
        return result(key, path: prepared.draftPath, decision: prepared.decision,
                      why: Self.why(recordChanged: recordChanged, source: sourceText, recorded: recorded, sourceName: sourceName,
                                    seesImage: key.stage == .draft && prepared.task.audience.seesImage))
    }

    private func extraFreshness(_ key: JobKey, artwork: Artwork, recordChanged: Bool) -> OutputFreshness? {
        let sourceAudience = key.audience
        let sourceName = DraftName(audience: sourceAudience, language: key.language).description
        let source = key.stage == .seo ? draftBody(key.artwork, audience: key.audience, language: key.language) : subtitleScript(key, artwork: artwork)
        guard let source, let format = ArtifactFormat(key.stage.outputKind),
              let prepared = try? prepareExtra(key, artwork: artwork, source: source) else { return nil }
        let (paths, decision) = (prepared.paths, prepared.decision)
        let recorded = (try? String(contentsOfFile: paths.path, encoding: .utf8)).flatMap(format.metadata(of:))?.source
        // Subtitles cut from the record's own script change with the record.
        let fromRecord = key.stage == .subtitles && key.language == artwork.language && artwork.script != nil
        return result(key, path: paths.path, decision: decision,
                      why: Self.why(recordChanged: recordChanged, source: fromRecord ? nil : source, recorded: recorded, sourceName: sourceName))
    }

    private func result(_ key: JobKey, path: String, decision: DraftWriteDecision, why: String) -> OutputFreshness {
        switch decision {
        case .create: OutputFreshness(key: key, path: path, state: .missing)
        case .upToDate: OutputFreshness(key: key, path: path, state: .current)
        case .proposalUpToDate: OutputFreshness(key: key, path: path, state: .proposalWaiting)
        case .overwrite: OutputFreshness(key: key, path: path, state: .changed(protected: nil), why: why)
        case .propose(let reason): OutputFreshness(key: key, path: path, state: .changed(protected: reason), why: why)
        }
    }

    /// Which input changed, as far as the files tell: the text it was made from, the record
    /// (against the last run's `record.json`), else what shapes every prompt.
    private static func why(recordChanged: Bool, source: String?, recorded: String?, sourceName: String, seesImage: Bool = false) -> String {
        if let source, let recorded, ContentHash.ofBody(source) != recorded { return "its source text (\(sourceName)) changed" }
        if recordChanged { return "its record changed" }
        return seesImage ? "its image, templates, style guide, house style or model changed"
            : "its templates, style guide, house style or model changed"
    }
}
