import Crypto
import EventLog
import Foundation
import _CryptoExtras

#if canImport(Glibc)
    import Glibc
#endif

/// The PINs clerks set with `desk pin` to take back a terminal they handed to a customer.
///
/// Kept in `DATA/kiosk-pins` (mode 0660, written only by desk, replaced whole by a rename), never
/// in the log: one line per account, `ACCOUNT pbkdf2-sha256 ROUNDS SALT HASH` (salt and hash in
/// hex), the hash PBKDF2-HMAC-SHA256 of the PIN with a 16-byte random salt.
public struct KioskPins: Sendable {
    public static let fileName = "kiosk-pins"
    public static let minimumLength = 4
    public static let maximumLength = 12
    /// PBKDF2 rounds: the library's floor (OWASP's 2021 figure for SHA-256); a PIN is checked by hand.
    public static let rounds = 210_000
    static let scheme = "pbkdf2-sha256"

    struct Entry: Sendable {
        var account: String
        var rounds: Int
        var salt: [UInt8]
        var hash: [UInt8]
    }

    public let path: String

    public init(directory: DataDirectory) {
        path = (directory.path.hasSuffix("/") ? directory.path : directory.path + "/") + Self.fileName
    }

    /// Why `pin` cannot be a PIN (4–12 digits), or nil.
    public static func problem(_ pin: String) -> String? {
        let digits = pin.unicodeScalars.allSatisfy { $0 >= "0" && $0 <= "9" }
        guard digits, (minimumLength...maximumLength).contains(pin.count) else {
            return
                "a PIN is \(minimumLength) to \(maximumLength) digits (0–9), typed on the kiosk screen's keys"
        }
        return nil
    }

    /// Whether `account` has set a PIN.
    public func hasPIN(for account: String) -> Bool {
        (try? entries())?.contains { $0.account == account } ?? false
    }

    /// Whether `pin` is `account`'s PIN. False when none is set or the file cannot be read.
    public func check(_ pin: String, for account: String) -> Bool {
        guard Self.problem(pin) == nil, let entry = (try? entries())?.first(where: { $0.account == account }),
            let derived = try? Self.derive(pin, salt: entry.salt, rounds: entry.rounds)
        else { return false }
        // Compared in full whatever differs first.
        guard derived.count == entry.hash.count else { return false }
        var difference: UInt8 = 0
        for (a, b) in zip(derived, entry.hash) { difference |= a ^ b }
        return difference == 0
    }

    /// Sets (or replaces) `account`'s PIN: the file is written whole beside the old one and
    /// renamed over it, mode 0660.
    public func set(_ pin: String, for account: String) throws(DeskFailure) {
        if let problem = Self.problem(pin) { throw .invalidInput(["PIN: \(problem)"]) }
        guard !account.isEmpty, !account.contains(where: { $0 == " " || $0 == "\n" }) else {
            throw .invalidInput(["account \"\(account)\" cannot hold a PIN"])
        }
        var salt = [UInt8](repeating: 0, count: 16)
        var generator = SystemRandomNumberGenerator()
        for index in salt.indices { salt[index] = generator.next() }
        let hash: [UInt8]
        do { hash = try Self.derive(pin, salt: salt, rounds: Self.rounds) } catch {
            throw .invalidInput(["PIN: cannot derive its hash: \(error)"])
        }
        var kept: [Entry]
        do { kept = try entries().filter { $0.account != account } } catch {
            throw .notAllowed("cannot read \(path): \(error.localizedDescription)")
        }
        kept.append(Entry(account: account, rounds: Self.rounds, salt: salt, hash: hash))
        let text = kept.map { "\($0.account) \(Self.scheme) \($0.rounds) \(hex($0.salt)) \(hex($0.hash))\n" }
            .joined()
        // Whole or not at all, mode 0660 from the start (`WholeFile.replace`).
        do {
            try WholeFile.replace(at: path, mode: 0o660) { fd in
                try WholeFile.writeAll(Array(text.utf8), to: fd, path: path)
            }
        } catch {
            throw .notAllowed("cannot write \(path): \(error)")
        }
    }

    static func derive(_ pin: String, salt: [UInt8], rounds: Int) throws -> [UInt8] {
        let key = try KDF.Insecure.PBKDF2.deriveKey(
            from: Array(pin.utf8), salt: salt, using: .sha256, outputByteCount: 32, rounds: rounds)
        return key.withUnsafeBytes { Array($0) }
    }

    /// The file's entries; none when it does not exist. Lines that do not parse are skipped.
    func entries() throws -> [Entry] {
        guard FileManager.default.fileExists(atPath: path) else { return [] }
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return text.split(separator: "\n").compactMap { line in
            let parts = line.split(separator: " ")
            guard parts.count == 5, parts[1] == Self.scheme, let rounds = Int(parts[2]), rounds >= 210_000,
                let salt = unhex(parts[3]), let hash = unhex(parts[4])
            else { return nil }
            return Entry(account: String(parts[0]), rounds: rounds, salt: salt, hash: hash)
        }
    }
}

private func hex(_ bytes: [UInt8]) -> String {
    bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
}

private func unhex(_ text: Substring) -> [UInt8]? {
    guard text.count % 2 == 0 else { return nil }
    var bytes: [UInt8] = []
    var index = text.startIndex
    while index < text.endIndex {
        let next = text.index(index, offsetBy: 2)
        guard let byte = UInt8(text[index..<next], radix: 16) else { return nil }
        bytes.append(byte)
        index = next
    }
    return bytes
}
