import Foundation
import Mustache
import Synchronization

/// The review page's templates: `templates/review/` of the project when it has them (so that
/// a designer can change the page), else the ones built into Docent. HTML-escaped by default.
public struct ReviewTemplates: Sendable {
    public struct LoadError: Error, CustomStringConvertible {
        public var file: String
        public var message: String
        public var description: String { "\(file): \(message)" }
    }

    let library: MustacheLibrary
    let css: String
    let script: String

    static let names = ["page", "artwork", "draft"]

    /// The templates for a project folder, read once per folder and process.
    public static func forProject(_ directory: String) throws -> ReviewTemplates {
        if let known = loaded.withLock({ $0[directory] }) { return known }
        let templates = try ReviewTemplates(projectDirectory: directory)
        loaded.withLock { $0[directory] = templates }
        return templates
    }

    private static let loaded = Mutex<[String: ReviewTemplates]>([:])

    init(projectDirectory: String) throws {
        func text(_ file: String) throws -> (text: String, path: String) {
            let path = (projectDirectory as NSString).appendingPathComponent("templates/review/" + file)
            if FileManager.default.fileExists(atPath: path) {
                guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                    throw LoadError(file: path, message: "cannot be read as UTF-8 text")
                }
                return (text, path)
            }
            guard let builtIn = EmbeddedTemplates.files.first(where: { $0.path == "review/" + file }) else {
                throw LoadError(file: path, message: "missing, and Docent has no built-in copy")
            }
            return (builtIn.text, "built-in review/" + file)
        }
        var library = MustacheLibrary()
        for name in Self.names {
            let (source, path) = try text(name + ".mustache")
            do {
                library.register(try MustacheTemplate(string: source), named: name)
            } catch {
                throw LoadError(file: path, message: "invalid Mustache template: \(error)")
            }
        }
        self.library = library
        css = try text("review.css").text
        script = try text("review.js").text
    }

    func render(_ context: Any, _ name: String) -> String {
        library.render(context, withTemplate: name) ?? ""
    }
}
