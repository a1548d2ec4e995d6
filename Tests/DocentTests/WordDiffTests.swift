import Testing
@testable import Review

@Suite("Word diff")
struct WordDiffTests {
    @Test("What a proposal changes, word by word, as git diff --word-diff prints it")
    func changes() {
        let parts = WordDiff.diff("Une servante verse du lait dans une terrine.", "Une servante verse lentement du lait dans un pot.")
        #expect(WordDiff.plain(parts) == "Une servante verse {+lentement+} du lait dans [-une terrine.-]{+un pot.+}")
        // Joining the kept and added parts gives the new text back.
        let rebuilt = parts.compactMap { part -> String? in
            switch part {
            case .same(let text), .added(let text): text
            case .removed: nil
            }
        }.joined()
        #expect(rebuilt == "Une servante verse lentement du lait dans un pot.")
    }

    @Test("Equal texts, empty texts, white space only changes")
    func edges() {
        #expect(WordDiff.diff("a b c", "a b c") == [.same("a b c")])
        #expect(WordDiff.diff("", "") == [])
        #expect(WordDiff.diff("", "nouveau texte") == [.added("nouveau texte")])
        #expect(WordDiff.diff("ancien texte", "") == [.removed("ancien texte")])
        #expect(WordDiff.diff("a  b", "a b") == [.same("a b")])
    }

    @Test("Long texts are still diffed word by word (no size cap)")
    func longTexts() {
        let words = (0..<4_000).map { "mot\($0)" }
        var changed = words
        changed[2_000] = "changé"
        let parts = WordDiff.diff(words.joined(separator: " "), changed.joined(separator: " "))
        #expect(parts.count == 4)
        #expect(parts.contains(.removed("mot2000 ")) && parts.contains(.added("changé ")))
    }
}
