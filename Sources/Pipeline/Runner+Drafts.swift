import Catalog
import OfflineEngine
import Prompts
import Foundation
import Project
import LLM
import Domain
import Checks

/// A failure after answers were paid for (an answer cut off at the token limit, a revision
/// that failed after the first draft came): the job fails, and its tokens and cost are
/// counted in the report, the summary and the budget.
struct PaidFailure: Error, CustomStringConvertible {
    var error: any Error
    var usage: TokenUsage
    var attempts: Int
    var description: String { "\(error)" }
}

/// A text ready to be written: the final body, what the checks still find, what it cost.
struct ProducedText: Sendable {
    var body: String
    var findings: [Finding]
    var usage: TokenUsage
    var attempts: Int
    var revisions: Int
}

extension Runner {
    /// The job whose requests the current task makes (for counting batch answers once).
    @TaskLocal static var asking: JobKey?

    /// One model call: an answer from the cache, else from the model (whose gate decides when
    /// the request goes out), stored before it is used.
    /// `inputs`: the request's inputs hash when the job has it already (its cache key).
    func callModel(_ request: ChatRequest, stop: RunStop, inputs: String? = nil) async throws -> ChatResponse {
        guard let cached = cache else { return try await send(request, stop: stop) }
        if let reason = stop.current { throw RunStopped(reason: reason) }
        // The request's hash, worked out once for the lookup, the sharing, the store and the budget.
        let key = inputs.map(AnswerCache.key(inputs:)) ?? cached.key(request)
        let (batch, budget, descriptor, asking) = (models.batch, budget, model.descriptor, Runner.asking)
        return try await cached.answer(key: key, stored: { hit in
            var hit = hit
            if let asking, let usage = batch?.claim(key, by: asking) {
                // Collected from a batch by this run: counted by the first job that uses it (a
                // job walks past it again in each round; only its last round's record is kept;
                // another job asking the same shares it for nothing).
                hit.usage = usage
                hit.attempts = 1
                budget?.spend(usage, model: descriptor, request: key)
            } else {
                // Paid for by an earlier run.
                hit.usage = .zero
            }
            return hit
        }) { store in
            // Stored as soon as it arrives, while the request still counts as in flight (an
            // endpoint tells `RunControl.answered`); by the cache afterwards otherwise (offline, batch).
            let response = try await send(request, stop: stop, key: key, store: store)
            // In a batch run the job walks past this answer again in later rounds (from the
            // cache): it is counted there too, for this job only (sent again synchronously, or
            // read from an earlier run's batch).
            batch?.paid(key, usage: response.usage, by: asking)
            return response
        }
    }

    /// A request to the model, within the budget; a rejected key stops the run.
    /// `key`: the request's cache key, when it has one (the budget counts an answer once);
    /// `store`: given the answer as soon as it arrives (the answer cache).
    func send(_ request: ChatRequest, stop: RunStop, key: String? = nil,
              store: (@Sendable (ChatResponse) -> Void)? = nil) async throws -> ChatResponse {
        var request = request
        request.cacheKey = key
        let control = JobControl(stop: stop, budget: budget, model: model.descriptor, messages: request.messages,
                                 maxTokens: request.maxTokens, store: store)
        request.control = control
        try control.beforeSending()
        do {
            // The network only: the cache is the job's business (`callModel`).
            let response = try await inFlight.during { try await transport.complete(request) }
            // Paid for, whatever it holds: counted against the budget and in the report.
            budget?.spend(response.usage, model: model.descriptor, request: key)
            if response.finishReason == .length {
                // Not kept by the cache either: a cut-off answer is an error, never a short draft.
                throw PaidFailure(error: ChatError.truncated, usage: response.usage, attempts: response.attempts)
            }
            return response
        } catch let error as ChatError where error.stopsRun {
            // Recorded at once, so that no waiting job starts.
            _ = stop.stop(error)
            throw error
        }
    }

    /// The checks a task's text gets.
    func proofreader(for task: DraftTask) -> Proofreader {
        Proofreader(audience: task.audience, language: task.language, artwork: task.artwork,
                    institution: workspace.config.institution.name, guide: workspace.styleGuide)
    }

