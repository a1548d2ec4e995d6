import Domain
import Project
import Catalog
import Prompts
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
        /// Not written for this artwork (an image audience without an image).
        case skip
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
        let factors = costFactors()
        var entries: [PlanEntry] = []
        for plan in Planner.plan(workspace, selection: selection) {
            guard let artwork = artworks[plan.artworkID] else { continue }
            // The text each draft will have after the run, by draft name; nil when only the run can tell.
            var bodies: [DraftName: String?] = [:]
            for chain in plan.chains {
                let (draft, draftBody) = await entry(chain.draft, artwork: artwork, sourceText: nil, pricing: pricing, factors: factors)
                entries.append(draft)
                bodies[chain.draft.draftName] = draftBody
                for key in chain.translations {
                    if let source = draftBody {
                        let (translation, body) = await entry(key, artwork: artwork, sourceText: source, pricing: pricing, factors: factors)
                        entries.append(translation)
                        bodies[key.draftName] = body
                    } else {
                        var (estimate, _) = await entry(key, artwork: artwork, sourceText: "", pricing: pricing, factors: factors)
                        if estimate.action != .skip {
                            estimate.action = .afterSource
                            estimate.reason = "its source draft is written first"
                        }
                        entries.append(estimate)
                        bodies[key.draftName] = .some(nil)
                    }
                }
            }
            entries += plan.extras.map { extraEntry($0, artwork: artwork, bodies: bodies, factors: factors) }
        }
        return entries
    }

    /// How much a job costs beyond the estimate of its first request, by stage (prompt and
    /// completion factors): as observed in the last run with this model (`report.json`:
    /// revision rounds, proofreading passes, answers longer or shorter than foreseen), else the
    /// stated defaults (`defaultFactors`).
    func costFactors() -> [Stage: (prompt: Double, completion: Double)] {
        var factors: [Stage: (prompt: Double, completion: Double)] = [:]
        let last = LastRun.read(in: workspace.layout).flatMap { $0.generator == model.descriptor ? $0 : nil }
        for stage in [Stage.draft, .translate, .seo] {
            factors[stage] = last?.observedFactors(stage: stage) ?? defaultFactors(stage: stage)
        }
        return factors
    }

    /// Without an earlier run of this model: half the texts revised once when
    /// `limits.revision_rounds` allows (a revision resends the prompt with the first answer),
    /// and a proofreading pass on each text when `proof` is a stage (about half the prompt,
    /// a third of the answer); SEO as estimated.
    func defaultFactors(stage: Stage) -> (prompt: Double, completion: Double) {
        guard stage != .seo, !model.descriptor.provider.isOffline else { return (1, 1) }
        let revises = workspace.config.limits.revisionRounds > 0 ? 0.5 : 0
        let proofs = workspace.config.stages.contains(.proof) ? 1.0 : 0
        return (1 + revises * 1.3 + proofs * 0.5, 1 + revises + proofs * 0.35)
    }

    /// The tokens a job's first request is estimated at: its prompt, and about 1.4 tokens a
    /// word for the longest text its audience allows (at most its `max_tokens`).
    func firstRequestEstimate(_ prepared: PreparedJob) -> (prompt: Int, completion: Int) {
        (TokenEstimate.count(prepared.request.messages, provider: model.descriptor.provider),
         min(prepared.request.maxTokens ?? workspace.config.model.maxTokens, Int(Double(prepared.task.audience.maxWords) * 1.4) + 20))
    }

    /// The text a run would write for a job that needs text, when it can be known without a
    /// request: the offline engine's (free and deterministic), or an answer the cache already
    /// holds that the checks would not send back for revision.
    private func foreseenText(_ prepared: PreparedJob) async -> String? {
        let answer: String
        if model.descriptor.provider.isOffline {
            guard let response = try? await transport.complete(prepared.request) else { return nil }
            answer = response.text
        } else {
            guard let hit = cache?.peek(for: prepared.request) else { return nil }
            answer = hit.text
        }
        let body = finishing(AnswerCleaner.clean(answer), task: prepared.task)
        let revises = !model.descriptor.provider.isOffline && workspace.config.limits.revisionRounds > 0
        if revises, proofreader(for: prepared.task).check(body).contains(where: { $0.severity == .error }) { return nil }
        return body
    }

    /// SEO and subtitles: what they would do, given the drafts they start from.
    /// `bodies`: the drafts' texts after the run (nil inside: only the run can tell).
    private func extraEntry(_ key: JobKey, artwork: Artwork, bodies: [DraftName: String?],
                            factors: [Stage: (prompt: Double, completion: Double)]) -> PlanEntry {
        let sourceAudience = key.audience
        let sourceName = DraftName(audience: sourceAudience, language: key.language)
        let sourceUnknown = bodies[sourceName].map { $0 == nil } ?? false
        // The page or script as the run will find it: the foreseen text, else the file on disk.
        let sourceText: String? = bodies[sourceName].flatMap { $0 } ?? draftBody(key.artwork, audience: sourceAudience, language: key.language)
        func entry(_ action: PlanEntry.Action, _ reason: String, prompt base: Int = 0, completion baseCompletion: Int = 0) -> PlanEntry {
            let factor = factors[key.stage] ?? (1, 1)
            let (prompt, completion) = (Int((Double(base) * factor.prompt).rounded()), Int((Double(baseCompletion) * factor.completion).rounded()))
            return PlanEntry(key: key, action: action, reason: reason, estimatedPromptTokens: prompt, estimatedCompletionTokens: completion,
                      estimatedCost: Pricing(config: workspace.config).cost(of: TokenUsage(prompt: prompt, completion: completion), model: model.descriptor))
        }
        if sourceUnknown && !(key.stage == .subtitles && key.language == artwork.language && artwork.script != nil) {
            guard key.stage == .seo else { return entry(.afterSource, "its source draft is written first") }
            // The request without its page, and a page of the length its audience aims at.
            let pageTokens = workspace.config.audiences.first { $0.name == key.audience }.map { Int(Double($0.minWords + $0.maxWords) * 0.7) } ?? 200
            let prompt = ((try? seoRequest(key, artwork: artwork, page: "")).map { TokenEstimate.count($0.messages) } ?? 400) + pageTokens
            return entry(.afterSource, "its source draft is written first", prompt: prompt, completion: 250)
        }
        let source: String
        if key.stage == .seo {
            guard let page = sourceText else { return entry(.invalid, "the page text (\(key.audience).\(key.language)) is missing") }
            source = page
        } else {
            guard let script = subtitleScript(key, artwork: artwork, audioDraft: sourceText) else {
                return entry(.invalid, "no script to cut subtitles from")
            }
            source = script
        }
        let prepared: PreparedExtra
        do {
            prepared = try prepareExtra(key, artwork: artwork, source: source)
        } catch {
            return entry(.invalid, "\(error)")
        }
        let decision = prepared.decision
        let promptTokens = prepared.request.map { TokenEstimate.count($0.messages) } ?? 0
        let completion = key.stage == .seo ? 250 : 0
        switch decision {
        case .create: return entry(.create, "not written yet", prompt: promptTokens, completion: completion)
        case .overwrite: return entry(.update, "its inputs changed", prompt: promptTokens, completion: completion)
        case .propose(let why): return entry(.propose, "inputs changed; the file is \(why.rawValue)", prompt: promptTokens, completion: completion)
        case .upToDate: return entry(.upToDate, "inputs unchanged")
        case .proposalUpToDate(let why): return entry(.protected, "\(why.rawValue); its proposal is current")
        }
    }

    /// A draft or translation's entry, and its text after the run (nil: only the run can tell).
    private func entry(_ key: JobKey, artwork: Artwork, sourceText: String?, pricing: Pricing,
                       factors: [Stage: (prompt: Double, completion: Double)]) async -> (PlanEntry, String?) {
        let prepared: PreparedJob
        do {
            prepared = try prepare(key, artwork: artwork, sourceText: sourceText)
        } catch let skipped as JobNotApplicable {
            return (PlanEntry(key: key, action: .skip, reason: skipped.reason, estimatedPromptTokens: 0,
                              estimatedCompletionTokens: 0, estimatedCost: 0), nil)
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
        // An answer already in the cache costs nothing again.
        let paid = cache?.peek(for: prepared.request) == nil
        let first = paid ? firstRequestEstimate(prepared) : (prompt: 0, completion: 0)
        let factor = factors[key.stage] ?? (1, 1)
        let promptTokens = Int((Double(first.prompt) * factor.prompt).rounded())
        let completionTokens = Int((Double(first.completion) * factor.completion).rounded())
        let cost = pricing.cost(of: TokenUsage(prompt: promptTokens, completion: completionTokens), model: model.descriptor)
        return (PlanEntry(key: key, action: action, reason: reason, estimatedPromptTokens: promptTokens,
                          estimatedCompletionTokens: completionTokens, estimatedCost: cost), body)
    }
}
