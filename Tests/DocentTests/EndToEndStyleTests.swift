import Foundation
import Testing

/// The house style through the CLI: `docent style`, and style changes reaching the drafts.
@Suite("docent style and house style in runs", .serialized)
struct EndToEndStyleTests {
    func project() throws -> TemporaryFolder {
        let folder = try TemporaryFolder()
        try folder.write("""
            {
              "institution": {"name": "Musée de Test"},
              "sources": {"artworks": ["artworks/works.json"], "style_guide": "templates/style-guide.md", "site": ["site"]},
              "source_language": "fr",
              "audiences": ["general"]
            }
            """, to: "pipeline.json")
        try folder.copy(Repo.templates, to: "templates")
        try folder.copy(Repo.fixtures + "/records", to: "artworks")
        try folder.copy(Repo.fixtures + "/site/clean.html", to: "site/clean.html")
        try folder.write("\u{0}\u{1}binary", to: "site/image.html")
        return folder
    }

    @Test("docent style lists the pages read and skipped, and the digest")
    func styleCommand() async throws {
        let folder = try project()
        let result = try await DocentBinary.run(["style"], in: folder.path)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Pages read (1):\n  site/clean.html"))
        #expect(result.stdout.contains("site/image.html: not HTML (binary content)"))
        #expect(result.stdout.contains("Digest given to every prompt:"))
        #expect(result.stdout.contains("Quotation marks « »"))
        let json = try await DocentBinary.run(["style", "--json"], in: folder.path)
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect((object?["state"] as? [String: Any])?["profile"] != nil)
        #expect(folder.exists(".docent/house-style.json"))
    }

    @Test("A change to the site's pages changes the style digest: drafts regenerate, approved ones get a proposal")
    func styleChangeRegenerates() async throws {
        let folder = try project()
        #expect(try await DocentBinary.run(["run"], in: folder.path).status == 0)
        let first = try folder.read("output/oak-chest/draft.general.fr.md")
        #expect(try await DocentBinary.run(["approve", "harbour-at-dawn"], in: folder.path).status == 0)
        // The museum now writes with straight quotes.
        let page = try folder.read("site/clean.html").replacingOccurrences(of: "« Une tapisserie se lit comme un livre d’images. »", with: "\"Une tapisserie se lit comme un livre d'images.\" \"Une autre citation.\"")
        try folder.write(page, to: "site/clean.html")
        let rerun = try await DocentBinary.run(["run"], in: folder.path)
        #expect(rerun.status == 0, "\(rerun.stderr)")
        #expect(rerun.stderr.contains("House style learned from 1 page."))
        let second = try folder.read("output/oak-chest/draft.general.fr.md")
        #expect(first != second, "the inputs hash covers the house style")
        // The offline engine writes the approved draft's text word for word again: no proposal,
        // the draft stays approved and now stands for the new inputs.
        #expect(!folder.exists("output/harbour-at-dawn/draft.general.fr.proposed.md"))
        let approved = try folder.read("output/harbour-at-dawn/draft.general.fr.md")
        #expect(approved.contains("approved: true"))
        #expect(rerun.stderr.contains("resolved: the new text was word for word"), "\(rerun.stderr)")
        // Nothing changed since: the cached profile is used and nothing is written.
        let third = try await DocentBinary.run(["run"], in: folder.path)
        #expect(third.stderr.contains("House style from .docent/house-style.json"))
        #expect(third.stderr.contains(" 0 written"))
    }
}
