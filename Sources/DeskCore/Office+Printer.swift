import Foundation

// `[office] printer`: where the desk prints reports and receipts (issue 12).
extension OfficeConfiguration {
    /// What a printer's name may be, in the words of an error message.
    public static let printerRule =
        "write the printer's queue name, 1 to 127 letters, digits, -, _, . and @, not starting with -, e.g. printer = \"counter-1\""

    /// Whether `name` can be a printer's name: 1 to 127 letters, digits, `-`, `_`, `.` and `@`, not
    /// starting with `-` (so it can never be read as an option of `lpr`). The one rule for the
    /// configuration validator and the desk's decisions.
    public static func isPrinterName(_ name: String) -> Bool {
        guard (1...127).contains(name.unicodeScalars.count), name.first != "-" else { return false }
        return name.unicodeScalars.allSatisfy {
            $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "-_.@".unicodeScalars.contains($0))
        }
    }
}
