/// A step of the pipeline a job belongs to, in the order a run takes them: a draft per audience
/// in the record's language, its translations, the SEO data and subtitles made from them, and
/// the proofreading pass on every text. The names are those of `pipeline.json`'s `stages`,
/// `--stage`, `report.json` and `plan --json`.
package enum Stage: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    case draft, translate, seo, subtitles, proof

    package var description: String { rawValue }

    /// The output a job of this stage writes, for SEO data and subtitles; drafts and
    /// translations write a draft; proofreading writes nothing of its own.
    package var outputKind: OutputKind {
        switch self {
        case .draft, .translate, .proof: .draft
        case .seo: .seo
        case .subtitles: .subtitles
        }
    }
}
