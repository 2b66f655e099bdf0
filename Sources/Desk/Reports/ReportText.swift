import DeskCore

/// How the reports write text, times and figures.
public enum ReportText {
    /// `text` with every scalar that could act on a terminal, a printer or a pager made visible as
    /// a `\uXXXX` escape: the same scalars, written the same way, as ``JSONText`` (and so
    /// `desk export` and `desk log dump`) escape, so a terminal escape in a complaint prints as
    /// `\u001B[31m`, never as colour. A line break or tab becomes a space (a report's layout is
    /// its own).
    public static func visible(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: JSONText.mustEscape) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            if scalar == "\n" || scalar == "\t" {
                out += " "
            } else if JSONText.mustEscape(scalar) {
                let hex = String(scalar.value, radix: 16, uppercase: true)
                out += "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// `2025-05-12 14:30` in the office's time zone (UTC when there is no office yet): how the
    /// desk writes a time, on screen and in reports.
    public static func time(_ t: Timestamp, calendar: BusinessCalendar?) -> String {
        guard let calendar else {
            return String(t.iso8601.prefix(16)).replacingOccurrences(of: "T", with: " ")
        }
        let local = calendar.localTime(of: t)
        return "\(local.date) \(two(local.hour)):\(two(local.minute))"
    }

    static func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

    /// `87.5 %`, to one decimal; `–` when there is nothing to share.
    public static func percent(_ share: Double?) -> String {
        guard let share, share.isFinite else { return "–" }
        let tenths = (share * 1000).rounded() / 10
        return tenths == tenths.rounded() ? "\(Int(tenths)) %" : "\(tenths) %"
    }

    /// `2 working days`, `1.25 working days`, `90 business minutes`, `16 business hours` (whole hours).
    public static func quantity(_ q: ServiceQuantity?) -> String {
        guard let q else { return "–" }
        func number(_ v: Double) -> String { v == v.rounded() && abs(v) < 1e15 ? "\(Int(v))" : "\(v)" }
        switch q.unit {
        case .workingDays: return "\(number(q.value)) working day\(q.value == 1 ? "" : "s")"
        case .businessMinutes:
            let hours = q.value / 60
            if q.value >= 60, hours == hours.rounded() {
                return "\(number(hours)) business hour\(hours == 1 ? "" : "s")"
            }
            return "\(number(q.value)) business minute\(q.value == 1 ? "" : "s")"
        }
    }

    /// `text` with every Markdown metacharacter that can change what a viewer shows
    /// backslash-escaped (CommonMark lets any ASCII punctuation be): `\ ` * _ [ ] < > # | ~ &`
    /// anywhere, and a leading `-`, `+`, `=` or `1.` that would start a list or a heading. So
    /// office or complaint text can never become a link, emphasis, a heading, a table cell break
    /// or HTML. Made visible first.
    public static func markdown(_ text: String) -> String {
        var out = ""
        let shown = visible(text)
        for (index, character) in shown.enumerated() {
            let leading = index == 0 && "-+=".contains(character)
            if leading || "\\`*_[]<>#|~&".contains(character) { out.append("\\") }
            out.append(character)
        }
        // `12. ` or `3) ` at the start would number a list.
        if let end = out.firstIndex(where: { !$0.isASCII || !$0.isNumber }), end != out.startIndex,
            out[end] == "." || out[end] == ")",
            out.index(after: end) == out.endIndex || out[out.index(after: end)] == " "
        {
            out.insert("\\", at: end)
        }
        return out
    }
}
