/// JSON written directly, for what Docent writes often enough that the generic encoder's cost
/// is felt (the run report of 800 jobs took 12 ms; a cache line per answer). Pretty, it is the
/// layout of `JSONEncoder` with `.prettyPrinted, .sortedKeys, .withoutEscapingSlashes`
/// (two-space indents, `"key" : value`, empty containers as an empty line; give keys in sorted
/// order); compact, it is one line with no spaces.
public struct JSONWriter {
    public private(set) var bytes: [UInt8] = []
    private let pretty: Bool
    /// For each open container: whether it has no member yet.
    private var empty: [Bool] = []

    public init(pretty: Bool, capacity: Int = 4096) {
        self.pretty = pretty
        bytes.reserveCapacity(capacity)
    }

    public mutating func beginObject() {
        bytes.append(UInt8(ascii: "{"))
        empty.append(true)
    }

    public mutating func endObject() {
        close(UInt8(ascii: "}"))
    }

    public mutating func beginArray() {
        bytes.append(UInt8(ascii: "["))
        empty.append(true)
    }

    public mutating func endArray() {
        close(UInt8(ascii: "]"))
    }

    /// Starts an object member: its value comes next.
    public mutating func key(_ name: String) {
        member()
        string(name)
        bytes += pretty ? [UInt8(ascii: " "), UInt8(ascii: ":"), UInt8(ascii: " ")] : [UInt8(ascii: ":")]
    }

    /// Starts an array element: its value comes next.
    public mutating func element() {
        member()
    }

    public mutating func string(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case 0x0A: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case 0x0D: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case 0x09: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0x08: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "b")]
            case 0x0C: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "f")]
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes += [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    public mutating func number(_ value: Int) {
        bytes += String(value).utf8
    }

    /// As the encoder writes it: the shortest form that reads back the same, without ".0".
    public mutating func number(_ value: Double) {
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        bytes += text.utf8
    }

    public mutating func bool(_ value: Bool) {
        bytes += (value ? "true" : "false").utf8
    }

    public mutating func null() {
        bytes += "null".utf8
    }

    /// A value already written as JSON (compact), as is: the caller vouches for it.
    public mutating func raw(_ json: String) {
        bytes += json.utf8
    }

    // Convenience for the common member shapes.
    public mutating func member(_ name: String, _ value: String) {
        key(name)
        string(value)
    }

    public mutating func member(_ name: String, _ value: Int) {
        key(name)
        number(value)
    }

    public mutating func member(_ name: String, _ value: Double) {
        key(name)
        number(value)
    }

    /// Left out when nil, as `encodeIfPresent` does.
    public mutating func member(_ name: String, ifPresent value: String?) {
        if let value { member(name, value) }
    }

    public mutating func member(_ name: String, _ values: [String]) {
        key(name)
        beginArray()
        for value in values {
            element()
            string(value)
        }
        endArray()
    }

    private mutating func member() {
        let first = empty[empty.count - 1]
        empty[empty.count - 1] = false
        if !first { bytes.append(UInt8(ascii: ",")) }
        guard pretty else { return }
        bytes.append(0x0A)
        indent(empty.count)
    }

    private mutating func close(_ bracket: UInt8) {
        let wasEmpty = empty.removeLast()
        if pretty {
            bytes.append(0x0A)
            if wasEmpty { bytes.append(0x0A) }
            indent(empty.count)
        }
        bytes.append(bracket)
    }

    private mutating func indent(_ level: Int) {
        for _ in 0..<level { bytes += [UInt8(ascii: " "), UInt8(ascii: " ")] }
    }
}
