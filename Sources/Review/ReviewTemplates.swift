import Prose
import Foundation
import Mustache
import Synchronization

/// The review page's templates: `templates/review/` of the project when it has them (so that
/// a designer can change the page), else the ones built into Docent. HTML-escaped by default.
package struct ReviewTemplates: Sendable {
    let library: MustacheLibrary
    package let css: String
    let script: String

    static let names = ["page", "artwork", "draft", "conflict"]

    /// The templates for a project folder, read once per folder and process.
    package static func forProject(_ directory: String) throws -> ReviewTemplates {
        if let known = loaded.withLock({ $0[directory] }) { return known }
        let templates = try ReviewTemplates(projectDirectory: directory)
        loaded.withLock { $0[directory] = templates }
        return templates
    }

    private static let loaded = Mutex<[String: ReviewTemplates]>([:])

    /// Docent's own templates, whatever a project has.
    package static let builtIn: ReviewTemplates? = try? ReviewTemplates(projectDirectory: nil)

    /// The draft template has the actions and the page template the paging `docent review`
    /// adds (a project's copy made before them does not: the app then uses the built-in ones).
    package let hasActions: Bool

    /// `projectDirectory` nil: the built-in templates only.
    init(projectDirectory: String?) throws {
        func text(_ file: String) throws -> (text: String, path: String) {
            let path = ((projectDirectory ?? "/") as NSString).appendingPathComponent("templates/review/" + file)
            if projectDirectory != nil, FileManager.default.fileExists(atPath: path) {
                guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                    throw FileProblem(path: path, message: "cannot be read as UTF-8 text")
                }
                return (text, path)
            }
            guard let builtIn = EmbeddedTemplates.files.first(where: { $0.path == "review/" + file }) else {
                throw FileProblem(path: path, message: "missing, and Docent has no built-in copy")
            }
            return (builtIn.text, "built-in review/" + file)
        }
        var library = MustacheLibrary()
        hasActions = try text("draft.mustache").text.contains("{{#actions}}") && text("page.mustache").text.contains("{{#paging}}")
        for name in Self.names {
            let (source, path) = try text(name + ".mustache")
            do {
                library.register(try MustacheTemplate(string: source), named: name)
            } catch {
                throw FileProblem(path: path, message: "invalid Mustache template: \(error)")
            }
        }
        self.library = library
        css = try text("review.css").text
        script = try text("review.js").text
    }

    /// `view` (a value of the page's view types) rendered with the template `name`.
    package func render(_ view: Any, _ name: String) -> String {
        library.render(Self.context(view), withTemplate: name) ?? ""
    }

    /// The view as dictionaries and arrays, reflected once: Mustache reflects a struct on every
    /// name it looks up, which made rendering the review page a fifth of a run's CPU. A nil
    /// optional leaves its key out (Mustache reads a missing key as false).
    static func context(_ value: Any) -> Any {
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .struct:
            var fields: [String: Any] = [:]
            for child in mirror.children {
                guard let label = child.label, let value = unwrapped(child.value) else { continue }
                fields[label] = context(value)
            }
            return fields
        case .collection:
            return mirror.children.map { context($0.value) }
        default:
            return value
        }
    }

    static func unwrapped(_ value: Any) -> Any? {
        let mirror = Mirror(reflecting: value)
        guard mirror.displayStyle == .optional else { return value }
        return mirror.children.first.flatMap { unwrapped($0.value) }
    }
}
