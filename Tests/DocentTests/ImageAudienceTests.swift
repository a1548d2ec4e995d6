import Foundation
import Images
import LLM
import Testing

/// The audiences written from the picture (`alt`, `visual`): `docent run` against the mock in
/// both API shapes and through batches, with a JPEG, a PNG, a 9,000 × 6,000 photograph, a
/// IIIF image on the web and a record without an image.
@Suite("Image audiences: alt text and visual descriptions from the picture", .serialized)
struct ImageAudienceTests {
    static let records = """
        [
         {"id": "harbour", "title": "Le Port au crépuscule", "makers": [{"name": "Jeanne Morel"}], "date": "1893",
          "description": "Une barque rentre au port au coucher du soleil.", "image": "images/harbour.jpg"},
         {"id": "still-life", "title": "Nature morte au citron", "date": "1901", "image": "images/still-life.png"},
         {"id": "panorama", "title": "Panorama du port", "date": "1910", "image": "images/panorama.jpg"},
         {"id": "rade", "title": "La Rade", "date": "1888", "image": "https://iiif.example.org/iiif/3/rade/full/max/0/default.jpg"},
         {"id": "no-image", "title": "Sans image", "date": "1900"}
        ]
        """

    func project(provider: String, audiences: String = #"["alt", "visual", "general"]"#, stages: String = #"["draft"]"#,
                 records: String = records) throws -> TemporaryFolder {
        let folder = try TemporaryFolder()
        try folder.write("""
            {"institution": {"name": "Musée de Test"}, "sources": {"artworks": ["artworks"]},
             "source_language": "fr", "languages": [], "audiences": \(audiences), "stages": \(stages),
             "limits": {"jobs": 4, "revision_rounds": 0},
             "model": {"provider": "\(provider)", "name": "mock-vision", "batch_poll_seconds": 0.1}}
            """, to: "pipeline.json")
        try folder.copy(Repo.templates, to: "templates")
        try folder.copy(Repo.fixtures + "/images", to: "images")
        try folder.write(records, to: "artworks/records.json")
        return folder
    }

    func environment(_ mock: MockProcess) -> [String: String] {
        ["DOCENT_BASE_URL": mock.baseURL, "DOCENT_API_KEY": "k", "SOURCE_DATE_EPOCH": "1800000000"]
    }

    func jobs(_ folder: TemporaryFolder) throws -> [String: [String: Any]] {
        let report = try JSONSerialization.jsonObject(with: Data(try folder.read("output/report.json").utf8)) as? [String: Any] ?? [:]
        var byFile: [String: [String: Any]] = [:]
        for job in report["jobs"] as? [[String: Any]] ?? [] {
            byFile["\(job["artwork"] ?? "")/\(job["audience"] ?? "").\(job["language"] ?? "")"] = job
        }
        return byFile
    }

