/// English names of the languages Docent knows by name (for prompts); others show their code.
package enum LanguageNames {
    static let names: [String: String] = [
        "fr": "French", "en": "English", "es": "Spanish", "de": "German", "it": "Italian",
        "nl": "Dutch", "pt": "Portuguese", "ca": "Catalan", "pl": "Polish", "sv": "Swedish",
        "da": "Danish", "no": "Norwegian", "fi": "Finnish", "cs": "Czech", "ro": "Romanian",
        "el": "Greek", "ja": "Japanese", "zh": "Chinese", "ko": "Korean", "ar": "Arabic",
    ]

    package static func name(of code: String) -> String {
        let base = code.split(separator: "-").first.map { String($0).lowercased() } ?? code
        return names[base] ?? code
    }
}
