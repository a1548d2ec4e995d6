import Foundation

/// Times written into drafts, reports and the cache: UTC to the second, "2026-11-23T12:39:55Z".
package enum Timestamp {
    package static func string(_ date: Date) -> String {
        date.formatted(.iso8601)
    }
}
