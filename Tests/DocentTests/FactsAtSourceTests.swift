@testable import HouseStyle
@testable import Catalog
import Foundation
import Testing

/// Records written for the repo with the traps real exports carry: the right fact, or a
/// missing one with a warning, never a wrong one.
@Suite("Facts right at the source: roles, dates, Linked Art as published")
struct FactsAtSourceTests {
    func load(_ file: String, _ text: String, preset: RecordPreset) throws -> Catalog {
        let folder = try TemporaryFolder()
        try folder.write(text, to: file)
        let source = RecordSource.preset(preset, path: folder.file(file))
        return withExtendedLifetime(folder) { CatalogLoader(defaultLanguage: "en").load(sources: [source], relativeTo: folder.path) }
    }

    @Test("Cooper Hewitt: a cataloguer beside a manufacturer is a contributor, never the maker")
    func cataloguerIsNoMaker() throws {
        let catalog = try load("wallpaper.json", """
            {"id": "18400001", "accession_number": "1931-45-12", "title": "Sidewall, Vues d'Amérique du Nord",
             "date": "1834", "medium": "Block-printed on paper", "type": {"name": "sidewall"},
             "participants": [
               {"person_name": "Horace L. Hotchkiss, Jr.", "role_name": "Cataloguer"},
               {"person_name": "Zuber & Cie", "role_name": "Manufacturer"},
               {"person_name": "A Generous Donor", "role_name": "Donor"}
             ]}
            """, preset: .cooperHewitt)
        let work = try #require(catalog.artworks.first)
        #expect(work.makers.map(\.name) == ["Zuber & Cie"])
        #expect(work.contributors.map(\.name) == ["Horace L. Hotchkiss, Jr.", "A Generous Donor"])
        #expect(work.contributors.map(\.role) == ["Cataloguer", "Donor"])
    }

    @Test("A participant whose role Docent does not know is kept as a contributor, with a warning; only others: no maker, said")
    func unknownRoleIsNoMaker() throws {
        let catalog = try load("odd.json", """
            {"id": "18400002", "accession_number": "1931-45-13", "title": "Sample book",
             "participants": [{"person_name": "Someone", "role_name": "Sponsor of the binding"}]}
            """, preset: .cooperHewitt)
        let work = try #require(catalog.artworks.first)
        #expect(work.makers.isEmpty)
        #expect(work.contributors.map(\.name) == ["Someone"])
        let warnings = catalog.warnings.map(\.description)
        #expect(warnings.contains { $0.contains("'Sponsor of the binding' not known as a maker's") }, "\(warnings)")
        #expect(warnings.contains { $0.contains("the record has no maker") }, "\(warnings)")
    }

    @Test("Roles in the languages the presets meet; 'copy after' names whom a work copies, not its maker")
    func roleWords() {
        for role in ["schilder", "Peintre", "Bildhauer", "designer", "Manufacturer", "printmaker", "workshop of", "Vervaardiger", "attributed to"] {
            #expect(MakerRole.kind(of: role) == .creative, "\(role)")
        }
        for role in ["Cataloguer", "donor", "previous owner", "Publisher", "uitgever", "copy after", "naar", "sitter"] {
            #expect(MakerRole.kind(of: role) == .other, "\(role)")
        }
        #expect(MakerRole.kind(of: "Sponsor") == .unknown)
    }

    @Test("Life dates from any of the source's forms; a display name's second line read as nationality and dates")
    func lifeDates() {
        #expect(MakerRole.lifeDates("1849–1917") == ("1849", "1917"))
        #expect(MakerRole.lifeDates("1849-1917") == ("1849", "1917"))
        #expect(MakerRole.lifeDates("(b. 1931)") == ("1931", nil))
        #expect(MakerRole.lifeDates("active 1620–1650") == (nil, nil), "a working life is not a life")
        let steen = RecordDecoder.maker(fromDisplay: "Jan Steen\nDutch, 1626–1679")
        #expect(steen == Maker(name: "Jan Steen", born: "1626", died: "1679", nationality: "Dutch"))
    }

