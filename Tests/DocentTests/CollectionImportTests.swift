@testable import Catalog
import Prose
import Foundation
import Testing

/// Collection exports read as they are: presets and mappings.
@Suite("Collection exports: presets and mappings")
struct CollectionImportTests {
    static let exports = Repo.fixtures + "/exports"

    func load(_ sources: [RecordSource]) -> Catalog {
        CatalogLoader(defaultLanguage: "fr").load(sources: sources, relativeTo: Self.exports)
    }

    func preset(_ preset: RecordPreset, _ path: String) -> RecordSource {
        RecordSource.preset(preset, path: Self.exports + "/" + path)
    }

    @Test("Tate collection JSON: accession number as id, the artist among contributors, dates, medium, credit line")
    func tate() throws {
        let catalog = load([preset(.tate, "tate")])
        #expect(catalog.errors.isEmpty, "\(catalog.issues)")
        let ophelia = try #require(catalog.artworks.first { $0.id == "N01506" })
        #expect(ophelia.title == "Ophelia")
        #expect(ophelia.makers.map(\.name) == ["Sir John Everett Millais, Bt"])
        #expect(ophelia.makers.first?.role == "artist" && ophelia.makers.first?.born == "1829")
        #expect(ophelia.date == "1851–2")
        #expect(ophelia.medium == "Oil paint on canvas")
        #expect(ophelia.dimensions == "support: 762 x 1118 mm\nframe: 1105 x 1458 x 145 mm")
        #expect(ophelia.creditLine == "Presented by Sir Henry Tate 1894")
        #expect(ophelia.accessionNumber == "N01506")
        #expect(ophelia.themes == ["Pre-Raphaelite Brotherhood"])
        #expect(ophelia.language == "en")
        #expect(ophelia.image == ArtworkImage(path: "http://www.tate.org.uk/art/images/work/N/N01/N01506_8.jpg"), "the thumbnail, shown on the review page")
        #expect(catalog.artworks.contains { $0.id == "T03254" && $0.title == "A Bigger Splash" && $0.makers.first?.name == "David Hockney" })
    }

    @Test("Tate artwork_data.csv: columns by name, empty cells left out")
    func tateCSV() throws {
        let catalog = load([preset(.tateCSV, "tate/artwork_data.csv")])
        #expect(catalog.errors.isEmpty, "\(catalog.issues)")
        #expect(catalog.artworks.map(\.id) == ["A00001", "A00002", "A00003"])
        let first = catalog.artworks[0]
        #expect(first.makers.map(\.name) == ["Blake, Robert"])
        #expect(first.date == nil, "an empty cell is no date")
        #expect(first.dimensions == "support: 394 x 419 mm")
        #expect(first.creditLine == "Presented by Mrs John Richmond 1922")
        #expect(catalog.artworks[2].date == "?c.1785")
        #expect(first.image?.path == "http://www.tate.org.uk/art/images/work/A/A00/A00001_8.jpg")
    }

