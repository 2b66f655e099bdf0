import DeskCore

/// Which report `desk report` makes.
public enum ReportKind: String, CaseIterable, Sendable {
    /// The posted standards notice (EO 12862 §1(c)).
    case standards
    /// The customer service plan (§3).
    case plan
    /// The survey report (§2, OMB A-11 §280).
    case surveys
    /// The receipt slip of one complaint.
    case receipt

    /// The name a file of this report is given: `standards-2026-Q3`, `receipt-C-000012`.
    public func fileStem(period: ReportingPeriod, complaint: ComplaintID?) -> String {
        switch self {
        case .receipt: "receipt-\(complaint.map(\.description) ?? "")"
        default: "\(rawValue)-\(period.name)"
        }
    }
}

/// How a report is written.
public enum ReportFormat: String, CaseIterable, Sendable {
    case md, html, txt, csv

    /// Whether `kind` can be written in this format: csv is the survey report's only.
    public func fits(_ kind: ReportKind) -> Bool { self != .csv || kind == .surveys }
}

/// A report as a document: a title, sections of paragraphs, lists, fields and tables, and the
/// footer saying where its figures come from. Built from the one projection
/// (``ServiceDashboard``) by ``ReportBuilder``; written by one renderer per format, so the formats
/// cannot disagree. Text in it is as the log has it; each renderer makes it safe for its format.
public struct ReportDocument: Sendable, Equatable {
    public var title: String
    /// The office's name.
    public var office: String
    public var sections: [ReportSection]
    public var footer: ReportFooter

    public init(title: String, office: String, sections: [ReportSection], footer: ReportFooter) {
        self.title = title
        self.office = office
        self.sections = sections
        self.footer = footer
    }
}

/// One headed part of a report.
public struct ReportSection: Sendable, Equatable {
    public var heading: String
    public var blocks: [ReportBlock]

    public init(_ heading: String, _ blocks: [ReportBlock]) {
        self.heading = heading
        self.blocks = blocks
    }
}

/// A piece of a section.
public enum ReportBlock: Sendable, Equatable {
    case paragraph(String)
    /// A bulleted list.
    case list([String])
    /// Labelled values, one a line: `Reference: C-000012`.
    case fields([ReportField])
    case table(ReportTable)
}

public struct ReportField: Sendable, Equatable {
    public var label: String
    public var value: String

    public init(_ label: String, _ value: String) {
        self.label = label
        self.value = value
    }
}

/// A table: a header row and rows of cells; the columns after the first are figures, right-aligned.
public struct ReportTable: Sendable, Equatable {
    public var columns: [String]
    public var rows: [[String]]

    public init(columns: [String], rows: [[String]]) {
        self.columns = columns
        self.rows = rows
    }
}

/// Where a report's figures come from: the period, the instant it reports at, and the log's last
/// record and chain head as of that instant; for a report made without `--at`, also when and by
/// whom it was generated (left out with `--at`, so the same log gives the same bytes).
public struct ReportFooter: Sendable, Equatable {
    public var period: ReportingPeriod?
    /// The period's label and its instants, as the office's time zone has them.
    public var periodRange: Range<Timestamp>?
    public var at: Timestamp
    public var timeZone: String
    public var lastSequence: UInt64
    public var chainHead: String
    public var generated: (at: Timestamp, by: String)?

    public init(
        period: ReportingPeriod?, periodRange: Range<Timestamp>?, at: Timestamp, timeZone: String,
        lastSequence: UInt64, chainHead: String, generated: (at: Timestamp, by: String)?
    ) {
        self.period = period
        self.periodRange = periodRange
        self.at = at
        self.timeZone = timeZone
        self.lastSequence = lastSequence
        self.chainHead = chainHead
        self.generated = generated
    }

    /// The footer's lines, the same in every format.
    public var lines: [String] {
        var out: [String] = []
        if let period, let range = periodRange {
            let label =
                period.label.hasPrefix(period.name) ? period.label : "\(period.name) (\(period.label))"
            out.append("Period: \(label), from \(range.lowerBound.iso8601) until \(range.upperBound.iso8601)")
        }
        out.append("As the desk stood at \(at.iso8601) (office time zone \(timeZone))")
        out.append("Log record: \(lastSequence)")
        out.append("Chain head: \(chainHead)")
        if let generated {
            out.append("Generated at \(generated.at.iso8601) by \(generated.by)")
        }
        return out
    }

    public static func == (a: ReportFooter, b: ReportFooter) -> Bool {
        a.lines == b.lines
    }
}
