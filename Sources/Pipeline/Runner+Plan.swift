import Project
import Catalog
import Prompts
import Checks
import LLM
import Review

/// What `docent plan` shows for one job.
package struct PlanEntry: Sendable, Codable {
    package enum Action: String, Sendable, Codable {
        case create, update, propose
        case upToDate = "up_to_date"
        case protected
        /// A translation whose source draft is regenerated first: it will run.
        case afterSource = "after_source"
        case invalid
    }
    package var key: JobKey
    package var action: Action
    package var reason: String
    package var estimatedPromptTokens: Int
    package var estimatedCompletionTokens: Int
    package var estimatedCost: Double

    enum CodingKeys: String, CodingKey {
        case key = "job", action, reason
        case estimatedPromptTokens = "estimated_prompt_tokens"
        case estimatedCompletionTokens = "estimated_completion_tokens"
        case estimatedCost = "estimated_cost"
    }

    package var runs: Bool { [.create, .update, .propose, .afterSource].contains(action) }
}

extension Runner {
    /// A dry run: what each job would do and what it would cost, without calling any model.
    ///
    /// It says exactly what `run` will do. A job downstream of a draft that is rewritten (its
    /// translations, SEO data, subtitles) depends on the draft's new text: where that text can
    /// be known without a request (the offline engine, or an answer already in the cache that
    /// needs no revision) the job is decided on it; otherwise it runs after its source.
    package func plan(_ selection: Selection = Selection()) async -> [PlanEntry] {
        let artworks = Dictionary(uniqueKeysWithValues: workspace.catalog.artworks.map { ($0.id, $0) })
        let pricing = Pricing(config: workspace.config)
        var entries: [PlanEntry] = []
        for plan in Planner.plan(workspace, selection: selection) {
            guard let artwork = artworks[plan.artworkID] else { continue }
            // The text each draft will have after the run, by draft name; nil when only the run can tell.
            var bodies: [DraftName: String?] = [:]
            for chain in plan.chains {
                let (draft, draftBody) = await entry(chain.draft, artwork: artwork, sourceText: nil, pricing: pricing)
                entries.append(draft)
                bodies[chain.draft.draftName] = draftBody
                for key in chain.translations {
                    if let source = draftBody {
                        let (translation, body) = await entry(key, artwork: artwork, sourceText: source, pricing: pricing)
                        entries.append(translation)
                        bodies[key.draftName] = body
                    } else {
                        var (estimate, _) = await entry(key, artwork: artwork, sourceText: "", pricing: pricing)
                        estimate.action = .afterSource
                        estimate.reason = "its source draft is written first"
                        entries.append(estimate)
                        bodies[key.draftName] = .some(nil)
                    }
                }
            }
            entries += plan.extras.map { extraEntry($0, artwork: artwork, bodies: bodies) }
        }
        return entries
    }

    /// The text a run would write for a job that needs text, when it can be known without a
    /// request: the offline engine's (free and deterministic), or an answer the cache already
    /// holds that the checks would not send back for revision.
    private func foreseenText(_ prepared: PreparedJob) async -> String? {
        let answer: String
        if model.descriptor.provider == "offline" {
            guard let response = try? await transport.complete(prepared.request) else { return nil }
            answer = response.text
        } else {
            guard let hit = cache?.peek(for: prepared.request) else { return nil }
            answer = hit.text
        }
        let body = finishing(AnswerCleaner.clean(answer), task: prepared.task)
        let revises = model.descriptor.provider != "offline" && workspace.config.limits.revisionRounds > 0
        if revises, proofreader(for: prepared.task).check(body).contains(where: { $0.severity == .error }) { return nil }
        return body
    }

