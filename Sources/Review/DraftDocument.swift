import Foundation
import Yams
import Prose

/// A Markdown draft file: YAML front matter, then the body an editor reads and edits.
public struct DraftDocument: Sendable, Hashable {
    public var frontMatter: DraftFrontMatter
    public var body: String

    public init(frontMatter: DraftFrontMatter, body: String) {
        self.frontMatter = frontMatter
        self.body = body
    }

    /// The whole file's text.
    public func rendered() -> String {
        frontMatter.rendered() + "\n" + UTF8Text.trimmed(body) + "\n"
    }

    /// True when the body is no longer the text that was generated: a person edited it.
    public var isEdited: Bool {
        ContentHash.ofBody(body) != frontMatter.body
    }

    /// Splits a file into its front matter text (without fences) and body.
    static func split(_ text: String) -> (frontMatter: String, body: String)? {
        FrontMatter.split(text).map { ($0.yaml, $0.body) }
    }

    public static func parse(_ text: String) throws(DraftFrontMatter.ParseError) -> DraftDocument {
        guard let (yaml, body) = split(text) else {
            throw .init(message: "does not start with a '---' front matter block")
        }
        let fields: DraftFrontMatter.Fields
        do {
            fields = try FrontMatterFastPath.parse(yaml) ?? YAMLDecoder().decode(DraftFrontMatter.Fields.self, from: yaml)
        } catch let error as DecodingError {
            throw .init(message: "front matter: \(error.reason)")
        } catch {
            throw .init(message: "front matter is not valid YAML: \(error)")
        }
        return DraftDocument(frontMatter: try DraftFrontMatter(fields), body: body)
    }

    public static func read(at path: String) throws -> DraftDocument {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return try parse(text)
    }
}
