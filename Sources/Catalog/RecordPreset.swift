/// The collection exports Docent reads as they come (`RecordSource.preset`): name one as a
/// source's `format` in pipeline.json, or as `docent init --preset`. LIDO and Linked Art files
/// are also recognized by their content.
package enum RecordPreset: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case lido
    case linkedArt = "linked-art"
    case tate
    case tateCSV = "tate-csv"
    case aic
    case cooperHewitt = "cooper-hewitt"
    case rijksmuseum
    case nga

    package var description: String { rawValue }

    /// The names, in the order the README documents them, for messages.
    package static var names: [String] { allCases.map(\.rawValue) }
}
