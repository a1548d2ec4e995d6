import Foundation
import HTTP
@testable import HouseStyle
import MockLLM
import Prose
import Testing

@Suite("Main-content extraction with libxml2")
struct ExtractionTests {
    func page(_ name: String) throws -> ExtractedPage {
        let data = try Data(contentsOf: URL(fileURLWithPath: Repo.fixtures + "/site/" + name))
        return try ContentExtractor().extract(html: data, source: name)
    }

    @Test("A clean page: structure kept, navigation, scripts, forms, asides and footers dropped")
    func cleanPage() throws {
        let extracted = try page("clean.html")
        #expect(extracted.title == "Salle des tapisseries")
        #expect(extracted.language == "fr")
        #expect(extracted.blocks.map(\.kind) == [.heading, .paragraph, .heading, .paragraph, .listItem, .listItem, .quote, .caption])
        #expect(extracted.blocks[0] == ContentBlock(.heading, "La salle des tapisseries", level: 1))
        #expect(extracted.blocks[2].level == 2)
        let all = extracted.blocks.map(\.text).joined(separator: " ")
        for dropped in ["Visiter", "tracking", "Chercher", "Publicité", "mentions légales", "color"] {
            #expect(!all.contains(dropped), "\(dropped) should be dropped")
        }
    }

    @Test("Broken markup is recovered")
    func brokenPage() throws {
        let extracted = try page("broken.html")
        let texts = extracted.blocks.map(\.text)
        #expect(texts.contains { $0.hasPrefix("Un premier paragraphe sans balise fermante") })
        #expect(texts.contains { $0.contains("avec une balise orpheline & un esperluette nue.") })
        #expect(!texts.contains("Accueil"))
        // Text that recovery puts outside the densest block is still there for a selector.
        let whole = try ContentExtractor(selectors: ["//body"]).extract(
            html: Data(contentsOf: URL(fileURLWithPath: Repo.fixtures + "/site/broken.html")), source: "broken.html")
        #expect(whole.blocks.contains { $0.text.hasPrefix("Texte après trop de fermetures") })
    }

    @Test("Table layouts with text in spans and line breaks; Latin-1 declared in a meta tag")
    func tableLayout() throws {
        let latin1 = try String(contentsOfFile: Repo.fixtures + "/site/table-layout.html", encoding: .utf8)
            .data(using: .isoLatin1)!
        let extracted = try ContentExtractor().extract(html: latin1, source: "old.html")
        let texts = extracted.blocks.map(\.text)
        // The heading set off by a line break is a heading of its own, never glued to the paragraph.
        #expect(extracted.blocks.contains { $0.kind == .heading && $0.text == "INTRODUCTION" }, "\(texts)")
        #expect(texts.contains { $0.hasPrefix("Cette exposition réunit les dessins que le musée a reçus") }, "\(texts)")
        #expect(!texts.contains { $0.contains("INTRODUCTION Cette") })
        #expect(texts.contains { $0.hasPrefix("Les feuilles les plus fragiles") })
    }

    @Test("Latin-1 bytes without any declaration are read as Windows-1252")
    func undeclaredEncoding() throws {
        let html = "<html><body><main><p>Une œuvre très étonnante, réalisée à Paris à la fin du siècle ; elle est présentée ici pour la première fois depuis sa restauration.</p></main></body></html>"
        let bytes = html.data(using: .windowsCP1252)!
        let extracted = try ContentExtractor(minimumText: 10).extract(html: bytes, source: "cp1252.html")
        #expect(extracted.blocks.first?.text.hasPrefix("Une œuvre très étonnante") == true)
    }

    @Test("10,000 nested tags do not crash the extractor")
    func deepNesting() throws {
        let html = String(repeating: "<div>", count: 10_000) + "<p>" + String(repeating: "Texte profond. ", count: 20) + "</p>" + String(repeating: "</div>", count: 10_000)
        _ = try ContentExtractor().extract(html: Data(html.utf8), source: "deep.html")
    }

    @Test("Without main or article, the densest block wins")
    func densest() throws {
        let html = """
            <html><body><div class="menu"><a href="/1">Un</a> <a href="/2">Deux</a> <a href="/3">Trois</a></div>
            <div class="c"><p>Premier paragraphe assez long pour compter dans le score de densité du bloc de contenu principal.</p>
            <p>Second paragraphe du même bloc, lui aussi assez long pour que ce bloc soit choisi comme contenu.</p></div>
            <div class="pub"><p>Court.</p></div></body></html>
            """
        let extracted = try ContentExtractor().extract(html: Data(html.utf8), source: "dense.html")
        #expect(extracted.blocks.count == 2)
        #expect(extracted.blocks.first?.text.hasPrefix("Premier paragraphe") == true)
    }

