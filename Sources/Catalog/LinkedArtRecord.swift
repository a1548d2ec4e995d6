/// A Linked Art record (linked.art, JSON-LD) read into Docent's fields, as museums publish it:
/// the current model and the 0.x vocabulary still in the cookbook and in museums' endpoints
/// (`produced_by` or `created_by`, `content` or `value`, `_label` or `label`, `id` or `@id`,
/// AAT ids written in full or as `aat:…`). Statements are told apart by the AAT types they are
/// classified as, nested classifications included — a credit line is a credit line even when
/// it is filed inside a material statement — and a text is taken in English first, then in no
/// stated language, then the first. Provenance, bibliography and exhibition history are left out
/// of the prose: they are not description.
enum LinkedArtRecord {
    static let aat = "http://vocab.getty.edu/aat/"
    static let english = "300388277"
    static let accessionNumber = "300312355"
    static let preferredName = "300404670"
    static let typeOfWork = "300435443"
    /// Statement types, in the order a statement is read as one: the first type it has wins.
    static let statements: [(type: String, field: String?)] = [
        ("300026687", "credit_line"),
        ("300444174", nil), ("300055863", nil), // provenance
        ("300026497", nil), ("300311705", nil), // bibliography, citations
        ("300054766", nil), // exhibition history
        ("300435430", "dimensions"),
        ("300435429", "medium"),
        ("300435416", "description"), ("300080091", "description"),
    ]

    static func record(_ value: RecordValue.Located, language: String?) -> RecordValue.Located {
        var fields: [RecordValue.Field] = []
        func add(_ key: String, _ text: String?, _ line: Int) {
            guard let text = text?.trimmed.nonEmpty, !fields.contains(where: { $0.key == key }) else { return }
            fields.append(.init(key: key, value: .init(.string(text), line: line)))
        }
        let identifiers = value.items("identified_by")
        // The accession number: an identifier typed as one; else any identifier.
        let accession = identifiers.first { $0.types(deep: false).contains(accessionNumber) }.flatMap(\.text)
        let anyIdentifier = identifiers.first { $0.string("type") == "Identifier" }.flatMap(\.text)
        let uriTail = (value.string("id") ?? value.string("@id")).flatMap { $0.split(separator: "/").last.map(String.init) }
        if let id = accession ?? anyIdentifier ?? uriTail {
            fields.append(.init(key: "id", value: RecordMapping.safeID(.init(.string(id), line: value.line))))
        }
        add("accession_number", accession, value.line)
        // The preferred name in English first; any name; the label.
        let names = identifiers.filter { $0.string("type") == "Name" }
        let preferred = names.filter { $0.types(deep: false).contains(preferredName) }
        add("title", pick(preferred).flatMap(\.text) ?? pick(names).flatMap(\.text) ?? value.label, value.line)

        let production = value.object("produced_by") ?? value.object("created_by")
        if let production {
            var makers: [RecordValue.Located] = []
            for part in [production] + production.items("part") {
                let role = part.items("classified_as").compactMap(\.label).first
                for actor in part.items("carried_out_by") {
                    guard let name = actor.label ?? pick(actor.items("identified_by").filter { $0.string("type") == "Name" }).flatMap(\.text) else { continue }
                    var entry: [RecordValue.Field] = [.init(key: "name", value: .init(.string(name), line: actor.line))]
                    if let role { entry.append(.init(key: "role", value: .init(.string(role), line: part.line))) }
                    makers.append(.init(.object(entry), line: actor.line))
                }
            }
            if let first = makers.first { fields.append(.init(key: "makers", value: .init(.array(makers), line: first.line))) }
            // The period's name in English; else the period its bounds give (never a timestamp).
            if let timespan = production.object("timespan") {
                let named = pick(timespan.items("identified_by")).flatMap(\.text)
                let bounded = DateText.span(timespan.string("begin_of_the_begin") ?? timespan.string("begin_of_the_end"),
                                            timespan.string("end_of_the_end") ?? timespan.string("end_of_the_begin"))
                add("date", DateText.sane(named) ?? bounded, timespan.line)
            }
            add("place", production.items("took_place_at").compactMap(\.label).first
                ?? production.items("part").flatMap { $0.items("took_place_at") }.compactMap(\.label).first, production.line)
        }

        // Statements, each read as the first type it has (nested classifications included).
        var byField: [String: [RecordValue.Located]] = [:]
        for statement in value.items("referred_to_by") {
            let types = statement.types(deep: true)
            guard let match = statements.first(where: { types.contains($0.type) }), let field = match.field else { continue }
            byField[field, default: []].append(statement)
        }
        for field in ["medium", "dimensions", "credit_line", "description"] {
            if let statements = byField[field], let chosen = pick(statements) { add(field, chosen.text, chosen.line) }
        }
        // The type of work: a classification that is itself classified as "type of work".
        if let kind = value.items("classified_as").first(where: { $0.types(deep: false).contains(typeOfWork) }) {
            add("object_type", kind.englishNotation ?? kind.label, kind.line)
        }
        // An image: a representation's access point (current model) or its id (0.x).
        for representation in value.items("representation") {
            let access = representation.items("digitally_shown_by").flatMap { $0.items("access_point") }.compactMap { $0.string("id") ?? $0.string("@id") }.first
            if let url = access ?? representation.string("id") ?? representation.string("@id"), url.hasPrefix("http") {
                add("image_path", url, representation.line)
                break
            }
        }
        add("language", language ?? "en", value.line)
        return .init(.object(fields), line: value.line)
    }

