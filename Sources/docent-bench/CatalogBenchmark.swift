import Catalog
import Foundation

/// Reading a large LIDO export: one file of many `lido:lido` records, read as a stream.
enum CatalogBenchmark {
    /// Writes a LIDO file of `count` records (each about 1.5 KB, like a collection system's).
    static func writeLIDO(count: Int, to path: String) throws {
        var text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<lido:lidoWrap xmlns:lido=\"http://www.lido-schema.org\">\n"
        text.reserveCapacity(count * 1_600)
        for index in 0..<count {
            text += """
                <lido:lido><lido:lidoRecID lido:type="local">bench/\(index)</lido:lidoRecID>
                <lido:descriptiveMetadata xml:lang="en"><lido:objectClassificationWrap><lido:objectWorkTypeWrap><lido:objectWorkType><lido:term>painting</lido:term></lido:objectWorkType></lido:objectWorkTypeWrap></lido:objectClassificationWrap>
                <lido:objectIdentificationWrap><lido:titleWrap><lido:titleSet><lido:appellationValue lido:pref="preferred" xml:lang="en">Work number \(index)</lido:appellationValue></lido:titleSet></lido:titleWrap>
                <lido:repositoryWrap><lido:repositorySet><lido:workID lido:type="inventory number">B.\(index)</lido:workID></lido:repositorySet></lido:repositoryWrap>
                <lido:objectDescriptionWrap><lido:objectDescriptionSet><lido:descriptiveNoteValue xml:lang="en">A harbour at dawn. Boats come home in the pink light while the painter sets down the colour in short strokes. The lighthouse stands far off.</lido:descriptiveNoteValue></lido:objectDescriptionSet></lido:objectDescriptionWrap>
                <lido:objectMeasurementsWrap><lido:objectMeasurementsSet><lido:displayObjectMeasurements>54 × 73 cm</lido:displayObjectMeasurements></lido:objectMeasurementsSet></lido:objectMeasurementsWrap></lido:objectIdentificationWrap>
                <lido:eventWrap><lido:eventSet><lido:event><lido:eventType><lido:term>production</lido:term></lido:eventType>
                <lido:eventActor><lido:actorInRole><lido:actor><lido:nameActorSet><lido:appellationValue>Artist \(index % 50)</lido:appellationValue></lido:nameActorSet><lido:vitalDatesActor><lido:earliestDate>1850</lido:earliestDate><lido:latestDate>1920</lido:latestDate></lido:vitalDatesActor></lido:actor><lido:roleActor><lido:term>painter</lido:term></lido:roleActor></lido:actorInRole></lido:eventActor>
                <lido:eventDate><lido:displayDate>c. 1890</lido:displayDate></lido:eventDate><lido:eventMaterialsTech><lido:displayMaterialsTech>oil on canvas</lido:displayMaterialsTech></lido:eventMaterialsTech></lido:event></lido:eventSet></lido:eventWrap>
                </lido:descriptiveMetadata><lido:administrativeMetadata xml:lang="en"><lido:rightsWorkWrap><lido:rightsWorkSet><lido:creditLine>Gift of the bench</lido:creditLine></lido:rightsWorkSet></lido:rightsWorkWrap></lido:administrativeMetadata></lido:lido>

                """
        }
        text += "</lido:lidoWrap>\n"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// In a fresh process: loads the file, prints "records seconds peak-MB".
    static func probe(path: String) -> String {
        let start = ContinuousClock.now
        let catalog = CatalogLoader(defaultLanguage: "en").load(sources: [RecordSource.preset(.lido, path: path)], relativeTo: "/")
        let elapsed = start.duration(to: .now)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return String(format: "%d %.3f %.1f", catalog.artworks.count, seconds, EngineBenchmark.peakResidentMegabytes())
    }

    /// The rows: records per second and peak memory for 1,000 and 10,000 records (flat memory
    /// means the two peaks are close, whatever the file's size).
    static func rows(templates: String, mock: String) async throws -> [(String, String, String)] {
        var rows: [(String, String, String)] = []
        var peaks: [Double] = []
        for count in [1_000, 10_000] {
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("docent-bench-\(UUID().uuidString).xml").path
            defer { try? FileManager.default.removeItem(atPath: path) }
            try writeLIDO(count: count, to: path)
            let size = ((try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0) / 1_048_576
            let out = try await EngineBenchmark.spawnProbe(["--mock", mock, "--templates", templates, "--lido-probe", path]).split(separator: " ")
            guard out.count == 3, let records = Int(out[0]), let seconds = Double(out[1]), let peak = Double(out[2]) else { continue }
            peaks.append(peak)
            rows.append(("LIDO, \(count) records in one file (\(size) MB): records/s; peak memory (MB)",
                         String(format: "%.0f; %.1f", Double(records) / seconds, peak), records == count ? "flat" : "all \(count) loaded"))
        }
        if peaks.count == 2 {
            rows.append(("  peak memory, 10,000 records over 1,000", String(format: "%.2f", peaks[1] / peaks[0]), "≈ 1 (flat)"))
        }
        return rows
    }
}
