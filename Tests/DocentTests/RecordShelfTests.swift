import Catalog
import Foundation
import Testing
@testable import Pipeline

@Suite("Record shelf")
struct RecordShelfTests {
    static let records: [Artwork] = {
        var first = Artwork(id: "monet/étretat", title: "La Falaise d'Étretat", titles: ["en": "The Cliff at Étretat", "de": "Die Klippe"],
                makers: [Maker(name: "Claude Monet", role: "painter", born: "1840", died: "1926", nationality: "French")],
                date: "1885", objectType: "painting", medium: "huile sur toile", dimensions: "65 × 81 cm", place: "Étretat",
                creditLine: "Don « anonyme », 1950", accessionNumber: "INV 1950-1", description: "Une arche de craie.\nLa mer, 😀.",
                notes: "Tab\there", themes: ["mer", "falaise"], image: ArtworkImage(path: "images/étretat.jpg", alt: "Une falaise"),
                script: MediaScript(kind: .audio, text: "Écoutez la mer."), language: "fr")
        first.contributors = [Maker(name: "Jeanne Dupont", role: "donor")]
        return [first, Artwork(id: "w2", title: "Sans titre", language: "de")]
    }()

    @Test("Records moved onto the shelf read back as they were; the caller's array is let go and no file is left")
    func shelved() throws {
        let folder = try TemporaryFolder()
        var artworks = Self.records
        let shelf = RecordShelf(moving: &artworks, to: folder.file("output"))
        #expect(artworks.isEmpty, "the caller's copy is let go")
        #expect(shelf.count == 2)
        #expect(shelf.artwork(0) == Self.records[0], "every field, the contributors and the titles too")
        #expect(shelf.artwork(1) == Self.records[1])
        #expect(shelf.artwork(0) == Self.records[0], "read again")
        #expect(shelf.readProblems.isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.file("output")).isEmpty, "the spool leaves no file")
    }

    @Test("Without a place for the spool (the output folder is a file), the records stay in memory and the run is the same")
    func inMemoryWhenNoSpool() throws {
        let folder = try TemporaryFolder()
        try folder.write("not a folder", to: "output")
        var artworks = Self.records
        let shelf = RecordShelf(moving: &artworks, to: folder.file("output"))
        #expect(artworks.isEmpty)
        #expect((0..<shelf.count).map { shelf.artwork($0) } == Self.records)
        #expect(shelf.readProblems.isEmpty)
    }
}
