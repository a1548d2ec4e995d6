import Domain
import Foundation

/// Whether an output folder is ready to publish, as the CI gate (`docent check`) asks it:
/// one problem per draft that is unreadable, stale, flagged or unapproved where approval is
/// required.
package enum Readiness {
    package struct Problem: Sendable, Codable, Hashable {
        package var file: String
        /// missing, failed, invalid-record, unreadable, stale, flagged, unapproved.
        package var kind: String
        package var message: String

        package init(file: String, kind: String, message: String) {
            self.file = file
            self.kind = kind
            self.message = message
        }
    }

    /// Which drafts need a person's approval (empty lists: every audience, every language).
    /// `audiences` narrows drafts only; SEO data and subtitles are gated by language.
    package struct ApprovalRule: Sendable, Hashable {
        package var audiences: [String]
        package var languages: [String]
        package var outputs: [OutputKind]

        package init(audiences: [String], languages: [String], outputs: [OutputKind] = []) {
            self.audiences = audiences
            self.languages = languages
            self.outputs = outputs
        }

        func applies(to name: DraftName) -> Bool {
            (outputs.isEmpty || outputs.contains(name.kind))
                && (name.kind != .draft || audiences.isEmpty || audiences.contains(name.audience))
                && (languages.isEmpty || languages.contains(name.language))
        }
    }

    /// The problems of the drafts on disk; `display` turns a path into the one to print.
    /// `changed`: files whose inputs changed since they were written, with the sentence to say
    /// (decided from the inputs as they are now, `Runner.freshness`).
    package static func draftProblems(in layout: OutputLayout, approval: ApprovalRule?, changed: [String: String] = [:],
                                      display: (String) -> String) -> [Problem] {
        var problems: [Problem] = []
        for status in DraftStatus.scan(layout) {
            let file = display((layout.root as NSString).appendingPathComponent(status.file))
            guard let name = DraftName(parsing: status.draft) else { continue }
            if status.state == .unreadable {
                problems.append(Problem(file: file, kind: "unreadable", message: name.kind == .draft
                    ? "the front matter cannot be read"
                    : "its Docent metadata cannot be read (\(name.kind == .seo ? "the _docent key" : "the NOTE docent line"))"))
            }
            if let message = changed[file] {
                problems.append(Problem(file: file, kind: "stale", message: message))
            } else if status.stale {
                problems.append(Problem(file: file, kind: "stale", message: status.staleReason ?? "its inputs changed: review the proposal (docent diff, docent accept)"))
            }
            // An approved draft was accepted by a person, errors and all.
            if status.flagged && status.state != .approved {
                problems.append(Problem(file: file, kind: "flagged", message: "\(status.errors) error-level check\(status.errors == 1 ? "" : "s")"))
            }
            if let approval, status.state != .approved, approval.applies(to: name) {
                let what = name.kind == .draft ? name.audience : name.kind.noun
                problems.append(Problem(file: file, kind: "unapproved", message: "approval is required for \(what) in \(name.language)"))
            }
        }
        return problems
    }

    /// A JUnit XML report: one test case per file checked, failed by its problems.
    package static func junit(_ problems: [Problem], checked: [String]) -> String {
        let byFile = Dictionary(grouping: problems, by: \.file)
        let files = Array(Set(checked).union(byFile.keys)).sorted()
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        xml += "<testsuite name=\"docent check\" tests=\"\(files.count)\" failures=\"\(byFile.count)\">\n"
        for file in files {
            xml += "  <testcase classname=\"docent\" name=\"\(ReviewPage.escape(file))\""
            if let found = byFile[file] {
                xml += ">\n" + found.map { "    <failure type=\"\(ReviewPage.escape($0.kind))\" message=\"\(ReviewPage.escape($0.message))\"/>\n" }.joined() + "  </testcase>\n"
            } else {
                xml += "/>\n"
            }
        }
        return xml + "</testsuite>\n"
    }

    /// A GitHub workflow command (`::error file=…::…`); %, CR and LF escaped as GitHub wants.
    package static func githubAnnotation(_ problem: Problem) -> String {
        func escaped(_ text: String) -> String {
            text.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D").replacingOccurrences(of: "\n", with: "%0A")
        }
        return "::error file=\(escaped(problem.file))::\(escaped(problem.kind + ": " + problem.message))"
    }
}
