import Foundation
import Testing
@testable import Prompts
@testable import Checks
@testable import OfflineEngine
@testable import LLM
@testable import Pipeline
@testable import Project
@testable import Prose
@testable import Review
import Domain

/// The byte-level text work the checks run on: it must read as a person reads.
@Suite("Text on UTF-8 bytes")
struct UTF8TextTests {
    @Test("Latin lowercase keeps byte offsets; other scripts are left as they are")
    func lowercase() {
        #expect(UTF8Text.lowercasedLatin("ÉTÉ À L’ŒUVRE, Ça") == "été à l’œuvre, ça")
        #expect(UTF8Text.lowercasedLatin("ΜΟΥΣΕΊΟ") == "ΜΟΥΣΕΊΟ")
        #expect(UTF8Text.lowercasedLatin("Ñandú").utf8.count == "Ñandú".utf8.count)
        #expect(UTF8Text.lowercasedLatin("ŁÓDŹ, ŚWIĘTY, ŽIŽEK, ŒUVRE") == "łódź, święty, žižek, œuvre")
        // The two lowercase functions agree on every Latin letter they know.
        for value in UInt32(0xC0)...0x17F {
            let scalar = Unicode.Scalar(value)!
            let byScalar = Unicode.Scalar(UTF8Text.lowercased(value)).map { String(Character($0)) }
            #expect(UTF8Text.lowercasedLatin(String(Character(scalar))) == byScalar, "U+\(String(value, radix: 16))")
            // …and both are Unicode's lowercase wherever that is one letter.
            let unicode = scalar.properties.lowercaseMapping
            if unicode.unicodeScalars.count == 1 { #expect(byScalar == unicode, "U+\(String(value, radix: 16))") }
        }
    }

    @Test("Trimming knows no-break spaces and Unicode line breaks, as Foundation does")
    func trimming() {
        #expect(UTF8Text.trimmed("\u{00A0}\u{202F} texte\u{2028}\n\t") == "texte")
        #expect(UTF8Text.trimmed("   ") == "")
        #expect(UTF8Text.trimmed("a b") == "a b")
        #expect(UTF8Text.trimmed(" x "[...]) == "x")
    }

    @Test("Words keep elisions, hyphens, accents and combining marks together")
    func words() {
        #expect(TextStats.words(in: "L’œuvre d'Élise, peinte à Saint-Malo en 1883 — e\u{301}te\u{301} !").map(String.init)
                == ["L’œuvre", "d'Élise", "peinte", "à", "Saint-Malo", "en", "1883", "e\u{301}te\u{301}"])
        #expect(TextStats.words(in: "Москва и Київ").count == 3)
        #expect(TextStats.wordCount("-- ' …") == 0)
    }

    @Test("Sentences end after quotes and no-break spaces, not after initials or abbreviations")
    func sentences() {
        let stats = TextStats("« Il peint vite. » Voir env. 1650 et J.-C. Vermeer.\u{00A0}Ensuite ? Oui… fin")
        #expect(stats.sentences == ["« Il peint vite.", "Voir env. 1650 et J.-C. Vermeer.", "Ensuite ?", "Oui…", "fin"])
        #expect(stats.sentenceWords == [3, 7, 1, 1, 1])  // "J.-C." is read as "J" and "-C"
    }

    @Test("Paragraphs and their word counts; characters as a reader counts them")
    func paragraphs() {
        let stats = TextStats("Un deux.\n\n\n  Trois quatre cinq.\n")
        #expect(stats.paragraphs == ["Un deux.", "Trois quatre cinq."])
        #expect(stats.paragraphWords == [2, 3])
        #expect(TextStats.characterCount(" e\u{301}t\u{E9}\r\n ") == 3)
        #expect(TextStats.characterCount("a\r\nb") == 3)
    }

    @Test("Passive voice: an auxiliary right before a participle, in English and French")
    func passive() throws {
        let english = try #require(PassiveVoice(language: "en"))
        #expect(english.isPassive("It was carefully restored in 1950."))
        #expect(english.isPassive("The chest is made of oak."))
        #expect(!english.isPassive("She is walking to the harbour."))
        let french = try #require(PassiveVoice(language: "fr"))
        #expect(french.isPassive("Le tableau a été peint vers 1650."))
        #expect(french.isPassive("C'est fait à la main."))
        #expect(!french.isPassive("Le titre est « Aphrodite, dite Vénus de Milo »."))
        #expect(!french.isPassive("Elle a peint la mer."))
        #expect(PassiveVoice(language: "de") == nil)
    }

    @Test("Numbers as the grounding check reads them")
    func numbers() {
        #expect(Grounding.numbers(in: "En 1883, la toile mesure 1,5 m. Vers 1650s, 12.5.2020 et x2.") == ["1883", "1,5", "12.5.2020"])
        #expect(Grounding.numbers(in: "Ère 3é") == [])
    }

    @Test("Body hashes ignore line-ending style and trailing white space")
    func bodyHash() {
        let unix = ContentHash.ofBody("Un texte.\n\nDeux lignes.\n")
        #expect(ContentHash.ofBody("Un texte.  \r\n\r\nDeux lignes.\u{00A0}\r\n\r\n") == unix)
        #expect(ContentHash.ofBody("\n\nUn texte.\n\nDeux lignes.") == unix)
        #expect(ContentHash.ofBody("Un texte.\nDeux lignes.") != unix)
    }

    @Test("The review page escapes markup and keeps line breaks in paragraphs")
    func escaping() throws {
        #expect(ReviewPage.escape(#"<a href="x">Ça & l'été</a>"#) == "&lt;a href=&quot;x&quot;&gt;Ça &amp; l&#39;été&lt;/a&gt;")
        let folder = try TemporaryFolder()
        let layout = OutputLayout(root: folder.file("output"))
        var front = DraftFrontMatter(artwork: "a", stage: "draft", audience: "general", language: "fr", generatedAt: "2026-01-01T00:00:00Z",
                                     generator: DraftGenerator(provider: "offline", model: "m", prompt: "p"), inputs: "sha256:1",
                                     body: "", checks: [Finding("<r>", .error, "<script>alert(1)</script>")])
        let body = "# Titre\n\nUne ligne\net une autre <b>.\n\n"
        front.body = ContentHash.ofBody(body)
        try folder.write(DraftDocument(frontMatter: front, body: body).rendered(), to: "output/a/draft.general.fr.md")
        let page = ReviewPage(layout: layout, institution: "<i>Musée</i>", targets: [:], failures: [], projectDirectory: folder.path,
                              generatedAt: "2026-01-01T00:00:00Z")
        let html = try page.render()
        #expect(html.contains(#"<p class="heading"># Titre</p><p>Une ligne<br>et une autre &lt;b&gt;.</p>"#))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && !html.contains("<script>alert"))
        #expect(html.contains("Review — &lt;i&gt;Musée&lt;/i&gt;"))
    }

    @Test("A request's cache key is its job's inputs hash; the offline job it carries is not part of it")
    func cacheKey() {
        let model = ModelDescriptor(provider: .openai, model: "m")
        var request = ChatRequest(messages: [ChatMessage(.user, "Bonjour")], maxTokens: 300)
        let key = AnswerCache.key(request, model: model)
        #expect("sha256:" + key == InputsHash.of(request, model: model))
        request.job = "une tâche"
        #expect(AnswerCache.key(request, model: model) == key)
        request.maxTokens = 301
        #expect(AnswerCache.key(request, model: model) != key)
    }
}
