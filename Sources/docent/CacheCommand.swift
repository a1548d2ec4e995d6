import ArgumentParser
import Foundation
import Pipeline
import Project

struct CacheCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cache", abstract: "Manage the answer cache (.docent/cache).", subcommands: [Prune.self])

    struct Prune: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove cached answers not used for a while.")

        @OptionGroup var project: ProjectOptions
        @Option(name: .long, help: "Remove answers not used for this many days (0: all).") var days: Double = 30

        func run() async throws {
            let (config, _) = try Workspace.configForCommand(project)
            let result: (files: Int, bytes: Int)
            do {
                result = try AnswerCache(directory: config.resolve(".docent/cache")).prune(olderThan: days)
            } catch let busy as Busy {
                printError("\(busy)")
                throw Exit.code(for: busy)
            }
            print("removed \(result.files) cached answer\(result.files == 1 ? "" : "s") (\(result.bytes / 1024) KB)")
        }
    }
}
