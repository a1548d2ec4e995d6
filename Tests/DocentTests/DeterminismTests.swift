import LLM
@testable import Prompts
@testable import Checks
@testable import OfflineEngine
import Foundation
@testable import HouseStyle
import Prose
import Testing

/// The tie-breaking rules that make prompts, hashes and messages the same in every process.
@Suite("Ties broken by a stated rule")
struct TieBreakingTests {
    @Test("Counted things: the highest count first, equal counts by key")
    func ranking() {
        let counts = ["« »": 3, "“ ”": 3, "\" \"": 1, "„ “": 3]
        #expect(counts.rankedByCount().map(\.key) == ["« »", "“ ”", "„ “", "\" \""])
        #expect(counts.mostFrequentKey == "« »")
        #expect([String: Int]().mostFrequentKey == nil)
        // Built in another order (another capacity, another history): the same answer.
        var other: [String: Int] = [:]
        for key in ["„ “", "\" \"", "“ ”", "« »"] { other[key] = counts[key] }
        #expect(other.mostFrequentKey == counts.mostFrequentKey)
        #expect(other.rankedByCount().map(\.key) == counts.rankedByCount().map(\.key))
    }

    @Test("The repetition check names the same phrase whichever loops equally often: the first alphabetically")
    func repetitionTie() {
        let text = "the work invites a slow look and the work invites a slow look and the work invites a slow look"
        let words = TextStats.words(in: text)
        let loop = Hygiene.repeatedRun(words, allowedRepeats: [])
        // "invites a slow look", "the work invites a" and "work invites a slow" each come back 3 times.
        #expect(loop?.count == 3)
        #expect(loop?.phrase == "invites a slow look")
    }

    @Test("A suggestion among equally close candidates is the first alphabetically, whatever the collection's order")
    func suggestionTie() {
        let candidates: Set<String> = ["dates", "dater", "datex"]
        #expect(Suggestion.closest(to: "datea", in: candidates) == "dater")
        #expect(Suggestion.closest(to: "datea", in: Array(candidates).reversed()) == "dater")
    }

    @Test("The digest states conventions by pattern: no year or number a model could take for a fact")
    func digestHasNoExampleFacts() throws {
        let html = """
            <html lang="fr"><body><main>
            <p>Le tableau, peint vers 1650 puis retouché entre 1660–1665, montre « la lumière » du XVIIe siècle ; il mesure 1 200 mm.</p>
            <p>Une œuvre réalisée vers 1700, au XVIIIe siècle, entre 1701–1705 : « un chef-d’œuvre » que nous aimons.</p>
            </main></body></html>
            """
        let page = try ContentExtractor(minimumText: 10).extract(html: Data(html.utf8), source: "p.html")
        let digest = StyleDigest.render(profile: HouseStyleProfile.learn(from: [page]), guide: nil)
        #expect(digest.contains("YYYY–YYYY"), "\(digest)")
        #expect(digest.contains("vers YYYY"), "\(digest)")
        for fact in ["1650", "1660", "1665", "1700", "1701", "1705", "1200", "1 200", "1503", "XVII"] {
            #expect(!digest.contains(fact), "\(fact) in \(digest)")
        }
    }

    @Test("Pages that disagree on quotation marks are reported as mixed, the more common first")
    func mixedQuotes() throws {
        func page(_ quote: (String, String), _ name: String) throws -> ExtractedPage {
            // Each page its own sentence: a paragraph on half the pages or more is boilerplate.
            let html = "<html lang=\"en\"><body><main><p>The curator calls it \(quote.0)a quiet room\(quote.1) and \(quote.0)a slow picture\(quote.1) in the guide to \(name).</p></main></body></html>"
            return try ContentExtractor(minimumText: 10).extract(html: Data(html.utf8), source: name)
        }
        let pages = try (0..<6).map { try page(("“", "”"), "curly-\($0).html") } + (0..<3).map { try page(("\"", "\""), "straight-\($0).html") }
        let profile = HouseStyleProfile.learn(from: pages)
        #expect(profile.quotationMarkPages == ["“ ”": 6, "\" \"": 3])
        let digest = StyleDigest.render(profile: profile, guide: nil)
        #expect(digest.contains("Quotation marks are mixed across the site (“ ” on 6 pages, \" \" on 3 pages); use “ ”, the more common"), "\(digest)")
        // A tie names no "more common" style, and the choice is by the stated rule.
        let tied = HouseStyleProfile.learn(from: Array(pages.prefix(3)) + Array(pages.suffix(3)))
        let tiedDigest = StyleDigest.render(profile: tied, guide: nil)
        #expect(tiedDigest.contains("(\" \" on 3 pages, “ ” on 3 pages); use \" \"; apostrophe"), "\(tiedDigest)")
    }
}

