import DeskCore
import Foundation
import TOMLKit

// `[kiosk]`: the customer-facing survey screen's settings, published with the office.
extension ConfigurationValidator {
    static let kioskKeys = ["quiet_timeout"]

    /// `quiet_timeout = "2m"` (or `"90s"`, or a whole number of seconds): how long the survey
    /// waits for the customer's next key before it clears the screen; 15 s to 30 min.
    mutating func readKiosk(_ root: TOMLTable) -> Int {
        let entry = table(root, "kiosk")
        refuseUnknownKeys(entry, table: "kiosk", known: Self.kioskKeys)
        let fallback = OfficeConfiguration.defaultKioskQuietTimeoutSeconds
        guard let value = entry["quiet_timeout"] else { return fallback }
        let bounds = OfficeConfiguration.kioskQuietTimeoutBounds
        let accepted =
            "write a time from 15s to 30m, e.g. quiet_timeout = \"2m\" or \"90s\" (a bare number counts seconds)"
        let seconds: Int?
        if let number = value.int {
            seconds = number
        } else if let text = value.string {
            seconds = Self.kioskSeconds(text)
        } else {
            seconds = nil
        }
        guard let seconds else {
            problem("is not a time; \(accepted)", table: "kiosk", key: "quiet_timeout")
            return fallback
        }
        guard bounds.contains(seconds) else {
            problem(
                "\(seconds) seconds is outside 15s–30m; \(accepted)", table: "kiosk", key: "quiet_timeout")
            return fallback
        }
        return seconds
    }

    /// `90s`, `2m`, `90`: seconds; nil for anything else.
    static func kioskSeconds(_ text: String) -> Int? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let unit: Int
        var digits = Substring(trimmed)
        if digits.hasSuffix("s") {
            unit = 1
            digits = digits.dropLast()
        } else if digits.hasSuffix("m") {
            unit = 60
            digits = digits.dropLast()
        } else {
            unit = 1
        }
        guard !digits.isEmpty, digits.count <= 6, digits.allSatisfy(\.isASCII), let n = Int(digits), n >= 0
        else { return nil }
        return n * unit
    }
}
