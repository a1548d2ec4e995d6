import Foundation

extension DecodingError {
    /// What went wrong and where, for a user: "approved: expected Bool" rather than the
    /// debug description of a coding path.
    package var reason: String {
        func place(_ path: [any CodingKey]) -> String {
            path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch self {
        case .typeMismatch(let type, let context):
            return "\(place(context.codingPath)): expected \(type)"
        case .valueNotFound(let type, let context):
            return "\(place(context.codingPath)): expected \(type), found nothing"
        case .keyNotFound(let key, let context):
            return "\(place(context.codingPath + [key])): missing"
        case .dataCorrupted(let context):
            let path = place(context.codingPath)
            return path.isEmpty ? context.debugDescription : "\(path): \(context.debugDescription)"
        @unknown default:
            return "\(self)"
        }
    }
}
