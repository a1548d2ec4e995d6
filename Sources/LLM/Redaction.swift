/// Removes credentials from text that came from a server (error messages may quote a key,
/// even partly masked) before it reaches a log, an error or a file.
public struct Redaction: Sendable {
    private let secrets: [String]

    public init(secrets: [String?]) {
        self.secrets = secrets.compactMap { $0 }.filter { $0.count >= 4 }
    }

    public func scrub(_ text: String) -> String {
        var text = text
        for secret in secrets {
            text = text.replacingOccurrences(of: secret, with: "[redacted]")
            // Partial echoes such as "sk-abc1***wxyz".
            if secret.count >= 12 {
                text = text.replacingOccurrences(of: String(secret.prefix(8)), with: "[redacted]")
                text = text.replacingOccurrences(of: String(secret.suffix(6)), with: "[redacted]")
            }
        }
        // Key-shaped tokens of any provider.
        return text.replacing(#/(sk|key|pk)-[A-Za-z0-9_\-*]{8,}/#, with: "[redacted]")
    }
}

import Foundation
