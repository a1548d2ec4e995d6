/// Who a draft is written for, and the targets its text is checked against.
package struct Audience: Sendable, Hashable, Codable {
    package var name: String
    package var label: String
    /// Template under `templates/audiences/` (without `.mustache`).
    package var template: String
    package var minWords: Int
    package var maxWords: Int
    /// Longest acceptable sentence, in words.
    package var maxSentenceWords: Int
    /// Character limit of the whole text (social posts), if any.
    package var maxCharacters: Int?
    /// Hashtag limit (social posts), if any.
    package var maxHashtags: Int?

    package init(name: String, label: String, template: String? = nil, minWords: Int, maxWords: Int,
                maxSentenceWords: Int, maxCharacters: Int? = nil, maxHashtags: Int? = nil) {
        self.name = name
        self.label = label
        self.template = template ?? name
        self.minWords = minWords
        self.maxWords = maxWords
        self.maxSentenceWords = maxSentenceWords
        self.maxCharacters = maxCharacters
        self.maxHashtags = maxHashtags
    }

    enum CodingKeys: String, CodingKey {
        case name, label, template
        case minWords = "min_words", maxWords = "max_words"
        case maxSentenceWords = "max_sentence_words"
        case maxCharacters = "max_characters", maxHashtags = "max_hashtags"
    }
}

extension Audience {
    /// The built-in audiences; pipeline.json may pick among them and override their targets.
    /// Lengths follow museum practice (Serrell's labels, easy-read guidance, audio at about
    /// 150 words a minute).
    package static let builtIn: [Audience] = [
        Audience(name: "general", label: "General public (wall label)", minWords: 50, maxWords: 75, maxSentenceWords: 25),
        Audience(name: "children", label: "Children 8–12", minWords: 30, maxWords: 50, maxSentenceWords: 15),
        Audience(name: "easy-read", label: "Easy-read (FALC)", minWords: 30, maxWords: 90, maxSentenceWords: 15),
        Audience(name: "experts", label: "Experts", minWords: 150, maxWords: 250, maxSentenceWords: 35),
        Audience(name: "school", label: "School groups (teacher notes)", minWords: 100, maxWords: 220, maxSentenceWords: 25),
        Audience(name: "press", label: "Press release paragraph", minWords: 80, maxWords: 150, maxSentenceWords: 30),
        Audience(name: "social", label: "Social post (Instagram, LinkedIn)", minWords: 25, maxWords: 120,
                 maxSentenceWords: 25, maxCharacters: 2200, maxHashtags: 5),
        Audience(name: "web", label: "Web page", minWords: 250, maxWords: 350, maxSentenceWords: 25),
        Audience(name: "audio", label: "Audio-guide script (60–90 s)", minWords: 150, maxWords: 225, maxSentenceWords: 25),
    ]

    package static func builtIn(named name: String) -> Audience? {
        builtIn.first { $0.name == name }
    }
}

extension Audience {
    /// The most tokens an answer of this audience can need: its longest text at three tokens a
    /// word (French and German run to two, and a revision keeps the same length), plus headroom
    /// for the framing, never more than the configured `max_tokens`. Providers count a request's
    /// `max_tokens` against a tokens-per-minute limit when it arrives, so asking for 1,500 on a
    /// 75-word label spends the budget on a completion that cannot happen; a cut-off answer still
    /// fails as before.
    package func completionTokens(atMost configured: Int) -> Int {
        min(configured, maxWords * 3 + 200)
    }
}
