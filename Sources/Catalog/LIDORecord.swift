/// A LIDO record (`lido:lido`, LIDO 1.0 and 1.1 share the namespace) read into Docent's
/// fields: titles by language, the actors of the production or creation event with their
/// roles, life dates and nationality, the display date, materials and techniques,
/// measurements, the inventory number, the credit line, the descriptive notes and the link to
/// the work's image.
enum LIDORecord {
    static let namespace = "http://www.lido-schema.org"
    static let reader = XMLRecordReader(recordElement: "lido:lido", namespaces: ["lido": namespace])

    /// Event types that make the work (lowercased), in the languages exports use.
    static let productionEvents: Set<String> = [
        "production", "creation", "herstellung", "entstehung", "vervaardiging", "productie", "création",
        "fabrication", "producción", "creación", "produzione", "creazione",
    ]

    static func record(_ lido: XMLRecordReader.Node, language fallback: String?) -> RecordValue.Located {
        let meta = "lido:descriptiveMetadata"
        let language = fallback ?? lido.first("\(meta)/@xml:lang")?.text
        var fields: [RecordValue.Field] = []
        func add(_ key: String, _ found: (text: String, line: Int)?) {
            guard let found else { return }
            fields.append(.init(key: key, value: .init(.string(found.text), line: found.line)))
        }
        /// The value in the record's language first, else the first.
        func inLanguage(_ xpath: String) -> (text: String, line: Int)? {
            if let language, let found = lido.first("\(xpath)[@xml:lang='\(language)']") { return found }
            return lido.first(xpath)
        }

        let identification = "\(meta)/lido:objectIdentificationWrap"
        // The inventory number: the repository's work ID, else the record's local ID (a
        // collection system's number), else the LIDO record ID.
        let localID = "lido:administrativeMetadata/lido:recordWrap/lido:recordID[@lido:type='local']"
        let inventory = lido.first("\(identification)/lido:repositoryWrap/lido:repositorySet/lido:workID", localID)
        add("id", inventory ?? lido.first("lido:lidoRecID"))
        add("accession_number", inventory)
        let titles = "\(identification)/lido:titleWrap/lido:titleSet/lido:appellationValue"
        add("title", inLanguage("\(titles)[@lido:pref='preferred']") ?? inLanguage(titles))
        var titleLanguages = Set<String>()
        for node in lido.nodes("\(titles)[@xml:lang]") {
            guard let lang = node.first("@xml:lang")?.text.lowercased(), lang != language?.lowercased(), lang.count <= 3,
                  titleLanguages.insert(lang).inserted, let text = node.first(".") else { continue }
            add("title_\(lang)", text)
        }

        // The production (or creation) event; else the first event with actors.
        let events = lido.nodes("\(meta)/lido:eventWrap/lido:eventSet/lido:event")
        let production = events.first { event in
            event.texts("lido:eventType/lido:term").contains { productionEvents.contains($0.text.lowercased()) }
        } ?? events.first { !$0.nodes("lido:eventActor").isEmpty }
        if let event = production {
            var makers: [RecordValue.Located] = []
            for actor in event.nodes("lido:eventActor/lido:actorInRole") {
                let names = "lido:actor/lido:nameActorSet/lido:appellationValue"
                guard let name = actor.first("\(names)[@lido:pref='preferred']", names) else { continue }
                var parts: [RecordValue.Field] = [.init(key: "name", value: .init(.string(name.text), line: name.line))]
                for (key, xpath) in [("role", "lido:roleActor/lido:term"), ("born", "lido:actor/lido:vitalDatesActor/lido:earliestDate"),
                                     ("died", "lido:actor/lido:vitalDatesActor/lido:latestDate"),
                                     ("nationality", "lido:actor/lido:nationalityActor/lido:term")] {
                    if let found = actor.first(language.map { "\(xpath)[@xml:lang='\($0)']" } ?? xpath, xpath) {
                        parts.append(.init(key: key, value: .init(.string(found.text), line: found.line)))
                    }
                }
                makers.append(.init(.object(parts), line: actor.line))
            }
            if !makers.isEmpty { fields.append(.init(key: "makers", value: .init(.array(makers), line: makers[0].line))) }
            // The display date; else the period the earliest and latest dates bound (both years,
            // neither the 0 some exports write for "unknown"); else the period's name, in the
            // record's language ("17de eeuw"). Else no date: never "0".
            // Each looked up only when the one before gave nothing (XPath per record is the cost
            // of reading a large export).
            func inEventLanguage(_ xpath: String) -> (text: String, line: Int)? {
                language.flatMap { event.first("\(xpath)[@xml:lang='\($0)']") } ?? event.first(xpath)
            }
            func year(_ xpath: String) -> Int? {
                event.first(xpath).flatMap { DateText.plainYear($0.text) ?? DateText.timestampYear($0.text) }.flatMap { $0 == 0 ? nil : $0 }
            }
            if let display = inEventLanguage("lido:eventDate/lido:displayDate"), DateText.sane(display.text) != nil {
                add("date", display)
            } else if let from = year("lido:eventDate/lido:date/lido:earliestDate"), let to = year("lido:eventDate/lido:date/lido:latestDate") {
                add("date", (DateText.period(from, to), event.line))
            } else if let period = inEventLanguage("lido:periodName/lido:term"), DateText.sane(period.text) != nil {
                add("date", period)
            }
            add("place", event.first("lido:eventPlace/lido:displayPlace", "lido:eventPlace/lido:place/lido:namePlaceSet/lido:appellationValue"))
            if let display = event.first("lido:eventMaterialsTech/lido:displayMaterialsTech") {
                add("medium", display)
            } else {
                let terms = event.texts("lido:eventMaterialsTech/lido:materialsTech/lido:termMaterialsTech/lido:term")
                if let first = terms.first { add("medium", (terms.map(\.text).joined(separator: ", "), first.line)) }
            }
        }

        let measurements = "\(identification)/lido:objectMeasurementsWrap/lido:objectMeasurementsSet"
        if let display = lido.first("\(measurements)/lido:displayObjectMeasurements") {
            add("dimensions", display)
        } else {
            let sets = lido.nodes("\(measurements)/lido:objectMeasurements/lido:measurementsSet")
            let parts = sets.compactMap { set -> String? in
                guard let value = set.first("lido:measurementValue")?.text else { return nil }
                let type = set.first("lido:measurementType")?.text
                let unit = set.first("lido:measurementUnit")?.text
                return [type.map { "\($0):" }, value, unit].compactMap { $0 }.joined(separator: " ")
            }
            if let first = sets.first, !parts.isEmpty { add("dimensions", (parts.joined(separator: "; "), first.line)) }
        }
        add("description", inLanguage("\(identification)/lido:objectDescriptionWrap/lido:objectDescriptionSet/lido:descriptiveNoteValue"))
        add("object_type", inLanguage("\(meta)/lido:objectClassificationWrap/lido:objectWorkTypeWrap/lido:objectWorkType/lido:term"))
        add("credit_line", lido.first("lido:administrativeMetadata/lido:rightsWorkWrap/lido:rightsWorkSet/lido:creditLine",
                                      "lido:administrativeMetadata/lido:recordWrap/lido:recordRights/lido:creditLine"))
        // The work's image: a resource's link, the first that is an image (by its format or
        // type), else the first; browsers show it beside the text on the review page.
        let links = "lido:administrativeMetadata/lido:resourceWrap/lido:resourceSet/lido:resourceRepresentation"
        add("image_path", lido.first("\(links)[contains(@lido:type, 'image')]/lido:linkResource",
                                     "\(links)/lido:linkResource[starts-with(@lido:formatResource, 'image/')]",
                                     "\(links)/lido:linkResource"))
        let subjects = lido.texts("\(meta)/lido:objectRelationWrap/lido:subjectWrap/lido:subjectSet/lido:subject/lido:subjectConcept/lido:term")
        if let first = subjects.first {
            fields.append(.init(key: "themes", value: .init(.array(subjects.map { .init(.string($0.text), line: $0.line) }), line: first.line)))
        }
        if let language { fields.append(.init(key: "language", value: .init(.string(language), line: lido.line))) }
        return .init(.object(fields), line: lido.line)
    }
}
