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
    /// The kind of text it is (what the offline engine composes, which of the museum's pages
    /// serve as examples, which draft SEO data and subtitles start from).
    package var form: Form
    /// The lowest acceptable reading ease (Flesch-like: 60–70 is plain language), if checked.
    package var minimumReadingEase: Double?
    /// Whether its draft is written looking at the record's image (`"image": true`): the
    /// picture goes to the model with the record. A record without an image gets no draft of it.
    package var seesImage: Bool

    /// The kinds of text an audience can get.
    package enum Form: String, Sendable, Hashable, Codable, CaseIterable {
        /// A wall label: the default of a custom audience.
        case label
        case children
        case easyRead = "easy-read"
        /// A longer text for specialists.
        case essay
        case teacherNotes = "teacher-notes"
        case press
        case social
        /// A web page: SEO data is written from it when there is one.
        case webPage = "web-page"
        /// A script to be spoken: subtitles are cut from it.
        case audioScript = "audio-script"
        /// A text alternative for the image (WCAG 1.1.1): one phrase or sentence. The SEO
        /// data's alt text is the approved one.
        case altText = "alt-text"
        /// A description of the picture for blind and low-vision visitors, from the whole to
        /// the details.
        case visualDescription = "visual-description"

        /// The kinds of the museum's own pages that serve as examples, best first: labels for
        /// short texts, overviews for web and press, essays for experts.
        package var exemplarKinds: [String] {
            switch self {
            case .essay: ["essay", "overview"]
            case .webPage, .press, .teacherNotes, .audioScript: ["overview", "label"]
            case .label, .children, .easyRead, .social, .altText, .visualDescription: ["label", "overview"]
            }
        }
    }

    package init(name: String, label: String, template: String? = nil, minWords: Int, maxWords: Int,
                maxSentenceWords: Int, maxCharacters: Int? = nil, maxHashtags: Int? = nil, form: Form = .label,
                minimumReadingEase: Double? = nil, seesImage: Bool = false) {
        self.name = name
        self.label = label
        self.template = template ?? name
        self.minWords = minWords
        self.maxWords = maxWords
        self.maxSentenceWords = maxSentenceWords
        self.maxCharacters = maxCharacters
        self.maxHashtags = maxHashtags
        self.form = form
        self.minimumReadingEase = minimumReadingEase
        self.seesImage = seesImage
    }

    enum CodingKeys: String, CodingKey {
        case name, label, template
        case minWords = "min_words", maxWords = "max_words"
        case maxSentenceWords = "max_sentence_words"
        case maxCharacters = "max_characters", maxHashtags = "max_hashtags"
        case form, minimumReadingEase = "min_reading_ease", seesImage = "image"
    }
}

extension Audience {
    /// The built-in audiences; pipeline.json may pick among them and override their targets.
    /// Lengths follow museum practice (Serrell's labels, easy-read guidance, audio at about
    /// 150 words a minute).
    /// Reading ease: Flesch-like scales, 60–70 is plain language.
    package static let builtIn: [Audience] = [
        Audience(name: "general", label: "General public (wall label)", minWords: 50, maxWords: 75, maxSentenceWords: 25,
                 form: .label, minimumReadingEase: 50),
        Audience(name: "children", label: "Children 8–12", minWords: 30, maxWords: 50, maxSentenceWords: 15,
                 form: .children, minimumReadingEase: 70),
        Audience(name: "easy-read", label: "Easy-read (FALC)", minWords: 30, maxWords: 90, maxSentenceWords: 15,
                 form: .easyRead, minimumReadingEase: 75),
        Audience(name: "experts", label: "Experts", minWords: 150, maxWords: 250, maxSentenceWords: 35, form: .essay),
        Audience(name: "school", label: "School groups (teacher notes)", minWords: 100, maxWords: 220, maxSentenceWords: 25,
                 form: .teacherNotes, minimumReadingEase: 50),
        Audience(name: "press", label: "Press release paragraph", minWords: 80, maxWords: 150, maxSentenceWords: 30,
                 form: .press, minimumReadingEase: 40),
        Audience(name: "social", label: "Social post (Instagram, LinkedIn)", minWords: 25, maxWords: 120,
                 maxSentenceWords: 25, maxCharacters: 2200, maxHashtags: 5, form: .social, minimumReadingEase: 55),
        Audience(name: "web", label: "Web page", minWords: 250, maxWords: 350, maxSentenceWords: 25,
                 form: .webPage, minimumReadingEase: 45),
        Audience(name: "audio", label: "Audio-guide script (60–90 s)", minWords: 150, maxWords: 225, maxSentenceWords: 25,
                 form: .audioScript, minimumReadingEase: 55),
        // Written from the picture (Cooper Hewitt's Guidelines for Image Description): a short
        // text alternative, at most 125 characters (what screen readers read in one go), and a
        // longer description from the whole to the details.
        Audience(name: "alt", label: "Alt text (from the image)", minWords: 3, maxWords: 25, maxSentenceWords: 25,
                 maxCharacters: 125, form: .altText, seesImage: true),
        Audience(name: "visual", label: "Visual description (from the image)", minWords: 80, maxWords: 200, maxSentenceWords: 30,
                 form: .visualDescription, minimumReadingEase: 50, seesImage: true),
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
