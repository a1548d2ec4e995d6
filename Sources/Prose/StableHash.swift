/// A hash that is the same in every process and on every machine (FNV-1a, 64 bits), for
/// choices that must not move between runs: an artwork's shard, the mock's answers. Swift's
/// `hashValue` is seeded per process and never fits that.
package enum StableHash {
    package static func of(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return hash
    }
}
