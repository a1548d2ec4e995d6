import Domain
import ArgumentParser
import Foundation
import Prose
import Project
import Review
import ReviewApp

/// `docent review invite NAME --role …`: a personal link for someone on the team.
struct InviteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "invite",
        abstract: "Invite someone to review: prints her personal link (inviting the same name again makes a new one).")

    @OptionGroup var project: ProjectOptions

    @Argument(help: "Her name, as her approvals and comments will carry it.")
    var name: String

    @Option(help: "editor (everything), translator (her languages' translations only) or viewer (reads only).")
    var role: String

    @Option(help: "Her languages, comma-separated (a translator needs them), e.g. de,it.")
    var languages: String?

    @Option(help: "Her audiences, comma-separated (what the page's \"mine\" shows her).")
    var audiences: String?

    @Option(help: "The address the link starts with (default: the one a running docent review printed).")
    var url: String?

    @Option(help: "Who invites (default: your login name).")
    var by: String?

    func run() async throws {
        let (config, _) = try Workspace.configForCommand(project)
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, trimmed.count <= 100 else {
            printError("a name of 1 to 100 characters is needed")
            throw Exit.usage
        }
        guard let role = Person.Role(rawValue: role) else {
            printError("--role must be one of \(Person.Role.allCases.map(\.rawValue).joined(separator: ", ")), not '\(role)'")
            throw Exit.usage
        }
        let known = [config.sourceLanguage] + config.languages
        let languages = try list(languages, option: "--languages", known: known)
        let audiences = try list(audiences, option: "--audiences", known: config.audiences.map(\.name))
        if role == .translator, languages == nil {
            printError("a translator needs her languages: --languages \(config.languages.joined(separator: ","))")
            throw Exit.usage
        }
        let people = People(path: config.resolve(".docent/review/people.json"))
        let renewed = (try? people.members())?.contains { $0.person.name == trimmed } ?? false
        let person = Person(name: trimmed, role: role, languages: languages, audiences: audiences)
        let token: String
        do {
            token = try people.invite(person, by: try reviewer(by), at: Date())
        } catch {
            throw Exit.failing(error, "docent review invite", otherwise: Exit.ioError)
        }
        let base = url ?? (try? String(contentsOfFile: reviewAddressFile(config), encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
        var text = "\(renewed ? "Renewed" : "Invited") \(person.label)\(renewed ? ": the old link no longer signs her in" : "").\n"
        if let base, !base.isEmpty {
            text += "Her link (shown once; it signs her in until `docent review revoke \"\(trimmed)\"`):\n\(base.hasSuffix("/") ? String(base.dropLast()) : base)/?token=\(token)\n"
        } else {
            text += "Her link is the address docent review prints, with this in place of its token (shown once):\n/?token=\(token)\n"
        }
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    /// A comma-separated list, each item one the project knows.
    func list(_ text: String?, option: String, known: [String]) throws -> [String]? {
        guard let text else { return nil }
        let items = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !items.isEmpty else {
            printError("\(option) needs at least one name")
            throw Exit.usage
        }
        for item in items where !known.contains(item) {
            printError("\(option): '\(item)' is not in the project (pipeline.json has \(known.joined(separator: ", ")))")
            throw Exit.usage
        }
        return Array(Set(items)).sorted()
    }
}

/// `docent review revoke NAME`: her link stops signing her in, at once.
struct RevokeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "revoke", abstract: "Take back someone's link: it no longer signs her in.")

    @OptionGroup var project: ProjectOptions

    @Argument(help: "Her name, as invited.")
    var name: String

    func run() async throws {
        let (config, _) = try Workspace.configForCommand(project)
        let people = People(path: config.resolve(".docent/review/people.json"))
        let revoked: Bool
        do {
            revoked = try people.revoke(name)
        } catch {
            throw Exit.failing(error, "docent review revoke", otherwise: Exit.ioError)
        }
        guard revoked else {
            printError("no one named '\(name)' is invited (docent review people lists them)")
            throw Exit.dataError
        }
        print("Revoked \(name): her link no longer signs her in (her approvals and comments stay).")
    }
}

/// `docent review people`: who is invited, with what role.
struct PeopleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "people", abstract: "List the people invited to review.")

    @OptionGroup var project: ProjectOptions

    func run() async throws {
        let (config, _) = try Workspace.configForCommand(project)
        let members: [People.Member]
        do {
            members = try People(path: config.resolve(".docent/review/people.json")).members()
        } catch {
            throw Exit.failing(error, "docent review people", otherwise: Exit.dataError)
        }
        guard !members.isEmpty else {
            print("No one is invited yet: docent review invite NAME --role editor|translator|viewer")
            return
        }
        for member in members.sorted(by: { $0.person.name < $1.person.name }) {
            print("\(member.person.label), invited \(member.invitedAt)\(member.invitedBy.map { " by \($0)" } ?? "")")
        }
    }
}
