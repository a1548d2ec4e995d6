import Domain
import Foundation

/// Someone signed in to `docent review`: the person who started it (`--as NAME`), one invited
/// with a personal link (`docent review invite`), or a name a sign-on proxy vouches for. What
/// they may do follows their role; every action they take is written in their name.
package struct Person: Sendable, Hashable, Codable {
    package enum Role: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
        /// Approves, rejects, edits, accepts any output; bulk actions; comments.
        case editor
        /// The same, but only on the translations into her languages (not on the record's own
        /// language, which is the source they are read against).
        case translator
        /// Reads the page; does nothing to a file.
        case viewer

        package var description: String { rawValue }
    }

    package var name: String
    package var role: Role
    /// Languages assigned (a translator's are also the only ones she may change); nil: all.
    package var languages: [String]?
    /// Audiences assigned; nil: all.
    package var audiences: [String]?

    package init(name: String, role: Role, languages: [String]? = nil, audiences: [String]? = nil) {
        self.name = name
        self.role = role
        self.languages = languages
        self.audiences = audiences
    }

    /// Whether the output is assigned to this person (the page's "mine" filter): in her
    /// languages and audiences (none given: all), and, for a translator, a translation.
    /// `source` is the record's own language, when known (read only for a translator).
    package func isAssigned(_ output: DraftName, source: @autoclosure () -> String?) -> Bool {
        if let languages, !languages.contains(output.language) { return false }
        if let audiences, output.kind == .draft, !audiences.contains(output.audience) { return false }
        if role == .translator, let source = source(), output.language == source { return false }
        return true
    }

    /// Whether this person may approve, reject, edit, accept or keep the output. A
    /// translator's limits hold even when the record's language is not known: then only her
    /// languages, and never a language she was not given.
    package func mayChange(_ output: DraftName, source: @autoclosure () -> String?) -> Bool {
        switch role {
        case .editor: true
        case .viewer: false
        case .translator: isAssigned(output, source: source())
        }
    }

    /// Whether this person may write on a draft's comment thread.
    package var mayComment: Bool { role != .viewer }

    /// What the page says about whom it is for: "Claire Martin (translator: de, it)".
    package var label: String {
        var parts: [String] = []
        if let languages { parts.append(languages.joined(separator: ", ")) }
        if let audiences { parts.append(audiences.joined(separator: ", ")) }
        return "\(name) (\(role)\(parts.isEmpty ? "" : ": " + parts.joined(separator: "; ")))"
    }
}