    @Test("Art Institute of Chicago API: records under data, HTML description as text, null values left out")
    func aic() throws {
        let catalog = load([preset(.aic, "aic/artworks.json")])
        #expect(catalog.errors.isEmpty, "\(catalog.issues)")
        let harbour = try #require(catalog.artworks.first)
        #expect(harbour.id == "2031.17" && harbour.accessionNumber == "2031.17")
        #expect(harbour.title == "Harbour at Low Tide")
        #expect(harbour.makers.map(\.name) == ["Jeanne Lefort"])
        #expect(harbour.date == "c. 1885")
        #expect(harbour.medium == "Oil on canvas")
        #expect(harbour.place == "France")
        #expect(harbour.creditLine == "Gift of a fictional donor")
        #expect(harbour.description == "Boats rest on the mud while the tide is out. Lefort paints the wet sand with\u{00A0}short, broken strokes.\nThe town’s roofs catch the last light.")
        #expect(harbour.image?.path == "https://www.artic.edu/iiif/2/0f1c2d3e-fict-ional-0000-000000000001/full/843,/0/default.jpg",
                "the image id on the museum's IIIF server")
        let study = try #require(catalog.artworks.last)
        #expect(study.makers.isEmpty && study.date == nil && study.description == nil)
        #expect(study.medium == nil, "'N/A' is a null value")
        #expect(study.image == nil, "a null image id makes no URL")
    }

    @Test("Cooper Hewitt object JSON: participants as makers, twice-encoded entities decoded")
    func cooperHewitt() throws {
        let catalog = load([preset(.cooperHewitt, "cooper-hewitt")])
        #expect(catalog.errors.isEmpty, "\(catalog.issues)")
        let textile = try #require(catalog.artworks.first)
        #expect(textile.id == "2005-32-1")
        #expect(textile.title == "Textile, late 1940s–mid-1950s")
        #expect(textile.makers.isEmpty, "no participants recorded: none invented")
        #expect(textile.date == "late 1940s–mid-1950s")
        #expect(textile.medium == "Medium: cotton\nTechnique: printed on plain weave")
        #expect(textile.creditLine == "Gift of Unknown Donor")
        #expect(textile.objectType == "textile")
        #expect(textile.image?.path == "http://images.collection.cooperhewitt.org/20707_7a55f4142953d97b_z.jpg", "the 640-pixel image")
        #expect(textile.description?.hasPrefix("Dress-weight plain weave cotton fabric") == true)
        #expect(textile.notes?.contains("&") == false && textile.notes?.contains("fabric\u{00A0}was") == true, "\(textile.notes ?? "")")
    }

    @Test("Rijksmuseum collection API object: artObject, principal makers with dates and nationality")
    func rijksmuseum() throws {
        let catalog = load([preset(.rijksmuseum, "rijksmuseum/object.json")])
        #expect(catalog.errors.isEmpty, "\(catalog.issues)")
        let jug = try #require(catalog.artworks.first)
        #expect(jug.id == "SK-X-1")
        #expect(jug.makers == [Maker(name: "Anna Verhoeven", role: "painter", born: "1620", died: "1681", nationality: "Dutch")])
        #expect(jug.date == "c. 1660" && jug.medium == "oil on panel" && jug.dimensions == "h 48cm × w 39cm")
        #expect(jug.creditLine == "Purchased with a fictional fund" && jug.place == "Haarlem" && jug.objectType == "painting")
        #expect(jug.description?.hasPrefix("A pewter jug") == true)
        #expect(jug.image?.path == "https://images.example.org/rijks/SK-X-1.jpg")
    }

    @Test("LIDO XML: preferred titles by language, the production event's actors with role, life dates and nationality, not the donor")
    func lido() throws {
        let catalog = load([preset(.lido, "lido")])
        #expect(catalog.errors.isEmpty, "\(catalog.issues)")
        #expect(catalog.artworks.map(\.id) == ["1904-12", "D-8"])
        let boats = catalog.artworks[0]
        #expect(boats.accessionNumber == "1904/12")
        #expect(boats.title == "Fishing Boats at Dawn" && boats.titles == ["fr": "Barques de pêche à l’aube"])
        #expect(boats.makers == [Maker(name: "Jeanne Lefort", role: "painter", born: "1851", died: "1920", nationality: "French")])
        #expect(boats.date == "c. 1885" && boats.place == "Honfleur" && boats.medium == "oil on canvas")
        #expect(boats.dimensions == "54 × 73 cm")
        #expect(boats.creditLine == "Gift of a fictional donor, 1904")
        #expect(boats.description == "Boats leave the harbour in the first light. The painter works in short strokes.")
        #expect(boats.objectType == "painting" && boats.language == "en")
        #expect(boats.image?.path == "https://images.example.org/lido/1904-12.jpg", "the image among the record's resources, not the PDF")
        let study = catalog.artworks[1]
        #expect(study.accessionNumber == "D-8", "the record's local ID when there is no work ID")
        #expect(study.makers.isEmpty && study.date == "1890–1895" && study.medium == "graphite, paper")
        #expect(study.dimensions == "height: 20 cm; width: 15 cm")
        #expect(study.image == nil)
    }

    @Test("NGA open-data objects.csv, without a header row (and with one): columns by position")
    func nga() throws {
        let catalog = load([preset(.nga, "nga/objects.csv")])
        #expect(catalog.errors.isEmpty, "\(catalog.issues)")
        #expect(catalog.artworks.map(\.id) == ["2031.5.1", "2031.5.2"])
        let harbour = catalog.artworks[0]
        #expect(harbour.title == "Harbour at Low Tide" && harbour.date == "c. 1885" && harbour.medium == "oil on canvas")
        #expect(harbour.makers.map(\.name) == ["Jeanne Lefort"] && harbour.creditLine == "Gift of a Fictional Donor")
        #expect(harbour.dimensions == "overall: 54 x 73 cm (21 1/4 x 28 3/4 in.)" && harbour.objectType == "Painting")
        #expect(catalog.artworks[1].title == "Study of a Hand, with a Pencil" && catalog.artworks[1].makers.isEmpty)
        // The same rows under the file's header row: the header is not a record.
        let folder = try TemporaryFolder()
        let header = "objectid,accessioned,accessionnum,locationid,title,displaydate,beginyear,endyear,visualbrowsertimespan,medium,dimensions,inscription,markings,attributioninverted,attribution,provenancetext,creditline,classification,subclassification,visualbrowserclassification,parentid,isvirtual,departmentabbr,portfolio,series,volume,watermarks,lastdetectedmodification,wikidataid,customprinturl\n"
        try folder.write(header + (try String(contentsOfFile: Self.exports + "/nga/objects.csv", encoding: .utf8)), to: "objects.csv")
        let withHeader = CatalogLoader(defaultLanguage: "en").load(sources: [RecordSource.preset(.nga, path: folder.file("objects.csv"))], relativeTo: folder.path)
        #expect(withHeader.errors.isEmpty && withHeader.artworks.map(\.id) == ["2031.5.1", "2031.5.2"], "\(withHeader.issues)")
    }

    @Test("XLSX written by a spreadsheet program: shared strings, numbers as shown, dates in the cell's format; columns mapped as in CSV")
    func xlsx() throws {
        func path(_ text: String) -> RecordSource.FieldMapping { .path(try! RecordPath(text)) }
        let source = RecordSource(path: Self.exports + "/xlsx/registre.xlsx", format: .xlsx, fields: [
            "id": path("Inventaire"), "accession_number": path("Inventaire"), "title": path("Titre"), "makers": path("Artiste"),
            "date": path("Date"), "dimensions": path("Hauteur (cm)"), "medium": path("Technique"), "notes": path("Acquis le"),
        ])
        let catalog = load([source])
        #expect(catalog.errors.isEmpty, "\(catalog.issues)")
        #expect(catalog.artworks.map(\.id) == ["2031.5.1", "2031.5.2"])
        let harbour = catalog.artworks[0]
        #expect(harbour.title == "Le Port à marée basse" && harbour.makers.map(\.name) == ["Jeanne Lefort"])
        #expect(harbour.date == "vers 1885" && harbour.medium == "huile sur toile")
        #expect(harbour.notes == "1904-03-12", "a date cell as its format writes it")
        #expect(harbour.dimensions == "54", "a whole number without a trailing .0")
        let study = catalog.artworks[1]
        #expect(study.title == "Étude de main, au crayon" && study.makers.isEmpty && study.date == "1890" && study.dimensions == "20.5")
        // The same sheet through Docent's own column names (csv_columns), unmapped.
        let plain = CatalogLoader(defaultLanguage: "fr", csvColumns: ["Inventaire": "id", "Titre": "title", "Artiste": "maker"])
            .load(paths: [Self.exports + "/xlsx/registre.xlsx"], relativeTo: Self.exports)
        #expect(plain.errors.isEmpty && plain.artworks.map(\.title) == ["Le Port à marée basse", "Étude de main, au crayon"], "\(plain.issues)")
        // A sheet that is not there, and a file that is not a workbook, are said.
        var missing = source
        missing.sheet = "Feuille 9"
        #expect(load([missing]).issues.contains { $0.message.contains("has no sheet named 'Feuille 9'") })
        var notZip = source
        notZip.path = Self.exports + "/xlsx/registre.csv"
        #expect(load([notZip]).issues.contains { $0.message.contains("is not an XLSX workbook") })
    }

    @Test("Date formats of spreadsheets", arguments: [
        ("yyyy\\-mm\\-dd", 38058.0, "2004-03-12"), ("dd/mm/yyyy", 38058.0, "12/03/2004"), ("d mmmm yyyy", 38058.0, "12 March 2004"),
        ("m/d/yyyy h:mm", 38058.5, "3/12/2004"),
    ])
    func spreadsheetDates(code: String, serial: Double, expected: String) {
        #expect(NumberFormats.isDate(code))
        #expect(NumberFormats.date(serial, code: code) == expected)
        #expect(!NumberFormats.isDate("0.00") && !NumberFormats.isDate("[Red]0") && !NumberFormats.isDate("\"day\" 0"))
    }

    @Test("Linked Art JSON-LD: names, identifiers and statements by their AAT types, English where there are several")
    func linkedArt() throws {
        let catalog = load([preset(.linkedArt, "linked-art")])
        #expect(catalog.errors.isEmpty, "\(catalog.issues)")
        let scribes = try #require(catalog.artworks.first)
        #expect(scribes.accessionNumber == "RP-T-1930-54(V)" && scribes.id == "RP-T-1930-54-V")
        #expect(scribes.title == "Three Scribes")
        #expect(scribes.makers.map(\.name) == ["Rembrandt van Rijn"])
        #expect(scribes.date == "c. 1628 - c. 1629")
        #expect(scribes.medium == "pen and brown ink, with brown wash and opaque white")
        #expect(scribes.dimensions == "height 226 mm x width 176 mm")
        #expect(scribes.creditLine == "Gift of C. Hofstede de Groot, The Hague")
        #expect(scribes.objectType == "drawing")
        #expect(scribes.description == nil, "the record has no description of the object: none is made up")
    }

    @Test("A text made from an id (an image server's URL): the id percent-encoded, one segment whatever it holds")
    func template() throws {
        let folder = try TemporaryFolder()
        try folder.write(#"[{"ref": "x-1", "name": "Un", "img": "a b/../c?d#e"}, {"ref": "x-2", "name": "Deux"}]"#, to: "api.json")
        var source = RecordSource(path: "api.json", format: .json, fields: [
            "id": .path(try RecordPath("ref")), "title": .path(try RecordPath("name")),
            "image_path": .template("https://images.example.org/{}/full.jpg", try RecordPath("img")),
        ])
        source.language = "fr"
        let catalog = CatalogLoader(defaultLanguage: "fr").load(sources: [source], relativeTo: folder.path)
        #expect(catalog.errors.isEmpty, "\(catalog.issues)")
        #expect(catalog.artworks.map { $0.image?.path } == ["https://images.example.org/a%20b%2F..%2Fc%3Fd%23e/full.jpg", nil])
    }

    @Test("A folder without a format: LIDO XML (by its namespace) and Linked Art JSON-LD (by its context) load with their presets beside Docent's own records; other XML is still an error")
    func recognizedWithoutFormat() throws {
        let folder = try TemporaryFolder()
        try folder.copy(Self.exports + "/lido/two-records.xml", to: "artworks/museum-export.xml")
        try folder.copy(Self.exports + "/linked-art/three-scribes.json", to: "artworks/three-scribes.json")
        try folder.write(#"{"id": "own-1", "title": "Our own record"}"#, to: "artworks/own.json")
        try folder.write("<records><record><title>Not LIDO</title></record></records>", to: "artworks/other.xml")
        let catalog = CatalogLoader(defaultLanguage: "en").load(paths: ["artworks"], relativeTo: folder.path)
        #expect(catalog.artworks.map(\.id) == ["1904-12", "D-8", "own-1", "RP-T-1930-54-V"])
        #expect(catalog.artworks.first { $0.id == "RP-T-1930-54-V" }?.title == "Three Scribes")
        #expect(catalog.artworks.first?.makers.first?.name == "Jeanne Lefort")
        #expect(catalog.errors.map(\.description) == [
            "artworks/other.xml: is not in a record format Docent reads (JSON, YAML, CSV or XLSX; LIDO; other XML with a format), so its records (.xml) were not loaded",
        ])
        // Named on its own, as a file, the same.
        let single = CatalogLoader(defaultLanguage: "en").load(paths: ["artworks/museum-export.xml"], relativeTo: folder.path)
        #expect(single.artworks.map(\.id) == ["1904-12", "D-8"] && single.errors.isEmpty, "\(single.issues)")
    }

    @Test("An export Docent has a preset for, dropped in without one: one warning that names the preset and the line to add; named after its folder with the preset, it is read with it")
    func presetHint() throws {
        let folder = try TemporaryFolder()
        try folder.copy(Self.exports + "/tate/n01506-9506.json", to: "artworks/n01506-9506.json")
        try folder.copy(Self.exports + "/tate/artwork_data.csv", to: "artworks/artwork_data.csv")
        try folder.copy(Self.exports + "/aic/artworks.json", to: "artworks/aic.json")
        try folder.write(#"{"id": "own-1", "title": "Our own record", "acno": "x"}"#, to: "artworks/own.json")
        let catalog = CatalogLoader(defaultLanguage: "en").load(paths: ["artworks"], relativeTo: folder.path)
        #expect(catalog.warnings.map(\.description) == [
            "artworks/aic.json: warning: looks like an Art Institute of Chicago API response, read as Docent's own record fields, "
                + "3 of its fields ignored (pagination, data, info); to read it as it is, "
                + #"add {"path": "artworks/aic.json", "format": "aic"} to sources.artworks in pipeline.json"#,
            "artworks/artwork_data.csv: warning: looks like Tate's artwork_data.csv, read as Docent's own record fields, "
                + "11 of its fields ignored (artist, artistId, dateText, creditLine, year, width, …); to read it as it is, "
                + #"add {"path": "artworks/artwork_data.csv", "format": "tate-csv"} to sources.artworks in pipeline.json"#,
            "artworks/n01506-9506.json: warning: looks like Tate's collection JSON, read as Docent's own record fields, "
                + "24 of its fields ignored (acno, acquisitionYear, all_artists, catalogueGroup, classification, contributorCount, …); "
                + #"to read it as it is, add {"path": "artworks/n01506-9506.json", "format": "tate"} to sources.artworks in pipeline.json"#,
            "artworks/own.json:1: warning: acno: is not a record field; ignored",
        ], "one warning a file, not one a field; a record of one's own keeps its warnings")
        #expect(catalog.artworks.contains { $0.id == "9506" }, "read as its own fields, the file's `id`")

        // The line added: the file read once, with the preset, where the folder first named it.
        var tate = RecordSource.preset(.tate, path: "artworks/n01506-9506.json")
        tate.language = nil
        let named = CatalogLoader(defaultLanguage: "en").load(sources: [RecordSource(path: "artworks"), tate], relativeTo: folder.path)
        #expect(named.artworks.map(\.id).filter { ["9506", "N01506"].contains($0) } == ["N01506"])
        #expect(named.artworks.first { $0.id == "N01506" }?.makers.first?.name == "Sir John Everett Millais, Bt")
        #expect(!named.warnings.contains { $0.file == "artworks/n01506-9506.json" }, "\(named.warnings)")
        #expect(named.artworks.map(\.id).firstIndex(of: "N01506") == catalog.artworks.map(\.id).firstIndex(of: "9506"), "in the folder's order")
    }

    @Test("A mapping of one's own: paths with filters, a CSV without a header row, JSON Lines, YAML; unsafe ids made safe")
    func mappings() throws {
        let folder = try TemporaryFolder()
        try folder.write("""
            {"items": [{"inv": "1999/2 a", "names": [{"lang": "fr", "text": "Le Pont"}, {"lang": "en", "text": "The Bridge"}],
                        "people": [{"role": "photographer", "name": "Ana Ruiz"}, {"role": "printer", "name": "Atelier Z"}],
                        "when": "NULL"}]}
            """, to: "api.json")
        try folder.write("7,La Barque,Paul Roy\n8,Le Quai,-\n", to: "plain.csv")
        try folder.write("{\"n\": \"J-1\", \"t\": \"Un\"}\n\n{\"n\": \"J-2\", \"t\": \"Deux\"}\n", to: "lines.jsonl")
        try folder.write("- ref: Y-1\n  heading: Trois\n", to: "list.yaml")
        func path(_ text: String) -> RecordSource.FieldMapping { .path(try! RecordPath(text)) }
        let sources = [
            RecordSource(path: folder.file("api.json"), format: .json, root: try RecordPath("items"), fields: [
                "id": path("inv"), "title": path("names[lang=fr].text"), "title_en": path("names[lang=en].text"),
                "makers": .makers(path: try RecordPath("people[role=photographer]"), name: try RecordPath("name"), role: try RecordPath("role"),
                                  born: nil, died: nil, nationality: nil),
                "date": path("when"),
            ]),
            RecordSource(path: folder.file("plain.csv"), format: .csv, fields: ["id": path("1"), "title": path("2"), "makers": path("3")], header: false),
            RecordSource(path: folder.file("lines.jsonl"), format: .jsonl, fields: ["id": path("n"), "title": path("t")]),
            RecordSource(path: folder.file("list.yaml"), fields: ["id": path("ref"), "title": path("heading")]),
        ]
        let catalog = CatalogLoader(defaultLanguage: "fr").load(sources: sources, relativeTo: folder.path)
        #expect(catalog.errors.isEmpty, "\(catalog.issues)")
        #expect(catalog.artworks.map(\.id) == ["1999-2-a", "7", "8", "J-1", "J-2", "Y-1"])
        let bridge = catalog.artworks[0]
        #expect(bridge.title == "Le Pont" && bridge.titles == ["en": "The Bridge"])
        #expect(bridge.makers == [Maker(name: "Ana Ruiz", role: "photographer")])
        #expect(bridge.date == nil, "NULL is no date")
        #expect(catalog.artworks[1].makers.map(\.name) == ["Paul Roy"])
        #expect(catalog.artworks[2].makers.isEmpty, "'-' is a null value")
        #expect(catalog.sources["J-2"]?.hasSuffix("lines.jsonl") == true)
    }

    @Test("A CSV with an unbalanced quote: the rows before it load, the problem says where the rest stopped")
    func csvQuoteKeepsRowsBefore() throws {
        let folder = try TemporaryFolder()
        try folder.write("id,title,description\ngood-1,Un,Bien\ngood-2,Deux,Bien\nbad-3,Trois,\"Sans fin\nbad-4,Quatre,\"Encore\"\n", to: "rows.csv")
        let catalog = CatalogLoader(defaultLanguage: "fr").load(paths: [folder.file("rows.csv")], relativeTo: folder.path)
        #expect(catalog.artworks.map(\.id) == ["good-1", "good-2"])
        #expect(catalog.issues.map(\.description) == ["rows.csv:4: invalid CSV: the quoted field opened here is not closed before line 5 (text follows a quote there): an unbalanced quote; the 2 rows before it loaded, nothing from it on"])
    }

    @Test("Paths: keys, indexes, filters, lists walked; bad syntax refused")
    func paths() throws {
        let record = try JSONRecordParser.parse(#"{"a": {"b": [{"c": 1, "k": "X"}, {"c": 2, "k": "y"}]}, "d": "e"}"#)
        #expect(try RecordPath("a.b.c").values(in: record).compactMap(\.value.scalarText) == ["1", "2"])
        #expect(try RecordPath("a.b[1].c").values(in: record).compactMap(\.value.scalarText) == ["2"])
        #expect(try RecordPath("a.b[k=x].c").values(in: record).compactMap(\.value.scalarText) == ["1"])
        #expect(try RecordPath("a.b[*].k").values(in: record).compactMap(\.value.scalarText) == ["X", "y"])
        #expect(try RecordPath("missing.key").values(in: record).isEmpty)
        #expect(throws: SyntaxError.self) { try RecordPath("a[b") }
        #expect(throws: SyntaxError.self) { try RecordPath("a[?]") }
    }
}

