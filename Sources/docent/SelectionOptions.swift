import Domain
import ArgumentParser
import Pipeline
import Project
import Review

/// `--stage translate`: parsed into the stage, or refused naming the stages there are.
extension Stage: ExpressibleByArgument {
    package init?(argument: String) {
        self.init(rawValue: argument)
    }

    package static var allValueStrings: [String] { allCases.map(\.rawValue) }
}

/// `--only ID…`, `--stage NAME…`, `--shard K/N`.
struct SelectionOptions: ParsableArguments {
    @Option(name: .long, parsing: .upToNextOption, help: "Only these artwork ids.")
    var only: [String] = []

    @Option(name: .long, parsing: .upToNextOption, help: "Only these stages besides draft (translate, seo, subtitles, proof).")
    var stage: [Stage] = []

    @Option(name: .long, help: "Only shard K of N (a stable partition of the artworks, for CI matrices), e.g. 2/4.")
    var shard: String?

    func validate() throws {
        _ = try parsedShard()
    }

    func parsedShard() throws -> (index: Int, count: Int)? {
        guard let shard else { return nil }
        let parts = shard.split(separator: "/").compactMap { Int($0) }
        guard parts.count == 2, parts[1] >= 1, (1...parts[1]).contains(parts[0]) else {
            throw ValidationError("--shard takes K/N with 1 ≤ K ≤ N, e.g. 2/4")
        }
        return (parts[0], parts[1])
    }

    var selection: Selection {
        Selection(only: Set(only), stages: Set(stage), shard: (try? parsedShard()) ?? nil)
    }

    /// Ids named with --only that no record has.
    func unknownIDs(in workspace: Workspace) -> [String] {
        Set(only).subtracting(workspace.catalog.artworks.map(\.id)).sorted()
    }
}
