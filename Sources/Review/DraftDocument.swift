import Domain
import Foundation
import Yams
import Prose

/// A Markdown draft file: YAML front matter, then the body an editor reads and edits.
package struct DraftDocument: Sendable, Hashable {
    package var frontMatter: DraftFrontMatter
    package var body: String

    package init(frontMatter: DraftFrontMatter, body: String) {
        self.frontMatter = frontMatter
        self.body = body
    }

    /// The whole file's text.
    package func rendered() -> String {
        frontMatter.rendered() + "\n" + UTF8Text.trimmed(body) + "\n"
    }

    /// True when the body is no longer the text that was generated: a person edited it.
    package var isEdited: Bool {
        ContentHash.ofBody(body) != frontMatter.body
    }

    /// Splits a file into its front matter text (without fences) and body.
    static func split(_ text: String) -> (frontMatter: String, body: String)? {
        FrontMatter.split(text).map { ($0.yaml, $0.body) }
    }

    package static func parse(_ text: String) throws(SyntaxError) -> DraftDocument {
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

}
