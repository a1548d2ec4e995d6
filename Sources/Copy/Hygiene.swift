import Foundation
import Prose

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
        let lowered = text.lowercased()
        for phrase in disclaimers where lowered.contains(phrase) {
            let (line, column) = lowered.position(of: phrase)
            findings.append(Finding("ai-disclaimer", .error, "the text talks to the reader as a chatbot ('\(phrase)')", line: line, column: column))
        }
        for phrase in promptEchoes where lowered.contains(phrase) {
            let (line, column) = lowered.position(of: phrase)
            findings.append(Finding("prompt-echo", .error, "the text repeats the prompt ('\(phrase)')", line: line, column: column))
        }
        for marker in templateMarkers where lowered.contains(marker) {
            let (line, column) = lowered.position(of: marker)
            findings.append(Finding("template-leak", .error, "a chat-template marker is left in the text ('\(marker)')", line: line, column: column))
        }
        if text.contains("```") {
            let (line, column) = text.position(of: "```")
            findings.append(Finding("markdown-fence", .error, "the text contains a Markdown code fence", line: line, column: column))
        }
        if let guess = LanguageGuess.guess(words: stats.wordList), guess.language != Typography.base(language),
           LanguageGuess.languages.contains(Typography.base(language)) {
            findings.append(Finding("wrong-language", .error, "the text looks like '\(guess.language)', not '\(language)'"))
        }
        // Loops: the same sentence twice, or a run of four words three times.
        var seen = Set<String>()
        for (sentence, count) in zip(stats.sentences, stats.sentenceWords) where count >= 4 {
            let key = sentence.lowercased()
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
        let lastLine = text.trimmed().lines().last.map(String.init) ?? ""
        let isTagLine = lastLine.hasPrefix("#") && lastLine.split(separator: " ").allSatisfy { $0.hasPrefix("#") }
        let isListOrHeading = lastLine.hasPrefix("#") || lastLine.hasPrefix("-") || lastLine.hasPrefix("*") || lastLine.first?.isNumber == true
        if !isTagLine, !isListOrHeading, let last = lastLine.last, !".!?…»”\")]".contains(last) {
            findings.append(Finding("cut-off", .warning, "the text ends mid-sentence ('…\(lastLine.suffix(30))')"))
        }
        return findings
    }

    /// The run of four words that comes back most often, when it comes back three times or
    /// more and is not part of an allowed phrase (the title). Words are compared lowercased.
    static func repeatedRun(_ words: [Substring], allowedRepeats: [String]) -> (phrase: String, count: Int)? {
        let lowered = words.map { $0.lowercased() }
        // Each run of four: how often.
        var runs: [[String]: Int] = [:]
        for index in 0...(lowered.count - 4) {
            runs[Array(lowered[index..<index + 4]), default: 0] += 1
        }
        let titles = allowedRepeats.map { TextStats.words(in: $0).map { $0.lowercased() }.joined(separator: " ") }
        // The most frequent run; of equally frequent runs, the first in alphabetical order
        // (never the dictionary's order, which changes from process to process).
        return runs.filter { $0.value >= 3 }
            .map { (phrase: $0.key.joined(separator: " "), count: $0.value) }
            .filter { run in !titles.contains { $0.contains(run.phrase) } }
            .min { ($1.count, $0.phrase) < ($0.count, $1.phrase) }
    }
}
