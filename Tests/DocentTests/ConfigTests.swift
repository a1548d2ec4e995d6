import Catalog
import Foundation
import Testing
@testable import Pipeline
@testable import Project

@Suite("pipeline.json validation")
struct ConfigTests {
    func load(_ json: String, environment: [String: String] = [:]) throws -> PipelineConfig {
        let folder = try TemporaryFolder()
        try folder.write(json, to: "pipeline.json")
        return try ConfigLoader.load(path: folder.file("pipeline.json"), environment: environment)
    }

    func issues(_ json: String, environment: [String: String] = [:]) -> [String] {
        do {
            _ = try load(json, environment: environment)
            return []
        } catch {
            return (error as? ConfigError)?.issues.map { "\($0.path): \($0.message)" } ?? ["\(error)"]
        }
    }

    @Test("The repository's own pipeline.json is valid")
    func repositoryConfig() throws {
        let config = try ConfigLoader.load(path: Repo.root + "/pipeline.json", environment: [:])
        #expect(config.sourceLanguage == "fr")
        #expect(config.languages == ["en", "es", "de"])
        #expect(config.audiences.count == 9)
        #expect(config.model.provider == .offline)
        #expect(config.sources.csvColumns["Artiste"] == "maker")
    }

    @Test("A minimal file gets sensible defaults")
    func defaults() throws {
        let config = try load(#"{"institution": {"name": "Museum"}}"#)
        #expect(config.model.provider == .offline)
        #expect(config.limits.jobs == 8)
        #expect(config.limits.attempts == 5)
        #expect(config.audiences.map(\.name) == ["general", "children", "experts"])
        #expect(config.sources.artworks == ["artworks"])
        #expect(config.stages == [.draft, .translate])
    }

    @Test("Unknown keys get their JSON path and a suggestion")
    func unknownKeys() {
        let found = issues(#"{"institution": {"name": "M"}, "langauges": ["en"], "model": {"temprature": 1}}"#)
        #expect(found.contains("$.langauges: unknown key (did you mean 'languages'?)"), "\(found)")
        #expect(found.contains("$.model.temprature: unknown key (did you mean 'temperature'?)"), "\(found)")
    }

    @Test("Wrong types and values are all reported at once")
    func wrongValues() {
        let found = issues("""
            {"institution": {"name": "M"}, "limits": {"jobs": 0, "attempts": "five"},
             "languages": ["en", "english"], "model": {"provider": "opneai"},
             "audiences": ["general", "kids", {"name": "curators"}], "stages": ["draft", "seo", "tranlsate"]}
            """)
        #expect(found.contains("$.limits.jobs: 0 is out of range 1…1024"), "\(found)")
        #expect(found.contains("$.limits.attempts: expected a number, found a string"), "\(found)")
        #expect(found.contains("$.languages[1]: 'english' is not a language code like 'fr' or 'en'"), "\(found)")
        #expect(found.contains("$.model.provider: 'opneai' is not one of offline, openai, anthropic (did you mean 'openai'?)"), "\(found)")
        #expect(found.contains { $0.hasPrefix("$.audiences[1]: 'kids' is not a built-in audience") }, "\(found)")
        #expect(found.contains("$.audiences[2]: a custom audience needs min_words and max_words"), "\(found)")
        #expect(found.contains { $0.hasPrefix("$.stages[2]: 'tranlsate' is not a stage") && $0.hasSuffix("(did you mean 'translate'?)") }, "\(found)")
    }

    @Test("Broken JSON names its line")
    func brokenJSON() {
        #expect {
            _ = try load("{\n  \"institution\": {\"name\": \"M\"},\n  \"languages\": [\"en\",]\n}")
        } throws: { error in
            (error as? ConfigError)?.issues.first?.line == 3
        }
    }

    @Test("An API key in the file is refused")
    func apiKeyInFile() {
        let found = issues(#"{"institution": {"name": "M"}, "model": {"provider": "openai", "name": "gpt-4o-mini", "api_key": "sk-secret"}}"#)
        #expect(found.contains { $0.hasPrefix("$.model.api_key: API keys do not belong in pipeline.json") }, "\(found)")
        #expect(!found.joined().contains("sk-secret"))
    }

    @Test("DOCENT_* variables override the model settings")
    func environmentOverrides() throws {
        let config = try load(#"{"institution": {"name": "M"}}"#, environment: [
            "DOCENT_PROVIDER": "openai", "DOCENT_MODEL": "llama3", "DOCENT_BASE_URL": "http://127.0.0.1:8080/v1",
        ])
        #expect(config.model.provider == .openai)
        #expect(config.model.name == "llama3")
        #expect(config.model.baseURL == "http://127.0.0.1:8080/v1")
        #expect(issues(#"{"institution": {"name": "M"}}"#, environment: ["DOCENT_PROVIDER": "gemini"])
            == ["DOCENT_PROVIDER: 'gemini' is not one of offline, openai, anthropic"])
        #expect(issues(#"{"institution": {"name": "M"}}"#, environment: ["DOCENT_PROVIDER": "openai"])
            == ["$.model.name: is required for provider 'openai' (or set DOCENT_MODEL)"])
    }

    @Test("Custom audiences and overrides of built-in ones")
    func audiences() throws {
        let config = try load("""
            {"institution": {"name": "M"}, "audiences": [
              {"name": "general", "max_words": 90},
              {"name": "curators", "template": "experts", "min_words": 300, "max_words": 500}]}
            """)
        #expect(config.audiences.map(\.name) == ["general", "curators"])
        #expect(config.audiences[0].minWords == 50 && config.audiences[0].maxWords == 90)
        #expect(config.audiences[1].template == "experts")
    }

    @Test("An audience's form and reading ease are data: built-ins carry theirs, a custom audience may name them, a wrong form is an error naming its path")
    func audienceForms() throws {
        let config = try load("""
            {"institution": {"name": "M"}, "audiences": [
              "audio",
              {"name": "tour", "template": "audio", "form": "audio-script", "min_words": 100, "max_words": 200, "min_reading_ease": 60},
              {"name": "curators", "template": "experts", "min_words": 300, "max_words": 500}]}
            """)
        #expect(config.audiences.map(\.form) == [.audioScript, .audioScript, .label])
        #expect(config.audiences[0].minimumReadingEase == 55 && config.audiences[1].minimumReadingEase == 60)
        #expect(config.audiences[2].minimumReadingEase == nil)
        let problems = issues("""
            {"institution": {"name": "M"}, "audiences": [{"name": "tour", "form": "audio", "min_words": 1, "max_words": 2}]}
            """)
        #expect(problems.contains { $0.hasPrefix("$.audiences[0].form: 'audio' is not a form of text") && $0.contains("audio-script") }, "\(problems)")
    }
}

@Suite("Subtitle settings")
struct SubtitleConfigTests {
    @Test("Speaking rate and reading speed come from pipeline.json")
    func settings() throws {
        let folder = try TemporaryFolder()
        try folder.write(#"{"institution": {"name": "M"}, "subtitles": {"words_per_minute": 130, "max_characters_per_second": 13}}"#, to: "pipeline.json")
        let config = try ConfigLoader.load(path: folder.file("pipeline.json"), environment: [:])
        #expect(config.subtitleWordsPerMinute == 130)
        #expect(config.subtitleCharactersPerSecond == 13)
        try folder.write(#"{"institution": {"name": "M"}, "subtitles": {"words_per_minute": 1000}}"#, to: "pipeline.json")
        #expect(throws: ConfigError.self) { try ConfigLoader.load(path: folder.file("pipeline.json"), environment: [:]) }
    }
}