    /// The entry in English first, then one with no stated language, then the first.
    static func pick(_ entries: [RecordValue.Located]) -> RecordValue.Located? {
        entries.first(where: \.isEnglish) ?? entries.first(where: { $0.items("language").isEmpty && $0.string("@language") == nil }) ?? entries.first
    }
}

extension RecordValue.Located {
    /// The value at `key` of an object.
    func field(_ key: String) -> RecordValue.Located? {
        guard case .object(let fields) = value else { return nil }
        return fields.first { $0.key == key }?.value
    }

    func string(_ key: String) -> String? {
        field(key)?.value.scalarText?.trimmed.nonEmpty
    }

    func object(_ key: String) -> RecordValue.Located? {
        guard let found = field(key) else { return nil }
        if case .object = found.value { return found }
        if case .array(let items) = found.value { return items.first { if case .object = $0.value { true } else { false } } }
        return nil
    }

    /// The items at `key`: a list's, or the one value there.
    func items(_ key: String) -> [RecordValue.Located] {
        guard let found = field(key) else { return [] }
        if case .array(let items) = found.value { return items }
        if found.value == .null { return [] }
        return [found]
    }

    /// A statement's or name's text: `content` (current model) or `value` (0.x).
    var text: String? { string("content") ?? string("value") }

    /// `_label` (current model) or `label` (0.x); the English notation of a Rijksmuseum-style term.
    var label: String? { string("_label") ?? string("label") ?? englishNotation }

    var englishNotation: String? {
        let notations = items("notation")
        return (notations.first { $0.string("@language") == "en" } ?? notations.first).flatMap { $0.string("@value") ?? $0.value.scalarText?.trimmed.nonEmpty }
    }

    var isEnglish: Bool {
        if string("@language") == "en" { return true }
        return items("language").contains { language in
            let id = language.string("id") ?? language.string("@id") ?? language.value.scalarText ?? ""
            return id.hasSuffix(LinkedArtRecord.english) || language.label?.lowercased() == "english"
        }
    }

    /// The AAT ids (the number alone) it is classified as; `deep`: also those its classes are
    /// classified as, at any depth.
    func types(deep: Bool) -> Set<String> {
        var found = Set<String>()
        func visit(_ classes: [RecordValue.Located], descend: Bool) {
            for entry in classes {
                let id = entry.string("id") ?? entry.string("@id") ?? entry.value.scalarText ?? ""
                for prefix in [LinkedArtRecord.aat, "aat:"] where id.hasPrefix(prefix) { found.insert(String(id.dropFirst(prefix.count))) }
                if descend { visit(entry.items("classified_as"), descend: true) }
            }
        }
        visit(items("classified_as"), descend: deep)
        return found
    }
}
