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
        for phrase in disclaimers where FastText.contains(lowered, phrase) {
            let (line, column) = Proofreader.position(of: phrase, in: lowered)
            findings.append(Finding("ai-disclaimer", .error, "the text talks to the reader as a chatbot ('\(phrase)')", line: line, column: column))
        }
        for phrase in promptEchoes where FastText.contains(lowered, phrase) {
            let (line, column) = Proofreader.position(of: phrase, in: lowered)
            findings.append(Finding("prompt-echo", .error, "the text repeats the prompt ('\(phrase)')", line: line, column: column))
        }
        for marker in templateMarkers where FastText.contains(lowered, marker) {
            let (line, column) = Proofreader.position(of: marker, in: lowered)
            findings.append(Finding("template-leak", .error, "a chat-template marker is left in the text ('\(marker)')", line: line, column: column))
        }
        if FastText.contains(text, "```") {
            let (line, column) = Proofreader.position(of: "```", in: text)
            findings.append(Finding("markdown-fence", .error, "the text contains a Markdown code fence", line: line, column: column))
        }
        if let guess = LanguageGuess.guess(words: stats.wordList), guess.language != Typography.base(language),
           LanguageGuess.languages.contains(Typography.base(language)) {
            findings.append(Finding("wrong-language", .error, "the text looks like '\(guess.language)', not '\(language)'"))
        }
        // Loops: the same sentence twice, or a run of four words three times.
        var seen = Set<String>()
        for sentence in stats.sentences where TextStats.words(in: sentence).count >= 4 {
            let key = sentence.lowercased()
            if seen.contains(key) {
                findings.append(Finding("repetition", .error, "a sentence is repeated: '\(sentence.prefix(60))'"))
                break
            }
            seen.insert(key)
        }
        let words = stats.wordList.map { $0.lowercased() }
        if words.count >= 12 {
            var counts: [String: Int] = [:]
            for index in 0...(words.count - 4) {
                counts[words[index..<index + 4].joined(separator: " "), default: 0] += 1
            }
            let titles = allowedRepeats.map { TextStats.words(in: $0).map { $0.lowercased() }.joined(separator: " ") }
            if let loop = counts.filter({ entry in entry.value >= 3 && !titles.contains { FastText.contains($0, entry.key) } }).max(by: { $0.value < $1.value }) {
                findings.append(Finding("repetition", .error, "'\(loop.key)' comes back \(loop.value) times: the text loops"))
            }
        }
        // A cut-off ending: the last line of prose does not end a sentence.
        let lastLine = String(FastText.trim(Substring(text), where: \.isWhitespace).split(separator: "\n", omittingEmptySubsequences: false).last ?? "")
        let isTagLine = lastLine.split(separator: " ").allSatisfy { $0.hasPrefix("#") }
        let isListOrHeading = lastLine.hasPrefix("#") || lastLine.hasPrefix("-") || lastLine.hasPrefix("*") || lastLine.first?.isNumber == true
        if !isTagLine, !isListOrHeading, let last = lastLine.last, !".!?…»”\")]".contains(last) {
            findings.append(Finding("cut-off", .warning, "the text ends mid-sentence ('…\(lastLine.suffix(30))')"))
        }
        return findings
    }
}
