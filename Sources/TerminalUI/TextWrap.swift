/// Placeholder until the wrapping work lands: wraps at spaces, sanitising each line.
public enum TextWrap {
    public static func lines(_ text: String, width: Int, role: Role = .default) -> [[StyledSegment]] {
        guard width > 0 else { return [] }
        var out: [[StyledSegment]] = []
        for rawLine in text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            var lines: [String] = []
            for word in String(String.UnicodeScalarView(rawLine)).split(separator: " ") {
                let candidate = line.isEmpty ? String(word) : line + " " + word
                if DisplayWidth.of(candidate) <= width {
                    line = candidate
                } else {
                    if !line.isEmpty { lines.append(line) }
                    var rest = String(word)
                    while DisplayWidth.of(rest) > width {
                        let head = DisplayWidth.prefix(rest, columns: width)
                        if head.isEmpty { break }
                        lines.append(head)
                        rest = String(rest.dropFirst(head.count))
                    }
                    line = rest
                }
            }
            lines.append(line)
            out += lines.map { Sanitizer.sanitize($0, maxColumns: width, role: role) }
        }
        return out
    }
}
