import Foundation

/// One artwork record, normalized from whatever format it was loaded from.
///
/// Every loader produces this shape; the rest of Docent never sees the source format.
/// `Codable` keys are snake_case: this is also the shape of `output/<id>/record.json`.
package struct Artwork: Codable, Sendable, Hashable {
    package var id: String
    package var title: String
    /// Official titles in other languages, keyed by language code (`en`, `de`…).
    package var titles: [String: String]
    package var makers: [Maker]
    /// Other participants the record names, with their role (cataloguer, donor, publisher,
    /// sitter…): never makers, never "a work by" in a draft.
    package var contributors: [Maker] {
        get { contributorList ?? [] }
        set { contributorList = newValue.isEmpty ? nil : newValue }
    }
    /// Nil when there are none, so that the record.json of an artwork without them stays byte
    /// for byte what it was.
    private var contributorList: [Maker]?
    /// Date as the museum writes it: "c. 1650", "1880s", "1503–1506".
    package var date: String?
    package var objectType: String?
    package var medium: String?
    package var dimensions: String?
    package var place: String?
    package var creditLine: String?
    package var accessionNumber: String?
    /// Curatorial description, in the record's source language.
    package var description: String?
    /// Further curatorial notes (context, provenance highlights).
    package var notes: String?
    package var themes: [String]
    package var image: ArtworkImage?
    /// A video or audio script shipped with the record, used for subtitles.
    package var script: MediaScript?
    /// Language of the record's prose (ISO 639-1).
    package var language: String

    package init(
        id: String, title: String, titles: [String: String] = [:], makers: [Maker] = [],
        date: String? = nil, objectType: String? = nil, medium: String? = nil,
        dimensions: String? = nil, place: String? = nil, creditLine: String? = nil,
        accessionNumber: String? = nil, description: String? = nil, notes: String? = nil,
        themes: [String] = [], image: ArtworkImage? = nil, script: MediaScript? = nil,
        language: String
    ) {
        self.id = id
        self.title = title
        self.titles = titles
        self.makers = makers
        self.date = date
        self.objectType = objectType
        self.medium = medium
        self.dimensions = dimensions
        self.place = place
        self.creditLine = creditLine
        self.accessionNumber = accessionNumber
        self.description = description
        self.notes = notes
        self.themes = themes
        self.image = image
        self.script = script
        self.language = language
    }

    enum CodingKeys: String, CodingKey {
        case id, title, titles, makers, date
        case contributorList = "contributors"
        case objectType = "object_type"
        case medium, dimensions, place
        case creditLine = "credit_line"
        case accessionNumber = "accession_number"
        case description, notes, themes, image, script, language
    }
}

/// A person or workshop who made the work, with their role.
package struct Maker: Codable, Sendable, Hashable {
    package var name: String
    /// "painter", "photographer", "workshop of"…; nil when the record does not say.
    package var role: String?
    package var born: String?
    package var died: String?
    package var nationality: String?

    package init(name: String, role: String? = nil, born: String? = nil, died: String? = nil, nationality: String? = nil) {
        self.name = name
        self.role = role
        self.born = born
        self.died = died
        self.nationality = nationality
    }

    /// True for "Unknown", "Anonymous", "Inconnu"… makers.
    package var isUnknown: Bool {
        let folded = name.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
        return ["unknown", "anonymous", "anonyme", "inconnu", "unbekannt", "anonimo", "anónimo", "desconocido"]
            .contains { folded.hasPrefix($0) }
    }

    /// "Claude Monet (1840–1926)" style life dates, or nil.
    package var lifeDates: String? {
        switch (born, died) {
        case let (b?, d?): return "\(b)–\(d)"
        case let (b?, nil): return "b. \(b)"
        case let (nil, d?): return "d. \(d)"
        default: return nil
        }
    }
}

package struct ArtworkImage: Codable, Sendable, Hashable {
    package var path: String
    package var alt: String?

    package init(path: String, alt: String? = nil) {
        self.path = path
        self.alt = alt
    }
}

/// A script for a video or audio piece about the work; subtitles are cut from it.
package struct MediaScript: Codable, Sendable, Hashable {
    package enum Kind: String, Codable, Sendable, Hashable, CaseIterable {
        case video, audio
    }
    package var kind: Kind
    package var text: String

    package init(kind: Kind, text: String) {
        self.kind = kind
        self.text = text
    }
}
