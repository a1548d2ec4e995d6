import Prose
import Domain
import Foundation

/// What made a draft: recorded so that readers know it is AI-generated and how (EU AI Act
/// transparency), and so that Docent knows when it went stale.
package struct DraftGenerator: Sendable, Hashable, Codable {
    package var provider: String
    package var model: String
    /// Template name and hash of its text.
    package var prompt: String
    /// Hash of the house-style digest, or nil when none was used.
    package var style: String?

    package init(provider: String, model: String, prompt: String, style: String? = nil) {
        self.provider = provider
        self.model = model
        self.prompt = prompt
        self.style = style
    }
}

/// The YAML front matter at the top of every Markdown draft.
package struct DraftFrontMatter: Sendable, Hashable {
    package var artwork: String
    package var stage: String
    package var audience: String
    package var language: String
    package var approved: Bool
    package var approvedBy: String?
    package var approvedAt: String?
    package var generatedAt: String
    package var generator: DraftGenerator
    package var inputs: String
    package var body: String
    package var aiGenerated: Bool
    /// The checks' findings: rule, severity and message, and for those that point at words
    /// in the text, where (`at: "line:column"`) and the words (`excerpt`).
    package var checks: [Finding]
    /// The editor's note from `docent reject`, given to the model as feedback.
    package var reviewNote: String?
    package var rejectedBy: String?
    package var rejectedAt: String?
    /// For a text made from another (a translation from its source draft, SEO data from its
    /// page, subtitles from their script): the hash of that text as it was used. When the
    /// source changes (edited, accepted), this output is stale without any run.
    package var source: String?
    /// For SEO data and subtitles: the draft `source` is the text of (`web.fr`, `audio.de`);
    /// read from the file's metadata, never written into a Markdown draft.
    package var sourceDraft: String?

    package init(artwork: String, stage: String, audience: String, language: String,
                generatedAt: String, generator: DraftGenerator, inputs: String, body: String,
                checks: [Finding], reviewNote: String? = nil) {
        self.artwork = artwork
        self.stage = stage
        self.audience = audience
        self.language = language
        self.approved = false
        self.generatedAt = generatedAt
        self.generator = generator
        self.inputs = inputs
        self.body = body
        self.aiGenerated = true
        self.checks = checks
        self.reviewNote = reviewNote
    }

    /// The front matter as YAML lines, in a fixed order, between `---` fences.
    package func rendered() -> String {
        var lines = ["---"]
        lines.append("artwork: \(YAMLText.quoted(artwork))")
        lines.append("stage: \(stage)")
        lines.append("audience: \(audience)")
        lines.append("language: \(language)")
        lines.append("approved: \(approved)")
        lines.append("approved_by: \(YAMLText.optional(approvedBy))")
        lines.append("approved_at: \(YAMLText.optional(approvedAt))")
        lines.append("generated_at: \(YAMLText.quoted(generatedAt))")
        lines.append("generator:")
        lines.append("  provider: \(YAMLText.quoted(generator.provider))")
        lines.append("  model: \(YAMLText.quoted(generator.model))")
        lines.append("  prompt: \(YAMLText.quoted(generator.prompt))")
        lines.append("  style: \(YAMLText.optional(generator.style))")
        lines.append("inputs: \(YAMLText.quoted(inputs))")
        lines.append("body: \(YAMLText.quoted(body))")
        if let source { lines.append("source: \(YAMLText.quoted(source))") }
        lines.append("ai_generated: \(aiGenerated)")
        if checks.isEmpty {
            lines.append("checks: []")
        } else {
            lines.append("checks:")
            for check in checks {
                lines.append("  - rule: \(YAMLText.quoted(check.rule))")
                lines.append("    severity: \(check.severity.rawValue)")
                lines.append("    message: \(YAMLText.quoted(check.message))")
                if let line = check.line, let column = check.column { lines.append("    at: \(YAMLText.quoted("\(line):\(column)"))") }
                if let excerpt = check.excerpt { lines.append("    excerpt: \(YAMLText.quoted(excerpt))") }
            }
        }
        lines.append("review_note: \(YAMLText.optional(reviewNote))")
        if rejectedBy != nil || rejectedAt != nil {
            lines.append("rejected_by: \(YAMLText.optional(rejectedBy))")
            lines.append("rejected_at: \(YAMLText.optional(rejectedAt))")
        }
        lines.append("---")
        return lines.joined(separator: "\n") + "\n"
    }
}

extension DraftFrontMatter {
    /// The front matter's keys as a YAML decoder reads them: everything optional, so that a
    /// missing key gets an error that names it, and an editor's own additions are ignored.
    struct Fields: Decodable {
        struct Generator: Decodable {
            var provider: String?
            var model: String?
            var prompt: String?
            var style: String?
        }
        struct Check: Decodable {
            var rule: String?
            var severity: String?
            var message: String?
            /// "line:column".
            var at: String?
            var excerpt: String?
        }
        var artwork: String?
        var stage: String?
        var audience: String?
        var language: String?
        var approved: Bool?
        var approved_by: String?
        var approved_at: String?
        var generated_at: String?
        var generator: Generator?
        var inputs: String?
        var body: String?
        var ai_generated: Bool?
        var checks: [Check]?
        var review_note: String?
        var rejected_by: String?
        var rejected_at: String?
        var source: String?
    }

    /// Reads front matter from its decoded fields.
    init(_ fields: Fields) throws(SyntaxError) {
        func required(_ value: String?, _ key: String) throws(SyntaxError) -> String {
            guard let value else { throw SyntaxError(message: "front matter has no '\(key)'") }
            return value
        }
        let generator = fields.generator
        self.init(
            artwork: try required(fields.artwork, "artwork"), stage: try required(fields.stage, "stage"),
            audience: try required(fields.audience, "audience"), language: try required(fields.language, "language"),
            generatedAt: fields.generated_at ?? "",
            generator: DraftGenerator(
                provider: generator?.provider ?? "unknown",
                model: generator?.model ?? "unknown",
                prompt: generator?.prompt ?? "",
                style: generator?.style),
            inputs: try required(fields.inputs, "inputs"), body: try required(fields.body, "body"),
            checks: (fields.checks ?? []).map { check in
                let at = check.at?.split(separator: ":").compactMap { Int($0) }
                return Finding(check.rule ?? "?", check.severity.flatMap(Finding.Severity.init(rawValue:)) ?? .warning, check.message ?? "",
                               line: at?.count == 2 ? at![0] : nil, column: at?.count == 2 ? at![1] : nil, excerpt: check.excerpt)
            },
            reviewNote: fields.review_note)
        approved = fields.approved ?? false
        approvedBy = fields.approved_by
        approvedAt = fields.approved_at
        aiGenerated = fields.ai_generated ?? true
        rejectedBy = fields.rejected_by
        rejectedAt = fields.rejected_at
        source = fields.source
    }
}
