import Foundation

/// One entry of `sources.artworks`: where records are, in which format, and how their fields
/// map to Docent's. A plain path (`"artworks"`) is a source of Docent's own JSON, YAML and CSV
/// records, with no mapping.
package struct RecordSource: Sendable, Hashable {
    /// How to read one Docent field from a source record.
    package enum FieldMapping: Sendable, Hashable {
        /// Every value at a path (scalar fields take the first that is not a null value).
        case path(RecordPath)
        /// Makers: the elements at `path`, each read by the sub-paths (a string element is a name).
        /// `dates`: life dates in one field ("1849–1917"), for what `born` and `died` leave out.
        case makers(path: RecordPath, name: RecordPath?, role: RecordPath?, born: RecordPath?, died: RecordPath?, nationality: RecordPath?,
                    dates: RecordPath? = nil)
        /// A text made from the first value at a path: `{}` in `text` replaced by it,
        /// percent-encoded (an image URL that an API gives as an id on its image server).
        case template(String, RecordPath)
    }

    /// How to read one Docent field from an XML record element: XPath, relative to it.
    package enum XMLField: Sendable, Hashable {
        case xpath(String)
        case makers(path: String, name: String?, role: String?, born: String?, died: String?, nationality: String?)
    }

    /// A file, a folder or a glob (`exports/*.json`), relative to pipeline.json.
    package var path: String
    /// `json`, `jsonl`, `yaml`, `csv`, `tsv`; nil: from the file's extension.
    package var format: RecordFormat?
    /// Where the records are inside each file (`data`, `artObject`): a list, or one record.
    package var root: RecordPath?
    /// Docent field → where it is; empty: the records already use Docent's field names.
    package var fields: [String: FieldMapping]
    /// The records' language, when they do not say.
    package var language: String?
    /// Values that mean "no value" (`NULL`, `N/A`…), compared after trimming.
    package var nullValues: [String]
    /// Docent fields whose source values are HTML, turned into plain text.
    package var html: [String]
    /// XLSX: the sheet to read (default: the first).
    package var sheet: String?
    /// CSV/TSV/XLSX: whether the first row names the columns (else columns are numbered from 1).
    package var header: Bool
    /// The preset this source came from, if any (for messages).
    package var preset: RecordPreset?
    /// XML (`format: xml`): the record element (`record`, `ns:object`), the namespace prefixes
    /// its name and the XPaths use, and each Docent field's XPath.
    package var xmlRecordElement: String?
    package var xmlNamespaces: [String: String] = [:]
    package var xmlFields: [String: XMLField] = [:]
    /// Without a header row: a first row whose first cell is this is a header all the same
    /// (an export sometimes has one, sometimes not), and is skipped.
    package var headerMarker: String?

    package static let defaultNullValues = ["", "NULL", "null", "N/A", "n/a", "-"]

    package init(path: String, format: RecordFormat? = nil, root: RecordPath? = nil, fields: [String: FieldMapping] = [:],
                language: String? = nil, nullValues: [String] = RecordSource.defaultNullValues, html: [String] = [],
                header: Bool = true, preset: RecordPreset? = nil) {
        self.path = path
        self.format = format
        self.root = root
        self.fields = fields
        self.language = language
        self.nullValues = nullValues
        self.html = html
        self.header = header
        self.preset = preset
    }

    /// Whether records are read through `fields` rather than under Docent's own names.
    package var isMapped: Bool { !fields.isEmpty || !xmlFields.isEmpty }
}
