import CEventLogSupport
import Crypto  // links BoringSSL, whose SHA-256 desk_sha256 calls
import Foundation

/// A SHA-256 digest in the log's hash chain: each record carries the hash of the record before it,
/// and the hash of the last record is the chain head an auditor can hold outside the host.
public struct ChainHash: Hashable, Sendable, CustomStringConvertible {
    /// The 32 digest bytes, as four big-endian words so the value stays a plain, allocation-free struct.
    private var words: (UInt64, UInt64, UInt64, UInt64)

    public static let byteCount = 32

    public init<Bytes: Sequence>(bytes: Bytes) where Bytes.Element == UInt8 {
        var padded = [UInt8](repeating: 0, count: 32)
        for (index, byte) in bytes.prefix(32).enumerated() { padded[index] = byte }
        self = padded.withUnsafeBytes { ChainHash($0) }
    }

    /// The first 32 bytes of `raw`.
    @inline(__always)
    init(_ raw: UnsafeRawBufferPointer) {
        words = (
            UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 0, as: UInt64.self)),
            UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)),
            UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 16, as: UInt64.self)),
            UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 24, as: UInt64.self))
        )
    }

    /// SHA-256 of `data`.
    static func of(_ data: UnsafeRawBufferPointer) -> ChainHash {
        // BoringSSL's one-shot SHA-256 (SHA-NI where the processor has it), with no allocation.
        var digest = (UInt64(0), UInt64(0), UInt64(0), UInt64(0))
        return withUnsafeMutableBytes(of: &digest) { out in
            desk_sha256(data.baseAddress, data.count, out.baseAddress!.assumingMemoryBound(to: UInt8.self))
            return ChainHash(UnsafeRawBufferPointer(out))
        }
    }

    public var bytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(32)
        for word in [words.0, words.1, words.2, words.3] {
            for shift in stride(from: 56, through: 0, by: -8) {
                out.append(UInt8(truncatingIfNeeded: word >> UInt64(shift)))
            }
        }
        return out
    }

    /// Lower-case hexadecimal, 64 characters.
    public var hex: String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    public var description: String { hex }

    public static func == (a: ChainHash, b: ChainHash) -> Bool {
        a.words.0 == b.words.0 && a.words.1 == b.words.1 && a.words.2 == b.words.2 && a.words.3 == b.words.3
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(words.0)
        hasher.combine(words.1)
        hasher.combine(words.2)
        hasher.combine(words.3)
    }
}