    @Test("Configured XPath selectors pick the content")
    func selectors() throws {
        let html = "<html><body><div id='x'><p>Choisi par le sélecteur configuré.</p></div><main><p>Ignoré.</p></main></body></html>"
        let extracted = try ContentExtractor(selectors: ["//div[@id='x']"], minimumText: 5).extract(html: Data(html.utf8), source: "s.html")
        #expect(extracted.blocks.map(\.text) == ["Choisi par le sélecteur configuré."])
        #expect(!HTMLDocument.isValidXPath("//div[@id="))
    }
}

@Suite("Reading a site")
struct SiteReaderTests {
    @Test("Bad files give a warning naming the page; the good ones are read")
    func badFiles() async throws {
        let folder = try TemporaryFolder()
        try folder.copy(Repo.fixtures + "/site/clean.html", to: "site/clean.html")
        try Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13]).write(to: URL(fileURLWithPath: folder.file("site/image.html")))
        try folder.write("", to: "site/empty.html")
        try folder.write("<html><body><nav><a href='/'>x</a></nav></body></html>", to: "site/nav-only.html")
        // A page over the size limit (6 MB against a 5 MB limit).
        try Data(repeating: UInt8(ascii: "a"), count: 6 << 20).write(to: URL(fileURLWithPath: folder.file("site/huge.html")))
        let reading = await SiteReader(settings: SiteSettings(sources: ["site", "missing-folder"]), baseDirectory: folder.path).read(client: nil)
        #expect(reading.pages.map(\.source) == ["site/clean.html"])
        let reasons = Dictionary(uniqueKeysWithValues: reading.skipped.map { ($0.source, $0.reason) })
        #expect(reasons["site/image.html"] == "not HTML (binary content)")
        #expect(reasons["site/empty.html"] == "empty file")
        #expect(reasons["site/nav-only.html"] == "no main content found")
        #expect(reasons["site/huge.html"]?.contains("over the page limit") == true)
        #expect(reasons["missing-folder"] == "no such file or folder")
    }

    @Test("Globs and local sitemaps")
    func globsAndSitemaps() async throws {
        let folder = try TemporaryFolder()
        try folder.copy(Repo.fixtures + "/site/clean.html", to: "pages/a.html")
        try folder.copy(Repo.fixtures + "/site/broken.html", to: "pages/b.htm")
        try folder.write("""
            <?xml version="1.0" encoding="UTF-8"?>
            <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>pages/b.htm</loc></url></urlset>
            """, to: "sitemap.xml")
        let glob = await SiteReader(settings: SiteSettings(sources: ["pages/*.html"]), baseDirectory: folder.path).read(client: nil)
        #expect(glob.pages.map(\.source) == ["pages/a.html"])
        let sitemap = await SiteReader(settings: SiteSettings(sources: ["sitemap.xml"]), baseDirectory: folder.path).read(client: nil)
        #expect(sitemap.pages.map(\.source) == ["pages/b.htm"])
    }

    @Test("A crawl stays on the host, honours robots.txt, follows same-host redirects only")
    func crawl() async throws {
        let article = try String(contentsOfFile: Repo.fixtures + "/site/clean.html", encoding: .utf8)
        let server = try await MockLLMServer.start(config: MockConfig(pages: [
            "/robots.txt": MockPage(contentType: "text/plain", body: "User-agent: *\nDisallow: /private/\nAllow: /private/ok.html\n"),
            "/sitemap.xml": MockPage(contentType: "application/xml", body: "<urlset><url><loc>PLACEHOLDER/a.html</loc></url></urlset>"),
            "/a.html": MockPage(body: article),
            "/private/secret.html": MockPage(body: article),
            "/private/ok.html": MockPage(body: article),
            "/moved.html": MockPage(status: 301, body: "", headers: ["location": "/a.html"]),
            "/away.html": MockPage(status: 302, body: "", headers: ["location": "https://elsewhere.example/x.html"]),
            "/logo.png": MockPage(contentType: "image/png", body: "PNG"),
        ]))
        let base = "http://127.0.0.1:\(server.port)"
        let settings = SiteSettings(sources: ["\(base)/a.html", "\(base)/private/secret.html", "\(base)/private/ok.html",
                                              "\(base)/moved.html", "\(base)/away.html", "\(base)/logo.png", "\(base)/missing.html",
                                              "https://other.example/page.html"])
        let reading = await withHTTPClient { client in
            await SiteReader(settings: settings, baseDirectory: "/").read(client: client)
        }
        await server.shutdown()
        #expect(reading.pages.map(\.source) == ["\(base)/a.html", "\(base)/private/ok.html", "\(base)/a.html"])
        let reasons = Dictionary(reading.skipped.map { ($0.source, $0.reason) }, uniquingKeysWith: { a, _ in a })
        #expect(reasons["\(base)/private/secret.html"] == "disallowed by robots.txt")
        #expect(reasons["\(base)/away.html"] == "redirects off the host, to elsewhere.example")
        #expect(reasons["\(base)/logo.png"] == "not HTML (image/png)")
        #expect(reasons["\(base)/missing.html"] == "HTTP 404")
        #expect(reasons["https://other.example/page.html"]?.hasPrefix("not on 127.0.0.1") == true)
    }

    @Test("robots.txt rules: longest match wins, wildcards, agent groups")
    func robots() {
        let rules = RobotsRulesProbe.rules("""
            User-agent: *
            Disallow: /admin
            Disallow: /*.pdf$
            Allow: /admin/public

            User-agent: OtherBot
            Disallow: /
            """)
        #expect(rules("/index.html"))
        #expect(!rules("/admin/users"))
        #expect(rules("/admin/public/page"))
        #expect(!rules("/files/report.pdf"))
        #expect(rules("/files/report.pdf?download=1"))
    }
}

