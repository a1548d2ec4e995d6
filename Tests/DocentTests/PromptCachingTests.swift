import Catalog
import Foundation
@testable import LLM
import Testing
@testable import Checks
@testable import Prompts
import Domain

@Suite("Prompt caching: a stable prefix, cached tokens counted")
struct PromptCachingTests {
    static func artwork(_ id: String, _ title: String, _ description: String) -> Artwork {
        Artwork(id: id, title: title, makers: [Maker(name: "Élise Marchand")], date: "1889", medium: "huile sur toile",
                description: description, themes: ["port"], language: "fr")
    }

    static let harbour = artwork("harbour", "Le Port à l'aube", "Des barques rentrent au port dans la lumière rose du matin.")
    static let orchard = artwork("orchard", "Le Verger", "Un verger en fleurs sous un ciel d'avril, peint en touches larges.")

    func request(_ artwork: Artwork, kind: DraftTask.Kind, audience: String, language: String, note: String? = nil) throws -> ChatRequest {
        let task = DraftTask(kind: kind, artwork: artwork, audience: Audience.builtIn(named: audience)!, language: language,
                             institution: "Musée de Test", styleGuide: String(repeating: "Write dates in full. ", count: 50),
                             houseStyle: "Quotation marks: « »", exemplars: ["Un paragraphe publié."], reviewNote: note,
                             sourceText: kind == .translate ? "Un texte source sur \(artwork.title)." : nil)
        return try DraftPromptBuilder(library: try PromptLibrary(directory: Repo.templates)).request(for: task)
    }

    @Test("Drafts and translations of one audience and language share a byte-identical system prompt, and the user prompt starts with the same audience part; only the record comes after",
          arguments: [(DraftTask.Kind.draft, "fr"), (.translate, "en")])
    func stablePrefix(kind: DraftTask.Kind, language: String) throws {
        for audience in ["general", "children", "audio"] {
            let first = try request(Self.harbour, kind: kind, audience: audience, language: language)
            let second = try request(Self.orchard, kind: kind, audience: audience, language: language, note: "Plus court.")
            #expect(first.messages.map(\.role) == [.system, .user])
            #expect(first.messages[0].content == second.messages[0].content)
            let shared = zip(first.messages[1].content.utf8, second.messages[1].content.utf8).prefix { $0 == $1 }.count
            let firstUser = first.messages[1].content
            // Everything before the first fact of the record is shared.
            let recordStart = firstUser.range(of: kind == .draft ? "The record" : "Keep the work's title")?.lowerBound
            #expect(recordStart.map { firstUser.utf8.distance(from: firstUser.startIndex, to: $0) <= shared } == true, "\(audience): \(shared)")
        }
    }

    @Test("Anthropic gets a cache breakpoint on the last system block; OpenAI's usage and Anthropic's cache fields are read")
    func providerShapes() throws {
        let body = AnthropicChatModel.Body(model: "m", max_tokens: 10, system: [.init(text: "a"), .init(text: "b", cache_control: .init())],
                                           messages: [.init(role: "user", content: "c")], temperature: nil, stream: false)
        let json = String(decoding: try JSONEncoder.docentCompact.encode(body), as: UTF8.self)
        #expect(json.contains(#"{"cache_control":{"type":"ephemeral"},"text":"b","type":"text"}"#), "\(json)")
        let anthropic = try AnthropicChatModel.response(
            text: "ok", stop: "end_turn",
            usage: .init(input_tokens: 20, output_tokens: 5, cache_read_input_tokens: 1_500, cache_creation_input_tokens: 0),
            schema: nil, promptEstimate: { 0 })
        #expect(anthropic.usage == TokenUsage(prompt: 1_520, completion: 5, cachedPrompt: 1_500))
        let openAI = try OpenAIChatModel.response(
            text: "ok", finish: "stop",
            usage: .init(prompt_tokens: 1_600, completion_tokens: 5, prompt_tokens_details: .init(cached_tokens: 1_536)),
            schema: nil, promptEstimate: { 0 })
        #expect(openAI.usage == TokenUsage(prompt: 1_600, completion: 5, cachedPrompt: 1_536))
    }

    @Test("Usage cached before prompt caching was counted still reads")
    func oldUsage() throws {
        let usage = try JSONDecoder().decode(TokenUsage.self, from: Data(#"{"prompt": 10, "completion": 3}"#.utf8))
        #expect(usage == TokenUsage(prompt: 10, completion: 3))
    }
}

@Suite("Prompt caching against the mock", .serialized)
struct EndToEndPromptCachingTests {
    /// A project whose system prompt is over 1,024 tokens (a long style guide), with prices.
    func project(provider: String) throws -> TemporaryFolder {
        let folder = try TemporaryFolder()
        try folder.write("""
            {"institution": {"name": "Musée de Test"}, "sources": {"artworks": ["artworks"], "style_guide": "style-guide.md"},
             "source_language": "fr", "languages": [], "audiences": ["general", "children"],
             "limits": {"jobs": 1, "revision_rounds": 0},
             "prices": {"mock-model": {"input_per_million": 2, "output_per_million": 8, "cached_input_per_million": 0.5, "cache_write_per_million": 2.5}},
             "model": {"provider": "\(provider)", "name": "mock-model"}}
            """, to: "pipeline.json")
        let rules = (1...120).map { "- Rule \($0): write the dates of works in full, and keep titles in italics as the record gives them." }
        try folder.write("# House rules\n\n" + rules.joined(separator: "\n") + "\n", to: "style-guide.md")
        try folder.copy(Repo.templates, to: "templates")
        try folder.copy(Repo.fixtures + "/records/works.json", to: "artworks/works.json")
        return folder
    }

    @Test("Cached prompt tokens reach report.json and are priced at the cached price", arguments: ["openai", "anthropic"])
    func cachedTokensCounted(provider: String) async throws {
        let mock = try MockProcess([])
        let folder = try project(provider: provider)
        let run = try await DocentBinary.run(["run", "--json"], in: folder.path, environment: ["DOCENT_BASE_URL": mock.baseURL, "DOCENT_API_KEY": "k"])
        #expect(run.status == 0, "\(run.stderr)")
        let report = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
        let totals = report?["totals"] as? [String: Any] ?? [:]
        let cached = totals["cached_prompt_tokens"] as? Int ?? 0
        #expect(cached > 1_024, "\(totals)")
        #expect(run.stderr.contains("prompt tokens read from the provider's prompt cache"), "\(run.stderr)")
        // Each job's cost: plain prompt tokens at 2, cached at 0.5, written (Anthropic's first) at 2.5, completion at 8.
        let jobs = report?["jobs"] as? [[String: Any]] ?? []
        let reads = jobs.filter { ($0["cached_prompt_tokens"] as? Int ?? 0) > 0 }
        #expect(!reads.isEmpty)
        for job in reads {
            let prompt = Double(job["prompt_tokens"] as? Int ?? 0), completion = Double(job["completion_tokens"] as? Int ?? 0)
            let read = Double(job["cached_prompt_tokens"] as? Int ?? 0)
            let expected = ((prompt - read) * 2 + read * 0.5 + completion * 8) / 1_000_000
            #expect(abs((job["cost"] as? Double ?? 0) - expected) < 1e-9, "\(job)")
        }
    }
}
