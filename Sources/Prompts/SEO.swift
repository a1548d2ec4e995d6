import Catalog
import Domain
import Foundation
import LLM
import Prose

/// SEO data of one artwork's page in one language: what the model writes (keyphrase,
/// keywords, title, meta description, slug, alt text) and the schema.org JSON-LD that Docent
/// builds from the record (facts from the record, never from the model).
package struct SEOFields: Sendable, Codable, Hashable {
    package var keyphrase: String
    package var keywords: [String]
    package var seoTitle: String
    package var metaDescription: String
    package var slug: String
    package var altText: String

    enum CodingKeys: String, CodingKey {
        case keyphrase, keywords, seoTitle = "seo_title", metaDescription = "meta_description", slug, altText = "alt_text"
    }

    /// Limits from Yoast: title ≤ 60 characters (≈ 600 px), meta description 120–156, alt ≤ 125.
    package static let schema = #"{"type": "object", "additionalProperties": false, "required": ["keyphrase", "keywords", "seo_title", "meta_description", "slug", "alt_text"], "properties": {"keyphrase": {"type": "string", "minLength": 3, "maxLength": 60}, "keywords": {"type": "array", "minItems": 5, "maxItems": 10, "items": {"type": "string", "minLength": 2, "maxLength": 60}}, "seo_title": {"type": "string", "minLength": 10, "maxLength": 60}, "meta_description": {"type": "string", "minLength": 120, "maxLength": 156}, "slug": {"type": "string", "minLength": 3, "maxLength": 80}, "alt_text": {"type": "string", "minLength": 10, "maxLength": 125}}}"#

    /// Yoast-style checks; `text` is the page text the keyphrase should appear in.
    package func check(against text: String) -> [Finding] {
        var findings: [Finding] = []
        if seoTitle.count > 60 { findings.append(Finding("seo-title", .error, "SEO title of \(seoTitle.count) characters (at most 60)")) }
        if !(120...156).contains(metaDescription.count) {
            findings.append(Finding("meta-description", .error, "meta description of \(metaDescription.count) characters (120–156)"))
        }
        if altText.count > 125 { findings.append(Finding("alt-text", .error, "alt text of \(altText.count) characters (at most 125)")) }
        if !(5...10).contains(keywords.count) { findings.append(Finding("keywords", .error, "\(keywords.count) keywords (5–10)")) }
        if slug != Self.slugify(slug) { findings.append(Finding("slug", .error, "the slug '\(slug)' is not lowercase words and hyphens")) }
        let phrase = Self.fold(keyphrase)
        if !Self.fold(seoTitle).contains(phrase) { findings.append(Finding("keyphrase-title", .warning, "the keyphrase is not in the SEO title")) }
        if !Self.fold(metaDescription).contains(phrase) {
            findings.append(Finding("keyphrase-introduction", .warning, "the keyphrase is not in the meta description"))
        }
        if !slug.contains(Self.slugify(keyphrase)) { findings.append(Finding("keyphrase-slug", .warning, "the keyphrase is not in the slug")) }
        let words = TextStats.words(in: text).count
        if words >= 50 {
            let occurrences = Self.fold(text).components(separatedBy: phrase).count - 1
            let phraseWords = max(1, TextStats.words(in: keyphrase).count)
            let density = Double(occurrences * phraseWords) / Double(words) * 100
            if density < 0.5 || density > 3 {
                findings.append(Finding("keyphrase-density", .warning, String(format: "keyphrase density %.1f %% in the page text (0.5–3 %%)", density)))
            }
        }
        return findings
    }

    static func fold(_ text: String) -> String {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
    }

    /// Lowercase ASCII words joined by hyphens.
    package static func slugify(_ text: String) -> String {
        let folded = text.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: Locale(identifier: "en"))
            .replacingOccurrences(of: "œ", with: "oe").replacingOccurrences(of: "æ", with: "ae").replacingOccurrences(of: "ß", with: "ss")
        return folded.split { !($0.isASCII && ($0.isLetter || $0.isNumber)) }.joined(separator: "-")
    }

    /// schema.org `VisualArtwork`, from the record, and the approved alt text as its image's
    /// description (an `ImageObject`) when there is one.
    package static func jsonLD(for artwork: Artwork, language: String, description: String, institution: String, imageURL: String? = nil,
                               imageDescription: String? = nil) -> [String: Any] {
        var object: [String: Any] = [
            "@context": "https://schema.org",
            "@type": "VisualArtwork",
            "name": artwork.titles[language] ?? artwork.title,
            "inLanguage": language,
            "description": description,
        ]
        let creators = artwork.makers.filter { !$0.isUnknown }.map { maker -> [String: Any] in
            var person: [String: Any] = ["@type": "Person", "name": maker.name]
            if let born = maker.born { person["birthDate"] = born }
            if let died = maker.died { person["deathDate"] = died }
            if let nationality = maker.nationality { person["nationality"] = nationality }
            return person
        }
        if !creators.isEmpty { object["creator"] = creators }
        if let date = artwork.date { object["dateCreated"] = date }
        if let medium = artwork.medium { object["artMedium"] = medium }
        if let type = artwork.objectType { object["artform"] = type }
        if let dimensions = artwork.dimensions { object["size"] = dimensions }
        if let accession = artwork.accessionNumber { object["identifier"] = accession }
        if let credit = artwork.creditLine { object["creditText"] = credit }
        if let place = artwork.place { object["locationCreated"] = ["@type": "Place", "name": place] }
        if let image = artwork.image {
            object["image"] = imageDescription.map { ["@type": "ImageObject", "contentUrl": imageURL ?? image.path, "description": $0] as [String: Any] }
                ?? imageURL ?? image.path
        }
        if !institution.isEmpty { object["provider"] = ["@type": "Museum", "name": institution] }
        return object
    }
}