@Suite("The house-style profile and the style guide")
struct ProfileTests {
    @Test("What a profile learns from pages")
    func profile() throws {
        let pages = try ["clean.html", "broken.html"].map { name in
            try ContentExtractor().extract(html: Data(contentsOf: URL(fileURLWithPath: Repo.fixtures + "/site/" + name)), source: name)
        }
        let profile = HouseStyleProfile.learn(from: pages)
        #expect(profile.pages == 2)
        #expect(profile.mainLanguage == "fr")
        #expect(profile.quotationMarks["« »"] == 1)
        #expect(profile.apostrophe == "’")
        #expect(profile.dateConventions["vers YYYY"] == 2)
        #expect(profile.firstPersonPluralPerThousand > 2)
        #expect(profile.sentenceWords.count > 5)
        #expect(profile.readability["fr"] != nil)
        let digest = StyleDigest.render(profile: profile, guide: nil)
        #expect(digest.contains("Quotation marks « »"))
        #expect(digest.contains("The museum speaks as 'we'"))
        #expect(digest.count <= StyleDigest.maxCharacters)
    }

    @Test("Heading case votes")
    func headingCase() {
        #expect(HouseStyleProfile.headingStyle("Comment regarder une tapisserie") == "sentence")
        #expect(HouseStyleProfile.headingStyle("How To Read A Tapestry Today") == "title")
        #expect(HouseStyleProfile.headingStyle("Deux mots") == nil)
    }

    @Test("The style guide: front matter, terminology as rules, Vale styles")
    func styleGuide() throws {
        let folder = try TemporaryFolder()
        try folder.copy(Repo.fixtures + "/vale", to: "styles/Musee")
        try folder.write("""
            ---
            tone: sobre
            person: nous
            do: [Partir de ce que l'on voit]
            dont: [Les superlatifs]
            terminology:
              preferred:
                - use: artiste
                  instead_of: [génie]
              banned:
                - chef-d'œuvre absolu
                - term: incontournable
                  replacement: remarquable
            audiences:
              children: {max_words: 45, reading_ease: 80}
            vale: styles/Musee
            tonne: typo
            ---
            # Guide
            Écrire simplement.
            """, to: "guide.md")
        let guide = try StyleGuide.load(path: folder.file("guide.md"))
        #expect(guide.tone == "sobre")
        #expect(guide.body == "# Guide\nÉcrire simplement.")
        #expect(guide.audiences["children"]?.readingEase == 80)
        #expect(guide.warnings.contains { $0.contains("unknown key 'tonne'") && $0.contains("did you mean 'tone'") })
        #expect(guide.warnings.contains { $0.contains("Spelling.yml") && $0.contains("not one Docent checks") })
        let text = "# Un Titre Tout En Majuscules Partout\nCe génie a peint un chef-d'œuvre absolu, une oeuvre incontournable !\nSuper ! Encore !"
        let findings = guide.rules.flatMap { $0.check(text) }
        let summary = findings.map { "\($0.rule)@\($0.line):\($0.column) \($0.message)" }.sorted()
        #expect(summary.contains("StyleGuide.Banned@2:21 'chef-d'œuvre absolu' is on the style guide's list of terms to avoid"), "\(summary)")
        #expect(summary.contains("StyleGuide.Terms@2:4 Use 'artiste' rather than 'génie' (style guide)"), "\(summary)")
        #expect(summary.contains("StyleGuide.Terms@2:53 Use 'remarquable' rather than 'incontournable' (style guide)"), "\(summary)")
        #expect(summary.contains("Musee.Terms@2:46 Use 'œuvre' instead of 'oeuvre'."), "\(summary)")
        #expect(summary.contains("Musee.Avoid@2:53 Avoid 'incontournable'."), "\(summary)")
        #expect(summary.contains { $0.hasPrefix("Musee.Exclamations@") && $0.hasSuffix("3 exclamation marks: keep at most one.") }, "\(summary)")
        #expect(summary.contains("Musee.Headings@1:1 'Un Titre Tout En Majuscules Partout' should be in sentence case."), "\(summary)")
        // Case-insensitive rules still match capitals (the plain-phrase prefilter lowercases both sides).
        let shouting = guide.rules.flatMap { $0.check("UN GÉNIE INCONTOURNABLE, UN CHEF-D'ŒUVRE ABSOLU.") }.map(\.rule)
        #expect(shouting.filter { $0 == "StyleGuide.Terms" }.count == 2, "\(shouting)")
        #expect(shouting.contains("StyleGuide.Banned"), "\(shouting)")
        #expect(guide.rules.flatMap { $0.check("Une œuvre claire, sans terme à éviter.") }.filter { $0.rule.hasPrefix("StyleGuide") }.isEmpty)
        let digest = StyleDigest.render(profile: nil, guide: guide)
        #expect(digest.contains("Never write: chef-d'œuvre absolu; incontournable → remarquable."))
    }
}

