import Desk
import DeskCore
import DeskTestSupport
import Foundation
import TerminalUI
import XCTest

/// No configuration file, however malformed, crashes anything: mutated versions of the sample
/// `desk.toml` (byte flips, cuts, duplicated and swapped lines, huge numbers, `[[`, control
/// characters, hostile values) go through the validator in-process in bulk, and a sample of them
/// through the real `desk` binary (`config check`, and `status` on a desk whose file they replace).
final class ConfigurationFuzzTests: XCTestCase {
    static let sample = SampleConfiguration.text(supervisor: "alice", timeZone: "Europe/London")

    /// Values that have broken desks, or could.
    static let hostileValues = [
        "\"10000000000000d\"", "\"99999999999999999999d\"", "\"1e300m\"", "\"1.5d\"", "\"-1d\"", "\"0m\"",
        "\"261d\"",
        "\"2026-02-30\"", "\"\"", "\"\\u0000\"", "\"\\u0007\"", "\"\u{202E}evil\"", "9223372036854775807",
        "-9223372036854775808", "99999999999999999999", "1e309", "nan", "-inf", "inf", "[[", "[", "{",
        "\"\"\"",
        "'''", "[[]]", "{a = [[[[[[[[1]]]]]]]]}", "1979-05-27T07:32:00Z", "true", "0x7fffffffffffffff",
        "\"" + String(repeating: "x", count: 100_000) + "\"", "[\"a\", 1]", "\"Europe/../../etc\"",
    ]
    static let tokens = [
        "[[", "[", "]", "]]", "=", "\"", "'", "\"\"\"", "'''", "{", "}", ",", ".", "#", "\n", "\r\n", "\\",
        "\\u", "[[\n",
        "[\n", "\u{FEFF}", "é", "\u{2028}", "\u{0}",
    ]

    struct Mutator {
        var random: SplitMix64

        mutating func lines(_ bytes: [UInt8]) -> [[UInt8]] {
            bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
        }

        mutating func mutate(_ original: [UInt8]) -> [UInt8] {
            var bytes = original
            for _ in 0...random.below(4) {
                var rows = lines(bytes)
                switch random.below(11) {
                case 0 where !bytes.isEmpty:  // a flipped bit
                    bytes[random.below(bytes.count)] ^= UInt8(1 << random.below(8))
                    continue
                case 1:  // cut short
                    bytes = Array(bytes.prefix(random.below(bytes.count + 1)))
                    continue
                case 2:  // a duplicated line
                    let i = random.below(rows.count)
                    rows.insert(rows[i], at: i)
                case 3:  // a hostile value for a key
                    let candidates = rows.indices.filter { rows[$0].contains(0x3D) }
                    guard !candidates.isEmpty else { break }
                    let i = candidates[random.below(candidates.count)]
                    let key = rows[i].prefix { $0 != 0x3D }
                    rows[i] =
                        Array(key) + Array("= ".utf8)
                        + Array(hostileValues[random.below(hostileValues.count)].utf8)
                case 4:  // a header fragment on a line of its own
                    rows.insert(
                        Array(["[[", "[", "[[[", "[ #", "[=]", "[[ ]]", "[.x]"][random.below(7)].utf8),
                        at: random.below(rows.count + 1))
                case 5 where !bytes.isEmpty:  // a control character
                    bytes.insert(
                        UInt8([0, 1, 7, 8, 0x1B, 0x0B, 0x0C, 0x0D, 0x7F][random.below(9)]),
                        at: random.below(bytes.count))
                    continue
                case 6:  // a deleted line
                    rows.remove(at: random.below(rows.count))
                case 7 where !bytes.isEmpty:  // a token somewhere
                    bytes.insert(
                        contentsOf: Array(tokens[random.below(tokens.count)].utf8),
                        at: random.below(bytes.count))
                    continue
                case 8:  // two lines swapped
                    let (i, j) = (random.below(rows.count), random.below(rows.count))
                    rows.swapAt(i, j)
                case 9 where !bytes.isEmpty:  // a random byte (perhaps invalid UTF-8)
                    bytes[random.below(bytes.count)] = UInt8(truncatingIfNeeded: random.next())
                    continue
                default:  // a line's indentation and line end changed
                    let i = random.below(rows.count)
                    rows[i] = Array("  ".utf8) + rows[i] + Array(" # \u{7}".utf8).prefix(random.below(5))
                }
                bytes = Array(rows.joined(separator: [0x0A]))
            }
            return bytes
        }
    }

