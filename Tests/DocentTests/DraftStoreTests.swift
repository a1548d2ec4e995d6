import Foundation
import Testing
import Yams
import Prose
@testable import Review
import Domain

@Suite("Drafts on disk and the rules that protect editors' work")
struct DraftStoreTests {
    func document(inputs: String = "sha256:in", body: String = "Un texte.", approved: Bool = false, recordedBody: String? = nil) -> DraftDocument {
        var front = DraftFrontMatter(
            artwork: "a", stage: "draft", audience: "general", language: "fr", generatedAt: "2026-01-01T00:00:00Z",
            generator: DraftGenerator(provider: "offline", model: "m", prompt: "p"), inputs: inputs,
            body: ContentHash.ofBody(recordedBody ?? body), checks: [Finding("length", .warning, "short: \"x\"")])
        front.approved = approved
        return DraftDocument(frontMatter: front, body: body)
    }

    @Test("Timestamps: UTC, seconds, zero-padded", arguments: [
        (0.0, "1970-01-01T00:00:00Z"), (1_795_000_000.9, "2026-11-18T11:06:40Z"), (951_782_400, "2000-02-29T00:00:00Z"),
    ])
    func timestamp(seconds: Double, expected: String) {
        #expect(Timestamp.string(Date(timeIntervalSince1970: seconds)) == expected)
    }

    @Test("Front matter fences are found as before the byte-wise search: after accents, combining marks, emoji; none in the body's words", arguments: [
        ("---\ntitle: \"Café\"\n---\nLe corps.", "title: \"Café\"", "Le corps."),
        ("---\nnote: \"e\u{301}\u{1F3A8}\"\n---\n\nCorps---\n---\n", "note: \"e\u{301}\u{1F3A8}\"", "Corps---\n---\n"),
        ("---\na: 1\n--- \n---\nB", "a: 1\n--- ", "B"),
        ("---\r\na: 1\r\n---\r\nB\r\n", "a: 1", "B\n"),
        ("---\n---\nB", "", "B"),
        ("---\na: 1\n---", "a: 1", ""),
    ])
    func fences(text: String, yaml: String, body: String) throws {
        let split = try #require(FrontMatter.split(text))
        #expect(split.yaml == yaml && split.body == body)
        #expect(FrontMatter.split("---\na: 1\nno closing fence") == nil)
    }

    @Test("No draft: create it")
    func create() {
        #expect(DraftStore.decide(existing: .none, proposal: .none, inputs: "x") == .create)
    }

    @Test("Untouched draft: skip when inputs match, overwrite when they changed")
    func untouched() {
        #expect(DraftStore.decide(existing: .readable(document()), proposal: .none, inputs: "sha256:in") == .upToDate)
        #expect(DraftStore.decide(existing: .readable(document()), proposal: .none, inputs: "sha256:new") == .overwrite)
    }

