import ArgumentParser
import Foundation
import Review

struct InitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Start a project here: pipeline.json, an example record, and Docent's templates.",
        discussion: "Existing files are never overwritten: they are listed and left as they are.")

    @Option(name: .long, help: "The museum's name.") var institution = "My Museum"
    @Option(name: .long, help: "The language records are written in.") var language = "en"
    @Option(name: .long, help: "Templates to copy (default: the templates folder of Docent's source tree).") var templates: String?

    /// The source tree's templates: the binary lives in <root>/.build/<config>/docent.
    static func defaultTemplates() -> String? {
        var url = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = url.appendingPathComponent("templates/prompts/draft.mustache").path
            if FileManager.default.fileExists(atPath: candidate) { return url.appendingPathComponent("templates").path }
            url.deleteLastPathComponent()
        }
        return nil
    }

    func run() async throws {
        guard let source = templates ?? Self.defaultTemplates(), FileManager.default.fileExists(atPath: source + "/prompts/draft.mustache") else {
            printError("templates not found: pass --templates PATH (the templates folder of Docent's source tree)")
            throw Exit.usage
        }
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
            "sources": ["artworks": ["artworks"], "style_guide": "templates/style-guide.md", "templates": "templates"],
            "model": ["provider": "offline"],
            "source_language": language, "languages": [String](),
            "audiences": ["general", "children", "experts"],
            "stages": ["draft", "translate"],
            "output": ["dir": "output"],
        ]
        let json = try JSONSerialization.data(withJSONObject: config, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        try create("pipeline.json", String(decoding: json, as: UTF8.self) + "\n")
        try create("artworks/example.json", """
            {
              "id": "example-1",
              "title": "Example title",
              "makers": [{"name": "Example Maker", "born": "1850", "died": "1920"}],
              "date": "c. 1890",
              "medium": "oil on canvas",
              "description": "Replace this record with your own. Docent reads JSON, YAML and CSV records; see docs/pipeline.md."
            }

            """)
        let walker = FileManager.default.enumerator(atPath: source)
        while let relative = walker?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            let from = (source as NSString).appendingPathComponent(relative)
            guard FileManager.default.fileExists(atPath: from, isDirectory: &isDirectory), !isDirectory.boolValue,
                  let text = try? String(contentsOfFile: from, encoding: .utf8) else { continue }
            try create("templates/" + relative, text)
        }
        for path in written { print("created \(path)") }
        for path in kept { print("kept \(path) (already there)") }
        print("Next: put your records in artworks/, then run 'docent plan' and 'docent run'.")
    }
}
