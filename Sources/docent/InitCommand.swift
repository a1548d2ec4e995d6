import Domain
import ArgumentParser
import Catalog
import Foundation
import LLM
import Review

struct InitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Start a project here: pipeline.json, an example record, and Docent's templates.",
        discussion: "Existing files are never overwritten: they are listed and left as they are.")

    @Option(name: .long, help: "The museum's name.") var institution = "My Museum"
    @Option(name: .long, help: "The language records are written in (the sample style guide follows it: French or English).") var language = "en"
    @Option(name: .long, help: "A templates folder to copy instead of Docent's own (which are built into the binary).") var templates: String?
    @Option(name: .long, help: "Read artworks/ with a preset for a collection export: \(RecordPreset.names.joined(separator: ", ")).") var preset: RecordPreset?

    func validate() throws {
        if !LanguageCode.isValid(language) { throw ValidationError("--language: '\(language)' is not a language code like 'fr' or 'en'") }
    }

    /// The templates to write: a folder given with --templates, else those built into Docent,
    /// with the sample style guide in the project's language.
    func templateFiles() throws -> [(path: String, text: String)] {
        if let templates {
            guard FileManager.default.fileExists(atPath: templates + "/prompts/draft.mustache") else {
                printError("\(templates): not a templates folder (it has no prompts/draft.mustache)")
                throw Exit.usage
            }
            var files: [(path: String, text: String)] = []
            let walker = FileManager.default.enumerator(atPath: templates)
            while let relative = walker?.nextObject() as? String {
                var isDirectory: ObjCBool = false
                let from = (templates as NSString).appendingPathComponent(relative)
                guard FileManager.default.fileExists(atPath: from, isDirectory: &isDirectory), !isDirectory.boolValue,
                      let text = try? String(contentsOfFile: from, encoding: .utf8) else { continue }
                files.append((relative, text))
            }
            return files.sorted { $0.path < $1.path }
        }
        let guideName = Self.sampleGuide(for: language)
        return EmbeddedTemplates.files.compactMap { file in
            if file.path.hasPrefix("style-guide") {
                return file.path == guideName ? ("style-guide.md", file.text) : nil
            }
            return file
        }
    }

    /// The sample style guide for a language: French or English (the English one for others).
    static func sampleGuide(for language: String) -> String {
        language.lowercased().hasPrefix("fr") ? "style-guide.md" : "style-guide.en.md"
    }

    func run() async throws {
        let files = try templateFiles()
        var written: [String] = [], kept: [String] = []
        func create(_ path: String, _ text: String) throws {
            if FileManager.default.fileExists(atPath: path) {
                kept.append(path)
                return
            }
            try AtomicFile.write(text, to: path)
            written.append(path)
        }
        let config: [String: Any] = [
            "institution": ["name": institution],
            "sources": ["artworks": [preset.map { ["path": "artworks", "format": $0.rawValue] as Any } ?? "artworks"],
                        "style_guide": "templates/style-guide.md", "templates": "templates"],
            "model": ["provider": Provider.offline.rawValue],
            "source_language": language, "languages": [String](),
            "audiences": ["general", "children", "experts"],
            "stages": [Stage.draft, .translate].map(\.rawValue),
            "output": ["dir": "output"],
        ]
        let json = try JSONSerialization.data(withJSONObject: config, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        try create("pipeline.json", String(decoding: json, as: UTF8.self) + "\n")
        let french = language.lowercased().hasPrefix("fr")
        if preset == nil { try create("artworks/example.json", french ? """
            {
              "id": "exemple-1",
              "title": "Titre de l’exemple",
              "makers": [{"name": "Artiste de l’exemple", "born": "1850", "died": "1920"}],
              "date": "vers 1890",
              "medium": "huile sur toile",
              "description": "Remplacez cette notice par les vôtres. Docent lit des notices JSON, YAML et CSV ; voir docs/pipeline.md."
            }

            """ : """
            {
              "id": "example-1",
              "title": "Example title",
              "makers": [{"name": "Example Maker", "born": "1850", "died": "1920"}],
              "date": "c. 1890",
              "medium": "oil on canvas",
              "description": "Replace this record with your own. Docent reads JSON, YAML and CSV records; see docs/pipeline.md."
            }

            """) }
        for file in files { try create("templates/" + file.path, file.text) }
        for path in written { print("created \(path)") }
        for path in kept { print("kept \(path) (already there)") }
        if templates == nil, !french, !language.lowercased().hasPrefix("en") {
            print("Docent has sample style guides in French and English: templates/style-guide.md is the English one; write yours in your language.")
        }
        if let preset {
            try FileManager.default.createDirectory(atPath: "artworks", withIntermediateDirectories: true)
            print("Next: put your \(preset) export in artworks/, check it with 'docent records', then run 'docent plan' and 'docent run'.")
        } else {
            print("Next: put your records in artworks/, then run 'docent plan' and 'docent run'.")
        }
    }
}

/// `--preset NAME`: a wrong name is a usage error listing the presets.
extension RecordPreset: ExpressibleByArgument {}
