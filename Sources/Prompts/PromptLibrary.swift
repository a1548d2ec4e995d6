import Foundation
import Mustache
import Prose

/// The prompt templates under `templates/`: Mustache files that users edit to change wording
/// without touching Swift. Rendered as plain text (no HTML escaping).
package struct PromptLibrary: Sendable {
    package let directory: String
    private var templates: [String: MustacheTemplate] = [:]
    /// The source text of each template, by name (`prompts/draft`, `audiences/children`…).
    package private(set) var sources: [String: String] = [:]

    /// Loads every `.mustache` file under `directory` but `review/` (the review page's
    /// templates, HTML-escaping, which `ReviewTemplates` reads).
    package init(directory: String) throws {
        self.directory = directory
        let fm = FileManager.default
        guard let walker = fm.enumerator(atPath: directory) else {
            throw FileProblem(path: directory, message: "template folder not found")
        }
        for case let relative as String in walker where relative.hasSuffix(".mustache") && !relative.hasPrefix("review/") {
            let path = (directory as NSString).appendingPathComponent(relative)
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw FileProblem(path: path, message: "cannot be read as UTF-8 text")
            }
            let name = String(relative.dropLast(".mustache".count))
            do {
                templates[name] = try MustacheTemplate(string: "{{% CONTENT_TYPE: TEXT}}" + text)
            } catch {
                throw FileProblem(path: path, message: "invalid Mustache template: \(error)")
            }
            sources[name] = text
        }
    }

    package func has(_ name: String) -> Bool { templates[name] != nil }

    package func render(_ name: String, _ context: [String: Any]) throws -> String {
        guard let template = templates[name] else {
            throw FileProblem(path: (directory as NSString).appendingPathComponent(name + ".mustache"),
                            message: "template is missing")
        }
        return UTF8Text.trimmed(template.render(context))
    }
}
