import ArgumentParser
import Foundation
import HTTP
import HouseStyle
import Pipeline
import Project

struct StyleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "style",
        abstract: "Show the house style learned from the site's pages and the style guide's rules.")

    @OptionGroup var project: ProjectOptions

    @Option(name: .long, parsing: .upToNextOption, help: "Pages to learn from: files, folders, globs, sitemap.xml or URLs (override sources.site).")
    var site: [String] = []

    @Flag(name: .long, help: "Read the pages again even if nothing changed locally (remote sites).")
    var refresh = false

    @Flag(name: .long, help: "The whole profile as JSON.")
    var json = false

    func run() async throws {
        var workspace = try Workspace.openForCommand(project)
        if !site.isEmpty {
            let cwd = FileManager.default.currentDirectoryPath
            workspace.config.sources.site = site.map { $0.hasPrefix("/") || $0.contains("://") ? $0 : (cwd as NSString).appendingPathComponent($0) }
        }
        let state = await withHTTPClient(maxConnections: 8) { client in
            var workspace = workspace
            let state = await workspace.learnHouseStyle(client: client, refresh: refresh || !site.isEmpty)
            return (state, workspace.styleDigest)
        }
        if json {
            struct Output: Encodable {
                var state: HouseStyleState
                var digest: String
                var guide: StyleGuide?
            }
            let encoder = JSONEncoder.docentPretty
            FileHandle.standardOutput.write(try encoder.encode(Output(state: state.0, digest: state.1, guide: workspace.styleGuide)))
            print()
            return
        }
        let (reading, digest) = state
        if workspace.config.sources.site.isEmpty {
            print("No site pages configured (sources.site in pipeline.json, or --site): only the style guide is used.")
        } else {
            print("Pages read (\(reading.pagesRead.count))\(reading.fromCache ? ", from .docent/house-style.json" : ""):")
            for page in reading.pagesRead { print("  \(displayPath(page))") }
            if !reading.skipped.isEmpty {
                print("Pages skipped (\(reading.skipped.count)):")
                for page in reading.skipped { print("  \(displayPath(page.source)): \(page.reason)") }
            }
        }
        if let profile = reading.profile {
            print("\nProfile: \(profile.words) words; languages \(profile.languages.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))")
            print("  sentences: mean \(String(format: "%.1f", profile.sentenceWords.mean)) words, median \(Int(profile.sentenceWords.median)), 90 % under \(Int(profile.sentenceWords.p90))")
            print("  paragraphs: median \(Int(profile.paragraphWords.median)) words, 90 % under \(Int(profile.paragraphWords.p90))")
            for (language, score) in profile.readability.sorted(by: { $0.key < $1.key }) {
                print("  reading ease (\(language), \(readabilityFormula(language))): \(score)")
            }
            print("  exemplars: " + profile.exemplars.map { "\($0.kind) (\($0.words) words, \(displayPath($0.source)))" }.joined(separator: "; "))
        }
        if let guide = workspace.styleGuide {
            print("\nStyle guide: \(guide.rules.count) checkable rule\(guide.rules.count == 1 ? "" : "s")")
            for rule in guide.rules { print("  \(rule.name) (\(rule.kind.rawValue), \(rule.level))") }
            for warning in guide.warnings { print("  warning: \(warning)") }
        }
        print("\nDigest given to every prompt:\n" + (digest.isEmpty ? "(empty)" : digest))
    }
}

import Prose

func readabilityFormula(_ language: String) -> String {
    Readability.formula(for: language) ?? "no formula"
}
