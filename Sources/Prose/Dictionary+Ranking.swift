/// Counted things picked and ordered the same way in every process.
///
/// Swift seeds `Hasher` per process, so a `Dictionary`'s iteration order (and with it
/// `max(by:)`, `first`, or a sort that leaves ties alone) changes from one run to the next.
/// Anything that reaches a prompt, a hash, a file or a message goes through these instead.
/// The rule: the highest count first; equal counts by key, ascending.
extension Dictionary where Key: Comparable, Value: Comparable {
    /// The entries by count, highest first; ties by key.
    package func rankedByCount() -> [(key: Key, value: Value)] {
        sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
    }

    /// The key with the highest count; of equal counts, the smallest key.
    package var mostFrequentKey: Key? {
        var best: (key: Key, value: Value)?
        for entry in self {
            guard let current = best else { best = entry; continue }
            if entry.value > current.value || (entry.value == current.value && entry.key < current.key) { best = entry }
        }
        return best?.key
    }
}

extension Dictionary where Key: Comparable {
    /// The entries by key, ascending: a stable order for loops whose results are kept.
    package func sortedByKey() -> [(key: Key, value: Value)] {
        sorted { $0.key < $1.key }
    }
}
