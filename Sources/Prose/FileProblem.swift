/// A file Docent needs that cannot be used as it is: a style guide, a template, the people
/// file. Said with its path first, as editors and CI logs read it (`templates/x.mustache: …`).
package struct FileProblem: Error, Sendable, Hashable, CustomStringConvertible {
    package var path: String
    package var message: String

    package init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    package var description: String { "\(path): \(message)" }
}
