import DeskCore
import Foundation

extension DeskStatus {
    /// The plain-text report: the same figures as ``json``, the period in the heading.
    public var text: String {
        let range = dashboard.range
        let named = period.label.hasPrefix(period.name) ? period.label : "\(period.label), \(period.name)"
        var lines = [
            "\(office) — status at \(at.iso8601)",
            "Figures for \(named): from \(range.lowerBound.iso8601) to \(range.upperBound.iso8601)",
            "",
        ]
        lines.append(
            "Open complaints: \(open) of \(total)    overdue: \(overdue)    breached: \(breached)    at risk: \(atRisk)"
        )
        lines.append(
            "By status: "
                + byStatus.filter { $0.count > 0 }.map { "\($0.status.name) \($0.count)" }.joined(
                    separator: ", "))
        lines.append("")
        lines.append("Service standards, measures decided in \(period.label):")
        if standards.isEmpty { lines.append("  (no standard in force)") }
        for line in standards {
            let verdict = line.meetsThreshold.map { $0 ? "meets" : "BELOW" } ?? "nothing decided yet"
            lines.append(
                "  \(line.standard.id): \(Self.percent(line.shareMet)) met (threshold \(Self.percent(line.threshold))) — \(verdict); met \(line.met), missed \(line.missed), running \(line.pending)"
            )
            lines.append(
                "    target \(Self.amount(line.target)), median \(Self.amount(line.median)), benchmark \(Self.amount(line.benchmark))"
                    + (line.standard.benchmarkSource.isEmpty ? "" : " (\(line.standard.benchmarkSource))"))
            lines.append("    open now: at risk \(line.atRiskNow), overdue \(line.overdueNow)")
            lines.append("    “\(line.standard.wording)”")
        }
        lines.append("")
        lines.append(
            "Complaints in \(period.label): received \(dashboard.received), closed \(dashboard.closed), withdrawn \(dashboard.withdrawn)"
        )
        if unmeasured > 0 {
            lines.append(
                "Not measured (received in \(period.label), no standard in force covered them): \(unmeasured)"
            )
        }
        lines.append("By channel: " + Self.groups(dashboard.channels))
        lines.append("By category: " + Self.groups(dashboard.categories))
        let surveys = dashboard.surveys
        lines.append("Customer survey: offered \(surveys.offered), answered \(surveys.responses)")
        for driver in surveys.drivers where driver.answered > 0 {
            lines.append(
                "  \(driver.driver.name): \(Self.percent(driver.share)) agree (\(driver.favourable) of \(driver.answered))"
            )
        }
        lines.append(
            "Staff barriers and ideas now: "
                + dashboard.staffIdeas.map { "\($0.status.name) \($0.count)" }.joined(separator: ", "))
        lines.append("")
        lines.append("Log: \(lastSequence) records, chain head \(chainHead)")
        return lines.joined(separator: "\n")
    }

    static func percent(_ share: Double?) -> String {
        share.map { String(format: "%.1f %%", $0 * 100) } ?? "—"
    }

    /// `2 working days`, `240 business minutes`, `—`.
    static func amount(_ quantity: ServiceQuantity?) -> String {
        guard let quantity else { return "—" }
        let whole = quantity.value.rounded() == quantity.value
        let number = whole ? String(Int(quantity.value)) : String(format: "%.2f", quantity.value)
        return "\(number) \(quantity.unit.rawValue.replacingOccurrences(of: "_", with: " "))"
    }

    static func groups(_ groups: [GroupFigures]) -> String {
        let shown = groups.filter { $0.received + $0.met + $0.missed > 0 }
        if shown.isEmpty { return "none" }
        return shown.map { "\($0.id) \($0.received) received (met \($0.met), missed \($0.missed))" }
            .joined(separator: "; ")
    }
}
