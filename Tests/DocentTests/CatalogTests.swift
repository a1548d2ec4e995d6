import Prose
import Foundation
import Testing
@testable import Catalog

@Suite("Loading artwork records")
struct CatalogTests {
    let loader = CatalogLoader(defaultLanguage: "fr", csvColumns: ["Inventory": "id", "Title": "title"])

    @Test("JSON lists, YAML documents and mapped CSV rows all load")
    func loadsEveryFormat() {
        let catalog = loader.load(paths: [Repo.fixtures + "/records"], relativeTo: Repo.fixtures)
        #expect(catalog.errors.isEmpty, "\(catalog.errors)")
        #expect(catalog.artworks.map(\.id).sorted() == ["INV-1", "INV-2", "harbour-at-dawn", "oak-chest", "river-photo", "wool-hanging"])
        let harbour = catalog.artworks.first { $0.id == "harbour-at-dawn" }
        #expect(harbour?.makers == [Maker(name: "Élise Marchand", role: "peintre", born: "1851", died: "1920")])
        #expect(harbour?.titles == ["en": "The Harbour at Dawn"])
        #expect(harbour?.language == "fr")
        let hanging = catalog.artworks.first { $0.id == "wool-hanging" }
        #expect(hanging?.makers.first?.name == "Atelier Delaunay")
        #expect(hanging?.date == "XVIIIe siècle")
        let vase = catalog.artworks.first { $0.id == "INV-1" }
        #expect(vase?.title == "Vase \"bleu\"")
        #expect(vase?.description == "Un vase en grès.\nSa glaçure bleue coule le long de la panse.")
        #expect(catalog.sources["INV-2"] == "records/list.csv")
    }

    @Test("An unknown maker is recognised in several languages")
    func unknownMakers() {
        #expect(Maker(name: "Anonyme").isUnknown)
        #expect(Maker(name: "Unknown artist").isUnknown)
        #expect(!Maker(name: "Claude Monet").isUnknown)
    }

    @Test("Invalid records are reported as file:line: field, and the good ones still load")
    func reportsBadRecords() {
        let catalog = loader.load(paths: [Repo.fixtures + "/broken/bad.json"], relativeTo: Repo.fixtures)
        #expect(catalog.artworks.map(\.id) == ["good-one"])
        let messages = catalog.issues.map(\.description)
        #expect(messages.contains { $0.hasPrefix("broken/bad.json:8: id: '../escape'") }, "\(messages)")
        #expect(messages.contains("broken/bad.json:11: title: is missing"), "\(messages)")
        #expect(messages.contains("broken/bad.json:13: warning: titel: is not a record field; ignored (did you mean 'title'?)"), "\(messages)")
        #expect(messages.contains("broken/bad.json:18: makers: expected a name or an object with a name, found a number"), "\(messages)")
    }

    @Test("A JSON syntax error names its line")
    func syntaxError() {
        let catalog = loader.load(paths: [Repo.fixtures + "/broken/syntax.json"], relativeTo: Repo.fixtures)
        #expect(catalog.artworks.isEmpty)
        #expect(catalog.errors.first?.line == 4)
        #expect(catalog.errors.first?.description.hasPrefix("broken/syntax.json:4: invalid JSON") == true)
    }

    @Test("The same id twice is an error naming the first record")
    func duplicateIDs() throws {
        let folder = try TemporaryFolder()
        try folder.write(#"[{"id": "a", "title": "One"}, {"id": "A", "title": "Two"}]"#, to: "dup.json")
        let catalog = loader.load(paths: [folder.path], relativeTo: folder.path)
        #expect(catalog.artworks.count == 1)
        #expect(catalog.errors.first?.description == "dup.json:1: id: 'A' is already used by the record at dup.json:1")
    }

    @Test("Missing paths and non-UTF-8 files are reported, not fatal")
    func unreadableFiles() throws {
        let folder = try TemporaryFolder()
        try Data([0xFF, 0xFE, 0x00, 0x41]).write(to: URL(fileURLWithPath: folder.file("latin.json")))
        let catalog = loader.load(paths: [folder.path, folder.file("nope")], relativeTo: folder.path)
        #expect(catalog.errors.map(\.description).sorted() == [folder.file("nope") + ": no such file or folder", "latin.json: is not UTF-8 text"].sorted())
    }

    @Test("Ids that could leave the output folder are refused", arguments: ["..", "../x", "a/b", ".hidden", "a\\b", "", "-rf", String(repeating: "x", count: 101)])
    func unsafeIDs(id: String) {
        #expect(ArtworkID.problem(with: id) != nil)
    }

    @Test("Ordinary ids are accepted", arguments: ["monet-1872", "INV_2024.15", "a"])
    func safeIDs(id: String) {
        #expect(ArtworkID.problem(with: id) == nil)
    }

    @Test("CSV: quoted fields, doubled quotes, line breaks inside quotes, semicolons")
    func csvParsing() throws {
        let table = try CSVTable(parsing: "a;b\n\"x;y\";\"he said \"\"hi\"\"\"\n\"multi\nline\";z\n")
        #expect(table.header == ["a", "b"])
        #expect(table.rows.map(\.fields) == [["x;y", "he said \"hi\""], ["multi\nline", "z"]])
        #expect(table.rows.map(\.line) == [2, 3])
        #expect(throws: SyntaxError.self) { try CSVTable(parsing: "a\n\"open\n") }
    }

    @Test("YAML values keep their lines")
    func yamlLines() throws {
        let reading = YAMLRecordReader.read("id: x\ntitle: y\n---\nid: z\n")
        #expect(reading.problem == nil)
        let documents = reading.documents
        #expect(documents.count == 2)
        guard case .object(let fields) = documents[1].value else { Issue.record("not an object"); return }
        #expect(fields.first?.value.line == 4)
    }
}

@Suite("The JSON parser that keeps lines")
struct JSONRecordParserTests {
    @Test("Values, escapes and lines")
    func values() throws {
        let root = try JSONRecordParser.parse("{\n \"a\": \"\\u00e9\\ud83d\\ude00\\n\\/\",\n \"b\": [1, -2.5e2, true, null]\n}")
        guard case .object(let fields) = root.value else { Issue.record("not an object"); return }
        #expect(fields[0].value.value == .string("é😀\n/"))
        #expect(fields[0].value.line == 2)
        #expect(fields[1].value.value == .array([.init(.number(1), line: 3), .init(.number(-250), line: 3),
                                                 .init(.bool(true), line: 3), .init(.null, line: 3)]))
    }

    @Test("Syntax errors name line and column", arguments: [
        ("{\"a\": 1,}", 1, "expected a quoted key"),
        ("[1, 2\n", 2, "expected ',' or ']' in list"),
        ("{\"a\": \"x\ny\"}", 1, "line break inside a string"),
        ("[01]", 1, "expected ',' or ']' in list"),
        ("{} x", 1, "unexpected text after the end of the document"),
    ])
    func errors(text: String, line: Int, message: String) {
        #expect {
            _ = try JSONRecordParser.parse(text)
        } throws: { error in
            guard let error = error as? SyntaxError else { return false }
            return error.line == line && error.message == message
        }
    }

    @Test("Deep nesting is refused, not a stack overflow")
    func deepNesting() {
        #expect(throws: SyntaxError.self) {
            _ = try JSONRecordParser.parse(String(repeating: "[", count: 100_000))
        }
    }
}
