import Foundation
import Testing

/// The output formats, byte for byte: a draft with its front matter, SEO JSON, WebVTT and
/// SRT, written by the offline engine at a fixed time. `DOCENT_UPDATE_GOLDEN=1 swift test
/// --filter Golden` rewrites the golden files after an intended change of format.
@Suite("Golden output files")
struct GoldenTests {
    static let files = ["draft.general.fr.md", "draft.general.en.md", "draft.audio.fr.md", "seo.fr.json", "subtitles.fr.vtt", "subtitles.fr.srt", "record.json"]

    @Test("Offline run of one record: every output format as expected", arguments: GoldenTests.files)
    func golden(file: String) async throws {
        let folder = try TemporaryFolder()
        try folder.write("""
            {
              "institution": {"name": "Musée de Test"},
              "sources": {"artworks": ["artworks/works.json"]},
              "source_language": "fr", "languages": ["en"], "audiences": ["general", "audio"],
              "stages": ["draft", "translate", "seo", "subtitles"]
            }
            """, to: "pipeline.json")
        try folder.copy(Repo.templates, to: "templates")
        try folder.copy(Repo.fixtures + "/records", to: "artworks")
        let result = try await DocentBinary.run(["run", "--only", "harbour-at-dawn"], in: folder.path, environment: ["SOURCE_DATE_EPOCH": "1800000000"])
        #expect(result.status == 0, "\(result.stderr)")
        let actual = try folder.read("output/harbour-at-dawn/\(file)")
        let golden = Repo.fixtures + "/golden/\(file)"
        if ProcessInfo.processInfo.environment["DOCENT_UPDATE_GOLDEN"] == "1" {
            try actual.write(toFile: golden, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOfFile: golden, encoding: .utf8)
        #expect(actual == expected, "\(file) changed; if intended, rerun with DOCENT_UPDATE_GOLDEN=1")
    }
}

@Suite("Audiences as data")
struct AudienceFormTests {
    @Test("Subtitles are cut from the audience whose form is a spoken script, whatever its name; SEO data from the web page's")
    func subtitlesFromCustomScript() async throws {
        let folder = try TemporaryFolder()
        try folder.write("""
            {
              "institution": {"name": "Musée de Test"},
              "sources": {"artworks": ["artworks/works.json"]},
              "source_language": "fr", "languages": [],
              "audiences": ["general", {"name": "visite", "template": "audio", "form": "audio-script", "min_words": 150, "max_words": 225},
                            {"name": "page", "template": "web", "form": "web-page", "min_words": 250, "max_words": 350}],
              "stages": ["draft", "seo", "subtitles"]
            }
            """, to: "pipeline.json")
        try folder.copy(Repo.templates, to: "templates")
        try folder.copy(Repo.fixtures + "/records", to: "artworks")
        let result = try await DocentBinary.run(["run", "--only", "harbour-at-dawn", "--json"], in: folder.path)
        #expect(result.status == 0, "\(result.stderr)")
        let vtt = try folder.read("output/harbour-at-dawn/subtitles.fr.vtt")
        #expect(vtt.contains("visite.fr"), "the script's draft is named as the source: \(vtt.prefix(600))")
        let seo = try folder.read("output/harbour-at-dawn/seo.fr.json")
        #expect(seo.contains("page.fr"), "SEO data starts from the web page's draft: \(seo.prefix(600))")
    }
}
