import Catalog
import Foundation
import LLM
import Prose
import Testing
@testable import Checks
@testable import OfflineEngine
@testable import Prompts
import Domain

/// Only the sentences that read as prose reach a draft; a fragment in any text is a finding.
@Suite("Prose only: provenance, footnotes and fragments")
struct ProseOnlyTests {
    /// An NGA-style record whose notes are its provenance text.
    let artwork = Artwork(
        id: "1937.1.24", title: "The Harbor", makers: [Maker(name: "Élise Marchand", role: "painter")], date: "1889",
        description: "Boats come home in the pink light of morning. The painter lays the colour down in short strokes.",
        notes: "Purchased from the artist by Paul Durand-Ruel (dealer), Paris; by inheritance to his son, Joseph Durand-Ruel; sold 1923 to Chester Dale, New York.[1] The picture was cleaned in 1950.",
        language: "en")

    @Test("The offline engine leaves provenance lists and footnoted sentences out of every audience's draft", arguments: ["general", "experts", "web", "press"])
    func offlineLeavesProvenanceOut(audience: String) async throws {
        let task = DraftTask(kind: .draft, artwork: artwork, audience: Audience.builtIn(named: audience)!, language: "en", institution: "Test Museum")
        let request = try DraftPromptBuilder(library: try PromptLibrary(directory: Repo.templates)).request(for: task)
        let text = try await OfflineChatModel().complete(request).text
        #expect(!text.contains("inheritance") && !text.contains("[1]") && !text.contains("Durand-Ruel"), "\(text)")
        let findings = Proofreader(audience: task.audience, language: "en", artwork: artwork).check(text)
        #expect(!findings.contains { $0.rule == "fragment" }, "\(findings)")
    }

    @Test("A sentence with a dangling fragment, a provenance list or a footnote marker is a finding, with where it is")
    func fragmentsAreFindings() {
        let checks = Proofreader(audience: Audience.builtIn(named: "general")!, language: "en")
        let cut = checks.check("The harbour glows at dawn. By inheritance to his son (dealer); sold 1923. Boats come home.")
        #expect(cut.contains { $0.rule == "fragment" && $0.message.contains("provenance") }, "\(cut)")
        #expect(checks.check("The harbour glows at dawn.[2] Boats come home to the quay.").contains { $0.rule == "fragment" })
        #expect(checks.check("Sold to A, Paris; to B, London; to C, New York. Boats come home.").contains { $0.rule == "fragment" })
        let clean = checks.check("The harbour glows at dawn (about 1889). Boats come home to the quay; the light is pink.")
        #expect(!clean.contains { $0.rule == "fragment" }, "\(clean)")
        // A sentence split at an abbreviation is no fragment to the checks.
        let abbreviated = checks.check("A wave by Katsushika Hokusai (c. 1831). Thousands of prints were sold, e.g. in Edo.")
        #expect(!abbreviated.contains { $0.rule == "fragment" }, "\(abbreviated)")
    }

    @Test("SentenceShape: what reads as prose")
    func shapes() {
        #expect(SentenceShape.problem("Boats come home in the pink light of morning.") == nil)
        #expect(SentenceShape.problem("« Une vague », dit-il (vers 1831).") == nil)
        #expect(SentenceShape.problem("the rest of a sentence.") != nil)
        #expect(SentenceShape.problem("A text with a marker.[12]") != nil)
        #expect(SentenceShape.problem("A text (with an open bracket.") != nil)
    }
}
