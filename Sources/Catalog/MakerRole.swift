import Foundation

/// Whether a participant's role makes them a maker of the work. Collection exports list
/// everyone who touched a record — the designer and the manufacturer, but also the cataloguer,
/// the donor, the publisher of a print, the sitter — and a draft that says "a work by" the
/// cataloguer is a wrong fact in confident copy. Roles are matched by word stems, case and
/// accents aside, in the languages the presets meet (English, French, Dutch, German, Spanish,
/// Italian). The other roles are checked first: "copy after" names whom the work copies, not
/// its maker.
package enum MakerRole {
    package enum Kind: Sendable, Equatable {
        /// Made the work (or a share of it): painter, designer, manufacturer, workshop…
        case creative
        /// Had another part: cataloguer, donor, owner, publisher, sitter, "after"…
        case other
        /// A role Docent does not know.
        case unknown
    }

    static let otherStems = [
        "catalog", "registrar", "curator", "donor", "donat", "schenk", "gift", "bequest", "legaat", "owner", "eigenaar", "proprietaire",
        "besitzer", "bezitter", "provenance", "herkomst", "previous", "former", "vorig", "ancien", "lender", "bruikleen", "dealer",
        "handelaar", "marchand", "handler", "seller", "vendor", "verkoper", "auction", "veiling", "collector", "verzamelaar",
        "collectionneur", "sammler", "publish", "uitgever", "editeur", "verleger", "editor", "retailer", "distribut", "importer",
        "commission", "patron", "opdrachtgever", "auftraggeber", "subject", "sitter", "depicted", "portrayed", "geportretteerde",
        "dargestellt", "dedicat", "translat", "vertaler", "ubersetzer", "restor", "conservat", "exhibitor", "copy after", "after",
        "naar", "nach", "d'apres", "d’apres", "previously attributed", "formerly attributed",
    ]

    static let creativeStems = [
        "artist", "artiest", "kunstenaar", "kunstler", "kuenstler", "artiste", "artista", "paint", "schilder", "peintre", "maler",
        "pintor", "pittore", "sculpt", "beeldhouw", "bildhauer", "escult", "scult", "maker", "vervaardig", "hersteller", "fabricant",
        "fabrikant", "manufactur", "producer", "design", "ontwerp", "entwurf", "entwerf", "dessinat", "disen", "author", "auteur",
        "autor", "photograph", "fotograf", "photographe", "print", "drukker", "drucker", "imprimeur", "graveur", "engrav", "etch",
        "graveer", "stecher", "lithograph", "woodcut", "architect", "architekt", "arquitect", "workshop", "atelier", "werkstatt",
        "werkplaats", "studio", "taller", "bottega", "draughts", "draftsman", "drawer", "tekenaar", "zeichner", "illustrat",
        "weav", "wever", "weber", "tisser", "tapissier", "potter", "ceram", "keramik", "faiencier", "goldsmith", "silversmith",
        "goudsmid", "zilversmid", "goldschmied", "orfevre", "smith", "carver", "snijder", "schnitzer", "cabinet", "ebenist",
        "meubelmaker", "joiner", "glass", "glas", "verrier", "embroider", "brodeu", "jewel", "bijout", "creator", "createur",
        "schepper", "gilder", "doreur", "vergulder", "binder", "relieur", "calligraph", "scribe", "composer", "poet",
        "attributed", "toegeschreven", "zugeschrieben", "attribue", "circle of", "follower", "school of", "manner of", "modell",
        "modeler", "modeller", "cast", "founder", "fondeur", "gieter", "decorator", "decorateur", "enamel", "maitre", "master",
        "meester", "meister", "medallist", "medailleur", "mint", "sculptor", "sculptrice", "photographer", "peintresse",
    ]

    /// The kind of a role as written in a record.
    package static func kind(of role: String) -> Kind {
        let folded = role.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: Locale(identifier: "en"))
            .lowercased().trimmingCharacters(in: .whitespacesAndNewlines)
        guard !folded.isEmpty else { return .unknown }
        // "after" and "naar" as whole words only ("aftermath" is no role, "naarden" no copy).
        let words = Set(folded.split { !$0.isLetter }.map(String.init))
        for stem in otherStems {
            if ["after", "naar", "nach"].contains(stem) ? words.contains(stem) : folded.contains(stem) { return .other }
        }
        if creativeStems.contains(where: { folded.contains($0) }) { return .creative }
        return .unknown
    }

    /// Splits participants into makers and contributors. A participant without a role is a
    /// maker (a museum's own list of makers); one whose role is not creative is a contributor.
    /// `strict` (collection exports read with a preset or mapping): a role Docent does not
    /// know makes a contributor too, never a maker — a missing maker is better than a wrong one.
    static func split(_ participants: [Maker], strict: Bool) -> (makers: [Maker], contributors: [Maker], unknownRoles: [String]) {
        var makers: [Maker] = []
        var contributors: [Maker] = []
        var unknown: [String] = []
        for participant in participants {
            guard let role = participant.role else {
                makers.append(participant)
                continue
            }
            switch kind(of: role) {
            case .creative: makers.append(participant)
            case .other: contributors.append(participant)
            case .unknown:
                if strict {
                    contributors.append(participant)
                    if !unknown.contains(role) { unknown.append(role) }
                } else {
                    makers.append(participant)
                }
            }
        }
        return (makers, contributors, unknown)
    }

    /// Life dates as exports write them in one field: "1849–1917", "1849-1917", "1849 - 1917",
    /// "b. 1849", "born 1849", "d. 1917", "died 1917", "(1849–1917)". Nil parts when a side is not
    /// a year (or the text is not life dates: "active 1620–1650" is not).
    static func lifeDates(_ text: String) -> (born: String?, died: String?) {
        let folded = text.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: " ()[]"))
        if folded.contains("active") || folded.contains("actief") || folded.contains("tätig") || folded.contains("fl.") || folded.contains("floruit") {
            return (nil, nil)
        }
        func year(_ part: Substring) -> String? {
            let digits = part.trimmingCharacters(in: .whitespaces)
            guard (3...4).contains(digits.count), digits.allSatisfy(\.isNumber), Int(digits).map({ $0 > 0 }) == true else { return nil }
            return digits
        }
        for separator in ["–", "—", "-", " to "] where folded.contains(separator) {
            let sides = folded.components(separatedBy: separator)
            guard sides.count == 2 else { continue }
            return (year(Substring(sides[0])), year(Substring(sides[1])))
        }
        for prefix in ["b. ", "born ", "geb. ", "geboren ", "né ", "née "] where folded.hasPrefix(prefix) {
            return (year(folded.dropFirst(prefix.count)), nil)
        }
        for prefix in ["d. ", "died ", "gest. ", "overleden ", "mort ", "morte "] where folded.hasPrefix(prefix) {
            return (nil, year(folded.dropFirst(prefix.count)))
        }
        return (nil, nil)
    }
}
