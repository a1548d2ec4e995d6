import Domain
import Foundation
import Prose
import Review

/// The people invited to review a workspace, in `.docent/review/people.json`: each one's name,
/// role, languages and audiences, and the SHA-256 of her personal link's token (never the
/// token: a copy of the workspace does not sign anyone in). `docent review invite` adds or
/// renews someone (a new link; the old one stops working), `docent review revoke` removes
/// her; `docent review` reads the file at each request, so both take effect at once.
package struct People: Sendable {
    package var path: String

    package init(path: String) {
        self.path = path
    }

    /// One invited person, as the file keeps her.
    package struct Member: Sendable, Hashable, Codable {
        package var person: Person
        /// `sha256:<hex>` of the link's token.
        package var tokenHash: String
        package var invitedAt: String
        /// Who ran `docent review invite`, when known.
        package var invitedBy: String?

        enum CodingKeys: String, CodingKey {
            case name, role, languages, audiences
            case tokenHash = "token_sha256", invitedAt = "invited_at", invitedBy = "invited_by"
        }

        package init(person: Person, tokenHash: String, invitedAt: String, invitedBy: String?) {
            self.person = person
            self.tokenHash = tokenHash
            self.invitedAt = invitedAt
            self.invitedBy = invitedBy
        }

        package init(from decoder: any Decoder) throws {
            let values = try decoder.container(keyedBy: CodingKeys.self)
            person = Person(name: try values.decode(String.self, forKey: .name), role: try values.decode(Person.Role.self, forKey: .role),
                            languages: try values.decodeIfPresent([String].self, forKey: .languages),
                            audiences: try values.decodeIfPresent([String].self, forKey: .audiences))
            tokenHash = try values.decode(String.self, forKey: .tokenHash)
            invitedAt = try values.decode(String.self, forKey: .invitedAt)
            invitedBy = try values.decodeIfPresent(String.self, forKey: .invitedBy)
        }

        package func encode(to encoder: any Encoder) throws {
            var values = encoder.container(keyedBy: CodingKeys.self)
            try values.encode(person.name, forKey: .name)
            try values.encode(person.role, forKey: .role)
            try values.encodeIfPresent(person.languages, forKey: .languages)
            try values.encodeIfPresent(person.audiences, forKey: .audiences)
            try values.encode(tokenHash, forKey: .tokenHash)
            try values.encode(invitedAt, forKey: .invitedAt)
            try values.encodeIfPresent(invitedBy, forKey: .invitedBy)
        }
    }

    /// Everyone invited, by name. No file: nobody.
    package func members() throws(FileProblem) -> [Member] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        do {
            return try JSONDecoder().decode([Member].self, from: data)
        } catch {
            throw FileProblem(path: path, message: "cannot be read: \((error as? DecodingError)?.reason ?? "\(error)") (fix it, or remove it and invite again)")
        }
    }

    /// Adds the person (or renews her, if the name is invited already: her old link stops
    /// working) and returns the token of her link, which is shown once and kept nowhere.
    package func invite(_ person: Person, by inviter: String?, at date: Date) throws -> String {
        let token = ReviewApp.randomToken()
        try FolderLock.withLock((path as NSString).deletingLastPathComponent) {
            var list = try members().filter { $0.person.name != person.name }
            list.append(Member(person: person, tokenHash: ContentHash.of(token), invitedAt: Timestamp.string(date), invitedBy: inviter))
            try save(list)
        }
        return token
    }

    /// Removes the person: her link no longer signs her in. False when no one has that name.
    package func revoke(_ name: String) throws -> Bool {
        try FolderLock.withLock((path as NSString).deletingLastPathComponent) {
            let list = try members()
            guard list.contains(where: { $0.person.name == name }) else { return false }
            try save(list.filter { $0.person.name != name })
            return true
        }
    }

    /// The person a link's token signs in, if any (an unreadable file signs no one in).
    package func person(token: String) -> Person? {
        let hash = ContentHash.of(token)
        return (try? members())?.first { AccessCheck.same($0.tokenHash, hash) }?.person
    }

    /// The invited person of that name (the role a sign-on proxy's user gets).
    package func person(named name: String) -> Person? {
        (try? members())?.first { $0.person.name == name }?.person
    }

    /// Sorted by name, readable only by the owner (the hashes are not secrets, the roles are
    /// not for anyone to change).
    func save(_ list: [Member]) throws {
        let data = try JSONEncoder.docentPretty.encode(list.sorted { $0.person.name < $1.person.name })
        try AtomicFile.write(data + Data("\n".utf8), to: path)
        chmod(path, 0o600)
    }
}