    @Test("Approved draft: never rewritten; changed inputs give a proposal")
    func approved() {
        let approved = document(approved: true)
        #expect(DraftStore.decide(existing: .readable(approved), proposal: .none, inputs: "sha256:in") == .upToDate)
        #expect(DraftStore.decide(existing: .readable(approved), proposal: .none, inputs: "sha256:new") == .propose(because: .approved))
        #expect(DraftStore.decide(existing: .readable(approved), proposal: .readable(document(inputs: "sha256:new")), inputs: "sha256:new")
            == .proposalUpToDate(because: .approved))
    }

    @Test("Edited draft: never rewritten; changed inputs give a proposal")
    func edited() {
        let edited = document(body: "Un texte revu par Claire.", recordedBody: "Un texte.")
        #expect(edited.isEdited)
        #expect(DraftStore.decide(existing: .readable(edited), proposal: .none, inputs: "sha256:new") == .propose(because: .edited))
    }

    @Test("A draft whose front matter was broken by hand is treated as edited")
    func unreadable() {
        #expect(DraftStore.decide(existing: .unreadable("bad"), proposal: .none, inputs: "x") == .propose(because: .unreadable))
    }

    @Test("Trailing white space and CRLF are not edits")
    func whitespaceIsNotAnEdit() {
        #expect(!document(body: "Un texte.\r\n\n  ", recordedBody: "Un texte.").isEdited)
    }

    @Test("Front matter survives a round trip through the file format")
    func roundTrip() throws {
        var original = document()
        original.frontMatter.reviewNote = "Plus court, s'il vous plaît : \"merci\"."
        let parsed = try DraftDocument.parse(original.rendered())
        #expect(parsed.frontMatter == original.frontMatter)
        #expect(parsed.body == "Un texte.\n")
        #expect(!parsed.isEdited)
        #expect(original.rendered().contains("ai_generated: true"))
    }

    @Test("Approve and reject change the front matter and never the body")
    func approveKeepsBody() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("draft.general.fr.md")
        let body = "Texte édité à la main.\n\nAvec  deux espaces et une fin sans saut de ligne"
        try (document().frontMatter.rendered() + "\n" + body).write(toFile: path, atomically: true, encoding: .utf8)
        let desk = ApprovalDesk(clock: { Date(timeIntervalSince1970: 0) })
        try desk.approve(path: path, by: "Claire O'Neil")
        var text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.hasSuffix("\n" + body))
        var parsed = try DraftDocument.parse(text)
        #expect(parsed.frontMatter.approved)
        #expect(parsed.frontMatter.approvedBy == "Claire O'Neil")
        #expect(parsed.frontMatter.approvedAt == "1970-01-01T00:00:00Z")

        try desk.reject(path: path, by: "Marc", note: "Trop long.")
        text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.hasSuffix("\n" + body))
        parsed = try DraftDocument.parse(text)
        #expect(!parsed.frontMatter.approved)
        #expect(parsed.frontMatter.approvedBy == nil)
        #expect(parsed.frontMatter.reviewNote == "Trop long.")
        #expect(parsed.frontMatter.rejectedBy == "Marc")
    }

    @Test("Atomic writes leave no temp file behind and replace whole files")
    func atomicWrite() throws {
        let folder = try TemporaryFolder()
        try AtomicFile.write("one", to: folder.file("sub/f.txt"))
        try AtomicFile.write("two", to: folder.file("sub/f.txt"))
        #expect(try folder.read("sub/f.txt") == "two")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.file("sub")) == ["f.txt"])
        try folder.write("partial", to: "sub/.docent-tmp-123-9-f.txt")
        AtomicFile.removeLeftovers(in: folder.file("sub"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.file("sub")) == ["f.txt"])
    }

    @Test("Artwork folders never leave the output folder")
    func layoutGuards() throws {
        let layout = OutputLayout(root: "/tmp/out")
        #expect(try layout.draftPath("monet", DraftName(audience: "general", language: "fr")) == "/tmp/out/monet/draft.general.fr.md")
        #expect(throws: OutputLayout.UnsafeID.self) { try layout.folder(for: "..") }
        #expect(throws: OutputLayout.UnsafeID.self) { try layout.folder(for: "../etc") }
        #expect(DraftName(parsing: "draft.general.fr.md") == DraftName(audience: "general", language: "fr"))
        #expect(DraftName(parsing: "easy-read.pt-BR") == DraftName(audience: "easy-read", language: "pt-BR"))
        #expect(DraftName(fileName: "draft.general.fr.proposed.md") == nil)
    }
}

@Suite("Front matter: written by Docent, read by a YAML decoder")
struct FrontMatterReadingTests {
    @Test("Docent's own format, an editor's comment and other quoting read the same")
    func roundTrip() throws {
        var front = DraftFrontMatter(artwork: "a", stage: "draft", audience: "general", language: "fr", generatedAt: "2026-01-01T00:00:00Z",
                                     generator: DraftGenerator(provider: "offline", model: "m", prompt: "p \"q\""), inputs: "sha256:1",
                                     body: "sha256:2", checks: [Finding("r", .error, "a: \"b\"\\ c\u{1}")],
                                     reviewNote: "Plus\ncourt")
        front.approved = true
        front.approvedBy = "Zoé"
        let yaml = String(front.rendered().dropFirst(4).dropLast(4))
        #expect(try DraftDocument.parse("---\n" + yaml + "\n---\nTexte.\n").frontMatter == front)
        let edited = "---\n" + yaml + "\n# checked by Zoé\n---\nTexte.\n"
        #expect(try DraftDocument.parse(edited).frontMatter == front)
        let quoted = edited.replacingOccurrences(of: "approved_by: \"Zoé\"", with: "approved_by: 'Zoé'")
        #expect(try DraftDocument.parse(quoted).frontMatter == front)
        // Docent's own format is read without the YAML parser; anything else is left to it.
        let fast = try #require(FrontMatterFastPath.parse(yaml))
        #expect(try DraftFrontMatter(fast) == DraftFrontMatter(YAMLDecoder().decode(DraftFrontMatter.Fields.self, from: yaml)))
        #expect(FrontMatterFastPath.parse(yaml + "\n# checked by Zoé") == nil)
        #expect(FrontMatterFastPath.parse(yaml.replacingOccurrences(of: "approved: true", with: "approved: \"yes\"")) == nil)
    }

    @Test("A missing key or a value of the wrong kind is named")
    func errors() throws {
        let front = DraftFrontMatter(artwork: "a", stage: "draft", audience: "general", language: "fr", generatedAt: "2026-01-01T00:00:00Z",
                                     generator: DraftGenerator(provider: "offline", model: "m", prompt: "p"), inputs: "sha256:1",
                                     body: "sha256:2", checks: [])
        let text = front.rendered() + "\nTexte.\n"
        #expect(throws: SyntaxError.self) { try DraftDocument.parse(text.replacingOccurrences(of: "inputs:", with: "inputz:")) }
        do {
            _ = try DraftDocument.parse(text.replacingOccurrences(of: "approved: false", with: "approved: maybe"))
            Issue.record("a non-boolean approval was accepted")
        } catch {
            #expect(error.message.contains("approved"))
        }
    }
}
