import Logging

/// Docent's log: the transport's decisions (retries, 429s, pauses, limits learned) at `debug`,
/// a summary at `info`. Shown on standard error with `--verbose`; otherwise only warnings.
/// Nothing logged holds a key: the transport's messages are redacted before they are made.
enum Log {
    static let transport = Logger(label: "docent.transport")

    static func start(verbose: Bool) {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = verbose ? .debug : .warning
            return handler
        }
    }
}
