import Domain

extension ReviewPage {
    /// What the counts and filters at the top of the page need of the drafts: counted as
    /// each artwork is read, so that the page holds no list of every draft.
    package struct Tally: Sendable, Equatable {
        var drafts = 0, approved = 0, pending = 0, edited = 0, stale = 0, flagged = 0
        var languages: Set<String> = []
        var audiences: Set<String> = []
        var rules: Set<String> = []

        package init() {}

        package init(_ statuses: [DraftStatus]) {
            for status in statuses { add(status) }
        }

        mutating func add(_ status: DraftStatus) {
            drafts += 1
            switch status.state {
            case .approved: approved += 1
            case .pending: pending += 1
            case .edited: edited += 1
            case .unreadable: break
            }
            if status.stale { stale += 1 }
            if status.flagged { flagged += 1 }
            if let name = DraftName(parsing: status.draft) {
                languages.insert(name.language)
                audiences.insert(name.audience)
            }
            rules.formUnion(status.rules)
        }

        /// The counts alone.
        var counts: Tally {
            var counts = self
            (counts.languages, counts.audiences, counts.rules) = ([], [], [])
            return counts
        }

        /// The languages, audiences and rules alone.
        var names: Tally {
            var names = Tally()
            (names.languages, names.audiences, names.rules) = (languages, audiences, rules)
            return names
        }

        package mutating func add(_ other: Tally) {
            drafts += other.drafts
            approved += other.approved
            pending += other.pending
            edited += other.edited
            stale += other.stale
            flagged += other.flagged
            languages.formUnion(other.languages)
            audiences.formUnion(other.audiences)
            rules.formUnion(other.rules)
        }
    }
}
