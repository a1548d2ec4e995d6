import Prose
import Catalog
import Foundation
import Testing
@testable import Prompts
@testable import Checks
@testable import OfflineEngine
@testable import Review
import Domain

@Suite("SEO data")
struct SEOTests {
    let artwork = Artwork(id: "a", title: "Le Berceau", makers: [Maker(name: "Berthe Morisot", born: "1841", died: "1895")],
                          date: "1872", objectType: "peinture", medium: "huile sur toile", dimensions: "56 × 46 cm",
                          accessionNumber: "RF 2849", themes: ["impressionnisme", "maternité"],
                          image: ArtworkImage(path: "i.jpg", alt: "Une femme veille sur un bébé endormi."), language: "fr")
    let page = "Une jeune femme veille sur un bébé endormi dans Le Berceau. Elle pose la main sur le voile de mousseline. Morisot peint le voile en touches légères et transparentes, et la diagonale du bras relie les deux visages. La femme est Edma, la sœur de l’artiste. Le tableau a été montré en 1874."

    @Test("The offline composition follows Yoast's lengths and the schema")
    func offline() throws {
        let fields = SEOTask.compose(artwork: artwork, language: "fr", pageText: page, institution: "Musée de Test")
        let json = String(decoding: try JSONEncoder().encode(fields), as: UTF8.self)
        #expect(LLMSchemaCheck.problems(json, SEOFields.schema).isEmpty, "\(json)")
        #expect(fields.seoTitle == "Le Berceau – Berthe Morisot")
        #expect(fields.slug == "le-berceau-berthe-morisot")
        #expect((120...156).contains(fields.metaDescription.count))
        #expect(fields.check(against: page).filter { $0.severity == .error }.isEmpty)
    }

    @Test("Yoast checks catch long titles, short descriptions and a missing keyphrase")
    func checks() {
        let bad = SEOFields(keyphrase: "Le Berceau", keywords: ["a", "b"], seoTitle: String(repeating: "x", count: 70),
                            metaDescription: "Trop court.", slug: "Le Berceau!", altText: String(repeating: "y", count: 130))
        let rules = Set(bad.check(against: page).map(\.rule))
        #expect(rules.isSuperset(of: ["seo-title", "meta-description", "alt-text", "keywords", "slug", "keyphrase-title", "keyphrase-introduction"]))
    }

    @Test("JSON-LD facts come from the record")
    func jsonLD() {
        let object = SEOFields.jsonLD(for: artwork, language: "fr", description: "d", institution: "Musée")
        #expect(object["@type"] as? String == "VisualArtwork")
        #expect(object["dateCreated"] as? String == "1872")
        #expect((object["creator"] as? [[String: Any]])?.first?["birthDate"] as? String == "1841")
        #expect(object["identifier"] as? String == "RF 2849")
    }

    @Test("Slugs", arguments: [("Le Berceau", "le-berceau"), ("À mon seul désir", "a-mon-seul-desir"), ("Œuvre n° 5", "oeuvre-n-5")])
    func slug(text: String, slug: String) {
        #expect(SEOFields.slugify(text) == slug)
    }
}

@Suite("Subtitles")
struct SubtitleTests {
    let script = "Paris, 1838. Louis Daguerre installe son appareil à la fenêtre de son atelier et photographie le boulevard du Temple pendant plusieurs longues minutes. Les voitures passent, les passants marchent : ils ne laissent aucune trace sur la plaque."

    @Test("Cues keep to two lines of 42 characters, reading speed, durations and gaps")
    func rules() throws {
        let cues = Subtitles.cues(from: script)
        #expect(!cues.isEmpty)
        #expect(Subtitles.validate(cues).isEmpty, "\(Subtitles.validate(cues))")
        let children = SubtitleRules(children: true)
        #expect(Subtitles.validate(Subtitles.cues(from: script, rules: children), rules: children).isEmpty)
    }

    @Test("Lines never break after an article or between first and last name")
    func lineBreaks() {
        let lines = Subtitles.breakLines("Louis Daguerre installe son appareil à la fenêtre de son atelier.", rules: SubtitleRules())
        #expect(lines.count == 2)
        #expect(!Subtitles.noBreakAfter.contains(lines[0].split(separator: " ").last!.lowercased()))
        #expect(lines[0] != "Louis")
    }

    @Test("WebVTT and SRT round-trip through our parsers")
    func roundTrip() throws {
        let cues = Subtitles.cues(from: script)
        let vtt = Subtitles.webVTT(cues, notes: ["docent inputs=x body=y"])
        #expect(vtt.hasPrefix("WEBVTT\n\nNOTE docent"))
        #expect(try Subtitles.parseWebVTT(vtt) == cues)
        #expect(try Subtitles.parseSRT(Subtitles.srt(cues)) == cues)
        #expect(Subtitles.srt(cues).contains("00:00:00,000 --> "))
    }

