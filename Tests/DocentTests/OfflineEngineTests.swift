import Catalog
import Foundation
import Prose
import LLM
import Testing
@testable import Prompts
@testable import Checks
@testable import OfflineEngine
import Domain

@Suite("The offline engine")
struct OfflineEngineTests {
    let artwork = Artwork(
        id: "harbour", title: "Le Port à l'aube", titles: ["en": "The Harbour at Dawn"],
        makers: [Maker(name: "Élise Marchand", role: "peintre")], date: "1889", medium: "huile sur toile",
        dimensions: "54 × 73 cm", creditLine: "Don de la famille Marchand",
        description: "Des barques rentrent au port dans la lumière rose du matin. La peintre pose la couleur en touches courtes qui vibrent. On devine au loin le phare, les maisons du quai et les filets qui sèchent. Les reflets sur l'eau sont faits de petites virgules de blanc et de rose posées côte à côte. Cette manière de peindre montre l'influence des impressionnistes, que Marchand admirait depuis sa jeunesse passée au Havre.",
        notes: "Exposé au Salon de 1890, le tableau a été acheté par la ville la même année. Il a été restauré en 2011.",
        themes: ["port", "lumière"], language: "fr")

    func library() throws -> PromptLibrary { try PromptLibrary(directory: Repo.templates) }

    func write(_ audience: String, _ language: String) async throws -> String {
        let task = DraftTask(kind: language == "fr" ? .draft : .translate, artwork: artwork,
                             audience: Audience.builtIn(named: audience)!, language: language, institution: "Musée de Test")
        let request = try DraftPromptBuilder(library: try library()).request(for: task)
        return try await OfflineChatModel().complete(request).text
    }

    @Test("A maker the record does not give is left out, never said to be unknown; an anonymous maker is said so", arguments: ["fr", "en", "de", "es"])
    func missingMaker(language: String) async throws {
        var noMaker = artwork
        noMaker.makers = []
        noMaker.language = language
        var anonymous = noMaker
        anonymous.makers = [Maker(name: "Anonyme")]
        func text(_ record: Artwork, _ audience: String) async throws -> (prompt: String, answer: String) {
            let task = DraftTask(kind: .draft, artwork: record, audience: Audience.builtIn(named: audience)!, language: language, institution: "Musée de Test")
            let request = try DraftPromptBuilder(library: try library()).request(for: task)
            return (request.messages.map(\.content).joined(separator: "\n"), try await OfflineChatModel().complete(request).text)
        }
        let unknownWords = ["unknown", "inconnu", "ne connaît pas", "unbekannt", "desconoce", "not recorded", "do not know"]
        for audience in ["general", "children", "press", "web"] {
            let missing = try await text(noMaker, audience)
            for word in unknownWords {
                #expect(!missing.answer.lowercased().contains(word), "\(language) \(audience): \(missing.answer)")
                #expect(!missing.prompt.lowercased().contains(word), "\(language) \(audience): the prompt says '\(word)'")
            }
        }
        let said = try await text(anonymous, "general").answer.lowercased()
        #expect(unknownWords.contains(where: said.contains), "\(language): \(said)")
    }

    @Test("Same inputs, same text")
    func deterministic() async throws {
        let first = try await write("general", "fr")
        let second = try await write("general", "fr")
        #expect(first == second)
    }

    @Test("Each audience's draft stays within its maximum length (the visual description is never asked of the offline engine)",
          arguments: Audience.builtIn.filter { $0.form != .visualDescription }.map(\.name))
    func withinTargets(audience: String) async throws {
        let text = try await write(audience, "fr")
        let spec = Audience.builtIn(named: audience)!
        #expect(TextStats(text).words <= spec.maxWords, "\(text)")
        #expect(TextStats(text).words >= min(spec.minWords, 10))
        #expect(TextStats(text).characters <= spec.maxCharacters ?? .max, "\(text)")
        #expect(text.contains("Marchand"))
    }

