/// The few fixed phrases the offline engine needs to present a record's facts in a language.
/// The facts and the curators' prose come from the record; only this framing is written here.
struct OfflinePhrasebook: Sendable {
    var code: String
    var open: String
    var close: String
    var and: String
    var workBy: @Sendable (_ title: String, _ makers: String) -> String
    /// The record says the maker is unknown ("anonyme").
    var workUnknown: @Sendable (_ title: String) -> String
    /// The record names no maker at all: the work is introduced without one (a missing field
    /// is not a fact to state).
    var workIs: @Sendable (_ title: String) -> String
    var titleIs: @Sendable (_ title: String) -> String
    var makerIs: @Sendable (_ maker: String) -> String
    var makerUnknown: String
    var dateIs: @Sendable (_ date: String) -> String
    var medium: String
    var dimensions: String
    var place: String
    var credit: String
    var accession: String
    var themes: String
    var lookClosely: String
    var teacherNotes: String
    var classQuestions: String
    var questions: [String]
    var pressLead: @Sendable (_ institution: String) -> String
    var audioWelcome: @Sendable (_ title: String) -> String
    var audioClose: String
    var webHeading: String
    var untranslated: @Sendable (_ language: String) -> String
    /// Separator before a colon (French sets a no-break space there).
    var colon: String
    /// Names of languages in this language.
    var languageNames: [String: String]

    func languageName(_ code: String) -> String { languageNames[code] ?? code }

    func quoted(_ title: String) -> String { open + title + close }

    func list(_ names: [String]) -> String {
        guard names.count > 1 else { return names.first ?? "" }
        return names.dropLast().joined(separator: ", ") + " \(and) " + names.last!
    }

    func label(_ name: String, _ value: String) -> String { "\(name)\(colon) \(value)." }

    static func forLanguage(_ code: String) -> OfflinePhrasebook? {
        switch code.split(separator: "-").first.map(String.init) ?? code {
        case "fr": french
        case "en": english
        case "es": spanish
        case "de": german
        default: nil
        }
    }

    static let french = OfflinePhrasebook(
        code: "fr", open: "«\u{00A0}", close: "\u{00A0}»", and: "et",
        workBy: { title, makers in
            let elided = makers.first.map { "AEIOUYÉÈÀÂaeiouyéèh".contains($0) } ?? false
            return "\(title) est une œuvre \(elided ? "d’" : "de ")\(makers)."
        },
        workUnknown: { "On ne connaît pas l’auteur de \($0)." },
        workIs: { "Voici \($0)." },
        titleIs: { "Le titre est \($0)." },
        makerIs: { "L’œuvre est de \($0)." },
        makerUnknown: "On ne connaît pas l’artiste.",
        dateIs: { "Date\u{00A0}: \($0)." },
        medium: "Technique", dimensions: "Dimensions", place: "Lieu", credit: "Crédit",
        accession: "Numéro d’inventaire", themes: "Thèmes",
        lookClosely: "Regarde bien\u{00A0}: que remarques-tu en premier\u{202F}?",
        teacherNotes: "Notes pour l’enseignant", classQuestions: "Questions pour la classe",
        questions: [
            "Que voyez-vous en premier dans cette œuvre\u{202F}?",
            "Avec quels matériaux a-t-elle été faite, et comment le voit-on\u{202F}?",
            "Quelle histoire l’œuvre raconte-t-elle selon vous\u{202F}?",
        ],
        pressLead: { "\($0) présente cette œuvre au public." },
        audioWelcome: { "Vous êtes devant \($0)." },
        audioClose: "Prenez le temps de regarder l’œuvre avant de poursuivre la visite.",
        webHeading: "Regarder l’œuvre",
        untranslated: { "[Texte du conservateur disponible seulement en \($0)\u{00A0}: le moteur hors ligne ne traduit pas.]" },
        colon: "\u{00A0}:",
        languageNames: ["fr": "français", "en": "anglais", "es": "espagnol", "de": "allemand"])