    /// What any configuration the validator accepts must hold.
    func checkAccepted(_ configuration: DeskConfiguration, _ text: String) {
        for standard in configuration.standards {
            XCTAssertTrue(ServiceStandard.isWithinBounds(businessMinutes: standard.targetMinutes), text)
            if let days = standard.targetWorkingDays {
                XCTAssertTrue(ServiceStandard.isWithinBounds(workingDays: days))
            }
            if let minutes = standard.benchmarkMinutes {
                XCTAssertTrue(ServiceStandard.isWithinBounds(businessMinutes: minutes), text)
            }
        }
        XCTAssertFalse(configuration.office.name.isEmpty)
        XCTAssertLessThanOrEqual(configuration.office.name.count, 200)
        XCTAssertEqual(
            Set(configuration.office.categories.map(\.id)).count, configuration.office.categories.count)
        XCTAssertEqual(Set(configuration.standards.map(\.id)).count, configuration.standards.count)
    }

    func testManyMutatedConfigurationsAreCheckedInProcessWithoutACrash() {
        let trials = deskLongTests ? 50_000 : 1_000
        var mutator = Mutator(random: SplitMix64(seed: 9))
        let original = Array(Self.sample.utf8)
        var accepted = 0
        var refused = 0
        for _ in 0..<trials {
            let text = String(decoding: mutator.mutate(original), as: UTF8.self)
            switch DeskConfiguration.check(text, file: "desk.toml") {
            case .success(let configuration):
                accepted += 1
                checkAccepted(configuration, text)
            case .failure(let found):
                refused += 1
                XCTAssertFalse(found.problems.isEmpty)
                for problem in found.problems {
                    XCTAssertTrue(problem.description.hasPrefix("desk.toml"), problem.description)
                }
            }
        }
        XCTAssertEqual(accepted + refused, trials)
        XCTAssertGreaterThan(refused, trials / 2, "the mutations mostly break the file")
        print(
            "configuration fuzz: \(trials) mutated files, \(accepted) accepted, \(refused) refused, no crash")
    }

    func testMutatedThemesAreLoadedWithoutACrash() throws {
        let themes = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "../../themes")
        let text = try String(contentsOf: themes.appendingPathComponent("default.toml"), encoding: .utf8)
        var mutator = Mutator(random: SplitMix64(seed: 12))
        let trials = deskLongTests ? 20_000 : 300
        for _ in 0..<trials {
            let mutated = String(decoding: mutator.mutate(Array(text.utf8)), as: UTF8.self)
            _ = try? Theme.parse(mutated, file: "default.toml", knownRoles: Role.toolkit)
        }
    }

    /// The real binary, as a child process: `config check` on mutated files, and `status` on a desk
    /// whose desk.toml they replace, exit with a code of their own (never a signal) and `status`
    /// always runs on the published configuration.
    func testTheDeskBinaryNeverCrashesOnAMutatedFile() throws {
        let data = try TemporaryDirectory(prefix: "desk-fuzz")
        let publish = try ProductRun.run(
            "desk", ["config", "publish", "--data", data.path], environment: ["DESK_AS_USER": "alice"])
        XCTAssertEqual(publish.status, 0, publish.standardError)
        let original = Array(try String(contentsOfFile: data.file("desk.toml"), encoding: .utf8).utf8)
        var mutator = Mutator(random: SplitMix64(seed: 77))
        let trials = deskLongTests ? 400 : 40
        var codes: [Int32: Int] = [:]
        for trial in 0..<trials {
            let bytes = trial == 0 ? Array("[[".utf8) : mutator.mutate(original)
            let file = data.file("mutated.toml")
            XCTAssertTrue(FileManager.default.createFile(atPath: file, contents: Data(bytes)))
            let check = try ProductRun.run("desk", ["config", "check", "--data", data.path, file])
            codes[check.status, default: 0] += 1
            XCTAssertTrue(
                [0, 65].contains(check.status), "trial \(trial): \(check.status) \(check.standardError)")
            guard trial % 2 == 0 else { continue }
            XCTAssertTrue(
                FileManager.default.createFile(atPath: data.file("desk.toml"), contents: Data(bytes)))
            let status = try ProductRun.run("desk", ["status", "--data", data.path])
            XCTAssertEqual(status.status, 0, "trial \(trial): \(status.standardError)")
        }
        print(
            "desk binary fuzz: \(trials) mutated files through config check (exit codes \(codes)), \(trials / 2) through status"
        )
    }
}
