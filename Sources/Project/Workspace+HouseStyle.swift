import Domain
import Foundation
import Prose
import HTTP
import HouseStyle

/// What the house-style reader did: the profile, and the pages read and skipped.
package struct HouseStyleState: Sendable, Codable {
    package var key: String
    package var profile: HouseStyleProfile?
    package var pagesRead: [String]
    package var skipped: [SkippedPage]
    /// True when this came from `.docent/house-style.json` rather than a fresh reading.
    package var fromCache: Bool

    enum CodingKeys: String, CodingKey {
        case key, profile, pagesRead = "pages_read", skipped, fromCache = "from_cache"
    }
}

extension Workspace {
    var houseStyleCachePath: String { config.resolve(".docent/house-style.json") }

    var siteSettings: SiteSettings {
        SiteSettings(sources: config.sources.site, selectors: config.sources.siteSelectors ?? ContentExtractor.defaultSelectors,
                     maxPages: config.sources.siteMaxPages)
    }

    /// A key that changes when the site sources change: their list, the selectors, and the
    /// size and modification time of local files. Remote pages are re-read with `refresh`.
    func houseStyleKey() -> String {
        var parts = ["v2", config.sources.site.joined(separator: "\n"), siteSettings.selectors.joined(separator: "\n"), "\(siteSettings.maxPages)"]
        for source in config.sources.site where !(source.hasPrefix("http://") || source.hasPrefix("https://")) {
            let path = config.resolve(source)
            let files: [String]
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
                files = (FileManager.default.enumerator(atPath: path)?.allObjects as? [String] ?? []).sorted()
                    .map { (path as NSString).appendingPathComponent($0) }
            } else {
                files = [path]
            }
            for file in files {
                let attributes = try? FileManager.default.attributesOfItem(atPath: file)
                let size = attributes?[.size] as? Int ?? -1
                let modified = (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
                parts.append("\(file)|\(size)|\(modified)")
            }
        }
        return ContentHash.of(parts.joined(separator: "\u{1F}"))
    }

    /// Learns the house style from `sources.site`, or reuses the cached profile when the
    /// sources did not change. Sets `houseStyle` for the prompts.
    @discardableResult
    package mutating func learnHouseStyle(client: HTTPClient?, refresh: Bool = false) async -> HouseStyleState {
        guard !config.sources.site.isEmpty else {
            return HouseStyleState(key: "", profile: nil, pagesRead: [], skipped: [], fromCache: false)
        }
        let key = houseStyleKey()
        if !refresh, let data = FileManager.default.contents(atPath: houseStyleCachePath),
           var cached = try? JSONDecoder().decode(HouseStyleState.self, from: data), cached.key == key {
            cached.fromCache = true
            houseStyle = cached.profile
            return cached
        }
        let reading = await SiteReader(settings: siteSettings, baseDirectory: config.baseDirectory).read(client: client)
        let profile = reading.pages.isEmpty ? nil : HouseStyleProfile.learn(from: reading.pages)
        let state = HouseStyleState(key: key, profile: profile, pagesRead: reading.pages.map(\.source),
                                    skipped: reading.skipped, fromCache: false)
        let encoder = JSONEncoder.docentPretty
        if let data = try? encoder.encode(state) {
            try? AtomicFile.write(data, to: houseStyleCachePath)
        }
        houseStyle = profile
        return state
    }
}

extension Workspace {
    /// The digest every prompt gets: the guide's rules and the learned profile.
    package var styleDigest: String { style.digest }

    /// Hash of everything style-related that shapes prompts, recorded as `generator.style`.
    package var styleHash: String? { style.hash }

    /// Computes the digest and its hash once, whenever the guide or the profile changes.
    static func styleSummary(guide: StyleGuide?, profile: HouseStyleProfile?) -> StyleSummary {
        let digest = StyleDigest.render(profile: profile, guide: guide)
        let text = (guide?.body ?? "") + "\u{1E}" + digest + "\u{1E}" + (profile?.exemplars.map(\.text).joined(separator: "\u{1F}") ?? "")
        return StyleSummary(digest: digest, hash: text == "\u{1E}\u{1E}" ? nil : ContentHash.of(text))
    }
}

package struct StyleSummary: Sendable {
    package var digest: String
    package var hash: String?
}
