/// Mappings that ship with Docent for the public exports of museum collections: name one as a
/// source's `format` and its records load as they are. Each is documented in the README's
/// "Bring your collection" with an example.
extension RecordSource {
    /// The source `path` read with `preset`.
    package static func preset(_ preset: RecordPreset, path: String) -> RecordSource {
        func p(_ text: String) -> RecordPath { try! RecordPath(text) }
        func paths(_ fields: [String: String]) -> [String: FieldMapping] { fields.mapValues { .path(p($0)) } }
        var source: RecordSource
        switch preset {
        case .tate:
            // Tate's collection JSON, one artwork a file (github.com/tategallery/collection).
            source = RecordSource(path: path, format: .json, fields: paths([
                "id": "acno", "accession_number": "acno", "title": "title", "date": "dateText", "medium": "medium",
                "dimensions": "dimensions", "credit_line": "creditLine", "object_type": "classification", "themes": "movements.name",
                "image_path": "thumbnailUrl",
            ]), language: "en")
            source.fields["makers"] = .makers(path: p("contributors[role=artist]"), name: p("fc"), role: p("role"),
                                              born: p("birthYear"), died: p("deathYear"), nationality: nil, dates: p("date"))
        case .tateCSV:
            // Tate's artwork_data.csv.
            source = RecordSource(path: path, format: .csv, fields: paths([
                "id": "accession_number", "accession_number": "accession_number", "title": "title", "makers": "artist",
                "date": "dateText", "medium": "medium", "dimensions": "dimensions", "credit_line": "creditLine",
                "image_path": "thumbnailUrl",
            ]), language: "en")
        case .aic:
            // The Art Institute of Chicago's public API: a response whose `data` lists artworks.
            source = RecordSource(path: path, format: .json, root: p("data"), fields: paths([
                "id": "main_reference_number", "accession_number": "main_reference_number", "title": "title",
                "makers": "artist_titles", "date": "date_display", "medium": "medium_display", "dimensions": "dimensions",
                "place": "place_of_origin", "credit_line": "credit_line", "description": "description",
                "object_type": "artwork_type_title", "themes": "style_titles",
            ]), language: "en", html: ["description"])
            // The API gives an image's id on its IIIF server (the response's `config.iiif_url`,
            // the same for every record); 843 pixels wide is the size the museum's site shows.
            source.fields["image_path"] = .template("https://www.artic.edu/iiif/2/{}/full/843,/0/default.jpg", p("image_id"))
        case .cooperHewitt:
            // Cooper Hewitt's object JSON (github.com/cooperhewitt/collection).
            source = RecordSource(path: path, format: .json, fields: paths([
                "id": "accession_number", "accession_number": "accession_number", "title": "title", "date": "date",
                "medium": "medium", "dimensions": "dimensions", "credit_line": "creditline", "description": "description",
                "notes": "justification", "object_type": "type.name", "image_path": "images[0].z.url | images[0].b.url | images[0].n.url",
            ]), language: "en", html: ["description", "notes"])
            source.fields["makers"] = .makers(path: p("participants"), name: p("person_name"), role: p("role_name"),
                                              born: nil, died: nil, nationality: nil)
        case .rijksmuseum:
            // The Rijksmuseum collection API's object response (`artObject`).
            source = RecordSource(path: path, format: .json, root: p("artObject"), fields: paths([
                "id": "objectNumber", "accession_number": "objectNumber", "title": "title", "date": "dating.presentingDate",
                "medium": "physicalMedium", "dimensions": "subTitle", "credit_line": "acquisition.creditLine",
                // In English: the label's description, else the plaque's. The object's own
                // `description` is in Dutch: never put in an English record's notes.
                "description": "label.description | plaqueDescriptionEnglish", "object_type": "objectTypes[0]",
                "place": "productionPlaces[0]", "image_path": "webImage.url",
            ]), language: "en")
            source.fields["makers"] = .makers(path: p("principalMakers"), name: p("name"), role: p("roles[0]"),
                                              born: p("dateOfBirth"), died: p("dateOfDeath"), nationality: p("nationality"))
        case .lido:
            // LIDO XML (1.0 and 1.1): one file may hold many records, read as a stream.
            source = RecordSource(path: path, format: .lido)
        case .linkedArt:
            // Linked Art JSON-LD (linked.art), one object a file: read by `LinkedArtRecord`
            // (names, identifiers and statements by their Getty AAT types, both vocabularies).
            source = RecordSource(path: path, format: .linkedArt, language: "en")
        case .nga:
            // The National Gallery of Art's open-data objects.csv, columns by position (with or
            // without its header row): 3 accessionnum, 5 title, 6 displaydate, 10 medium,
            // 11 dimensions, 15 attribution, 17 creditline, 18 classification.
            source = RecordSource(path: path, format: .csv, fields: paths([
                "id": "3", "accession_number": "3", "title": "5", "date": "6", "medium": "10", "dimensions": "11",
                "makers": "15", "credit_line": "17", "object_type": "18",
            ]), language: "en", header: false)
            source.headerMarker = "objectid"
        }
        source.preset = preset
        return source
    }
}
