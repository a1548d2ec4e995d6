import Catalog
import Domain
import Foundation
import LLM
import Prose

/// One piece of copy to write: a draft for an audience in the source language, or its
/// translation into another language.
package struct DraftTask: Sendable, Hashable {
    package enum Kind: String, Sendable, Hashable, Codable {
        case draft, translate
    }

    package var kind: Kind
    package var artwork: Artwork
    package var audience: Audience
    package var language: String
    package var institution: String
    /// The editorial style guide's text, given to the model.
    package var styleGuide: String
    /// The house-style digest (learned profile and guide rules), at most about 500 tokens.
    package var houseStyle: String
    /// Paragraphs the museum published, as examples of its voice.
    package var exemplars: [String]
    /// An editor's note from `docent reject`, given as feedback.
    package var reviewNote: String?
    /// For translations: the source-language draft.
    package var sourceText: String?

    package init(kind: Kind, artwork: Artwork, audience: Audience, language: String, institution: String,
                styleGuide: String = "", houseStyle: String = "", exemplars: [String] = [],
                reviewNote: String? = nil, sourceText: String? = nil) {
        self.houseStyle = houseStyle
        self.exemplars = exemplars
        self.kind = kind
        self.artwork = artwork
        self.audience = audience
        self.language = language
        self.institution = institution
        self.styleGuide = styleGuide
        self.reviewNote = reviewNote
        self.sourceText = sourceText
    }

    /// Template names this task renders, in order: system, task, audience brief.
    package var templateNames: [String] {
        ["prompts/system", kind == .draft ? "prompts/draft" : "prompts/translate", "audiences/\(audience.template)"]
    }
}

/// Builds the chat request for a task from the templates.
package struct DraftPromptBuilder: Sendable {
    package var library: PromptLibrary

    package init(library: PromptLibrary) {
        self.library = library
    }

    /// The request carries the task itself as its `job`, for the offline engine.
    package func request(for task: DraftTask, temperature: Double? = nil, maxTokens: Int? = nil) throws -> ChatRequest {
        let context = self.context(for: task)
        var withBrief = context
        withBrief["audience_brief"] = try library.render(task.templateNames[2], context)
        let system = try library.render(task.templateNames[0], withBrief)
        let user = try library.render(task.templateNames[1], withBrief)
        return ChatRequest(
            messages: [ChatMessage(.system, system), ChatMessage(.user, user)],
            temperature: temperature, maxTokens: maxTokens, job: task)
    }

    func context(for task: DraftTask) -> [String: Any] {
        let artwork = task.artwork
        var record: [String: Any] = [
            "id": artwork.id, "title": artwork.title, "language": artwork.language,
            "language_name": LanguageNames.name(of: artwork.language),
            "makers": artwork.makers.map { maker -> [String: Any] in
                var entry: [String: Any] = ["name": maker.name]
                if let role = maker.role { entry["role"] = role }
                if let life = maker.lifeDates { entry["life"] = life }
                if let nationality = maker.nationality { entry["nationality"] = nationality }
                return entry
            },
            "themes": artwork.themes,
        ]
        let optional: [(String, String?)] = [
            ("date", artwork.date), ("object_type", artwork.objectType), ("medium", artwork.medium),
            ("dimensions", artwork.dimensions), ("place", artwork.place), ("credit_line", artwork.creditLine),
            ("accession_number", artwork.accessionNumber), ("description", artwork.description),
            ("notes", artwork.notes), ("official_title", artwork.titles[task.language]),
            ("script", artwork.script?.text),
        ]
        for (key, value) in optional { if let value { record[key] = value } }
        var audience: [String: Any] = [
            "name": task.audience.name, "label": task.audience.label,
            "min_words": task.audience.minWords, "max_words": task.audience.maxWords,
            "max_sentence_words": task.audience.maxSentenceWords,
        ]
        if let characters = task.audience.maxCharacters { audience["max_characters"] = characters }
        if let hashtags = task.audience.maxHashtags { audience["max_hashtags"] = hashtags }
        var context: [String: Any] = [
            "artwork": record,
            "audience": audience,
            "language": task.language,
            "language_name": LanguageNames.name(of: task.language),
            "source_language_name": LanguageNames.name(of: artwork.language),
            "institution": task.institution,
            "style_guide": task.styleGuide,
            "house_style": task.houseStyle,
            "exemplars": task.exemplars,
        ]
        if let note = task.reviewNote { context["review_note"] = note }
        if let source = task.sourceText { context["source_text"] = source }
        return context
    }
}