/// The SEO task: a prompt for the model, and the offline engine's honest composition.
package enum SEOTask {
    /// What the offline engine composes SEO fields from.
    package struct Job: Sendable {
        package var artwork: Artwork
        package var language: String
        package var pageText: String
        package var institution: String
    }

    /// Builds the request from `templates/prompts/seo.mustache`.
    package static func request(library: PromptLibrary, artwork: Artwork, language: String, pageText: String,
                               institution: String, houseStyle: String, temperature: Double?, reviewNote: String? = nil) throws -> ChatRequest {
        let context: [String: Any] = [
            "artwork": ["title": artwork.titles[language] ?? artwork.title, "makers": artwork.makers.filter { !$0.isUnknown }.map(\.name),
                        "date": artwork.date ?? "", "medium": artwork.medium ?? "", "object_type": artwork.objectType ?? "",
                        "image_alt": artwork.image?.alt ?? "", "themes": artwork.themes] as [String: Any],
            "language": language, "language_name": LanguageNames.name(of: language), "institution": institution,
            "page_text": pageText, "house_style": houseStyle,
        ]
        var messages = [ChatMessage(.system, try library.render("prompts/system", context)),
                        ChatMessage(.user, try library.render("prompts/seo", context))]
        // An editor's rejection note (`docent reject ID/seo.fr --note …`): the next answer follows it.
        if let reviewNote, !reviewNote.isEmpty {
            messages.append(ChatMessage(.user, "An editor rejected the previous SEO data with this note; follow it: \(reviewNote)"))
        }
        return ChatRequest(
            messages: messages,
            temperature: temperature, maxTokens: 600, jsonSchema: SEOFields.schema,
            job: Job(artwork: artwork, language: language, pageText: pageText, institution: institution))
    }

    /// Offline: keyphrase from the title, keywords from the record's facts, meta description
    /// from the page's first sentences, all cut to Yoast's lengths.
    package static func compose(artwork: Artwork, language: String, pageText: String, institution: String) -> SEOFields {
        let title = artwork.titles[language] ?? artwork.title
        let makers = artwork.makers.filter { !$0.isUnknown }.map(\.name)
        var keywords: [String] = []
        for candidate in [title] + makers + [artwork.objectType, artwork.medium, artwork.place, artwork.date].compactMap({ $0 }) + artwork.themes + [institution]
        where !candidate.isEmpty && !keywords.contains(candidate) && keywords.count < 10 {
            keywords.append(String(candidate.prefix(60)))
        }
        while keywords.count < 5 { keywords.append(["art", "museum", "collection", "œuvre", "exposition"][keywords.count % 5]) }
        var seoTitle = title
        if let maker = makers.first, seoTitle.count + maker.count + 3 <= 60 { seoTitle += " – " + maker }
        if seoTitle.count > 60 { seoTitle = String(seoTitle.prefix(59)) + "…" }
        // Whole sentences only: headings and Docent's own [notes] are not description.
        let sentences = TextStats.sentences(in: TextStats.prose(of: pageText)).filter { sentence in
            !sentence.hasPrefix("[") && sentence.last.map { ".!?…".contains($0) } == true
        }
        var meta = ""
        for sentence in sentences where meta.count + sentence.count + 1 <= 156 {
            meta += (meta.isEmpty ? "" : " ") + sentence
        }
        if !SEOFields.fold(meta).contains(SEOFields.fold(title)) {
            meta = (title + " – " + (makers.first ?? institution) + ". " + meta)
        }
        if meta.count > 156 { meta = String(meta.prefix(155)).trimmingCharacters(in: .whitespaces) + "…" }
        let filler = [artwork.medium, artwork.date, institution].compactMap { $0 }
        var index = 0
        while meta.count < 120 && index < filler.count {
            let addition = " " + filler[index] + "."
            if meta.count + addition.count <= 156 { meta += addition }
            index += 1
        }
        let alt = artwork.image?.alt ?? ([title] + makers.prefix(1)).joined(separator: ", ")
        return SEOFields(keyphrase: String(title.prefix(60)), keywords: keywords, seoTitle: seoTitle, metaDescription: meta,
                         slug: SEOFields.slugify(title + (makers.first.map { " " + $0 } ?? "")), altText: String(alt.prefix(125)))
    }
}

extension SEOFields {
    /// JSON made safe to paste into an HTML page's `<script type="application/ld+json">` block,
    /// as the SEO file's JSON-LD is meant to be: `<`, `>` and `&` are written as `\u003c`,
    /// `\u003e` and `\u0026` (and U+2028/U+2029 escaped), so that no text from a record or an
    /// answer can close the script element. JSON readers decode them to the same strings.
    package static func htmlSafeJSON(_ data: Data) -> Data {
        JSONText.htmlSafe(data)
    }
}
