import Catalog
import Prompts
import Foundation
import LLM
import Prose
import Review
import Domain
import Checks

/// The engine's per-job steps timed on their own (`docent-bench --parts`), to see where a
/// job's CPU goes without a profiler: the checks, their text statistics, the prompt.
struct PartsBenchmark {
    var templates: String
    var iterations = 2_000

    static let artwork = Artwork(
        id: "monet-etretat", title: "La Falaise d'Étretat", makers: [Maker(name: "Claude Monet", born: "1840", died: "1926")],
        date: "1883", objectType: "peinture", medium: "huile sur toile", dimensions: "65 × 81 cm",
        description: "Monet peint la falaise et l'arche de la Manneporte à marée basse. Les barques rentrent au port dans la lumière du soir.",
        themes: ["mer", "falaise"], language: "fr")

    /// About 130 words of French label text, with names, years and punctuation.
    static let text = """
        Claude Monet peint « La Falaise d'Étretat » en 1883. Il passe l'hiver sur la côte normande et travaille face à la mer, \
        par tous les temps. Regardez l'arche : elle ouvre la falaise comme une porte sur le large. Les barques rentrent au port \
        dans la lumière du soir ; leurs voiles brillent sur l'eau. Monet pose la couleur en touches courtes et rapides. De près, \
        on voit surtout des traits de bleu, de rose et de vert. De loin, la falaise prend forme et la mer bouge.

        Le peintre revient souvent à Étretat. Il aime les changements de lumière au fil des heures. Chaque toile garde un \
        moment précis : une marée, un nuage, un reflet. Que ressentez-vous devant cette mer calme ? Prenez le temps de \
        chercher les barques, puis l'horizon.
        """

    /// What the mock endpoint answers: words of the prompt, in sentences of 8 to 13 words.
    static let mockText: String = {
        let words = text.split { !($0.isLetter || $0 == "'") }.map { $0.lowercased() }.filter { $0.count > 2 }
        var seed: UInt64 = 42
        var sentences: [String] = []
        for _ in 0..<8 {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            let sentence = (0..<(8 + Int(seed >> 60) % 6)).map { i in words[Int((seed >> 20 &+ UInt64(i * 7919)) % UInt64(words.count))] }
            let joined = sentence.joined(separator: " ")
            sentences.append(joined.prefix(1).uppercased() + joined.dropFirst() + ".")
        }
        return sentences.joined(separator: " ")
    }()

    /// A draft as Docent writes it.
    static let draftFile = """
        ---
        artwork: "monet-etretat"
        stage: draft
        audience: general
        language: fr
        approved: false
        approved_by: null
        approved_at: null
        generated_at: "2026-11-23T15:38:56Z"
        generator:
          provider: "openai"
          model: "bench"
          prompt: "prompts/draft + audiences/general @ sha256:9994aa04b32d"
          style: null
        inputs: "sha256:fdd89f0415b87761f8fa4c73ff03cc27c0c0b6f6a6f6163e3514e9b85c7f1e44"
        body: "sha256:1bd3033485f82abd0888c43ff9671e50434275f6afc0721ea709cff74af2be5e"
        ai_generated: true
        checks:
          - rule: "typography-fr"
            severity: warning
            message: "French typography wants a no-break space (U+00A0) before ':'"
          - rule: "grounding"
            severity: warning
            message: "name 'Étretat' is not in the record: unverified claim"
        review_note: null
        ---

        """ + text + "\n"

    func rows() throws -> [(String, String, String)] {
        let audience = Audience.builtIn(named: "general")!
        let checks = Proofreader(audience: audience, language: "fr", artwork: Self.artwork, glossary: ["Musée du banc d'essai"])
        let library = try PromptLibrary(directory: templates)
        let task = DraftTask(kind: .draft, artwork: Self.artwork, audience: audience, language: "fr", institution: "Musée du banc d'essai",
                             styleGuide: "", houseStyle: "", exemplars: [], reviewNote: nil, sourceText: nil)
        // Each prompt for another artwork, as in a run (renders that read only run-wide values
        // are remembered across jobs; the draft prompt's are not).
        let tasks = (0..<iterations).map { index -> DraftTask in
            var artwork = Self.artwork
            artwork.id = "work-\(index)"
            artwork.title = "Œuvre numéro \(index)"
            var copy = task
            copy.artwork = artwork
            return copy
        }
        var next = 0
        var sink = 0
        func time(_ label: String, _ body: () throws -> Int) rethrows -> (String, String, String) {
            let start = ContinuousClock.now
            for _ in 0..<iterations { sink &+= try body() }
            let elapsed = start.duration(to: .now)
            let ms = (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18) * 1000 / Double(iterations)
            return ("  \(label) (ms each, one core)", String(format: "%.4f", ms), "")
        }
        let rows = try [
            time("Text statistics of a 130-word draft") { TextStats(Self.text).words },
            time("All deterministic checks of a 130-word draft") { checks.check(Self.text).count },
            time("All deterministic checks of a mock answer") { checks.check(Self.mockText).count },
            time("Reading a draft file's text (front matter and body)") { try DraftDocument.parse(Self.draftFile).body.utf8.count },
            time("Prompt of a draft job") {
                next = (next + 1) % tasks.count
                return try DraftPromptBuilder(library: library).request(for: tasks[next]).messages.count
            },
        ]
        if sink == 42 { print("") }
        return rows
    }
}
