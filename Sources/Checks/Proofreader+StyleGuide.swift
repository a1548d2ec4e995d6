import Catalog
import HouseStyle
import Domain

extension Proofreader {
    /// The checks a text of `audience` in `language` gets under the museum's style guide: its
    /// per-audience targets (length, sentence length, reading ease) and its rules. `docent run`
    /// and `docent proof` both build their checks here, so the same text gets the same findings.
    package init(audience: Audience?, language: String, artwork: Artwork?, institution: String?, guide: StyleGuide?) {
        var adjusted = audience
        let target = audience.flatMap { guide?.audiences[$0.name] }
        if let target, var spec = audience {
            spec.minWords = target.minWords ?? spec.minWords
            spec.maxWords = target.maxWords ?? spec.maxWords
            spec.maxSentenceWords = target.maxSentenceWords ?? spec.maxSentenceWords
            adjusted = spec
        }
        self.init(audience: adjusted, language: language, artwork: artwork, glossary: institution.map { [$0] } ?? [],
                  styleRules: guide?.rules ?? [], minimumReadingEase: target?.readingEase)
    }
}
