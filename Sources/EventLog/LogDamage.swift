/// Damage found in a log: where it is and what kind.
public struct LogDamage: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, Equatable {
        /// The file ends inside a record or batch: a writer stopped mid-write. Everything before is whole.
        case incompleteTail = "incomplete tail"
        /// A record's CRC-32C does not match its bytes.
        case checksum
        /// A record's length is unprotected, out of range, or disagrees with its copy after the payload.
        case length
        /// A record's previous-hash does not match the hash of the record before it.
        case chain
        /// A record's sequence number is not the next one.
        case sequence
        /// The file header, or a record's framing fields, are not what this format writes.
        case format
    }

    public var kind: Kind
    /// Byte offset of the damaged record (for an incomplete tail, of the first byte not taken).
    public var offset: Int64
    /// The sequence number the damaged record should have had.
    public var sequence: UInt64
    public var detail: String

    public init(kind: Kind, offset: Int64, sequence: UInt64, detail: String) {
        self.kind = kind
        self.offset = offset
        self.sequence = sequence
        self.detail = detail
    }

    public var description: String {
        "\(kind.rawValue) at byte \(offset) (record \(sequence)): \(detail)"
    }
}
