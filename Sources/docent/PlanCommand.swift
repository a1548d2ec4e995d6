import ArgumentParser
import Foundation
import Prose
import HTTP
import Pipeline
import Project

struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan", abstract: "Dry run: what would run, what is skipped and why, tokens and cost.")

    @OptionGroup var project: ProjectOptions

    @OptionGroup var select: SelectionOptions

    @Flag(name: .long, help: "Machine-readable output.")
    var json = false

    @Flag(name: .long, help: "List every job, including those that would not run.")
    var all = false

    func run() async throws {
        let workspace = try Workspace.openForCommand(project)
        let recordErrors = workspace.reportRecordIssues()
        let (entries, descriptor) = try await withHTTPClient(maxConnections: 4) { client in
            var workspace = workspace
            workspace.reportHouseStyle(await workspace.learnHouseStyle(client: client), quiet: json)
            let models = try workspace.makeModel(client: client)
            return (await Runner(workspace: workspace, models: models).plan(select.selection), models.descriptor)
        }
        let running = entries.filter(\.runs)
        let prompt = running.reduce(0) { $0 + $1.estimatedPromptTokens }
        let completion = running.reduce(0) { $0 + $1.estimatedCompletionTokens }
        let cost = running.reduce(0) { $0 + $1.estimatedCost }
        let pricing = Pricing(config: workspace.config)
        let priced = pricing.isPriced(descriptor)
        if !priced && !running.isEmpty {
            printError("warning: no price for model '\(descriptor.model)' in pipeline.json's prices: the cost is unknown (not 0)")
        }
        if json {
            struct Output: Codable {
                var jobs: [PlanEntry]
                var runs: Int
                var estimatedPromptTokens: Int
                var estimatedCompletionTokens: Int
                /// Nil when the model has no price.
                var estimatedCost: Double?
                /// The same through the provider's Batch API (`--batch`).
                var estimatedBatchCost: Double?
                var currency: String
                var model: String
                enum CodingKeys: String, CodingKey {
                    case jobs, runs, model, currency
                    case estimatedPromptTokens = "estimated_prompt_tokens"
                    case estimatedCompletionTokens = "estimated_completion_tokens"
                    case estimatedCost = "estimated_cost"
                    case estimatedBatchCost = "estimated_batch_cost"
                }
            }
            let encoder = JSONEncoder.docentPretty
            FileHandle.standardOutput.write(try encoder.encode(Output(
                jobs: entries, runs: running.count, estimatedPromptTokens: prompt, estimatedCompletionTokens: completion,
                estimatedCost: priced ? cost : nil, estimatedBatchCost: priced ? cost * Pricing.batchShare : nil,
                currency: workspace.config.currency, model: descriptor.description)))
            print()
        } else {
            var table = [["JOB", "STAGE", "ACTION", "WHY"]]
            for entry in entries where all || entry.action != .upToDate {
                table.append([entry.key.description, entry.key.stage.rawValue, entry.action.rawValue, entry.reason])
            }
            if table.count > 1 { printTable(table) }
            let skipped = entries.count - running.count
            print("\n\(running.count) of \(entries.count) jobs would run (\(skipped) skipped) with \(descriptor): "
                  + "about \(prompt) prompt + \(completion) completion tokens (revision rounds and proofreading included), "
                  + "estimated cost \(pricing.format(cost, model: descriptor))"
                  + (priced ? " (\(pricing.format(cost * Pricing.batchShare, model: descriptor)) through the provider's Batch API, --batch)" : ""))
        }
        if recordErrors || entries.contains(where: { $0.action == .invalid }) { throw Exit.failures }
    }
}
