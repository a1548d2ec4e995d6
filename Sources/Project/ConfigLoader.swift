import Catalog
import LLM
import Prompts
import Foundation
import Prose
import Domain

/// Loads and validates `pipeline.json`. Every problem is collected with its JSON path, so a
/// user fixes them all in one go; a run with any problem does nothing (exit 78).
package enum ConfigLoader {
    package static let defaultFileName = "pipeline.json"

    static let topKeys = ["$schema", "institution", "sources", "model", "limits", "source_language", "languages",
                          "audiences", "stages", "output", "prices", "check", "subtitles"]

    package static func load(path: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws(ConfigError) -> PipelineConfig {
        let shown = (path as NSString).lastPathComponent
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError(issues: [ConfigIssue(file: path, path: "$", line: nil,
                message: "cannot be read (run 'docent init' to create one, or pass --config PATH)")])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(issues: [ConfigIssue(file: shown, path: "$", line: nil, message: "is not UTF-8 text")])
        }
        let root: RecordValue.Located
        do {
            root = try JSONRecordParser.parse(text)
        } catch {
            throw ConfigError(issues: [ConfigIssue(file: shown, path: "$", line: error.line,
                message: "invalid JSON: \(error.message)\(error.column.map { " (column \($0))" } ?? "")")])
        }
        let absolute = path.hasPrefix("/") ? path : (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(path)
        let base = ((absolute as NSString).deletingLastPathComponent as NSString).standardizingPath
        return try parse(root, file: shown, baseDirectory: base, environment: environment)
    }

    package static func parse(_ root: RecordValue.Located, file: String, baseDirectory: String,
                             environment: [String: String]) throws(ConfigError) -> PipelineConfig {
        var reader = ConfigReader(file: file)
        let top = reader.object(root, "$", allowed: topKeys)
        if case .object = root.value {} else { throw ConfigError(issues: reader.issues) }

        let institutionFields = reader.object(top["institution"], "$.institution", allowed: ["name", "website"])
        let institution = PipelineConfig.Institution(
            name: reader.string(institutionFields["name"], "$.institution.name") ?? "",
            website: reader.string(institutionFields["website"], "$.institution.website"))
        if institutionFields["name"] == nil {
            reader.problem("$.institution.name", top["institution"]?.line ?? root.line, "is missing: the museum's name goes into prompts and press texts")
        }

        let sourceFields = reader.object(top["sources"], "$.sources",
                                         allowed: ["artworks", "csv_columns", "style_guide", "templates", "site", "site_selectors", "site_max_pages"])
        var csvColumns: [String: String] = [:]
        if let columns = sourceFields["csv_columns"] {
            if case .object(let fields) = columns.value {
                let known = CatalogLoader.recordFields
                for field in fields {
                    let path = "$.sources.csv_columns[\"\(field.key)\"]"
                    guard let target = reader.string(field.value, path) else { continue }
                    if known.contains(target) || target.hasPrefix("title_") {
                        csvColumns[field.key] = target
                    } else {
                        reader.problem(path, field.value.line, "'\(target)' is not a record field" + Suggestion.hint(for: target, in: known))
                    }
                }
            } else if columns.value != .null {
                reader.problem("$.sources.csv_columns", columns.line,
                               "expected an object of CSV column: record field, found \(columns.value.kindName)")
            }
        }
        let artworkSources = readArtworkSources(sourceFields["artworks"], reader: &reader)
        let sources = PipelineConfig.Sources(
            artworks: artworkSources.map(\.path), artworkSources: artworkSources,
            csvColumns: csvColumns,
            styleGuide: reader.string(sourceFields["style_guide"], "$.sources.style_guide"),
            templates: reader.string(sourceFields["templates"], "$.sources.templates") ?? "templates",
            site: reader.strings(sourceFields["site"], "$.sources.site") ?? [],
            siteSelectors: reader.xpaths(sourceFields["site_selectors"], "$.sources.site_selectors"),
            siteMaxPages: reader.integer(sourceFields["site_max_pages"], "$.sources.site_max_pages", in: 1...100_000) ?? 200)

        let model = readModel(top["model"], reader: &reader, environment: environment)

        let limitFields = reader.object(top["limits"], "$.limits", allowed: [
            "jobs", "attempts", "requests_per_minute", "tokens_per_minute", "budget", "revision_rounds", "max_wait"])
        let limits = PipelineConfig.Limits(
            jobs: reader.integer(limitFields["jobs"], "$.limits.jobs", in: 1...1024) ?? 8,
            attempts: reader.integer(limitFields["attempts"], "$.limits.attempts", in: 1...20) ?? 5,
            requestsPerMinute: reader.integer(limitFields["requests_per_minute"], "$.limits.requests_per_minute", in: 1...1_000_000),
            tokensPerMinute: reader.integer(limitFields["tokens_per_minute"], "$.limits.tokens_per_minute", in: 1...1_000_000_000),
            budget: reader.number(limitFields["budget"], "$.limits.budget", in: 0...1_000_000),
            revisionRounds: reader.integer(limitFields["revision_rounds"], "$.limits.revision_rounds", in: 0...10) ?? 2,
            maxWait: reader.integer(limitFields["max_wait"], "$.limits.max_wait", in: 1...86_400) ?? 900)

        var sourceLanguage = "en"
        if let code = reader.string(top["source_language"], "$.source_language") {
            if LanguageCode.isValid(code) { sourceLanguage = code.lowercased() } else {
                reader.problem("$.source_language", top["source_language"]?.line, "'\(code)' is not a language code like 'fr' or 'en'")
            }
        }
        let languages = reader.languageCodes(top["languages"], "$.languages") ?? []
        let audiences = readAudiences(top["audiences"], reader: &reader)

        var stages: [Stage] = [.draft, .translate]
        if let list = reader.strings(top["stages"], "$.stages") {
            stages = []
            let names = Stage.allCases.map(\.rawValue)
            for (index, name) in list.enumerated() {
                if let stage = Stage(rawValue: name) { stages.append(stage) } else {
                    reader.problem("$.stages[\(index)]", top["stages"]?.line, "'\(name)' is not a stage ("
                        + names.joined(separator: ", ") + ")" + Suggestion.hint(for: name, in: names))
                }
            }
            if !stages.contains(.draft) {
                reader.problem("$.stages", top["stages"]?.line, "must include 'draft': every other stage starts from it")
            }
        }

        let outputFields = reader.object(top["output"], "$.output", allowed: ["dir"])
        let outputDirectory = reader.string(outputFields["dir"], "$.output.dir") ?? "output"

        var prices: [String: PipelineConfig.Price] = [:]
        var currency = "USD"
        if let value = top["prices"], case .object(let fields) = value.value {
            for field in fields {
                if field.key == "currency" {
                    // ISO 4217: three capital letters.
                    if let code = reader.string(field.value, "$.prices.currency") {
                        if code.count == 3, code.allSatisfy({ $0.isASCII && $0.isUppercase }) {
                            currency = code
                        } else {
                            reader.problem("$.prices.currency", field.value.line, "'\(code)' is not a currency code such as USD or EUR")
                        }
                    }
                    continue
                }
                let path = "$.prices[\"\(field.key)\"]"
                let entry = reader.object(field.value, path, allowed: ["input_per_million", "output_per_million",
                                                                      "cached_input_per_million", "cache_write_per_million"])
                let cached = reader.number(entry["cached_input_per_million"], "\(path).cached_input_per_million", in: 0...10_000)
                let cacheWrite = reader.number(entry["cache_write_per_million"], "\(path).cache_write_per_million", in: 0...10_000)
                if let input = reader.number(entry["input_per_million"], "\(path).input_per_million", in: 0...10_000),
                   let output = reader.number(entry["output_per_million"], "\(path).output_per_million", in: 0...10_000) {
                    prices[field.key] = .init(inputPerMillion: input, outputPerMillion: output,
                                              cachedInputPerMillion: cached, cacheWritePerMillion: cacheWrite)
                } else if entry["input_per_million"] == nil || entry["output_per_million"] == nil {
                    reader.problem(path, field.value.line, "needs input_per_million and output_per_million")
                }
            }
        } else if let value = top["prices"], value.value != .null {
            reader.problem("$.prices", value.line, "expected an object of model name: prices, found \(value.value.kindName)")
        }

        var policy: PipelineConfig.ApprovalPolicy?
        let checkFields = reader.object(top["check"], "$.check", allowed: ["require_approval"])
        if let approval = checkFields["require_approval"] {
            let fields = reader.object(approval, "$.check.require_approval", allowed: ["audiences", "languages", "outputs"])
            var outputs: [OutputKind] = []
            for (index, name) in (reader.strings(fields["outputs"], "$.check.require_approval.outputs") ?? []).enumerated() {
                if let kind = OutputKind.allCases.first(where: { $0.configName == name }) {
                    outputs.append(kind)
                } else {
                    reader.problem("$.check.require_approval.outputs[\(index)]", fields["outputs"]?.line,
                                   "'\(name)' is not an output: \(OutputKind.allCases.map(\.configName).joined(separator: ", "))")
                }
            }
            policy = .init(audiences: reader.strings(fields["audiences"], "$.check.require_approval.audiences") ?? [],
                           languages: reader.languageCodes(fields["languages"], "$.check.require_approval.languages") ?? [],
                           outputs: outputs)
        }

        let subtitleFields = reader.object(top["subtitles"], "$.subtitles", allowed: ["words_per_minute", "max_characters_per_second"])
        let wordsPerMinute = reader.number(subtitleFields["words_per_minute"], "$.subtitles.words_per_minute", in: 60...400) ?? 150
        let charactersPerSecond = reader.number(subtitleFields["max_characters_per_second"], "$.subtitles.max_characters_per_second", in: 5...30) ?? 17

        if !reader.issues.isEmpty { throw ConfigError(issues: reader.issues) }
        var config = PipelineConfig(
            baseDirectory: baseDirectory, institution: institution, sources: sources, model: model, limits: limits,
            sourceLanguage: sourceLanguage, languages: languages, audiences: audiences, stages: stages,
            outputDirectory: outputDirectory, prices: prices, requireApproval: policy)
        config.currency = currency
        config.subtitleWordsPerMinute = wordsPerMinute
        config.subtitleCharactersPerSecond = charactersPerSecond
        return config
    }

    static func readModel(_ value: RecordValue.Located?, reader: inout ConfigReader, environment: [String: String]) -> PipelineConfig.Model {
        let fields = reader.object(value, "$.model", allowed: [
            "provider", "name", "base_url", "api_key_env", "temperature", "max_tokens", "timeout_seconds", "stream", "api_key",
            "batch", "batch_poll_seconds", "batch_window"])
        if let key = fields["api_key"] {
            reader.problem("$.model.api_key", key.line,
                           "API keys do not belong in pipeline.json: set DOCENT_API_KEY (or the variable named by model.api_key_env)")
        }
        let providers = PipelineConfig.Provider.allCases.map(\.rawValue)
        var provider = reader.oneOf(fields["provider"], "$.model.provider", providers).flatMap(PipelineConfig.Provider.init) ?? .offline
        if let override = environment["DOCENT_PROVIDER"], !override.isEmpty {
            if let chosen = PipelineConfig.Provider(rawValue: override) { provider = chosen } else {
                reader.problem("DOCENT_PROVIDER", nil, "'\(override)' is not one of \(providers.joined(separator: ", "))")
            }
        }
        var name = reader.string(fields["name"], "$.model.name")
        if let override = environment["DOCENT_MODEL"], !override.isEmpty { name = override }
        var baseURL = reader.string(fields["base_url"], "$.model.base_url")
        if let override = environment["DOCENT_BASE_URL"], !override.isEmpty { baseURL = override }
        if let url = baseURL, !(url.hasPrefix("http://") || url.hasPrefix("https://")) {
            reader.problem(environment["DOCENT_BASE_URL"] == url ? "DOCENT_BASE_URL" : "$.model.base_url", fields["base_url"]?.line,
                           "'\(url)' is not an http:// or https:// URL")
        }
        switch provider {
        case .offline: break
        case .openai: baseURL = baseURL ?? "https://api.openai.com/v1"
        case .anthropic: baseURL = baseURL ?? "https://api.anthropic.com/v1"
        }
        if !provider.isOffline, name == nil {
            reader.problem("$.model.name", fields["name"]?.line ?? value?.line,
                           "is required for provider '\(provider.rawValue)' (or set DOCENT_MODEL)")
        }
        return PipelineConfig.Model(
            provider: provider, name: name ?? ModelDescriptor.offlineModel, baseURL: baseURL,
            apiKeyEnv: reader.string(fields["api_key_env"], "$.model.api_key_env") ?? "DOCENT_API_KEY",
            temperature: reader.number(fields["temperature"], "$.model.temperature", in: 0...2) ?? 0.4,
            maxTokens: reader.integer(fields["max_tokens"], "$.model.max_tokens", in: 16...200_000) ?? 1500,
            timeoutSeconds: reader.number(fields["timeout_seconds"], "$.model.timeout_seconds", in: 1...3600) ?? 120,
            stream: reader.bool(fields["stream"], "$.model.stream") ?? false,
            batch: reader.bool(fields["batch"], "$.model.batch") ?? false,
            batchPollSeconds: reader.number(fields["batch_poll_seconds"], "$.model.batch_poll_seconds", in: 0.05...3600) ?? 30,
            batchWindow: reader.integer(fields["batch_window"], "$.model.batch_window", in: 1...10_000_000)
                ?? PipelineConfig.Model.defaultBatchWindow)
    }

    /// An audience's `form`: one of the kinds of text Docent knows.
    static func readForm(_ value: RecordValue.Located?, _ path: String, reader: inout ConfigReader) -> Audience.Form? {
        guard let name = reader.string(value, path) else { return nil }
        guard let form = Audience.Form(rawValue: name) else {
            let names = Audience.Form.allCases.map(\.rawValue)
            reader.problem(path, value?.line, "'\(name)' is not a form of text; one of \(names.joined(separator: ", "))" + Suggestion.hint(for: name, in: names))
            return nil
        }
        return form
    }

    static func readAudiences(_ value: RecordValue.Located?, reader: inout ConfigReader) -> [Audience] {
        guard let value else { return Audience.builtIn.filter { ["general", "children", "experts"].contains($0.name) } }
        guard case .array(let items) = value.value else {
            reader.problem("$.audiences", value.line, "expected a list of audiences, found \(value.value.kindName)")
            return []
        }
        let builtInNames = Audience.builtIn.map(\.name)
        var audiences: [Audience] = []
        for (index, item) in items.enumerated() {
            let path = "$.audiences[\(index)]"
            if case .string(let name) = item.value {
                guard let audience = Audience.builtIn(named: name) else {
                    reader.problem(path, item.line, "'\(name)' is not a built-in audience; define it as an object with "
                        + "name, template, min_words and max_words" + Suggestion.hint(for: name, in: builtInNames))
                    continue
                }
                audiences.append(audience)
                continue
            }
            let fields = reader.object(item, path, allowed: ["name", "label", "template", "min_words", "max_words",
                                                             "max_sentence_words", "max_characters", "max_hashtags", "form",
                                                             "min_reading_ease", "image"])
            guard case .object = item.value, let name = reader.string(fields["name"], "\(path).name") else {
                if case .object = item.value { reader.problem("\(path).name", item.line, "is missing") }
                continue
            }
            if name.contains(where: { !($0.isLetter || $0.isNumber || $0 == "-") }) {
                reader.problem("\(path).name", fields["name"]?.line, "'\(name)' may only hold letters, digits and '-' (it names files)")
                continue
            }
            let base = Audience.builtIn(named: name)
            let minWords = reader.integer(fields["min_words"], "\(path).min_words", in: 1...5000) ?? base?.minWords
            let maxWords = reader.integer(fields["max_words"], "\(path).max_words", in: 1...5000) ?? base?.maxWords
            guard let minWords, let maxWords else {
                reader.problem(path, item.line, "a custom audience needs min_words and max_words")
                continue
            }
            if minWords > maxWords {
                reader.problem("\(path).min_words", fields["min_words"]?.line, "\(minWords) is more than max_words (\(maxWords))")
            }
            audiences.append(Audience(
                name: name, label: reader.string(fields["label"], "\(path).label") ?? base?.label ?? name,
                template: reader.string(fields["template"], "\(path).template") ?? base?.template ?? name,
                minWords: minWords, maxWords: maxWords,
                maxSentenceWords: reader.integer(fields["max_sentence_words"], "\(path).max_sentence_words", in: 3...200)
                    ?? base?.maxSentenceWords ?? 25,
                maxCharacters: reader.integer(fields["max_characters"], "\(path).max_characters", in: 10...100_000) ?? base?.maxCharacters,
                maxHashtags: reader.integer(fields["max_hashtags"], "\(path).max_hashtags", in: 0...100) ?? base?.maxHashtags,
                form: readForm(fields["form"], "\(path).form", reader: &reader) ?? base?.form ?? .label,
                minimumReadingEase: reader.number(fields["min_reading_ease"], "\(path).min_reading_ease", in: 0...120) ?? base?.minimumReadingEase,
                seesImage: reader.bool(fields["image"], "\(path).image") ?? base?.seesImage ?? false))
        }
        let names = audiences.map(\.name)
        if Set(names).count != names.count {
            reader.problem("$.audiences", value.line, "lists an audience twice")
        }
        for name in names where OutputKind(rawValue: name).map({ $0 != .draft }) ?? false {
            reader.problem("$.audiences", value.line, "'\(name)' names an output (seo.LANG, subtitles.LANG), not an audience: choose another name")
        }
        if audiences.isEmpty, reader.issues.isEmpty {
            reader.problem("$.audiences", value.line, "must name at least one audience")
        }
        return audiences
    }
}
