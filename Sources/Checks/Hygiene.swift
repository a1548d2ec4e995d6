import Foundation
import Prose
import Domain

/// What weak or careless models leave in their answers.
enum Hygiene {
    static let disclaimers = ["as an ai", "language model", "i cannot", "i'm sorry", "en tant qu'ia", "en tant qu’ia",
                              "modèle de langage", "als ki", "sprachmodell", "como ia", "modelo de lenguaje", "here is", "voici le texte",
                              "certainly!", "bien sûr !", "sure!"]
    static let promptEchoes = ["write a text", "the record (", "curatorial description:", "curatorial notes:", "curatorial note:",
                               "length:", "no sentence longer than", "answer with the text only", "you write museum texts",
                               "the text to translate"]
    /// Chat-template markers small local models leave in their answers.
    static let templateMarkers = ["[inst]", "[/inst]", "<|im_start|>", "<|im_end|>", "<start_of_turn>", "<end_of_turn>", "</s>",
                                  "<|eot_id|>", "<|assistant|>", "<|user|>"]

    /// `allowedRepeats`: phrases that may come back (the work's title).
    static func check(_ text: String, language: String, stats: TextStats, allowedRepeats: [String] = []) -> [Finding] {
        var findings: [Finding] = []
        let lowered = UTF8Text.lowercasedLatin(text)
        for phrase in disclaimers where FastText.contains(lowered, phrase) {
            let (line, column) = Proofreader.position(of: phrase, in: lowered)
            findings.append(Finding("ai-disclaimer", .error, "the text talks to the reader as a chatbot ('\(phrase)')", line: line, column: column, excerpt: phrase))
        }
        for phrase in promptEchoes where FastText.contains(lowered, phrase) {
            let (line, column) = Proofreader.position(of: phrase, in: lowered)
            findings.append(Finding("prompt-echo", .error, "the text repeats the prompt ('\(phrase)')", line: line, column: column, excerpt: phrase))
        }
        for marker in templateMarkers where FastText.contains(lowered, marker) {
            let (line, column) = Proofreader.position(of: marker, in: lowered)
            findings.append(Finding("template-leak", .error, "a chat-template marker is left in the text ('\(marker)')", line: line, column: column, excerpt: marker))
        }
        if FastText.contains(text, "```") {
            let (line, column) = Proofreader.position(of: "```", in: text)
            findings.append(Finding("markdown-fence", .error, "the text contains a Markdown code fence", line: line, column: column, excerpt: "```"))
        }
        if let guess = LanguageGuess.guess(words: stats.wordList), guess.language != Typography.base(language),
           LanguageGuess.languages.contains(Typography.base(language)) {
            findings.append(Finding("wrong-language", .error, "the text looks like '\(guess.language)', not '\(language)'"))
        }
        // Fragments: a sentence that does not read as prose (a footnote marker, a provenance
        // list, a piece cut from another sentence), said once with where it is.
        for sentence in stats.sentences {
            guard let why = SentenceShape.problem(sentence, strict: false) else { continue }
            let excerpt = String(sentence.prefix(40))
            let (line, column) = Proofreader.position(of: excerpt, in: text)
            findings.append(Finding("fragment", .warning, "a sentence that does not read as prose (\(why)): '\(sentence.prefix(60))'",
                                    line: line, column: column, excerpt: excerpt))
            break
        }
        // Loops: the same sentence twice, or a run of four words three times.
        var seen = Set<[UInt8]>()
        for (sentence, count) in zip(stats.sentences, stats.sentenceWords) where count >= 4 {
            // Compared as bytes: no Unicode normalization per hash.
            let key = Array(UTF8Text.lowercasedLatin(sentence).utf8)
            if seen.contains(key) {
                findings.append(Finding("repetition", .error, "a sentence is repeated: '\(sentence.prefix(60))'"))
                break
            }
            seen.insert(key)
        }
        if stats.wordList.count >= 12, let loop = repeatedRun(stats.wordList, allowedRepeats: allowedRepeats) {
            findings.append(Finding("repetition", .error, "'\(loop.phrase)' comes back \(loop.count) times: the text loops"))
        }
        // A cut-off ending: the last line of prose does not end a sentence.
        let trimmed = UTF8Text.trimmed(text)
        let lastNewline = trimmed.utf8.lastIndex(of: 0x0A)
        let lastLine = lastNewline.map { String(trimmed[trimmed.utf8.index(after: $0)...]) } ?? trimmed
        let isTagLine = lastLine.utf8.first == UInt8(ascii: "#") && lastLine.split(separator: " ").allSatisfy { $0.hasPrefix("#") }
        let isListOrHeading = lastLine.hasPrefix("#") || lastLine.hasPrefix("-") || lastLine.hasPrefix("*") || lastLine.first?.isNumber == true
        if !isTagLine, !isListOrHeading, let last = lastLine.last, !".!?…»”\")]".contains(last) {
            findings.append(Finding("cut-off", .warning, "the text ends mid-sentence ('…\(lastLine.suffix(30))')"))
        }
        return findings
    }

    /// The run of four words that comes back most often, when it comes back three times or
    /// more and is not part of an allowed phrase (the title). Words are compared lowercased,
    /// by number, so that no phrase is built unless one loops.
    static func repeatedRun(_ words: [Substring], allowedRepeats: [String]) -> (phrase: String, count: Int)? {
        struct Run: Hashable { var a, b, c, d: Int }
        var ids: [WordKey: Int] = [:]
        var longIDs: [String: Int] = [:]
        ids.reserveCapacity(words.count)
        let numbers = words.map { word in
            UTF8Text.withLowercasedLatin(word) { lowered -> Int in
                if let key = WordKey(lowered) {
                    if let id = ids[key] { return id }
                    ids[key] = ids.count + longIDs.count
                    return ids.count + longIDs.count - 1
                }
                let long = String(decoding: lowered, as: UTF8.self)
                if let id = longIDs[long] { return id }
                longIDs[long] = ids.count + longIDs.count
                return ids.count + longIDs.count - 1
            }
        }
        // Each run of four: how often, and where first.
        var runs: [Run: (count: Int, first: Int)] = [:]
        runs.reserveCapacity(numbers.count)
        for index in 0...(numbers.count - 4) {
            let run = Run(a: numbers[index], b: numbers[index + 1], c: numbers[index + 2], d: numbers[index + 3])
            runs[run, default: (0, index)].count += 1
        }
        // The most frequent run; of equally frequent runs, the first in alphabetical order
        // (never the dictionary's order, which changes from process to process).
        var best: (phrase: String, count: Int)?
        var titles: [String]?
        for (_, run) in runs where run.count >= 3 && run.count >= (best?.count ?? 0) {
            let phrase = words[run.first..<run.first + 4].map { UTF8Text.lowercasedLatin($0) }.joined(separator: " ")
            if let current = best, run.count == current.count, current.phrase <= phrase { continue }
            if titles == nil {
                titles = allowedRepeats.map { TextStats.words(in: $0).map { UTF8Text.lowercasedLatin($0) }.joined(separator: " ") }
            }
            if titles!.contains(where: { FastText.contains($0, phrase) }) { continue }
            best = (phrase, run.count)
        }
        return best
    }
}