@Suite("Readability formulas")
struct ReadabilityTests {
    // 100 words, 5 sentences, 150 syllables: ASL 20, ASW 1.5.
    static let published: [(String, Double)] = [
        ("en", 206.835 - 1.015 * 20.0 - 84.6 * 1.5),
        ("fr", 207.0 - 1.015 * 20.0 - 73.6 * 1.5),
        ("es", 206.84 - 60.0 * 1.5 - 1.02 * 20.0),
        ("de", 180.0 - 20.0 - 58.5 * 1.5),
    ]

    @Test("Published formulas from injected counts", arguments: ReadabilityTests.published)
    func formulas(language: String, expected: Double) throws {
        let score = try #require(Readability.score(words: 100, sentences: 5, syllables: 150, language: language))
        #expect(abs(score.value - expected) < 1e-9)
    }

    @Test("Known values: Flesch 59.6 (en), Kandel–Moles 76.3 (fr), Fernández Huerta 96.4 (es), Amstad 72.25 (de)")
    func knownValues() {
        #expect(String(format: "%.1f", Readability.score(words: 100, sentences: 5, syllables: 150, language: "en")!.value) == "59.6")
        #expect(String(format: "%.1f", Readability.score(words: 100, sentences: 5, syllables: 150, language: "fr")!.value) == "76.3")
        #expect(String(format: "%.1f", Readability.score(words: 100, sentences: 5, syllables: 150, language: "es")!.value) == "96.4")
        #expect(String(format: "%.1f", Readability.score(words: 100, sentences: 5, syllables: 150, language: "de")!.value) == "72.2", "72.25 in binary floating point rounds down")
        #expect(Readability.score(words: 100, sentences: 5, syllables: 150, language: "ja") == nil)
    }

    @Test("Syllables by language", arguments: [
        ("table", "en", 2), ("stone", "en", 1), ("painting", "en", 2), ("beautiful", "en", 3),
        ("peinture", "fr", 2), ("lumière", "fr", 2), ("tableau", "fr", 2), ("peignent", "fr", 1),
        ("ventana", "es", 3), ("pintura", "es", 3), ("Fenster", "de", 2), ("Gemälde", "de", 3),
    ])
    func syllables(word: String, language: String, count: Int) {
        #expect(Syllables.count(word, language: language) == count)
    }

    @Test("Language guessing")
    func guess() {
        #expect(LanguageGuess.guess("Une servante verse du lait dans une terrine posée sur la table, près de la fenêtre.")?.language == "fr")
        #expect(LanguageGuess.guess("A maid pours milk into a bowl on the table, next to the window of the room.")?.language == "en")
        #expect(LanguageGuess.guess("Eine Magd gießt Milch in eine Schüssel auf dem Tisch, die neben dem Fenster steht.")?.language == "de")
        #expect(LanguageGuess.guess("Una criada vierte leche en un cuenco sobre la mesa, junto a la ventana de la cocina.")?.language == "es")
        #expect(LanguageGuess.guess("Trop court.") == nil)
    }
}
