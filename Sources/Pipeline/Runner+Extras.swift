import Catalog
import Prompts
import Foundation
import Project
import LLM
import Review
import Domain

extension Runner {
    /// Runs an artwork's SEO and subtitles jobs (after its drafts are on disk).
    /// `draftsWaiting`: some of the artwork's drafts wait for a provider batch (`--no-wait`).
    func runExtras(_ keys: [JobKey], artwork: Artwork, stop: RunStop, draftsWaiting: Bool = false, counter: ProgressCounter) async -> [RunReport.Job] {
        await withTaskGroup(of: RunReport.Job.self) { group in
            for key in keys {
                group.addTask {
                    switch key.stage {
                    case .seo: await self.runSEO(key, artwork: artwork, stop: stop, draftsWaiting: draftsWaiting, counter: counter)
                    case .subtitles: await self.runSubtitles(key, artwork: artwork, draftsWaiting: draftsWaiting, counter: counter)
                    case .draft, .translate, .proof:
                        self.finish(key, .failed, error: NotAnExtra(stage: key.stage).description, counter: counter)
                    }
                }
            }
            var jobs: [RunReport.Job] = []
            for await job in group { jobs.append(job) }
            return jobs
        }
    }

    /// The body of a draft on disk (the editor's version when edited), or nil.
    func draftBody(_ artwork: String, audience: String, language: String) -> String? {
        currentBody(JobKey(artwork: artwork, stage: .draft, audience: audience, language: language))
    }

    func artifactPaths(_ key: JobKey, extension ext: String) throws -> (path: String, proposed: String) {
        let folder = try workspace.layout.folder(for: key.artwork)
        let base = key.stage == .seo ? "seo.\(key.language)" : "subtitles.\(key.language)"
        return ((folder as NSString).appendingPathComponent("\(base).\(ext)"), (folder as NSString).appendingPathComponent("\(base).proposed.\(ext)"))
    }

    /// An SEO or subtitle job ready to run: its request (SEO data only), its inputs hash, its
    /// file's paths, and what the editor-protection rules say to do with it. What `run`,
    /// `plan` and `check` each decide from.
    struct PreparedExtra {
        var request: ChatRequest?
        var inputs: String
        var paths: (path: String, proposed: String)
        var decision: DraftWriteDecision
    }

    struct NotAnExtra: Error, CustomStringConvertible {
        var stage: Stage
        var description: String { "a \(stage) job is not one that runs after the drafts" }
    }

    /// `source`: the page text (SEO data) or the script (subtitles) the job starts from.
    func prepareExtra(_ key: JobKey, artwork: Artwork, source: String) throws -> PreparedExtra {
        guard let format = ArtifactFormat(key.stage.outputKind) else { throw NotAnExtra(stage: key.stage) }
        let paths = try artifactPaths(key, extension: format.kind.fileExtension)
        let request: ChatRequest?
        let inputs: String
        switch format {
        case .seoJSON:
            let seo = try seoRequest(key, artwork: artwork, page: source)
            (request, inputs) = (seo, InputsHash.of(seo, model: model.descriptor))
        case .webVTT:
            (request, inputs) = (nil, Self.subtitleInputs(key, script: source, rules: subtitleRules))
        }
        return PreparedExtra(request: request, inputs: inputs, paths: paths,
                             decision: format.decide(path: paths.path, proposedPath: paths.proposed, inputs: inputs))
    }

    func metadataLine(inputs: String, body: String, generator: ModelDescriptor) -> [String: Any] {
        ["inputs": inputs, "body": body, "generator": ["provider": generator.provider.rawValue, "model": generator.model],
         "generated_at": Timestamp.string(clock()), "approved": false, "approved_by": NSNull(),
         "ai_generated": true]
    }

    func seoRequest(_ key: JobKey, artwork: Artwork, page: String) throws -> ChatRequest {
        // The approved alt text is the image's alt: the model is given it (and so the SEO data
        // is made again when it changes), and it is what the file says.
        var artwork = artwork
        if let alt = approvedAlt(key.artwork, language: key.language) { artwork.image?.alt = alt }
        return try SEOTask.request(library: workspace.library, artwork: artwork, language: key.language, pageText: page,
                            institution: workspace.config.institution.name, houseStyle: workspace.styleDigest,
                            temperature: workspace.config.model.temperature, reviewNote: artifactReviewNote(key))
    }

