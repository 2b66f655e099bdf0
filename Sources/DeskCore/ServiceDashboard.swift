import Foundation

/// The measuring half of the order for one period, as of one instant: every figure the dashboard,
/// `desk status`, the board and the reports show, computed once from the state.
///
/// **When a measure counts.** Each clock (a standard on a complaint, once from receipt and once
/// per reopening) counts in the period in which it was *decided*: a clock met counts when it
/// stopped (the acknowledgement, response or close that met it); a clock missed counts when it
/// fell due, because from that minute the breach stands whatever happens next. A clock still
/// running and not yet due is decided in no period yet (`pending`). So a period's figures move
/// only while the period is open, or when a backdated record arrives.
///
/// **Time taken** (the median) is over the clocks that stopped in the period, in business
/// minutes with pauses taken out, as each clock counts them.
public struct ServiceDashboard: Hashable, Sendable {
    public var office: String
    public var period: ReportingPeriod
    /// The period's instants in the office's time zone.
    public var range: Range<Timestamp>
    /// When the figures were taken ("now" for the at-risk and overdue counts).
    public var at: Timestamp
    /// Each standard in force at the end of the period (or now, if earlier), in publication order.
    public var standards: [StandardFigures]
    /// The trend's periods, oldest first, ending with ``period``.
    public var trendPeriods: [ReportingPeriod]
    /// Complaints received in the period.
    public var received: Int
    /// Complaints received in the period that no standard in force at receipt covers.
    public var unmeasured: Int
    /// Complaints whose latest close falls in the period (and are closed now).
    public var closed: Int
    /// Complaints withdrawn in the period (and withdrawn now).
    public var withdrawn: Int
    /// Per channel the office takes complaints on (and any other that has figures), in the
    /// desk's channel order.
    public var channels: [GroupFigures]
    /// Per category the office has (and any other that has figures: a category since removed),
    /// by the category at receipt, in the office's order.
    public var categories: [GroupFigures]
    /// Surveys offered and answered in the period driver.
    public var surveys: SurveyReport
    /// Staff barriers and ideas as they stand now, per status (every status, in order).
    public var staffIdeas: [StaffIdeaCount]
    public var barriers: Int
    public var ideas: Int

    /// How many periods the trend shows.
    public static let trendLength = 12
}

/// One standard's figures for a period.
public struct StandardFigures: Hashable, Sendable {
    /// The version in force at the end of the period: its wording, target, threshold, benchmark.
    public var standard: ServiceStandard
    /// Measures decided in the period, any version of the standard.
    public var met: Int
    public var missed: Int
    /// Clocks running now and not yet due, due within the period.
    public var pending: Int
    /// Business minutes taken by the clocks that stopped in the period, middle value (the mean of
    /// the two middle values for an even count); nil when none stopped.
    public var medianMinutes: Int?
    /// Open complaints with this standard's clock at risk now (75 % of its target used).
    public var atRiskNow: Int
    /// Open complaints with this standard's clock past due now.
    public var overdueNow: Int
    /// Share met in each of the trend's periods, oldest first; nil where nothing was decided.
    public var trend: [Double?]

    public var threshold: Double { standard.threshold }
    /// Share met among measures decided in the period; nil when none was.
    public var shareMet: Double? { met + missed == 0 ? nil : Double(met) / Double(met + missed) }
    public var meetsThreshold: Bool? { shareMet.map { $0 >= standard.threshold } }

    /// The target as published: working days when given in days, else business minutes.
    public var target: ServiceQuantity {
        standard.targetWorkingDays.map { ServiceQuantity(value: Double($0), unit: .workingDays) }
            ?? ServiceQuantity(value: Double(standard.targetMinutes), unit: .businessMinutes)
    }

    /// The benchmark as published, if there is one.
    public var benchmark: ServiceQuantity? {
        if let days = standard.benchmarkWorkingDays {
            return ServiceQuantity(value: Double(days), unit: .workingDays)
        }
        return standard.benchmarkMinutes.map { ServiceQuantity(value: Double($0), unit: .businessMinutes) }
    }

    /// ``medianMinutes`` in the target's unit: working days (the office's longest open day,
    /// `minutesPerWorkingDay`, to two decimals) for a target given in days.
    public var median: ServiceQuantity?
}

extension ServiceQuantity {
    /// Business minutes in the unit of `like`: as they are, or in working days of
    /// `minutesPerWorkingDay` minutes, to two decimals.
    static func minutes(_ minutes: Int, like: ServiceQuantity, minutesPerWorkingDay: Int) -> ServiceQuantity {
        guard like.unit == .workingDays, minutesPerWorkingDay > 0 else {
            return ServiceQuantity(value: Double(minutes), unit: .businessMinutes)
        }
        let days = (Double(minutes) / Double(minutesPerWorkingDay) * 100).rounded() / 100
        return ServiceQuantity(value: days, unit: .workingDays)
    }
}

/// An amount of service time, in the unit a standard was published in.
public struct ServiceQuantity: Hashable, Sendable {
    public enum Unit: String, Hashable, Sendable {
        case workingDays = "working_days"
        case businessMinutes = "business_minutes"
    }

    public var value: Double
    public var unit: Unit

    public init(value: Double, unit: Unit) {
        self.value = value
        self.unit = unit
    }
}

/// Figures for one channel or category in a period: complaints received, and measures met and
/// missed (every standard together), decided in the period as ``ServiceDashboard`` says.
public struct GroupFigures: Hashable, Sendable {
    /// The channel name or category id.
    public var id: String
    /// What a person reads: the channel name or the category's title.
    public var title: String
    public var received: Int
    public var met: Int
    public var missed: Int

    public var shareMet: Double? { met + missed == 0 ? nil : Double(met) / Double(met + missed) }
}

/// How many staff barriers and ideas have one status.
public struct StaffIdeaCount: Hashable, Sendable {
    public var status: StaffIdeaStatus
    public var count: Int
}

extension StaffIdeaStatus {
    /// The status as a key for scripts: `under_review`.
    public var key: String { name.replacingOccurrences(of: " ", with: "_") }
}

extension SurveyDriver {
    /// The driver as a key for scripts: `equity`, `employee_helpfulness`.
    public var key: String {
        switch self {
        case .equity: "equity"
        case .employeeHelpfulness: "employee_helpfulness"
        default: name
        }
    }
}

extension ServiceClock {
    /// When this clock's result was settled: when it stopped, if met; when it fell due, if missed
    /// or overdue (the breach stands from then); nil while it runs and is not yet due.
    public var decidedAt: Timestamp? {
        switch state {
        case .met: stoppedAt ?? due
        case .missed, .overdue: due
        case .onTrack, .atRisk: nil
        }
    }
}
