import Domain
import ArgumentParser
import Catalog
import Prompts
import Foundation
import HTTP
import HouseStyle
import LLM
import Pipeline
import Project

extension Workspace {
    /// Opens the workspace for a command, turning configuration problems into exit 78.
    static func openForCommand(_ options: ProjectOptions) throws -> Workspace {
        do {
            return try Workspace.open(configPath: options.config, overrides: options.overrides)
        } catch {
            throw Exit.failing(error, otherwise: Exit.config)
        }
    }

    /// Opens only the configuration and output layout (commands that read the output folder).
    static func configForCommand(_ options: ProjectOptions) throws -> (PipelineConfig, Domain.OutputLayout) {
        do {
            return try Workspace.config(path: options.config, overrides: options.overrides)
        } catch {
            throw Exit.failing(error, otherwise: Exit.config)
        }
    }

    /// Prints record problems; returns whether any was an error.
    func reportRecordIssues() -> Bool {
        for issue in catalog.issues { printError(issue.description) }
        return !catalog.errors.isEmpty
    }

    /// One line on what the house style came from; warnings for skipped pages.
    func reportHouseStyle(_ state: HouseStyleState, quiet: Bool) {
        guard !config.sources.site.isEmpty else { return }
        for page in state.skipped { printError("warning: house style: \(page.source): \(page.reason)") }
        for warning in styleGuide?.warnings ?? [] { printError("warning: style guide: \(warning)") }
        if state.profile == nil {
            printError("warning: house style: no page could be read from sources.site; prompts get the style guide only")
        } else if !quiet {
            printError("House style \(state.fromCache ? "from .docent/house-style.json" : "learned") from \(state.pagesRead.count) page\(state.pagesRead.count == 1 ? "" : "s").")
        }
    }

    /// The model pipeline.json (or DOCENT_*) asks for; a missing key is a configuration error.
    func makeModel(client: HTTPClient, useCache: Bool = true, batch: Bool? = nil, wait: Bool = true) throws -> ModelStack {
        do {
            return try ModelFactory.make(config, client: client, useCache: useCache, batch: batch, wait: wait)
        } catch {
            throw Exit.failing(error, otherwise: Exit.config)
        }
    }
}

import Review
