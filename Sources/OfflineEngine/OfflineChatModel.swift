import Catalog
import Foundation
import Prose
import LLM
import Prompts
import Domain

/// Docent's built-in engine when no endpoint is configured: no network, deterministic, fast.
///
/// It does not pretend to be a language model. It arranges the record's facts and the
/// curator's own prose to fit each audience's length and sentence targets, framing them with a
/// few fixed phrases per language. Where it cannot do the work (translating the curator's
/// prose), it says so in the text, and the checks flag it.
package struct OfflineChatModel: ChatModel {
    package static let modelName = ModelDescriptor.offlineModel
    package let descriptor = ModelDescriptor(provider: .offline, model: OfflineChatModel.modelName)

    package init() {}

    package func complete(_ request: ChatRequest) async throws -> ChatResponse {
        let text: String
        switch request.job {
        case let seo as SEOTask.Job:
            let fields = SEOTask.compose(artwork: seo.artwork, language: seo.language, pageText: seo.pageText, institution: seo.institution)
            text = String(decoding: try JSONEncoder.docentCompact.encode(fields), as: UTF8.self)
        case let task as DraftTask:
            text = OfflineComposer(artwork: task.artwork, audience: task.audience, language: task.language,
                                   institution: task.institution).compose()
        default:
            throw ChatError.unsupported("the offline engine writes only Docent's own draft, translation and SEO tasks")
        }
        return ChatResponse(text: text, finishReason: .stop,
                            usage: TokenUsage(prompt: TokenEstimate.count(request.messages), completion: TokenEstimate.count(text)))
    }
}

/// Arranges a record's facts for one audience in one language.
struct OfflineComposer {
    var artwork: Artwork
    var audience: Audience
    var language: String
    var institution: String

    /// Falls back to English framing for languages without a phrasebook; the checks say so.
    var phrases: OfflinePhrasebook { OfflinePhrasebook.forLanguage(language) ?? .english }

    var title: String { phrases.quoted(artwork.titles[language] ?? artwork.title) }

    var knownMakers: [Maker] { artwork.makers.filter { !$0.isUnknown } }

    /// The curator's sentences, when they are in the language being written.
    var curatorSentences: [String] {
        guard sameLanguage(artwork.language, language) else { return [] }
        // Only what reads as prose: provenance lists, footnotes and fragments are never stitched in.
        return [artwork.description, artwork.notes].compactMap { $0 }.flatMap { TextStats.sentences(in: $0) }
            .filter { SentenceShape.problem($0) == nil }
    }

    func sameLanguage(_ a: String, _ b: String) -> Bool {
        a.split(separator: "-").first?.lowercased() == b.split(separator: "-").first?.lowercased()
    }

    var introduction: String {
        var sentence = !knownMakers.isEmpty ? phrases.workBy(title, phrases.list(knownMakers.map(\.name)))
            : artwork.makers.isEmpty ? phrases.workIs(title)
            : phrases.workUnknown(title)
        if let date = artwork.date {
            sentence = String(sentence.dropLast()) + " (\(date))."
        }
        return sentence
    }

    /// One short sentence per fact, for easy-read and children.
    var shortFacts: [String] {
        var facts = [phrases.titleIs(title)]
        // An unknown maker is said when the record says so; a maker not recorded is left out.
        if !knownMakers.isEmpty {
            facts.append(phrases.makerIs(phrases.list(knownMakers.map(\.name))))
        } else if !artwork.makers.isEmpty {
            facts.append(phrases.makerUnknown)
        }
        if let date = artwork.date { facts.append(phrases.dateIs(date)) }
        return facts
    }

    var untranslatedNotice: String? {
        guard !sameLanguage(artwork.language, language), artwork.description != nil || artwork.notes != nil else { return nil }
        return phrases.untranslated(phrases.languageName(artwork.language.split(separator: "-").first.map(String.init) ?? artwork.language))
    }

    /// Takes sentences in order while the running total stays within `budget` words.
    func fill(_ sentences: [String], budget: Int, maxSentenceWords: Int? = nil) -> [String] {
        var chosen: [String] = []
        var total = 0
        for sentence in sentences {
            let words = TextStats.words(in: sentence).count
            if let maxSentenceWords, words > maxSentenceWords { continue }
            if total + words > budget { continue }
            chosen.append(sentence)
            total += words
        }
        return chosen
    }

    func words(_ sentences: [String]) -> Int {
        sentences.reduce(0) { $0 + TextStats.words(in: $1).count }
    }

    func compose() -> String {
        var paragraphs: [String]
        switch audience.form {
        case .label: paragraphs = general()
        case .children: paragraphs = children()
        case .easyRead: paragraphs = easyRead()
        case .essay: paragraphs = experts()
        case .teacherNotes: paragraphs = school()
        case .press: paragraphs = press()
        case .social: paragraphs = social()
        case .webPage: paragraphs = web()
        case .audioScript: paragraphs = audio()
        // Never seeing the picture, the engine names what the record says it is (a run warns
        // that it was written so) and describes nothing: a visual description is not asked of it.
        case .altText, .visualDescription: return alt()
        }
        if let notice = untranslatedNotice { paragraphs.append(notice) }
        return paragraphs.filter { !$0.isEmpty }.joined(separator: "\n\n")
    }

    /// What the picture is, from the record: its title, maker and date when they fit the
    /// audience's character limit, else its title.
    func alt() -> String {
        let limit = audience.maxCharacters ?? 125
        let full = introduction
        return full.count <= limit ? full : String(phrases.titleIs(title).prefix(limit))
    }

