import Foundation

extension String {
    /// The text percent-encoded for one part of an address (a path segment or a query value):
    /// everything but ASCII letters, digits and `-._~` (RFC 3986's unreserved characters).
    package var percentEncodedUnreserved: String {
        addingPercentEncoding(withAllowedCharacters: Self.unreserved) ?? ""
    }

    private static let unreserved: CharacterSet = {
        var set = CharacterSet()
        set.insert(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        return set
    }()
}
