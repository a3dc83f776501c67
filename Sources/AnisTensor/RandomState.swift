// RandomState: the generator's whole state as one short string, so a snippet can
// save it, draw numbers, and set it back (`rng_state()` / `rng_state(s)`), and so
// the state can be pasted into a report.
//
// Format (stream "v1"): `v1:` then three lowercase hex fields joined by `:` —
// the 128-bit LCG state (32 digits), the 128-bit increment (32 digits), and the
// cached second normal of Marsaglia's pair as its IEEE bits (16 digits), or `-`
// when none is cached. Example: `v1:3a…:5f…:-`.

extension PCG64 {
    /// The name of the random stream this generator produces. A change to the
    /// generator, the seeding or the normal/uniform transforms gets a new name; old
    /// names stay selectable (`seed(n, stream: "v1")`).
    public static let streamName = "v1"

    /// Every stream name `seed(n, stream:)` accepts.
    public static let knownStreams = [streamName]

    /// The whole state as a string (see the file comment).
    public var stateToken: String {
        let cached = hasSpare ? Self.hex(UInt128(spare.bitPattern), digits: 16) : "-"
        return "\(Self.streamName):\(Self.hex(state, digits: 32)):\(Self.hex(increment, digits: 32)):\(cached)"
    }

    /// A generator in exactly the state `token` describes; nil when `token` is not a state string.
    public init?(stateToken token: String) {
        let parts = token.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == Self.streamName,
              parts[1].count == 32, parts[2].count == 32,
              let state = UInt128(parts[1], radix: 16), let increment = UInt128(parts[2], radix: 16),
              increment & 1 == 1 else { return nil }
        self.init(seed: 0)
        self.state = state
        self.increment = increment
        if parts[3] == "-" {
            hasSpare = false
        } else {
            guard parts[3].count == 16, let bits = UInt64(parts[3], radix: 16) else { return nil }
            spare = Double(bitPattern: bits)
            hasSpare = true
        }
    }

    private static func hex(_ x: UInt128, digits: Int) -> String {
        let s = String(x, radix: 16)
        return String(repeating: "0", count: max(0, digits - s.count)) + s
    }
}