    /// Asks the model, checks the answer, sends it back with the problems while errors remain
    /// (at most `limits.revision_rounds` times), then, when `proof` is a stage and a model is
    /// configured, asks for a proofreading pass whose issues join the checks.
    /// `inputs`: the request's inputs hash (`PreparedJob.inputs`), its cache key.
    func produce(_ task: DraftTask, request: ChatRequest, inputs: String? = nil, stop: RunStop) async throws -> ProducedText {
        var usage = TokenUsage.zero
        var attempts = 0
        do {
            return try await produce(task, request: request, inputs: inputs, stop: stop, usage: &usage, attempts: &attempts)
        } catch let error as PaidFailure {
            throw PaidFailure(error: error.error, usage: usage + error.usage, attempts: attempts + error.attempts)
        } catch let error where usage != .zero && !(error is RunStopped) && !(error is BatchPending) && !(error is CancellationError) {
            // Answers already paid for in this job (a first draft before a revision that failed).
            throw PaidFailure(error: error, usage: usage, attempts: attempts)
        }
    }

    /// The first answer to a draft's request: cut off at its audience's token budget, it is
    /// asked once more with twice the room (never above `model.max_tokens`) before it fails.
    private func firstAnswer(_ request: ChatRequest, inputs: String? = nil, stop: RunStop, usage: inout TokenUsage, attempts: inout Int) async throws -> ChatResponse {
        do {
            return try await callModel(request, stop: stop, inputs: inputs)
        } catch let cut as PaidFailure where cut.error as? ChatError == .truncated {
            usage = usage + cut.usage
            attempts += cut.attempts
            let ceiling = workspace.config.model.maxTokens
            guard let room = request.maxTokens, room < ceiling else { throw PaidFailure(error: cut.error, usage: .zero, attempts: 0) }
            var wider = request
            wider.maxTokens = min(room * 2, ceiling)
            return try await callModel(wider, stop: stop)
        }
    }

    private func produce(_ task: DraftTask, request: ChatRequest, inputs: String?, stop: RunStop, usage: inout TokenUsage, attempts: inout Int) async throws -> ProducedText {
        let offline = model.descriptor.provider.isOffline
        let checks = proofreader(for: task)
        var response = try await firstAnswer(request, inputs: inputs, stop: stop, usage: &usage, attempts: &attempts)
        usage = usage + response.usage
        attempts += response.attempts
        var body = finishing(AnswerCleaner.clean(response.text), task: task)
        var findings = check(body, with: checks)
        var revisions = 0
        var conversation = request
        while !offline, revisions < workspace.config.limits.revisionRounds, findings.contains(where: { $0.severity == .error }) {
            revisions += 1
            conversation.messages.append(ChatMessage(.assistant, body))
            conversation.messages.append(ChatMessage(.user, Self.revisionPrompt(findings)))
            response = try await firstAnswer(conversation, stop: stop, usage: &usage, attempts: &attempts)
            usage = usage + response.usage
            attempts += response.attempts
            body = finishing(AnswerCleaner.clean(response.text), task: task)
            findings = check(body, with: checks)
        }
        if revisions > 0 {
            findings.append(Finding("revised", .info, "revised \(revisions) time\(revisions == 1 ? "" : "s") after the checks"))
        }
        if offline {
            findings += OfflineChatModel.limitations(for: task)
        } else if workspace.config.stages.contains(.proof) {
            let review = ProofreadingPass.request(for: body, language: task.language, audience: task.audience)
            do {
                let answer = try await callModel(review, stop: stop)
                usage = usage + answer.usage
                attempts += answer.attempts
                findings += ProofreadingPass.findings(from: answer.text, in: body)
            } catch let pending as BatchPending {
                // The draft is written when its proofreading is in, by the run that collects it.
                throw pending
            } catch let paid as PaidFailure {
                // Cut off: paid for, and said, never silence.
                usage = usage + paid.usage
                attempts += paid.attempts
                findings.append(Finding("proofread-unreadable", .warning, "the proofreading answer was cut off at the token limit: no proofreading"))
            } catch {
                // A proofreading pass that fails leaves the checks as they are.
            }
        }
        return ProducedText(body: body, findings: findings, usage: usage, attempts: attempts, revisions: revisions)
    }

    /// What the checks find in `body`; in a batch run, once per text of a job (`CheckMemo`).
    func check(_ body: String, with checks: Proofreader) -> [Finding] {
        guard let checkMemo else { return checks.check(body) }
        return checkMemo.findings(Runner.asking, body: body) { checks.check(body) }
    }

    /// Translations get the target locale's typography.
    func finishing(_ body: String, task: DraftTask) -> String {
        task.kind == .translate && !model.descriptor.provider.isOffline ? Typography.apply(body, language: task.language) : body
    }

    static func revisionPrompt(_ findings: [Finding]) -> String {
        let problems = findings.filter { $0.severity != .info }.map { "- \($0.rule): \($0.message)" }.joined(separator: "\n")
        return "The checks found these problems in your text. Revise it to fix them, keeping everything else. "
            + "Answer with the revised text only.\n\(problems)"
    }
}