    /// The approved draft of the alt-text audience for the artwork in the language, if any.
    func approvedAlt(_ artwork: String, language: String) -> String? {
        guard let audience = workspace.config.audiences.first(where: { $0.form == .altText }),
              let path = try? workspace.layout.draftPath(artwork, DraftName(audience: audience.name, language: language)),
              case .readable(let document) = store.existing(at: path), document.frontMatter.approved else { return nil }
        let text = document.body.split(whereSeparator: \.isNewline).joined(separator: " ").trimmingCharacters(in: .whitespaces)
        return text.isEmpty ? nil : text
    }

    /// The note of an editor's rejection of the SEO data or subtitles on disk, if any.
    func artifactReviewNote(_ key: JobKey) -> String? {
        guard let path = try? workspace.layout.draftPath(key.artwork, key.outputName),
              let text = try? String(contentsOfFile: path, encoding: .utf8),
              let format = ArtifactFormat(path: path) else { return nil }
        return format.metadata(of: text)?.reviewNote
    }

    func runSEO(_ key: JobKey, artwork: Artwork, stop: RunStop, draftsWaiting: Bool = false, counter: ProgressCounter) async -> RunReport.Job {
        guard let page = draftBody(key.artwork, audience: key.audience, language: key.language) else {
            return finish(key, .skipped, error: "the page text (\(key.audience).\(key.language)) is missing\(draftsWaiting ? ": its draft waits for a provider batch" : "")",
                          waitingForBatch: draftsWaiting, counter: counter)
        }
        let prepared: PreparedExtra
        do {
            prepared = try prepareExtra(key, artwork: artwork, source: page)
        } catch {
            return finish(key, .failed, error: "\(error)", cause: error, counter: counter)
        }
        guard let request = prepared.request else { return finish(key, .failed, error: "no SEO request", counter: counter) }
        let (inputs, paths, decision) = (prepared.inputs, prepared.paths, prepared.decision)
        guard decision.needsText else {
            return finish(key, decision == .upToDate ? .upToDate : .protected, file: paths.path, counter: counter)
        }
        var usage = TokenUsage.zero
        var attempts = 0
        var fields: SEOFields?
        var conversation = request
        var lastProblem = ""
        // One answer, and one repair round with the problems when it is not valid.
        for round in 0..<2 {
            do {
                let answer = try await Runner.$asking.withValue(key) { try await callModel(conversation, stop: stop) }
                usage = usage + answer.usage
                attempts += answer.attempts
                fields = try JSONDecoder().decode(SEOFields.self, from: Data(AnswerCleaner.clean(answer.text).utf8))
                break
            } catch let error as ChatError where error.stopsRun {
                return finish(key, .failed, error: error.description, cause: error, counter: counter)
            } catch let stopped as RunStopped {
                return finish(key, .skipped, error: "the run stopped: \(stopped.reason)", counter: counter)
            } catch let pending as BatchPending {
                return finish(key, .skipped, error: pending.description, waitingForBatch: true, counter: counter)
            } catch is CancellationError {
                return finish(key, .skipped, error: "the run was stopped", counter: counter)
            } catch let paid as PaidFailure {
                let spent = usage + paid.usage
                return finish(key, .failed, error: "\(paid.error)", cause: paid.error, usage: spent,
                              cost: Pricing(config: workspace.config).cost(of: spent, model: model.descriptor),
                              attempts: max(1, attempts + paid.attempts), counter: counter)
            } catch ChatError.schemaViolation(let problems) where round == 0 {
                lastProblem = problems
                conversation.messages.append(ChatMessage(.user, "Your JSON does not follow the schema: \(problems). Answer again with corrected JSON only."))
            } catch {
                return finish(key, .failed, error: "\(error)", cause: error, usage: usage,
                              cost: Pricing(config: workspace.config).cost(of: usage, model: model.descriptor),
                              attempts: max(1, attempts), counter: counter)
            }
        }
        guard var fields else {
            return finish(key, .failed, error: "invalid SEO answer after a repair round: \(lastProblem)", usage: usage,
                          cost: Pricing(config: workspace.config).cost(of: usage, model: model.descriptor), attempts: attempts, counter: counter)
        }
        let alt = approvedAlt(key.artwork, language: key.language)
        if let alt { fields.altText = alt }
        let findings = fields.check(against: page)
        var object = (try? JSONSerialization.jsonObject(with: JSONEncoder().encode(fields))) as? [String: Any] ?? [:]
        object["json_ld"] = SEOFields.jsonLD(for: artwork, language: key.language, description: fields.metaDescription,
                                             institution: workspace.config.institution.name, imageDescription: alt)
        var meta = metadataLine(inputs: inputs, body: ArtifactFormat.jsonBodyHash(object), generator: model.descriptor)
        meta["artwork"] = key.artwork
        meta["language"] = key.language
        meta["source"] = ContentHash.ofBody(page)
        meta["source_draft"] = DraftName(audience: key.audience, language: key.language).description
        meta["review_note"] = artifactReviewNote(key) ?? NSNull()
        meta["checks"] = findings.map { ["rule": $0.rule, "severity": $0.severity.rawValue, "message": $0.message] }
        object["_docent"] = meta
        guard let encoded = try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]) else {
            return finish(key, .failed, error: "cannot encode the SEO data", counter: counter)
        }
        // Safe to embed in a page's <script type="application/ld+json"> block, as it is meant to be.
        let data = SEOFields.htmlSafeJSON(encoded)
        return await writeArtifact(key, format: .seoJSON, inputs: inputs, paths: paths, files: [(paths.path, paths.proposed, data + Data("\n".utf8))],
                             findings: findings, usage: usage, attempts: attempts,
                             estimate: (TokenEstimate.count(request.messages), 250), counter: counter)
    }

    /// The script subtitles are cut from: the record's own in its language, else the audio draft.
    /// `audioDraft`: the audio draft's text when it is known (`plan` foresees it), else the file.
    func subtitleScript(_ key: JobKey, artwork: Artwork, audioDraft: String? = nil) -> String? {
        if key.language == artwork.language, let text = artwork.script?.text { return text }
        return audioDraft ?? draftBody(key.artwork, audience: key.audience, language: key.language)
    }

    /// The configured speaking rate and reading speed.
    var subtitleRules: SubtitleRules {
        var rules = SubtitleRules(wordsPerMinute: workspace.config.subtitleWordsPerMinute)
        rules.maxCharactersPerSecond = workspace.config.subtitleCharactersPerSecond
        return rules
    }

    static func subtitleInputs(_ key: JobKey, script: String, rules: SubtitleRules) -> String {
        ContentHash.of("subtitles-v1\u{1F}\(key.language)\u{1F}\(rules)\u{1F}\(script)")
    }

    func runSubtitles(_ key: JobKey, artwork: Artwork, draftsWaiting: Bool = false, counter: ProgressCounter) async -> RunReport.Job {
        guard let script = subtitleScript(key, artwork: artwork) else {
            return finish(key, .skipped, error: "no script: the record has none in '\(key.language)' and the audio draft is missing\(draftsWaiting ? " (it waits for a provider batch)" : "")",
                          waitingForBatch: draftsWaiting, counter: counter)
        }
        let rules = subtitleRules
        let prepared: PreparedExtra
        let srtPaths: (path: String, proposed: String)
        do {
            prepared = try prepareExtra(key, artwork: artwork, source: script)
            srtPaths = try artifactPaths(key, extension: "srt")
        } catch {
            return finish(key, .failed, error: "\(error)", cause: error, counter: counter)
        }
        let (inputs, vttPaths, decision) = (prepared.inputs, prepared.paths, prepared.decision)
        guard decision.needsText else {
            return finish(key, decision == .upToDate ? .upToDate : .protected, file: vttPaths.path, counter: counter)
        }
        let cues = Subtitles.cues(from: script, rules: rules)
        let bare = Subtitles.webVTT(cues)
        let srt = Subtitles.srt(cues)
        // Our own parsers read back what was written, then the timing rules are checked.
        var findings: [Finding] = []
        do {
            let parsed = try Subtitles.parseWebVTT(bare)
            _ = try Subtitles.parseSRT(srt)
            findings = Subtitles.validate(parsed, rules: rules)
        } catch {
            return finish(key, .failed, error: "the subtitles do not parse: \(error)", counter: counter)
        }
        // From the record's own script, the record says when it changed; from the audio
        // draft, the draft's text is recorded.
        let fromRecord = key.language == artwork.language && artwork.script != nil
        let notes = ArtifactFormat.vttNotes(inputs: inputs, body: ArtifactFormat.vttBodyHash(bare), source: ContentHash.ofBody(script),
                                            sourceDraft: fromRecord ? nil : DraftName(audience: key.audience, language: key.language).description,
                                            generatedAt: Timestamp.string(clock()), checks: findings)
        let vtt = Subtitles.webVTT(cues, notes: notes)
        return await writeArtifact(key, format: .webVTT, inputs: inputs, paths: vttPaths,
                             files: [(vttPaths.path, vttPaths.proposed, Data(vtt.utf8)), (srtPaths.path, srtPaths.proposed, Data(srt.utf8))],
                             findings: findings, usage: .zero, attempts: 0, counter: counter)
    }

    /// Writes an SEO or subtitle file under the same rules as drafts: decided again at the
    /// moment of writing, under the artwork's folder lock, from the files on disk then.
    func writeArtifact(_ key: JobKey, format: ArtifactFormat, inputs: String, paths: (path: String, proposed: String),
                       files: [(path: String, proposed: String, data: Data)], findings: [Finding], usage: TokenUsage,
                       attempts: Int, estimate: (prompt: Int, completion: Int)? = nil, counter: ProgressCounter) async -> RunReport.Job {
        let outcome: JobOutcome
        do {
            // On the writing threads; the artwork's folder is synced once at its end.
            let (decision, resolved) = try await AtomicFile.offload {
                try FolderLock.withLock(forFile: paths.path) { () throws -> (DraftWriteDecision, Bool) in
                    let decision = format.decide(path: paths.path, proposedPath: paths.proposed, inputs: inputs)
                    switch decision {
                    case .create, .overwrite:
                        for file in files { try AtomicFile.write(file.data, to: file.path, syncFolder: false) }
                    case .propose:
                        // Word for word the file's own content: the file now stands for the new
                        // inputs (and source), its approval kept; no proposal for editors.
                        let current = (try? String(contentsOfFile: paths.path, encoding: .utf8)).flatMap(format.metadata(of:))
                        let made = files.first.flatMap { format.metadata(of: String(decoding: $0.data, as: UTF8.self)) }
                        if let current, let made, current.currentBody == made.currentBody {
                            let text = try String(contentsOfFile: paths.path, encoding: .utf8)
                            let values: [(key: String, value: ArtifactFormat.MetaValue)] =
                                [("inputs", .text(made.inputs))] + (made.source.map { [("source", .text($0))] } ?? [])
                            try AtomicFile.write(try format.setting(values, in: text), to: paths.path, syncFolder: false)
                            for file in files { try? FileManager.default.removeItem(atPath: file.proposed) }
                            return (decision, true)
                        }
                        for file in files { try AtomicFile.write(file.data, to: file.proposed, syncFolder: false) }
                    case .upToDate, .proposalUpToDate:
                        break
                    }
                    return (decision, false)
                }
            }
            switch decision {
            case _ where resolved: outcome = .resolved
            case .create: outcome = .created
            case .overwrite: outcome = .overwritten
            case .propose: outcome = .proposed
            case .upToDate: outcome = .upToDate
            case .proposalUpToDate: outcome = .protected
            }
        } catch {
            return finish(key, .failed, error: "\(error)", cause: error, counter: counter)
        }
        let cost = Pricing(config: workspace.config).cost(of: usage, model: model.descriptor)
        return finish(key, outcome, file: outcome == .proposed ? paths.proposed : paths.path, usage: usage, cost: cost,
                      checks: findings.map { "\($0.severity.rawValue): \($0.rule): \($0.message)" }, attempts: attempts,
                      estimate: estimate, counter: counter)
    }
}