@Suite("Collection exports through pipeline.json")
struct CollectionSourcesConfigTests {
    @Test("Sources with a preset or a mapping load through the CLI; mistakes in them are configuration errors naming the JSON path")
    func throughTheCLI() async throws {
        let folder = try TemporaryFolder()
        try folder.copy(Repo.fixtures + "/exports", to: "exports")
        try folder.copy(Repo.templates, to: "templates")
        try folder.write("""
            {"institution": {"name": "M"}, "source_language": "en", "languages": [], "audiences": ["general"], "stages": ["draft"],
             "sources": {"artworks": [
               {"path": "exports/tate/*.json", "format": "tate"},
               {"path": "exports/aic/artworks.json", "format": "aic"},
               {"path": "exports/rijksmuseum", "format": "rijksmuseum"},
               {"path": "exports/cooper-hewitt/18704273.json", "format": "json",
                "fields": {"id": "accession_number", "title": "title", "medium": "medium", "notes": "justification"}, "html": ["notes"]}
             ]}}
            """, to: "pipeline.json")
        let records = try await DocentBinary.run(["records", "--json"], in: folder.path)
        #expect(records.status == 0, "\(records.stdout)\(records.stderr)")
        let report = try JSONSerialization.jsonObject(with: Data(records.stdout.utf8)) as? [String: Any]
        #expect(report?["records"] as? Int == 6)
        let run = try await DocentBinary.run(["run", "--quiet"], in: folder.path)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(folder.exists("output/N01506/draft.general.en.md") && folder.exists("output/2031.17/draft.general.en.md"))
        #expect(folder.exists("output/SK-X-1/draft.general.en.md") && folder.exists("output/2005-32-1/draft.general.en.md"))

        try folder.write("""
            {"institution": {"name": "M"}, "source_language": "en", "languages": [], "audiences": ["general"],
             "sources": {"artworks": [
               {"path": "a.ods", "format": "ods"},
               {"path": "b.json", "format": "jsn"},
               {"path": "c.json", "fields": {"title": "t", "colour": "c"}},
               {"format": "tate"}
             ]}}
            """, to: "pipeline.json")
        let bad = try await DocentBinary.run(["records"], in: folder.path)
        #expect(bad.status == 78)
        #expect(bad.stderr.contains("$.sources.artworks[0].format") && bad.stderr.contains("'ods' records cannot be read by this version of Docent yet"), "\(bad.stderr)")
        #expect(bad.stderr.contains("$.sources.artworks[1].format") && bad.stderr.contains("did you mean 'json'"), "\(bad.stderr)")
        #expect(bad.stderr.contains("$.sources.artworks[2].fields[\"colour\"]") && bad.stderr.contains("'colour' is not a record field"), "\(bad.stderr)")
        #expect(bad.stderr.contains("$.sources.artworks[2].fields") && bad.stderr.contains("maps no 'id'"), "\(bad.stderr)")
        #expect(bad.stderr.contains("$.sources.artworks[3].path") && bad.stderr.contains("is missing"), "\(bad.stderr)")
    }