    @Test("Children get shorter sentences and text than experts")
    func audiencesDiffer() async throws {
        let children = TextStats(try await write("children", "fr"))
        let experts = TextStats(try await write("experts", "fr"))
        #expect(children.words < experts.words)
        let longestChildSentence = children.sentences.map { TextStats.words(in: $0).count }.max() ?? 0
        #expect(longestChildSentence <= 15)
        let general = try await write("general", "fr")
        let findings = Proofreader(audience: Audience.builtIn(named: "general")!, language: "fr", artwork: artwork).check(general)
        // The curator's own sentences may be passive ("a été acheté"): that is theirs to decide.
        #expect(findings.filter { $0.severity != .info && $0.rule != "passive-voice" }.isEmpty, "\(findings)")
    }

    @Test("Only facts from the record: no year that the record does not hold")
    func grounded() async throws {
        for audience in Audience.builtIn.map(\.name) {
            let text = try await write(audience, "fr")
            let years = text.matches(of: /\b1[0-9]{3}\b/).map { String($0.output) }
            for year in years {
                #expect(["1889", "1890", "2011"].contains(year), "\(audience): \(year)")
            }
        }
    }

    @Test("In another language it uses the official title and says plainly that it did not translate")
    func untranslated() async throws {
        let text = try await write("general", "en")
        #expect(text.hasPrefix("“The Harbour at Dawn” is a work by Élise Marchand (1889)."))
        #expect(text.contains("the offline engine does not translate"))
        #expect(!text.contains("Des barques"))
        let task = DraftTask(kind: .translate, artwork: artwork, audience: Audience.builtIn(named: "general")!, language: "en", institution: "M")
        #expect(OfflineChatModel.limitations(for: task).map(\.rule) == ["untranslated"])
        let italian = DraftTask(kind: .translate, artwork: artwork, audience: Audience.builtIn(named: "general")!, language: "it", institution: "M")
        #expect(OfflineChatModel.limitations(for: italian).map(\.rule) == ["offline-language", "untranslated"])
    }

    @Test("French framing uses French typography")
    func frenchTypography() async throws {
        let text = try await write("general", "fr")
        #expect(text.hasPrefix("«\u{00A0}Le Port à l'aube\u{00A0}» est une œuvre d’Élise Marchand (1889)."))
        #expect(text.contains("Technique\u{00A0}: huile sur toile."))
    }

    @Test("An unknown maker is said so, not invented")
    func unknownMaker() async throws {
        var anonymous = artwork
        anonymous.makers = [Maker(name: "Anonyme")]
        let task = DraftTask(kind: .draft, artwork: anonymous, audience: Audience.builtIn(named: "general")!, language: "fr", institution: "M")
        let text = try await OfflineChatModel().complete(try DraftPromptBuilder(library: try library()).request(for: task)).text
        #expect(text.hasPrefix("On ne connaît pas l’auteur de «\u{00A0}Le Port à l'aube\u{00A0}» (1889)."))
    }

    @Test("Social posts keep to the hashtag limit")
    func hashtags() {
        #expect(OfflineComposer.hashtags(from: ["vie quotidienne", "lumière", "a", "b", "c", "d"], limit: 5)
            == ["#VieQuotidienne", "#Lumière", "#A", "#B", "#C"])
    }

    @Test("A request that is not one of Docent's tasks is refused plainly")
    func foreignRequest() async {
        await #expect(throws: ChatError.self) {
            _ = try await OfflineChatModel().complete(ChatRequest(messages: [ChatMessage(.user, "hello")]))
        }
    }
}

