import Testing
@testable import Checks
@testable import Review
import Domain

@Suite("Checks marked on the text")
struct ReviewMarksTests {
    typealias Segment = ReviewPage.DraftView.Segment

    /// A line's segments as "plain[marked]plain".
    func shown(_ segments: [Segment]) -> String {
        segments.map { $0.marked ? "[\($0.text)]" : $0.text }.joined()
    }

    @Test("The words a check is about are marked on their line, at the occurrence nearest the column")
    func marked() {
        let body = "En 1642, Rembrandt peint.\nIl peint l'ombre : la lumière : le soir."
        let findings = [
            Finding("grounding", .error, "year 1642 is not in the record", line: 1, column: 4, excerpt: "1642"),
            // Two colons on line 2; the finding is about the second (column 31).
            Finding("typography-fr", .warning, "no-break space before ':'", line: 2, column: 31, excerpt: ":"),
            Finding("readability", .warning, "reading ease 40"),
        ]
        let paragraphs = ReviewPage.paragraphs(body, findings: findings)
        #expect(paragraphs.count == 1 && paragraphs[0].lines.count == 2)
        #expect(shown(paragraphs[0].lines[0].segments) == "En [1642], Rembrandt peint.")
        #expect(shown(paragraphs[0].lines[1].segments) == "Il peint l'ombre : la lumière [:] le soir.")
        let mark = paragraphs[0].lines[0].segments[1]
        #expect(mark.severity == "error" && mark.title == "error grounding: year 1642 is not in the record")
        // The whole line stays for templates written before the marks.
        #expect(paragraphs[0].lines[1].line == "Il peint l'ombre : la lumière : le soir.")
    }

    @Test("A text moved by an edit is marked where the words now are; words no longer there are not marked")
    func moved() {
        let body = "A new first line.\n\nThe painter, as an AI, says hello."
        let findings = [
            Finding("ai-disclaimer", .error, "chatbot", line: 1, column: 14, excerpt: "as an ai"),
            Finding("grounding", .warning, "name 'Vermeer'", line: 1, column: 5, excerpt: "Vermeer"),
        ]
        let paragraphs = ReviewPage.paragraphs(body, findings: findings)
        #expect(paragraphs.count == 2)
        #expect(shown(paragraphs[0].lines[0].segments) == "A new first line.")
        // Found case-insensitively (the check matched lowercased text), shown as written.
        #expect(shown(paragraphs[1].lines[0].segments) == "The painter, [as an AI], says hello.")
    }

    @Test("Marks never overlap: at the same start the more severe wins, and one inside another is dropped")
    func overlaps() {
        let body = "Painted in 1642 by Rembrandt van Rijn."
        let findings = [
            Finding("sentence-length", .warning, "long", line: 1, column: 1, excerpt: "Painted in 1642 by Rembrandt van Rijn."),
            Finding("proofread", .warning, "quote", line: 1, column: 12, excerpt: "1642 by"),
            Finding("grounding", .error, "year", line: 1, column: 12, excerpt: "1642"),
            Finding("grounding", .warning, "name", line: 1, column: 20, excerpt: "Rembrandt"),
        ]
        let segments = ReviewPage.paragraphs(body, findings: findings)[0].lines[0].segments
        #expect(shown(segments) == "[Painted in 1642 by Rembrandt van Rijn.]")
        let inner = ReviewPage.paragraphs(body, findings: Array(findings.dropFirst()))[0].lines[0].segments
        #expect(shown(inner) == "Painted in [1642] by [Rembrandt] van Rijn.")
        #expect(inner[1].severity == "error")
    }

    @Test("Where a check points is kept in the front matter and read back, by Docent's reader and by YAML")
    func frontMatter() throws {
        let finding = Finding("proofread", .warning, "“a  b”: two spaces → a b", line: 3, column: 7, excerpt: "a  b")
        let document = DraftDocument(frontMatter: DraftFrontMatter(
            artwork: "a-1", stage: "draft", audience: "general", language: "en", generatedAt: "2026-12-01T10:00:00Z",
            generator: DraftGenerator(provider: "openai", model: "m", prompt: "p", style: nil),
            inputs: "sha256:1", body: ContentHash.ofBody("x"), checks: [finding, Finding("length", .warning, "short")]), body: "x")
        let text = document.rendered()
        #expect(text.contains("    at: \"3:7\"\n    excerpt: \"a  b\"\n"))
        let read = try DraftDocument.parse(text)
        #expect(read.frontMatter.checks == [finding, Finding("length", .warning, "short")])
        // An editor's own quoting goes through the YAML decoder: the same findings.
        let requoted = text.replacingOccurrences(of: "at: \"3:7\"", with: "at: '3:7'")
        #expect(try DraftDocument.parse(requoted).frontMatter.checks == read.frontMatter.checks)
    }
}
