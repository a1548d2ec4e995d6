import ArgumentParser
import Catalog
import Prompts
import Foundation
import Prose
import HouseStyle
import Pipeline
import Project
import Review
import Domain
import Checks

struct ProofCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "proof",
        abstract: "Run the deterministic checks on any text file (drafts or plain text).",
        discussion: """
            Prints one line per finding, as PATH:LINE:COLUMN:RULE:MESSAGE (Vale-like), and exits 1 \
            when any finding is an error. Drafts give their own language and audience; the style \
            guide's rules apply when pipeline.json names one.
            """)

    @Argument(help: "Files to check.") var files: [String]
    @Option(name: .long, help: "Language of plain-text files (default: pipeline.json's source_language, else en).") var lang: String?
    @Option(name: .long, help: "Audience whose targets apply (a built-in or configured name).") var audience: String?
    @Option(name: .long, help: "The pipeline configuration (optional here).") var config = "pipeline.json"
    @Flag(name: .long, help: "Machine-readable output.") var json = false

    struct Row: Codable {
        var path: String
        var line: Int
        var column: Int
        var rule: String
        var severity: String
        var message: String
    }

    func validate() throws {
        if files.isEmpty { throw ValidationError("name at least one file") }
        if let lang, !LanguageCode.isValid(lang) { throw ValidationError("--lang: '\(lang)' is not a language code") }
    }

    func run() async throws {
        var pipeline: PipelineConfig?
        var guide: StyleGuide?
        if FileManager.default.fileExists(atPath: config) {
            pipeline = try? ConfigLoader.load(path: config)
            if let path = pipeline?.sources.styleGuide {
                guide = try? StyleGuide.load(path: pipeline!.resolve(path))
            }
        }
        let audiences = pipeline?.audiences ?? Audience.builtIn
        if let audience, !audiences.contains(where: { $0.name == audience }) && Audience.builtIn(named: audience) == nil {
            printError("--audience: '\(audience)' is not a configured or built-in audience")
            throw Exit.usage
        }
        var rows: [Row] = []
        var unreadable = false
        for file in files {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                printError("\(file): cannot be read as UTF-8 text")
                unreadable = true
                continue
            }
            var body = text
            var lineOffset = 0
            var language = lang ?? pipeline?.sourceLanguage ?? "en"
            var audienceName = audience
            var artwork: Artwork?
            if let document = try? DraftDocument.parse(text) {
                body = document.body
                lineOffset = text.prefix(text.count - document.body.count).filter { $0 == "\n" }.count
                language = lang ?? document.frontMatter.language
                audienceName = audience ?? document.frontMatter.audience
                // The record beside the draft, for grounding.
                let recordPath = ((file as NSString).deletingLastPathComponent as NSString).appendingPathComponent("record.json")
                if let data = FileManager.default.contents(atPath: recordPath) {
                    artwork = try? JSONDecoder().decode(Artwork.self, from: data)
                }
            }
            let spec = audienceName.flatMap { name in audiences.first { $0.name == name } ?? Audience.builtIn(named: name) }
            // The same checks as `docent run` gives the text (the style guide's targets and rules).
            let findings = Proofreader(audience: spec, language: language, artwork: artwork,
                                       institution: pipeline?.institution.name, guide: guide).check(body)
            rows += findings.map {
                Row(path: file, line: ($0.line ?? 1) + lineOffset, column: $0.column ?? 1, rule: $0.rule,
                    severity: $0.severity.rawValue, message: $0.message)
            }
        }
        if json {
            let encoder = JSONEncoder.docentPretty
            FileHandle.standardOutput.write(try encoder.encode(rows))
            print()
        } else {
            for row in rows { print("\(row.path):\(row.line):\(row.column):\(row.rule):\(row.message)") }
            let errors = rows.filter { $0.severity == "error" }.count
            printError("\(rows.count) finding\(rows.count == 1 ? "" : "s") (\(errors) error\(errors == 1 ? "" : "s")) in \(files.count) file\(files.count == 1 ? "" : "s")")
        }
        if unreadable { throw Exit.dataError }
        if rows.contains(where: { $0.severity == "error" }) { throw Exit.failures }
    }
}