@Suite("Prompts from templates")
struct PromptTests {
    @Test("The draft prompt carries the record's facts, the audience and the editor's note")
    func draftPrompt() throws {
        let artwork = Artwork(id: "x", title: "<b>Titre</b>", makers: [Maker(name: "Ana", born: "1900", died: "1980")],
                              date: "vers 1650", medium: "bois", language: "fr")
        let task = DraftTask(kind: .draft, artwork: artwork, audience: Audience.builtIn(named: "children")!, language: "fr",
                             institution: "Musée X", styleGuide: "Soyez bref.", reviewNote: "Moins de mots savants.")
        let request = try DraftPromptBuilder(library: try PromptLibrary(directory: Repo.templates)).request(for: task)
        let system = request.messages[0].content, user = request.messages[1].content
        #expect(system.hasPrefix("You write museum texts for Musée X. Write in French."))
        #expect(system.contains("Soyez bref."))
        #expect(user.contains("- Title: <b>Titre</b>"), "no HTML escaping in prompts")
        #expect(user.contains("- Maker: Ana (1900–1980)"))
        #expect(user.contains("- Date: vers 1650"))
        #expect(user.contains("Length: 30 to 50 words. No sentence longer than 15 words."))
        #expect(user.hasSuffix("An editor rejected the previous version with this note. Follow it:\nMoins de mots savants."))
        #expect(!user.contains("Dimensions"))
    }

    @Test("The translation prompt names the glossary and the source text")
    func translatePrompt() throws {
        let artwork = Artwork(id: "x", title: "Le Berceau", titles: ["en": "The Cradle"], makers: [Maker(name: "Berthe Morisot")], language: "fr")
        let task = DraftTask(kind: .translate, artwork: artwork, audience: Audience.builtIn(named: "general")!, language: "en",
                             institution: "M", sourceText: "Une jeune femme veille.")
        let user = try DraftPromptBuilder(library: try PromptLibrary(directory: Repo.templates)).request(for: task).messages[1].content
        #expect(user.hasPrefix("Translate this museum text from French into English"))
        #expect(user.contains("Never translate makers' names (Berthe Morisot)."))
        #expect(user.contains("The work's official English title is \"The Cradle\": use it."))
        #expect(user.hasSuffix("The text to translate:\nUne jeune femme veille."))
    }
}

@Suite("Text statistics and checks")
struct TextStatsTests {
    @Test("Words and sentences, with abbreviations and initials")
    func counts() {
        let stats = TextStats("Peint vers 1650, c. 1650 exactement. J. Vermeer l'a signé ! Est-ce vrai ?")
        #expect(stats.sentences == ["Peint vers 1650, c. 1650 exactement.", "J. Vermeer l'a signé !", "Est-ce vrai ?"])
        #expect(stats.words == 12)
    }

    @Test("Markdown headings and list markers are not words of prose")
    func markdown() {
        let stats = TextStats("## Notes\n\n- un point\n1. deux")
        #expect(stats.sentences == ["Notes", "un point", "deux"])
    }

    @Test("Checks flag length, hashtags, fences and AI disclaimers")
    func checks() {
        let social = Proofreader(audience: Audience.builtIn(named: "social")!, language: "en")
        let findings = social.check("As an AI language model I wrote this.\n```\n#a #b #c #d #e #f")
        let rules = Set(findings.map(\.rule))
        #expect(rules.isSuperset(of: ["length", "hashtags", "markdown-fence", "ai-disclaimer"]), "\(rules)")
        #expect(Proofreader(audience: Audience.builtIn(named: "general")!, language: "en").check("  ").map(\.rule) == ["empty"])
    }
}

@Suite("Completion budgets")
struct CompletionBudgetTests {
    @Test("max_tokens follows the audience's longest text, never above the configured maximum")
    func perAudience() {
        let label = Audience.builtIn(named: "general")!
        let web = Audience.builtIn(named: "web")!
        #expect(label.completionTokens(atMost: 1_500) == label.maxWords * 3 + 200)
        #expect(label.completionTokens(atMost: 1_500) < web.completionTokens(atMost: 1_500))
        #expect(web.completionTokens(atMost: 300) == 300)
        // Enough for the longest text the audience allows, at two tokens a word.
        for audience in Audience.builtIn { #expect(audience.completionTokens(atMost: 10_000) >= audience.maxWords * 2) }
    }
}