    @Test("Tate: the artist's death date from the contributor's date span")
    func tateDeathDate() throws {
        let catalog = try load("n01981.json", """
            {"acno": "N01981", "title": "The Lady of Shalott", "dateText": "1888",
             "contributors": [{"fc": "John William Waterhouse", "role": "artist", "birthYear": 1849, "date": "1849–1917"}]}
            """, preset: .tate)
        let maker = try #require(catalog.artworks.first?.makers.first)
        #expect(maker.born == "1849" && maker.died == "1917")
    }

    @Test("Dates: 0, 0000, unknown are no date; a timestamp is its year; spans from their bounds")
    func saneDates() {
        for placeholder in ["0", "0000", "", "unknown", "n.d."] { #expect(DateText.sane(placeholder) == nil, "\(placeholder)") }
        #expect(DateText.sane("1806-01-01T00:00:00Z") == "1806")
        #expect(DateText.sane("c. 1650") == "c. 1650")
        #expect(DateText.span("1806-01-01T00:00:00Z", "1806-12-31T23:59:59Z") == "1806")
        #expect(DateText.span("1628-01-01T00:00:00Z", "1629-12-31T23:59:59Z") == "1628–1629")
        #expect(DateText.span("0", "0") == nil)
    }

    static func lido(_ event: String, id: String) -> String {
        """
        <lido:lido xmlns:lido="http://www.lido-schema.org">
          <lido:lidoRecID>\(id)</lido:lidoRecID>
          <lido:descriptiveMetadata xml:lang="nl">
            <lido:objectIdentificationWrap><lido:titleWrap><lido:titleSet><lido:appellationValue>Zeegezicht</lido:appellationValue></lido:titleSet></lido:titleWrap></lido:objectIdentificationWrap>
            <lido:eventWrap><lido:eventSet><lido:event>
              <lido:eventType><lido:term>productie</lido:term></lido:eventType>
              <lido:eventActor><lido:actorInRole><lido:actor><lido:nameActorSet><lido:appellationValue>Ludolf Backhuysen</lido:appellationValue></lido:nameActorSet>
                <lido:vitalDatesActor><lido:earliestDate>0</lido:earliestDate><lido:latestDate>0</lido:latestDate></lido:vitalDatesActor></lido:actor>
                <lido:roleActor><lido:term>schilder</lido:term></lido:roleActor></lido:actorInRole></lido:eventActor>
              \(event)
            </lido:event></lido:eventSet></lido:eventWrap>
          </lido:descriptiveMetadata>
        </lido:lido>
        """
    }

    @Test("LIDO: earliest and latest dates of 0 are no date; the period name stands in, in the record's language; never '0'")
    func lidoZeroDate() throws {
        let text = "<lido:lidoWrap xmlns:lido=\"http://www.lido-schema.org\">" + [
            Self.lido("<lido:eventDate><lido:date><lido:earliestDate>0</lido:earliestDate><lido:latestDate>0</lido:latestDate></lido:date></lido:eventDate><lido:periodName><lido:term xml:lang=\"nl\">17de eeuw</lido:term></lido:periodName>", id: "zero-with-period"),
            Self.lido("<lido:periodName><lido:term>17de eeuw</lido:term></lido:periodName>", id: "period-only"),
            Self.lido("<lido:eventDate><lido:date><lido:earliestDate>0</lido:earliestDate><lido:latestDate>0</lido:latestDate></lido:date></lido:eventDate>", id: "zero-only"),
            Self.lido("<lido:eventDate><lido:date><lido:earliestDate>1665</lido:earliestDate><lido:latestDate>1670</lido:latestDate></lido:date></lido:eventDate>", id: "bounded"),
        ].joined() + "</lido:lidoWrap>"
        let catalog = try load("export.xml", text, preset: .lido)
        #expect(catalog.errors.isEmpty, "\(catalog.issues)")
        let dates = Dictionary(uniqueKeysWithValues: catalog.artworks.map { ($0.id, $0.date) })
        #expect(dates["zero-with-period"] == "17de eeuw")
        #expect(dates["period-only"] == "17de eeuw")
        #expect(dates["zero-only"] == .some(nil))
        #expect(dates["bounded"] == "1665–1670")
        let maker = catalog.artworks.first?.makers.first
        #expect(maker?.name == "Ludolf Backhuysen" && maker?.born == nil && maker?.died == nil, "life dates of 0 are none")
    }

    @Test("Linked Art, the 0.x vocabulary of the cookbook's coin: produced_by, label, value, @id and aat: ids")
    func linkedArtOlderVocabulary() throws {
        let catalog = try load("coin.json", """
            {"@context": "https://linked.art/ns/v0.9/linked-art.json", "@id": "https://example.org/object/coin-42", "type": "HumanMadeObject",
             "label": "Silver coin of Athens",
             "classified_as": [{"@id": "aat:300037222", "label": "coin", "classified_as": [{"@id": "aat:300435443", "label": "Type of Work"}]}],
             "identified_by": [
               {"type": "Name", "value": "Tetradrachm of Athens", "classified_as": [{"@id": "aat:300404670"}]},
               {"type": "Identifier", "value": "1990.17", "classified_as": [{"@id": "aat:300312355"}]}
             ],
             "referred_to_by": [{"type": "LinguisticObject", "value": "Silver", "classified_as": [{"@id": "aat:300435429"}]}],
             "produced_by": {"type": "Production", "carried_out_by": [{"type": "Group", "label": "Mint of Athens"}],
               "timespan": {"type": "TimeSpan", "begin_of_the_begin": "-0454-01-01T00:00:00Z", "end_of_the_end": "-0404-12-31T23:59:59Z"}}}
            """, preset: .linkedArt)
        #expect(catalog.errors.isEmpty, "\(catalog.issues)")
        let coin = try #require(catalog.artworks.first)
        #expect(coin.id == "1990.17" && coin.accessionNumber == "1990.17")
        #expect(coin.title == "Tetradrachm of Athens")
        #expect(coin.makers.map(\.name) == ["Mint of Athens"])
        #expect(coin.medium == "Silver")
        #expect(coin.objectType == "coin")
        #expect(coin.date == nil || coin.date?.contains("T") == false, "never a timestamp: \(String(describing: coin.date))")
    }

    @Test("Linked Art: created_by makers, a timespan as the period it bounds, a credit line filed inside a material statement is a credit line")
    func linkedArtNestedCreditLine() throws {
        let catalog = try load("ima.json", """
            {"@context": "https://linked.art/ns/v1/linked-art.json", "id": "https://example.org/ima/object/2003.12", "type": "HumanMadeObject",
             "_label": "Figure of a Dancer",
             "identified_by": [{"type": "Identifier", "content": "2003.12", "classified_as": [{"id": "http://vocab.getty.edu/aat/300312355"}]}],
             "created_by": {"type": "Creation", "carried_out_by": [{"type": "Person", "_label": "Gertrud Hoppe"}],
               "timespan": {"type": "TimeSpan", "begin_of_the_begin": "1806-01-01T00:00:00Z", "end_of_the_end": "1806-12-31T23:59:59Z"}},
             "referred_to_by": [
               {"type": "LinguisticObject", "content": "Gift of Kurt F. Panzer",
                "classified_as": [{"id": "http://vocab.getty.edu/aat/300435429", "_label": "Material Statement",
                                   "classified_as": [{"id": "http://vocab.getty.edu/aat/300026687", "_label": "Credit line"}]}]},
               {"type": "LinguisticObject", "content": "Porcelain, enamel",
                "classified_as": [{"id": "http://vocab.getty.edu/aat/300435429", "_label": "Material Statement"}]},
               {"type": "LinguisticObject", "content": "Sold 1923 to a private collection; by inheritance to the donor.",
                "classified_as": [{"id": "http://vocab.getty.edu/aat/300444174", "_label": "Provenance Statement"}]}
             ]}
            """, preset: .linkedArt)
        #expect(catalog.errors.isEmpty, "\(catalog.issues)")
        let dancer = try #require(catalog.artworks.first)
        #expect(dancer.makers.map(\.name) == ["Gertrud Hoppe"])
        #expect(dancer.date == "1806")
        #expect(dancer.creditLine == "Gift of Kurt F. Panzer")
        #expect(dancer.medium == "Porcelain, enamel")
        #expect(dancer.description == nil && dancer.notes == nil, "provenance is not description")
    }

    @Test("Rijksmuseum: the English label's description first; the Dutch description is not put into an English record")
    func rijksmuseumEnglishLabel() throws {
        let catalog = try load("object.json", """
            {"artObject": {"objectNumber": "SK-A-2344", "title": "The Milkmaid", "description": "Een meid schenkt melk.",
              "label": {"title": "The Milkmaid", "description": "A maid pours milk, absorbed in her work."},
              "plaqueDescriptionEnglish": "An older plaque text.",
              "principalMakers": [{"name": "Johannes Vermeer", "roles": ["painter"], "dateOfBirth": "1632", "dateOfDeath": "1675"}]}}
            """, preset: .rijksmuseum)
        let milkmaid = try #require(catalog.artworks.first)
        #expect(milkmaid.description == "A maid pours milk, absorbed in her work.")
        #expect(milkmaid.notes == nil, "the Dutch text is not an English note")
        #expect(milkmaid.makers.first?.died == "1675")
    }

    @Test("A preset pointed at a CSV of another shape: an error naming the file, what was found and the mapping to write; nothing loaded")
    func presetOnAnotherShape() throws {
        // NGA-derived, but with other columns: the artist where the title goes, a Getty URI where the date goes.
        var rows: [String] = []
        for index in 1...6 {
            rows.append("\(index),x,\(1900 + index).1.\(index),Painter \(index),Painter \(index),http://vocab.getty.edu/aat/300033618,oil,10 x 10,a,b,c,d,e,f,Painter \(index),g,Gift,painting")
        }
        let catalog = try load("objects.csv", rows.joined(separator: "\n") + "\n", preset: .nga)
        #expect(catalog.artworks.isEmpty)
        let error = try #require(catalog.errors.first?.description)
        #expect(error.contains("objects.csv") && error.contains("does not look like the 'nga' preset's shape"), "\(error)")
        #expect(error.contains("the date is a URL in 6"), "\(error)")
        #expect(error.contains("\"header\": false") && error.contains("columns: 1 '1'"), "\(error)")
    }

    @Test("A JSON preset given a file of another shape: one error naming what the preset reads and the keys the file has")
    func jsonPresetOnAnotherShape() throws {
        let catalog = try load("other.json", #"[{"ref": "x-1", "name": "Un"}, {"ref": "x-2", "name": "Deux"}]"#, preset: .tate)
        #expect(catalog.artworks.isEmpty)
        #expect(catalog.errors.count == 1, "\(catalog.errors)")
        let message = catalog.errors.first?.description ?? ""
        #expect(message.contains("does not look like the 'tate' preset's shape") && message.contains("id from 'acno'")
                && message.contains("keys are ref, name"), "\(message)")
    }

    @Test("A CSV without a header row and no mapping: one error that shows the header: false mapping to start from")
    func headerlessCSV() throws {
        let folder = try TemporaryFolder()
        try folder.write("1,The Milkmaid,Johannes Vermeer,1658\n2,Impression,Claude Monet,1872\n", to: "registrar.csv")
        let catalog = CatalogLoader(defaultLanguage: "en").load(paths: ["registrar.csv"], relativeTo: folder.path)
        #expect(catalog.artworks.isEmpty)
        #expect(catalog.issues.count == 1, "\(catalog.issues)")
        let message = catalog.issues.first?.description ?? ""
        #expect(message.contains("without a header row") && message.contains("\"header\": false"), "\(message)")
        #expect(message.contains("2 'The Milkmaid'"), "\(message)")
    }

    @Test("docent records flags values that look wrong: a date that is a URL, a title that is the maker's name")
    func suspiciousValues() {
        let artwork = Artwork(id: "a", title: "Claude Monet", makers: [Maker(name: "Claude Monet")], date: "http://vocab.getty.edu/aat/300033618",
                              medium: "https://example.org/medium/oil", language: "en")
        let found = CatalogLoader.suspiciousValues(artwork)
        #expect(found.contains { $0.hasPrefix("the date is a URL") })
        #expect(found.contains { $0.hasPrefix("the title is the maker's name") })
        #expect(found.contains { $0.hasPrefix("the medium is a URL") })
        #expect(CatalogLoader.suspiciousValues(Artwork(id: "b", title: "Impression", makers: [Maker(name: "Claude Monet")], date: "1872", language: "en")).isEmpty)
    }
}

/// The house style learns from the museum's own prose, not from what every page repeats.
@Suite("House style: the museum's prose only")
struct HouseStyleProseTests {
    static func page(_ body: String) -> String {
        """
        <html lang="en"><head><title>Collection</title></head><body>
        <nav><a href="/">Home</a> <a href="/visit">Visit</a></nav>
        <main>\(body)
        <p>Museum of the Lakeshore, 111 South Michigan Avenue, Chicago. Open daily from ten to five, free for members and children.</p>
        <p>Sign up for our newsletter and hear first about new exhibitions, talks and family days at the museum every month.</p>
        </main>
        <footer><p>Museum of the Lakeshore, 111 South Michigan Avenue, Chicago. © The Museum.</p></footer>
        </body></html>
        """
    }