    @Test("A museum's own XML export, mapped with XPath (namespaces, makers with sub-paths); a bad XPath is a configuration error")
    func xmlExport() async throws {
        let folder = try TemporaryFolder()
        try folder.copy(Repo.templates, to: "templates")
        try folder.write("""
            <?xml version="1.0" encoding="UTF-8"?>
            <t:export xmlns:t="urn:example:tombstone">
              <t:object inv="A 12/3">
                <t:title lang="en">Harbour at Low Tide</t:title>
                <t:maker><t:name>Jeanne Lefort</t:name><t:role>painter</t:role><t:life from="1851" to="1920"/></t:maker>
                <t:date>c. 1885</t:date>
                <t:medium>NULL</t:medium>
                <t:text><![CDATA[<p>Boats rest on the mud.</p>]]></t:text>
              </t:object>
              <t:object inv="A 12/4"><t:title>Study of a Hand</t:title></t:object>
            </t:export>
            """, to: "exports/tombstones.xml")
        func config(_ title: String) -> String {
            """
            {"institution": {"name": "M"}, "source_language": "en", "languages": [], "audiences": ["general"], "stages": ["draft"],
             "sources": {"artworks": [{"path": "exports", "format": "xml", "root": "t:object", "namespaces": {"t": "urn:example:tombstone"},
               "html": ["description"],
               "fields": {"id": "@inv", "title": "\(title)", "date": "t:date", "medium": "t:medium", "description": "t:text",
                          "makers": {"path": "t:maker", "name": "t:name", "role": "t:role", "born": "t:life/@from", "died": "t:life/@to"}}}]}}
            """
        }
        try folder.write(config("t:title"), to: "pipeline.json")
        let records = try await DocentBinary.run(["records", "--json"], in: folder.path)
        #expect(records.status == 0, "\(records.stdout)\(records.stderr)")
        let report = try JSONSerialization.jsonObject(with: Data(records.stdout.utf8)) as? [String: Any]
        let examples = report?["examples"] as? [[String: Any]] ?? []
        #expect(examples.map { $0["id"] as? String } == ["A-12-3", "A-12-4"])
        #expect(examples.first?["title"] as? String == "Harbour at Low Tide")
        #expect(examples.first?["date"] as? String == "c. 1885" && examples.first?["medium"] == nil)
        #expect(examples.first?["description"] as? String == "Boats rest on the mud.")
        let makers = examples.first?["makers"] as? [[String: Any]] ?? []
        #expect(makers.first?["name"] as? String == "Jeanne Lefort" && makers.first?["born"] as? String == "1851" && makers.first?["died"] as? String == "1920")
        #expect(try await DocentBinary.run(["run", "--quiet"], in: folder.path).status == 0)
        #expect(folder.exists("output/A-12-3/draft.general.en.md"))

        try folder.write(config("t:title[["), to: "pipeline.json")
        let bad = try await DocentBinary.run(["records"], in: folder.path)
        #expect(bad.status == 78 && bad.stderr.contains("$.sources.artworks[0].fields[\"title\"]") && bad.stderr.contains("is not a valid XPath"), "\(bad.stderr)")
    }
}
