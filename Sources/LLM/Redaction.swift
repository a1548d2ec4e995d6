/// Removes credentials from text that came from a server (error messages may quote a key,
/// even partly masked) before it reaches a log, an error or a file.
package struct Redaction: Sendable {
    private let secrets: [String]

    package init(secrets: [String?]) {
        self.secrets = secrets.compactMap { $0 }.filter { $0.count >= 4 }
    }

    /// For server messages (errors): the secrets, and any key-shaped token of any provider.
    package func scrub(_ text: String) -> String {
        scrubSecrets(text).replacing(#/(?i)(sk|key|pk)-[A-Za-z0-9_\-*]{8,}/#, with: "[redacted]")
    }

    /// For answers: the secrets only, whole or in part, in any letter case (an endpoint may echo
    /// a key upper-cased), so that prose such as "key-shaped" is left alone.
    package func scrubSecrets(_ text: String) -> String {
        var text = text
        for secret in secrets {
            text = text.replacingOccurrences(of: secret, with: "[redacted]", options: .caseInsensitive)
            // Partial echoes such as "sk-abc1***wxyz".
            if secret.count >= 12 {
                text = text.replacingOccurrences(of: String(secret.prefix(8)), with: "[redacted]", options: .caseInsensitive)
                text = text.replacingOccurrences(of: String(secret.suffix(6)), with: "[redacted]", options: .caseInsensitive)
            }
        }
        return text
    }
}

import Foundation