    @Test("A generated site with a shared footer, address and newsletter box: none of it in the digest's terms or exemplars; footnote markers gone; a shop blurb ranks below the collection's prose")
    func boilerplateLeftOut() throws {
        let texts = [
            "<h1>The Harbour at Dawn</h1><p>Boats come home in the pink light of morning, and the painter sets down the colour in short strokes. Far off we glimpse the lighthouse and the houses along the quay, as Marchand saw them from the beach that winter.[1] The painting entered the collection in 1921.</p>",
            "<h1>A Chest in Carved Oak</h1><p>A marriage chest carved with scrolling leaves and birds stands at the centre of the room. The panels show flowers opening on long stems, and the wood has darkened with time where hands have touched it for three centuries.² It came to the museum with the house.</p>",
            "<h1>The Museum Shop</h1><p>Buy a print of the Harbour at Dawn in the museum shop, with free shipping on every order over forty dollars. Members save ten percent on every purchase, and the shop also sells cards, books and gifts for every season.</p>",
            "<h1>Winter River</h1><p>The frozen river crosses the village while two children slide on the ice. The photographer waited for the low sun, so that every footprint casts a shadow, and printed the plate himself on warm-toned paper that same month.</p>",
        ]
        let pages = try texts.enumerated().map { index, body in
            try ContentExtractor().extract(html: Data(Self.page(body).utf8), source: "page\(index).html")
        }
        let profile = HouseStyleProfile.learn(from: pages)
        let terms = profile.recurringTerms.map(\.text)
        #expect(!terms.contains { $0.contains("Michigan") || $0.contains("Lakeshore") }, "\(terms)")
        let exemplars = profile.exemplars.map(\.text)
        #expect(!exemplars.contains { $0.contains("newsletter") || $0.contains("Michigan") }, "\(exemplars)")
        #expect(!exemplars.contains { $0.contains("[1]") || $0.contains("²") }, "\(exemplars)")
        #expect(exemplars.count >= 2, "\(exemplars)")
        #expect(!exemplars.contains { $0.contains("shop") }, "the collection's prose first: \(exemplars)")
        #expect(HouseStyleProfile.withoutFootnoteMarkers("the quay.[12] Then") == "the quay. Then")
        let digest = StyleDigest.render(profile: profile, guide: nil)
        #expect(!digest.contains("Michigan") && !digest.contains("newsletter") && !digest.contains("Lakeshore"), "\(digest)")
    }
}

@Suite("A placeholder date is said")
struct PlaceholderDateTests {
    @Test("A record whose date is 0 loads without one, with a warning naming the value")
    func zeroDateWarned() throws {
        let folder = try TemporaryFolder()
        try folder.write(#"[{"id": "a", "title": "Zeegezicht", "date": "0"}, {"id": "b", "title": "Haven", "date": "1665"}]"#, to: "works.json")
        let catalog = CatalogLoader(defaultLanguage: "nl").load(paths: ["works.json"], relativeTo: folder.path)
        #expect(catalog.artworks.map(\.date) == [nil, "1665"])
        #expect(catalog.warnings.map(\.description).contains { $0.contains("'0' says no date: left out") }, "\(catalog.warnings)")
    }
}