    func general() -> [String] {
        var lead = [introduction]
        if let medium = artwork.medium { lead.append(phrases.label(phrases.medium, medium)) }
        let body = fill(curatorSentences, budget: audience.maxWords - words(lead), maxSentenceWords: audience.maxSentenceWords)
        return [(lead + body).joined(separator: " ")]
    }

    func children() -> [String] {
        let facts = shortFacts
        let body = fill(curatorSentences, budget: audience.maxWords - words(facts) - 8, maxSentenceWords: audience.maxSentenceWords)
        return [(facts + body).joined(separator: " "), phrases.lookClosely]
    }

    func easyRead() -> [String] {
        var lines = shortFacts
        if let medium = artwork.medium { lines.append(phrases.label(phrases.medium, medium)) }
        lines += fill(curatorSentences, budget: audience.maxWords - words(lines), maxSentenceWords: audience.maxSentenceWords)
        return [lines.joined(separator: "\n")]
    }

    func factLines() -> [String] {
        var lines: [String] = []
        if let medium = artwork.medium { lines.append(phrases.label(phrases.medium, medium)) }
        if let dimensions = artwork.dimensions { lines.append(phrases.label(phrases.dimensions, dimensions)) }
        if let place = artwork.place { lines.append(phrases.label(phrases.place, place)) }
        return lines
    }

    func experts() -> [String] {
        let lead = [introduction] + factLines()
        let body = fill(curatorSentences, budget: audience.maxWords - words(lead) - 20, maxSentenceWords: audience.maxSentenceWords)
        var closing: [String] = []
        if let credit = artwork.creditLine { closing.append(phrases.label(phrases.credit, credit)) }
        if let number = artwork.accessionNumber { closing.append(phrases.label(phrases.accession, number)) }
        return [lead.joined(separator: " "), body.joined(separator: " "), closing.joined(separator: " ")]
    }

    func school() -> [String] {
        let lead = [introduction] + factLines()
        let body = fill(curatorSentences, budget: audience.maxWords - words(lead) - 40, maxSentenceWords: audience.maxSentenceWords)
        var questions = phrases.questions
        if !artwork.themes.isEmpty {
            questions[2] = phrases.label(phrases.themes, artwork.themes.joined(separator: ", ")) + " " + questions[2]
        }
        return ["## \(phrases.teacherNotes)", (lead + body).joined(separator: " "),
                "## \(phrases.classQuestions)", questions.enumerated().map { "\($0.offset + 1). \($0.element)" }.joined(separator: "\n")]
    }

    func press() -> [String] {
        var lead: [String] = []
        if !institution.isEmpty { lead.append(phrases.pressLead(institution)) }
        lead.append(introduction)
        let body = fill(curatorSentences, budget: audience.maxWords - words(lead) - 15, maxSentenceWords: audience.maxSentenceWords)
        var closing: [String] = []
        if let credit = artwork.creditLine { closing.append(phrases.label(phrases.credit, credit)) }
        return [(lead + body).joined(separator: " "), closing.joined(separator: " ")]
    }

    func social() -> [String] {
        let lead = [introduction]
        let body = fill(curatorSentences, budget: min(audience.maxWords, 70) - words(lead), maxSentenceWords: audience.maxSentenceWords)
        let tags = Self.hashtags(from: artwork.themes + knownMakers.map(\.name), limit: audience.maxHashtags ?? 5)
        return [(lead + body).joined(separator: " "), tags.joined(separator: " ")]
    }

    static func hashtags(from phrases: [String], limit: Int) -> [String] {
        var tags: [String] = []
        for phrase in phrases {
            let tag = "#" + phrase.split { !($0.isLetter || $0.isNumber) }.map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
            if tag.count > 1, !tags.contains(tag) { tags.append(tag) }
            if tags.count == limit { break }
        }
        return tags
    }

    func web() -> [String] {
        let lead = [introduction] + factLines()
        let body = fill(curatorSentences, budget: audience.maxWords - words(lead) - 15, maxSentenceWords: audience.maxSentenceWords)
        var closing: [String] = []
        if let credit = artwork.creditLine { closing.append(phrases.label(phrases.credit, credit)) }
        return ["## \(phrases.webHeading)", lead.joined(separator: " "), body.joined(separator: " "), closing.joined(separator: " ")]
    }

    func audio() -> [String] {
        let opening = [phrases.audioWelcome(title), introduction]
        let body = fill(curatorSentences, budget: audience.maxWords - words(opening) - 15, maxSentenceWords: audience.maxSentenceWords)
        return [opening.joined(separator: " "), body.joined(separator: " "), phrases.audioClose]
    }
}

extension OfflineChatModel {
    /// What the offline engine could not do for a task, as findings for the draft's checks.
    package static func limitations(for task: DraftTask) -> [Finding] {
        var findings: [Finding] = []
        let base = task.language.split(separator: "-").first.map(String.init) ?? task.language
        if OfflinePhrasebook.forLanguage(base) == nil {
            findings.append(Finding("offline-language", .warning,
                "the offline engine has no phrasing for '\(task.language)'; the framing sentences are in English"))
        }
        if task.audience.seesImage {
            findings.append(Finding("unseen-image", .warning,
                "written without seeing the image, from the record's facts: check it against the picture (configure a model that sees images)"))
            return findings
        }
        let composer = OfflineComposer(artwork: task.artwork, audience: task.audience, language: task.language, institution: task.institution)
        if composer.untranslatedNotice != nil {
            findings.append(Finding("untranslated", .warning,
                "the curator's text is in '\(task.artwork.language)' and was not translated: the offline engine does not translate; configure a model"))
        }
        return findings
    }
}