@Suite("What the house style reads is what the page shows")
struct PageTextTests {
    @Test("Numeric references in the C1 range read as the Windows-1252 characters browsers show")
    func c1References() throws {
        let html = """
            <html lang="en"><body><main><p>Francesco&#146;s collections were &#147;vast&#148; &#150; and by the water&#151;the light. \
            The price was &#128;40 &#133; and &#x92;that&#x92; is all &#129; here.</p></main></body></html>
            """
        let page = try ContentExtractor(minimumText: 10).extract(html: Data(html.utf8), source: "old.html")
        let text = try #require(page.blocks.first?.text)
        #expect(text.hasPrefix("Francesco’s collections were “vast” – and by the water—the light."), "\(text)")
        #expect(text.contains("€40 …"))
        #expect(text.contains("’that’"))
        // 0x81 is one of the five positions the standard leaves as they are.
        #expect(text.unicodeScalars.contains("\u{81}"))
        #expect(!text.unicodeScalars.contains { (0x91...0x97).contains($0.value) })
    }

    @Test("Recurring names are whole names: never across punctuation, never with a possessive")
    func wholeNames() {
        var counts: [String: Int] = [:]
        let text = "We met at the Museum of Modern Art, New York, and saw Van Gogh’s room. Later we saw Van Gogh and Claude Monet."
        HouseStyleProfile.countTerms(text, into: &counts)
        #expect(counts["Van Gogh"] == 2)
        #expect(counts["New York"] == 1)
        #expect(counts["Claude Monet"] == 1)
        #expect(counts["Modern Art New York"] == nil)
        #expect(counts["Van Gogh’s"] == nil)
    }
}

@Suite("Proofreading findings")
struct ProofreadingFilterTests {
    @Test("Kept only when the quote is in the text and the suggestion changes it, once each")
    func filter() {
        let text = "Peint entre 1503 1506, le portrait est célèbre. Il est exposé au Louvre."
        let answer = """
            {"issues": [
              {"quote": "1503 1506", "problem": "range", "suggestion": "1503 1506"},
              {"quote": "1503 1506", "problem": "range", "suggestion": "1503–1506"},
              {"quote": "1503 1506", "problem": "range again", "suggestion": "1503–1506"},
              {"quote": "not in the text", "problem": "x", "suggestion": "y"},
              {"quote": "", "problem": "empty", "suggestion": "z"},
              {"quote": "célèbre", "problem": "vague", "suggestion": "connu dans le monde entier"}
            ]}
            """
        let findings = ProofreadingPass.findings(from: answer, in: text)
        #expect(findings.map(\.message) == ["“1503 1506”: range → 1503–1506", "“célèbre”: vague → connu dans le monde entier"])
        #expect(findings.first?.line == 1 && findings.first?.column == 13)
    }

    @Test("An answer that cannot be read is a finding that says so")
    func unreadable() {
        let findings = ProofreadingPass.findings(from: "Sure! The text looks fine to me.", in: "Un texte.")
        #expect(findings.map(\.rule) == ["proofread-unreadable"])
        #expect(ProofreadingPass.findings(from: "{\"issues\": []}", in: "Un texte.").isEmpty)
    }
}

@Suite("Keys and control characters")
struct ScrubbingTests {
    @Test("A key echoed in any letter case is scrubbed; prose that merely looks key-like is left alone in answers")
    func keyInAnyCase() {
        let redaction = Redaction(secrets: ["sk-test-SENTINEL-40c1d9a7b3f2"])
        #expect(redaction.scrubSecrets("your key SK-TEST-SENTINEL-40C1D9A7B3F2 was used") == "your key [redacted] was used")
        #expect(redaction.scrubSecrets("prefix sk-test-s*** and suffix …7B3F2") .contains("[redacted]"))
        #expect(redaction.scrubSecrets("a key-shaped motif on the lid") == "a key-shaped motif on the lid")
        #expect(redaction.scrub("bad key KEY-ABCDEFGH12345 given").contains("[redacted]"))
    }

    @Test("Control characters are shown, never sent to the terminal")
    func terminalText() {
        #expect(TerminalText.safe("plain\ttext\nline") == "plain\ttext\nline")
        #expect(TerminalText.safe("a\u{1B}[2Jb\u{07}c\u{9B}d") == "a\\u{1B}[2Jb\\u{7}c\\u{9B}d")
    }

    @Test("JSON made safe to embed in a script element decodes to the same value")
    func htmlSafeJSON() throws {
        let value: [String: Any] = ["name": "</script><img onerror=x> & \u{2028}"]
        let data = SEOFields.htmlSafeJSON(try JSONSerialization.data(withJSONObject: value))
        let text = String(decoding: data, as: UTF8.self)
        #expect(!text.contains("<") && !text.contains(">") && !text.contains("&") && !text.contains("\u{2028}"))
        let decoded = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        #expect(decoded?["name"] as? String == value["name"] as? String)
    }
}