    /// SEO and subtitles: what they would do, given the drafts they start from.
    /// `bodies`: the drafts' texts after the run (nil inside: only the run can tell).
    private func extraEntry(_ key: JobKey, artwork: Artwork, bodies: [DraftName: String?]) -> PlanEntry {
        let sourceAudience = key.stage == "seo" ? key.audience : "audio"
        let sourceName = DraftName(audience: sourceAudience, language: key.language)
        let sourceUnknown = bodies[sourceName].map { $0 == nil } ?? false
        // The page or script as the run will find it: the foreseen text, else the file on disk.
        let sourceText: String? = bodies[sourceName].flatMap { $0 } ?? draftBody(key.artwork, audience: sourceAudience, language: key.language)
        func entry(_ action: PlanEntry.Action, _ reason: String, prompt: Int = 0, completion: Int = 0) -> PlanEntry {
            PlanEntry(key: key, action: action, reason: reason, estimatedPromptTokens: prompt, estimatedCompletionTokens: completion,
                      estimatedCost: Pricing(config: workspace.config).cost(of: TokenUsage(prompt: prompt, completion: completion), model: model.descriptor))
        }
        if sourceUnknown && !(key.stage == "subtitles" && key.language == artwork.language && artwork.script != nil) {
            return entry(.afterSource, "its source draft is written first", prompt: key.stage == "seo" ? 900 : 0, completion: key.stage == "seo" ? 250 : 0)
        }
        let decision: DraftWriteDecision
        var promptTokens = 0
        do {
            if key.stage == "seo" {
                guard let page = sourceText else {
                    return entry(.invalid, "the page text (\(key.audience).\(key.language)) is missing")
                }
                let request = try seoRequest(key, artwork: artwork, page: page)
                promptTokens = TokenEstimate.count(request.messages)
                let paths = try artifactPaths(key, extension: "json")
                decision = ArtifactFormat.seoJSON.decide(path: paths.path, proposedPath: paths.proposed, inputs: InputsHash.of(request, model: model.descriptor))
            } else {
                guard let script = subtitleScript(key, artwork: artwork, audioDraft: sourceText) else {
                    return entry(.invalid, "no script to cut subtitles from")
                }
                let paths = try artifactPaths(key, extension: "vtt")
                decision = ArtifactFormat.webVTT.decide(path: paths.path, proposedPath: paths.proposed,
                                                        inputs: Self.subtitleInputs(key, script: script, rules: subtitleRules))
            }
        } catch {
            return entry(.invalid, "\(error)")
        }
        let completion = key.stage == "seo" ? 250 : 0
        switch decision {
        case .create: return entry(.create, "not written yet", prompt: promptTokens, completion: completion)
        case .overwrite: return entry(.update, "its inputs changed", prompt: promptTokens, completion: completion)
        case .propose(let why): return entry(.propose, "inputs changed; the file is \(why.rawValue)", prompt: promptTokens, completion: completion)
        case .upToDate: return entry(.upToDate, "inputs unchanged")
        case .proposalUpToDate(let why): return entry(.protected, "\(why.rawValue); its proposal is current")
        }
    }

    /// A draft or translation's entry, and its text after the run (nil: only the run can tell).
    private func entry(_ key: JobKey, artwork: Artwork, sourceText: String?, pricing: Pricing) async -> (PlanEntry, String?) {
        let prepared: PreparedJob
        do {
            prepared = try prepare(key, artwork: artwork, sourceText: sourceText)
        } catch {
            return (PlanEntry(key: key, action: .invalid, reason: "\(error)", estimatedPromptTokens: 0,
                              estimatedCompletionTokens: 0, estimatedCost: 0), nil)
        }
        let body: String? = switch prepared.decision {
        case .create, .overwrite: await foreseenText(prepared)
        // Beside a protected draft, or nothing to do: the draft on disk stays what later jobs read.
        case .propose, .proposalUpToDate, .upToDate: currentBody(key)
        }
        let action: PlanEntry.Action
        let reason: String
        switch prepared.decision {
        case .create: (action, reason) = (.create, "no draft yet")
        case .overwrite: (action, reason) = (.update, "its inputs changed")
        case .propose(let why): (action, reason) = (.propose, "inputs changed; the draft is \(why.rawValue), so the new text goes beside it")
        case .upToDate: (action, reason) = (.upToDate, "inputs unchanged")
        case .proposalUpToDate(let why): (action, reason) = (.protected, "\(why.rawValue); its proposal is current")
        }
        let promptTokens = TokenEstimate.count(prepared.request.messages)
        // About 1.4 tokens a word, for the longest text the audience allows.
        let completionTokens = min(prepared.request.maxTokens ?? workspace.config.model.maxTokens, Int(Double(prepared.task.audience.maxWords) * 1.4) + 20)
        let cost = pricing.cost(of: TokenUsage(prompt: promptTokens, completion: completionTokens), model: model.descriptor)
        return (PlanEntry(key: key, action: action, reason: reason, estimatedPromptTokens: promptTokens,
                          estimatedCompletionTokens: completionTokens, estimatedCost: cost), body)
    }
}
