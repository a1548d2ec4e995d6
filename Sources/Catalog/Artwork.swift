import Foundation

/// One artwork record, normalized from whatever format it was loaded from.
///
/// Every loader produces this shape; the rest of Docent never sees the source format.
/// `Codable` keys are snake_case: this is also the shape of `output/<id>/record.json`.
public struct Artwork: Codable, Sendable, Hashable {
    public var id: String
    public var title: String
    /// Official titles in other languages, keyed by language code (`en`, `de`…).
    public var titles: [String: String]
    public var makers: [Maker]
    /// Date as the museum writes it: "c. 1650", "1880s", "1503–1506".
    public var date: String?
    public var objectType: String?
    public var medium: String?
    public var dimensions: String?
    public var place: String?
    public var creditLine: String?
    public var accessionNumber: String?
    /// Curatorial description, in the record's source language.
    public var description: String?
    /// Further curatorial notes (context, provenance highlights).
    public var notes: String?
    public var themes: [String]
    public var image: ArtworkImage?
    /// A video or audio script shipped with the record, used for subtitles.
    public var script: MediaScript?
    /// Language of the record's prose (ISO 639-1).
    public var language: String

    public init(
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
        case objectType = "object_type"
        case medium, dimensions, place
        case creditLine = "credit_line"
        case accessionNumber = "accession_number"
        case description, notes, themes, image, script, language
    }
}

/// A person or workshop who made the work, with their role.
public struct Maker: Codable, Sendable, Hashable {
    public var name: String
    /// "painter", "photographer", "workshop of"…; nil when the record does not say.
    public var role: String?
    public var born: String?
    public var died: String?
    public var nationality: String?

    public init(name: String, role: String? = nil, born: String? = nil, died: String? = nil, nationality: String? = nil) {
        self.name = name
        self.role = role
        self.born = born
        self.died = died
        self.nationality = nationality
    }

    /// True for "Unknown", "Anonymous", "Inconnu"… makers.
    public var isUnknown: Bool {
        let folded = name.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
        return ["unknown", "anonymous", "anonyme", "inconnu", "unbekannt", "anonimo", "anónimo", "desconocido"]
            .contains { folded.hasPrefix($0) }
    }

    /// "Claude Monet (1840–1926)" style life dates, or nil.
    public var lifeDates: String? {
        switch (born, died) {
        case let (b?, d?): return "\(b)–\(d)"
        case let (b?, nil): return "b. \(b)"
        case let (nil, d?): return "d. \(d)"
        default: return nil
        }
    }
}

public struct ArtworkImage: Codable, Sendable, Hashable {
    public var path: String
    public var alt: String?

    public init(path: String, alt: String? = nil) {
        self.path = path
        self.alt = alt
    }
}

/// A script for a video or audio piece about the work; subtitles are cut from it.
public struct MediaScript: Codable, Sendable, Hashable {
    public enum Kind: String, Codable, Sendable, Hashable, CaseIterable {
        case video, audio
    }
    public var kind: Kind
    public var text: String

    public init(kind: Kind, text: String) {
        self.kind = kind
        self.text = text
    }
}