    @Test("The WebVTT parser refuses what the standard refuses", arguments: [
        ("1\n00:00:01.000 --> 00:00:02.000\nx\n", "missing the WEBVTT header"),
        ("WEBVTT\n\n00:00:01.00 --> 00:00:02.000\nx\n", "invalid start time '00:00:01.00'"),
        ("WEBVTT\n\n00:00:02.000 --> 00:00:01.000\nx\n", "the cue ends before it starts"),
        ("WEBVTT\n\n00:00:05.000 --> 00:00:06.000\nx\n\n00:00:01.000 --> 00:00:02.000\ny\n", "cue starts before the previous one"),
    ])
    func invalid(text: String, message: String) {
        #expect {
            _ = try Subtitles.parseWebVTT(text)
        } throws: { error in
            (error as? SyntaxError)?.message == message
        }
    }

    @Test("The validator flags fast, long and crowded cues")
    func validator() {
        let cues = [Cue(start: 0, end: 1, lines: ["Une ligne beaucoup trop longue pour un sous-titre correct", "deux", "trois"]),
                    Cue(start: 1.01, end: 9.5, lines: ["court"])]
        let rules = Set(Subtitles.validate(cues).map(\.rule))
        #expect(rules == ["subtitle-lines", "subtitle-line-length", "subtitle-reading-speed", "subtitle-gap", "subtitle-duration"])
    }
}

@Suite("Proofreading checks")
struct ProofreaderTests {
    let artwork = Artwork(id: "a", title: "Le Port à l'aube", makers: [Maker(name: "Élise Marchand")], date: "1889",
                          description: "Des barques rentrent au port. Exposé au Salon de 1890.", language: "fr")

    @Test("Grounding catches planted years and invented names, and passes a clean draft")
    func grounding() {
        let clean = "« Le Port à l'aube » est une œuvre d’Élise Marchand (1889). Des barques rentrent au port."
        #expect(Grounding(artwork: artwork, language: "fr").check(clean).isEmpty)
        let planted = "Peinte en 1875 par Élise Marchand, l'œuvre fut achetée par Gustave Caillebotte. Des barques rentrent au port."
        let findings = Grounding(artwork: artwork, language: "fr").check(planted)
        #expect(findings.contains { $0.message == "year 1875 is not in the record: unverified claim" && $0.severity == .error })
        #expect(findings.contains { $0.message.hasPrefix("name 'Gustave'") || $0.message.hasPrefix("name 'Caillebotte'") })
        #expect(!findings.contains { $0.message.contains("Marchand") })
    }

    @Test("Hygiene: loops, echoed prompts, wrong language, cut-off endings")
    func hygiene() {
        let reader = Proofreader(audience: nil, language: "fr")
        let loop = reader.check("La mer est bleue et calme. La mer est bleue et calme. Le ciel est clair.")
        #expect(loop.contains { $0.rule == "repetition" })
        #expect(reader.check("Length: 50 to 75 words. Voici un texte sur la mer.").contains { $0.rule == "prompt-echo" })
        #expect(reader.check("The sea is blue and the sky is clear, and the boats come back to the harbour in the morning.").contains { $0.rule == "wrong-language" })
        #expect(reader.check("Les barques rentrent au port dans la lumière du matin et").contains { $0.rule == "cut-off" })
        // What a 270M local model really wrote: a prompt heading and a chat-template marker.
        let weak = reader.check("The curatorial note:\nLe tableau est petit : on le découvre de près. Une chaufferette posée au sol complète la scène. [/INST]")
        #expect(weak.contains { $0.rule == "template-leak" })
        #expect(weak.contains { $0.rule == "prompt-echo" })
    }

    @Test("French typography and its fix")
    func typography() {
        let text = "Il dit : \"bonjour\" ; c'est tout !"
        let findings = Typography.check(text, language: "fr")
        #expect(Set(findings.map(\.rule)) == ["typography-fr", "quotes-fr", "apostrophe"])
        let fixed = Typography.apply(text, language: "fr")
        #expect(fixed == "Il dit\u{00A0}: «\u{00A0}bonjour\u{00A0}»\u{202F}; c’est tout\u{202F}!")
        #expect(Typography.check(fixed, language: "fr").isEmpty)
        #expect(Typography.apply("Er sagte \"Hallo\".", language: "de") == "Er sagte „Hallo“.")
    }

    @Test("Passive voice share (English)")
    func passive() {
        let reader = Proofreader(audience: nil, language: "en")
        let text = "The painting was bought in 1890. It was restored later. The frame was made of oak. Visitors love it."
        #expect(reader.check(text).contains { $0.rule == "passive-voice" })
        #expect(!reader.check("The painter mixed blue. She painted the sea. Boats come home. Visitors love it.").contains { $0.rule == "passive-voice" })
    }

    @Test("Readability against the audience's target")
    func readability() {
        let hard = "L’iconographie hétérodoxe manifeste une réinterprétation herméneutique considérablement sophistiquée des conventions représentationnelles traditionnellement institutionnalisées, particulièrement caractéristique des expérimentations intellectuelles contemporaines, indépendamment des considérations économiques. L’historiographie institutionnelle contemporaine reconsidère systématiquement l’interprétation philosophique, anthropologique et sociologique traditionnellement privilégiée."
        let reader = Proofreader(audience: Audience.builtIn(named: "children"), language: "fr")
        #expect(reader.check(hard).contains { $0.rule == "readability" })
    }
}

/// Schema checks from the LLM module, for the SEO tests.
import LLM
enum LLMSchemaCheck {
    static func problems(_ json: String, _ schema: String) -> [String] {
        JSONSchemaValidator.validate(json: json, schema: schema)
    }
}