    /// What every run must show: an alt and a visual draft for each record with an image, none
    /// (and no failure) for the one without, every image part well formed, the photograph shrunk.
    func expectDescribed(_ folder: TemporaryFolder, _ mock: MockProcess, limit: Int) async throws {
        let byFile = try jobs(folder)
        for id in ["harbour", "still-life", "panorama", "rade"] {
            for audience in ["alt", "visual"] {
                #expect(byFile["\(id)/\(audience).fr"]?["outcome"] as? String == "created", "\(id)/\(audience): \(byFile["\(id)/\(audience).fr"] ?? [:])")
                #expect(FileManager.default.fileExists(atPath: folder.file("output/\(id)/draft.\(audience).fr.md")))
            }
        }
        for audience in ["alt", "visual"] {
            let job = byFile["no-image/\(audience).fr"] ?? [:]
            #expect(job["outcome"] as? String == "not_applicable" && job["error"] as? String == "no image", "\(job)")
        }
        #expect(byFile["no-image/general.fr"]?["outcome"] as? String == "created")
        let stats = try await mock.stats()
        #expect(stats["images"] as? Int == 8, "one picture for each of the 8 image drafts: \(stats)")
        let largest = stats["largest_image_bytes"] as? Int ?? 0
        #expect(largest > 0 && largest <= limit, "\(largest)")
        let photograph = try FileManager.default.attributesOfItem(atPath: folder.file("images/panorama.jpg"))[.size] as? Int ?? 0
        #expect(largest < photograph, "the 9,000 × 6,000 photograph was shrunk before it was sent")
        #expect(stats["image_addresses"] as? [String] == ["https://iiif.example.org/iiif/3/rade/full/!1024,1024/0/default.jpg"],
                "the IIIF image is asked at a fitting size, for the provider to fetch")
    }

    @Test("OpenAI shape: image_url parts (bytes as data URLs, the IIIF image by address); no image, no draft and no failure")
    func openAIShape() async throws {
        let mock = try MockProcess([])
        let folder = try project(provider: "openai")
        let run = try await DocentBinary.run(["run"], in: folder.path, environment: environment(mock))
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("2 not written, by design: 2 no image"), "\(run.stderr)")
        try await expectDescribed(folder, mock, limit: 20 << 20)
    }

    @Test("Through both Batch APIs: OpenAI's (image_url parts in the JSONL file) and Anthropic's (image blocks, base64 under 5 MB, or a URL source)",
          arguments: [("openai", 20 << 20), ("anthropic", 5 << 20)])
    func batches(provider: String, limit: Int) async throws {
        let mock = try MockProcess([])
        let folder = try project(provider: provider)
        let run = try await DocentBinary.run(["run", "--batch"], in: folder.path, environment: environment(mock))
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try await mock.stats()["batches"] as? Int ?? 0 >= 1)
        try await expectDescribed(folder, mock, limit: limit)
    }

    @Test("A changed image file makes its descriptions stale, and only them; a missing or unreadable image fails those drafts alone")
    func changedImage() async throws {
        let mock = try MockProcess([])
        let folder = try project(provider: "openai")
        #expect(try await DocentBinary.run(["run", "--quiet"], in: folder.path, environment: environment(mock)).status == 0)
        // The harbour's picture is replaced (a better photograph of the work).
        try FileManager.default.removeItem(atPath: folder.file("images/harbour.jpg"))
        try FileManager.default.copyItem(atPath: folder.file("images/still-life.png"), toPath: folder.file("images/harbour.jpg"))
        let check = try await DocentBinary.run(["check"], in: folder.path, environment: environment(mock))
        let stale = check.stdout.split(separator: "\n").filter { $0.contains(": stale:") }
        #expect(stale == ["output/harbour/draft.alt.fr.md: stale: its image, templates, style guide, house style or model changed since it was written: run docent run",
                          "output/harbour/draft.visual.fr.md: stale: its image, templates, style guide, house style or model changed since it was written: run docent run"],
                "\(check.stdout)")
        #expect(try await DocentBinary.run(["run", "--quiet"], in: folder.path, environment: environment(mock)).status == 0)
        let byFile = try jobs(folder)
        #expect(byFile["harbour/alt.fr"]?["outcome"] as? String == "overwritten" && byFile["harbour/visual.fr"]?["outcome"] as? String == "overwritten")
        #expect(byFile["harbour/general.fr"]?["outcome"] as? String == "up_to_date" && byFile["still-life/alt.fr"]?["outcome"] as? String == "up_to_date")
        // Not an image, and gone: those two drafts fail with the file named; the label is written.
        try folder.write("not a picture", to: "images/harbour.jpg")
        try FileManager.default.removeItem(atPath: folder.file("images/still-life.png"))
        let broken = try await DocentBinary.run(["run", "--quiet"], in: folder.path, environment: environment(mock))
        #expect(broken.status == 1)
        let failed = try jobs(folder)
        let notAnImage = failed["harbour/alt.fr"]?["error"] as? String ?? ""
        let missing = failed["still-life/visual.fr"]?["error"] as? String ?? ""
        #expect(notAnImage.contains("harbour.jpg is not an image"), "\(notAnImage)")
        #expect(missing.contains("still-life.png does not exist"), "\(missing)")
        #expect(failed["harbour/general.fr"]?["outcome"] as? String == "up_to_date" && failed["panorama/alt.fr"]?["outcome"] as? String == "up_to_date")
    }

    @Test("Offline: the alt is made from the record's facts with a warning that the image was not seen; no visual description is invented")
    func offline() async throws {
        let folder = try project(provider: "offline")
        let run = try await DocentBinary.run(["run"], in: folder.path)
        #expect(run.status == 0, "\(run.stderr)")
        let alt = try folder.read("output/harbour/draft.alt.fr.md")
        #expect(alt.contains("unseen-image") && alt.contains("Le Port au crépuscule"), "\(alt)")
        let body = alt.components(separatedBy: "---\n").last ?? ""
        #expect(body.trimmingCharacters(in: .whitespacesAndNewlines).count <= 125)
        let visual = try jobs(folder)["harbour/visual.fr"] ?? [:]
        #expect(visual["outcome"] as? String == "not_applicable" && (visual["error"] as? String ?? "").contains("offline engine does not see images"))
        #expect(!FileManager.default.fileExists(atPath: folder.file("output/harbour/draft.visual.fr.md")))
    }

    @Test("The approved alt text becomes the SEO file's alt text and its JSON-LD image's description")
    func approvedAltInSEO() async throws {
        let mock = try MockProcess([])
        let folder = try project(provider: "openai", audiences: #"["alt", "general"]"#, stages: #"["draft", "seo"]"#)
        #expect(try await DocentBinary.run(["run", "--quiet", "--only", "harbour"], in: folder.path, environment: environment(mock)).status == 0)
        let edited = "Une barque à voile rentre au port sous un soleil couchant"
        #expect(try await DocentBinary.run(["approve", "harbour/alt.fr", "--by", "Claire"], in: folder.path).status == 0)
        // The editor's own words, as the page's edit box saves them, then approved.
        var draft = try folder.read("output/harbour/draft.alt.fr.md")
        let front = draft.components(separatedBy: "---\n").dropLast().joined(separator: "---\n")
        draft = front + "---\n\n" + edited + "\n"
        try folder.write(draft, to: "output/harbour/draft.alt.fr.md")
        #expect(try await DocentBinary.run(["run", "--quiet", "--only", "harbour"], in: folder.path, environment: environment(mock)).status == 0)
        let seo = try JSONSerialization.jsonObject(with: Data(try folder.read("output/harbour/seo.fr.json").utf8)) as? [String: Any] ?? [:]
        #expect(seo["alt_text"] as? String == edited, "\(seo["alt_text"] ?? "")")
        let image = (seo["json_ld"] as? [String: Any])?["image"] as? [String: Any]
        #expect(image?["description"] as? String == edited && image?["@type"] as? String == "ImageObject", "\(seo["json_ld"] ?? "")")
    }

    @Test("IIIF addresses are asked at a fitting size; other addresses are left alone")
    func iiifSizes() {
        #expect(ModelImage.iiif("https://x.org/iiif/3/a/full/max/0/default.jpg") == "https://x.org/iiif/3/a/full/!1024,1024/0/default.jpg")
        #expect(ModelImage.iiif("https://x.org/iiif/2/b/0,0,400,300/full/90/gray.png?v=1") == "https://x.org/iiif/2/b/0,0,400,300/!1024,1024/90/gray.png?v=1")
        #expect(ModelImage.iiif("https://x.org/iiif/3/c/info.json") == "https://x.org/iiif/3/c/full/!1024,1024/0/default.jpg")
        #expect(ModelImage.iiif("https://media.example.org/images/n01506.jpg") == nil)
    }

    @Test("Image tokens as each provider counts them")
    func imageTokens() {
        let photo = ChatImage(source: .url("https://x.org/a.jpg"), digest: "sha256:0", width: 2048, height: 1365)
        #expect(photo.estimatedTokens(for: .openai) == 85 + 170 * 6, "2048×1365 → 1152×768: 3 × 2 tiles")
        #expect(photo.estimatedTokens(for: .anthropic) == Int(1568.0 * (1365.0 * 1568 / 2048) / 750))
        #expect(photo.estimatedTokens(for: .offline) == 0)
    }
}
