import CSV
import DeskCore
import Foundation

/// The survey report as CSV in the shape of OMB Circular A-11 §280's quarterly collection: one
/// row per channel and period, the header `office,channel,period,volume,surveys_offered,responses`
/// then `<driver>_favourable,<driver>_answered` for each driver key.
///
/// Spreadsheet formulas are neutralised as `desk export` does (``ComplaintExport``): a cell that
/// starts with `=`, `+`, `-`, `@`, tab or carriage return gets a leading `'`, which spreadsheets
/// read as "text follows"; quoting is CSV.swift's (RFC 4180). The CSV has no footer (a line
/// after the rows would break the collection's shape): `desk report` prints its footer's lines on
/// standard error instead.
public enum SurveyCSV {
    public static var header: [String] {
        ["office", "channel", "period", "volume", "surveys_offered", "responses"]
            + SurveyDriver.allCases.flatMap { ["\($0.key)_favourable", "\($0.key)_answered"] }
    }

    public static func text(office: String, rows: [ReportBuilder.SurveyRow]) throws -> String {
        let csv = try CSVWriter(stream: .toMemory())
        try csv.write(row: header)
        for row in rows {
            let cells =
                [
                    office, row.channel, row.period.name, "\(row.volume)", "\(row.report.offered)",
                    "\(row.report.responses)",
                ]
                + row.report.drivers.flatMap { ["\($0.favourable)", "\($0.answered)"] }
            try csv.write(row: cells.map(ComplaintExport.spreadsheetSafe))
        }
        csv.stream.close()
        let data = csv.stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