    static let english = OfflinePhrasebook(
        code: "en", open: "“", close: "”", and: "and",
        workBy: { "\($0) is a work by \($1)." },
        workUnknown: { "The maker of \($0) is unknown." },
        workIs: { "This is \($0)." },
        titleIs: { "The title is \($0)." },
        makerIs: { "It was made by \($0)." },
        makerUnknown: "We do not know who made it.",
        dateIs: { "Date: \($0)." },
        medium: "Medium", dimensions: "Dimensions", place: "Place", credit: "Credit",
        accession: "Accession number", themes: "Themes",
        lookClosely: "Look closely: what do you notice first?",
        teacherNotes: "Notes for teachers", classQuestions: "Questions for the class",
        questions: [
            "What do you notice first in this work?",
            "What is it made of, and how can you tell?",
            "What story do you think the work tells?",
        ],
        pressLead: { "\($0) presents this work to the public." },
        audioWelcome: { "You are standing in front of \($0)." },
        audioClose: "Take a moment to look at the work before you move on.",
        webHeading: "Looking at the work",
        untranslated: { "[The curator’s text is only available in \($0): the offline engine does not translate.]" },
        colon: ":",
        languageNames: ["fr": "French", "en": "English", "es": "Spanish", "de": "German"])

    static let spanish = OfflinePhrasebook(
        code: "es", open: "«", close: "»", and: "y",
        workBy: { "\($0) es una obra de \($1)." },
        workUnknown: { "Se desconoce el autor de \($0)." },
        workIs: { "Esta es la obra \($0)." },
        titleIs: { "El título es \($0)." },
        makerIs: { "La obra es de \($0)." },
        makerUnknown: "No sabemos quién la hizo.",
        dateIs: { "Fecha: \($0)." },
        medium: "Técnica", dimensions: "Dimensiones", place: "Lugar", credit: "Procedencia",
        accession: "Número de inventario", themes: "Temas",
        lookClosely: "Mira con atención: ¿qué ves primero?",
        teacherNotes: "Notas para el profesorado", classQuestions: "Preguntas para la clase",
        questions: [
            "¿Qué es lo primero que veis en esta obra?",
            "¿De qué está hecha y cómo se nota?",
            "¿Qué historia creéis que cuenta la obra?",
        ],
        pressLead: { "\($0) presenta esta obra al público." },
        audioWelcome: { "Se encuentra ante \($0)." },
        audioClose: "Tómese un momento para mirar la obra antes de continuar.",
        webHeading: "Mirar la obra",
        untranslated: { "[El texto del conservador solo está disponible en \($0): el motor sin conexión no traduce.]" },
        colon: ":",
        languageNames: ["fr": "francés", "en": "inglés", "es": "español", "de": "alemán"])

    static let german = OfflinePhrasebook(
        code: "de", open: "„", close: "“", and: "und",
        workBy: { "\($0) ist ein Werk von \($1)." },
        workUnknown: { "Wer \($0) geschaffen hat, ist unbekannt." },
        workIs: { "Dies ist \($0)." },
        titleIs: { "Der Titel ist \($0)." },
        makerIs: { "Das Werk ist von \($0)." },
        makerUnknown: "Wir wissen nicht, wer es gemacht hat.",
        dateIs: { "Datierung: \($0)." },
        medium: "Technik", dimensions: "Maße", place: "Ort", credit: "Provenienz",
        accession: "Inventarnummer", themes: "Themen",
        lookClosely: "Schau genau hin: Was fällt dir zuerst auf?",
        teacherNotes: "Hinweise für Lehrkräfte", classQuestions: "Fragen für die Klasse",
        questions: [
            "Was fällt euch an diesem Werk zuerst auf?",
            "Woraus ist es gemacht, und woran erkennt man das?",
            "Welche Geschichte erzählt das Werk eurer Meinung nach?",
        ],
        pressLead: { "\($0) zeigt dieses Werk der Öffentlichkeit." },
        audioWelcome: { "Sie stehen vor \($0)." },
        audioClose: "Nehmen Sie sich Zeit für das Werk, bevor Sie weitergehen.",
        webHeading: "Das Werk betrachten",
        untranslated: { "[Der Text der Kuratorin ist nur auf \($0) verfügbar: Die Offline-Engine übersetzt nicht.]" },
        colon: ":",
        languageNames: ["fr": "Französisch", "en": "Englisch", "es": "Spanisch", "de": "Deutsch"])
}
