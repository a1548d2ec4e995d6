import Foundation
import Prose

/// The compact house-style summary (at most about 500 tokens) given to every prompt, and the
/// exemplar paragraphs picked for an audience.
package enum StyleDigest {
    package static let maxCharacters = 2_000

    package static func render(profile: HouseStyleProfile?, guide: StyleGuide?) -> String {
        var lines: [String] = []
        if let guide {
            if let tone = guide.tone { lines.append("Tone: \(tone).") }
            if let person = guide.person { lines.append("Voice: write as '\(person)'.") }
            if !guide.dos.isEmpty { lines.append("Do: " + guide.dos.joined(separator: "; ") + ".") }
            if !guide.donts.isEmpty { lines.append("Don't: " + guide.donts.joined(separator: "; ") + ".") }
            let preferred = guide.preferred.map { "\($0.use) (not \($0.insteadOf.joined(separator: ", ")))" }
            if !preferred.isEmpty { lines.append("Preferred terms: " + preferred.joined(separator: "; ") + ".") }
            let banned = guide.banned.map { entry in entry.replacement.map { "\(entry.term) → \($0)" } ?? entry.term }
            if !banned.isEmpty { lines.append("Never write: " + banned.joined(separator: "; ") + ".") }
        }
        if let profile, profile.pages > 0 {
            lines.append("Learned from \(profile.pages) published page\(profile.pages == 1 ? "" : "s"):")
            lines.append("- Sentences of about \(Int(profile.sentenceWords.mean.rounded())) words (90 % under \(Int(profile.sentenceWords.p90))); paragraphs of about \(Int(profile.paragraphWords.median)) words.")
            if let language = profile.mainLanguage, let ease = profile.readability[language] {
                lines.append("- Reading ease about \(Int(ease)) (\(language)).")
            }
            if profile.headingCase != "mixed" { lines.append("- Headings in \(profile.headingCase) case.") }
            lines += quotationLines(profile)
            if profile.spaceBeforeHighPunctuation > 0.6 {
                lines.append("- A no-break space before : ; ! ? (French typography).")
            }
            if let dash = profile.dashes.filter({ !$0.key.contains("ranges") }).mostFrequentKey {
                lines.append("- Dashes: \(dash).")
            }
            // The pattern, never an example with years: a model copies example years into drafts.
            if let range = profile.dashes.filter({ $0.key.contains("ranges") }).mostFrequentKey {
                let mark = range.hasPrefix("en dash") ? "–" : "-"
                lines.append("- Date ranges with \(range.replacingOccurrences(of: " in ranges", with: "")) (YYYY\(mark)YYYY).")
            }
            let conventions = profile.dateConventions.rankedByCount().prefix(4).map(\.key)
            if !conventions.isEmpty { lines.append("- Dates and numbers written like: " + conventions.joined(separator: "; ") + ".") }
            if profile.firstPersonPluralPerThousand >= 2 {
                lines.append("- The museum speaks as 'we' (first person plural).")
            } else {
                lines.append("- The museum does not speak as 'we'.")
            }
            let spellings = profile.spellingPreferences.filter { $0.preferredCount > $0.otherCount }.map { "\($0.preferred) (not \($0.over))" }
            if !spellings.isEmpty { lines.append("- Spelling: " + spellings.joined(separator: ", ") + ".") }
            let terms = profile.recurringTerms.prefix(10).map(\.text)
            if !terms.isEmpty { lines.append("- Recurring names and terms: " + terms.joined(separator: ", ") + ".") }
        }
        var digest = lines.joined(separator: "\n")
        if digest.count > maxCharacters {
            digest = String(digest.prefix(maxCharacters - 1)) + "…"
        }
        return digest
    }

    /// The quotation marks the pages use: one style, or, when pages disagree, each style with
    /// its pages and the more common one to follow (ties by the ranking rule: count, then text).
    static func quotationLines(_ profile: HouseStyleProfile) -> [String] {
        // Pages first, then uses in the text, then the style's own text.
        let byPages = profile.quotationMarkPages.sorted {
            let (a, b) = ((-$0.value, -(profile.quotationMarks[$0.key] ?? 0), $0.key), (-$1.value, -(profile.quotationMarks[$1.key] ?? 0), $1.key))
            return a < b
        }
        guard let first = byPages.first else {
            return ["- Apostrophe \(profile.apostrophe)."]
        }
        if byPages.count == 1 {
            return ["- Quotation marks \(first.key); apostrophe \(profile.apostrophe)."]
        }
        let pages = byPages.map { "\($0.key) on \($0.value) page\($0.value == 1 ? "" : "s")" }.joined(separator: ", ")
        let why = first.value > byPages[1].value ? ", the more common" : ""
        return ["- Quotation marks are mixed across the site (\(pages)); use \(first.key)\(why); apostrophe \(profile.apostrophe)."]
    }

    /// Exemplars for an audience: at most two, and at most `maxWords` words in all.
    /// `kinds`: the page kinds the audience's form takes examples from, best first.
    package static func exemplars(from profile: HouseStyleProfile?, kinds: [String], maxWords: Int = 250) -> [HouseStyleProfile.Exemplar] {
        guard let profile else { return [] }
        var chosen: [HouseStyleProfile.Exemplar] = []
        var words = 0
        for kind in kinds {
            for exemplar in profile.exemplars where exemplar.kind == kind {
                guard chosen.count < 2, words + exemplar.words <= maxWords else { continue }
                chosen.append(exemplar)
                words += exemplar.words
            }
        }
        return chosen
    }
}
