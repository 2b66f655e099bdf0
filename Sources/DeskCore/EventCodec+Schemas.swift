// The schemas of the office's own events (configuration, roles, standards) and of a received
// complaint: one definition per event type, read by encoding, decoding and the dump.

extension EventCodec {
    /// Every event type's schema, by type code.
    static let schemas: [AnyEventSchema?] = {
        let all: [AnyEventSchema] =
            [office.erased, roles.erased, standard.erased, received.erased] + complaintSchemas + otherSchemas
        var byCode = [AnyEventSchema?](repeating: nil, count: 256)
        for schema in all {
            precondition(byCode[Int(schema.code.rawValue)] == nil, "two schemas for \(schema.code)")
            byCode[Int(schema.code.rawValue)] = schema
        }
        for code in Code.allCases { precondition(byCode[Int(code.rawValue)] != nil, "no schema for \(code)") }
        return byCode
    }()

    static func schema(_ code: Code) -> AnyEventSchema {
        // Every code has one (checked when the list is made).
        schemas[Int(code.rawValue)].unsafelyUnwrapped
    }

    // MARK: officeConfigured

    struct OfficeValue: Sendable {
        var name = ""
        var timeZone = ""
        /// In weekday order, only the days the office opens.
        var hours: [DayHours] = []
        /// In date order.
        var holidays: [CalendarDate] = []
        var categories: [Category] = []
        var channels: [Channel] = []
        var version = 1
        var backdatingWindowDays = OfficeConfiguration.defaultBackdatingWindowDays
        var contact = ""
        var escalation = ""
    }

    /// One weekday's opening hours, as minutes after local midnight.
    struct DayHours: Sendable {
        var day: UInt64 = 99
        var opens: UInt64 = 0
        var closes: UInt64 = 0
    }

    static let dayHours = FieldTable<DayHours>(
        "officeConfigured hours",
        [.unsigned(1, "day", \.day), .unsigned(2, "opens", \.opens), .unsigned(3, "closes", \.closes)])

    static let category = FieldTable<Category>(
        "officeConfigured category", [.text(1, "id", \.id), .text(2, "title", \.title)])

    static let office = EventSchema<OfficeValue>(
        .officeConfigured, empty: OfficeValue(), dumpOrder: [1, 7, 2, 3, 4, 5, 6, 8, 9, 10],
        [
            .text(1, "name", \.name),
            .text(2, "time_zone", \.timeZone),
            .nestedList(
                3, "hours", dayHours, \.hours, empty: DayHours(),
                shown: { days in
                    .object(
                        days.map { h in
                            (
                                Weekday(rawValue: Int(clamping: h.day)).map(\.name) ?? "\(h.day)",
                                .string(hoursShown(h))
                            )
                        })
                }),
            FieldSpec(
                key: 4, name: "holidays", tag: .signed,
                write: { v, w in for d in v.holidays { w.field(4, signed: Int64(d.dayNumber)) } },
                read: { (v, r) throws(DeskError) in
                    let n = try r.signed()
                    guard n > -3_000_000, n < 3_000_000 else { throw corrupt("holiday out of range") }
                    v.holidays.append(CalendarDate(dayNumber: Int(n)))
                },
                dump: { v in .array(v.holidays.map { .string($0.description) }) }),
            .nestedList(5, "categories", category, \.categories, empty: Category(id: "", title: "")),
            .choices(6, "channels", \.channels),
            .count(7, "version", \.version),
            .count(8, "backdating_window_days", \.backdatingWindowDays),
            .text(9, "contact", \.contact, omitEmpty: true),
            .text(10, "escalation", \.escalation, omitEmpty: true),
        ],
        value: { event in
            guard case .officeConfigured(let o) = event else { return nil }
            let hours = Weekday.allCases.compactMap { day in
                o.calendar.weeklyHours[day.rawValue].map {
                    DayHours(day: UInt64(day.rawValue), opens: UInt64($0.opens), closes: UInt64($0.closes))
                }
            }
            return OfficeValue(
                name: o.name, timeZone: o.calendar.timeZoneIdentifier, hours: hours,
                holidays: o.calendar.holidays.sorted(), categories: o.categories, channels: o.channels,
                version: o.version, backdatingWindowDays: o.backdatingWindowDays, contact: o.contact,
                escalation: o.escalation)
        },
        event: { (v) throws(DeskError) in
            var hours: [Weekday: OpeningHours] = [:]
            for h in v.hours {
                guard let day = Weekday(rawValue: Int(clamping: h.day)), h.opens < 1441, h.closes < 1441
                else {
                    throw corrupt("opening hours out of range")
                }
                hours[day] = OpeningHours(opens: Int(h.opens), closes: Int(h.closes))
            }
            let calendar: BusinessCalendar
            do throws(DeskError) {
                calendar = try BusinessCalendar(timeZone: v.timeZone, hours: hours, holidays: Set(v.holidays))
            } catch {
                throw corrupt("office calendar: \(error.message)")
            }
            return .officeConfigured(
                OfficeConfiguration(
                    name: v.name, calendar: calendar, categories: v.categories, channels: v.channels,
                    version: v.version, backdatingWindowDays: v.backdatingWindowDays, contact: v.contact,
                    escalation: v.escalation))
        })

    /// `09:00-17:30`.
    private static func hoursShown(_ h: DayHours) -> String {
        let opens = Int(clamping: h.opens)
        let closes = Int(clamping: h.closes)
        return "\(pad(opens / 60, 2)):\(pad(opens % 60, 2))-\(pad(closes / 60, 2)):\(pad(closes % 60, 2))"
    }

    // MARK: rolesPublished

    static let roles = EventSchema<RolePolicy>(
        .rolesPublished, empty: RolePolicy(supervisors: []),
        [
            .texts(1, "supervisors", \.supervisors),
            .text(2, "supervisor_group", \.supervisorGroup),
            .texts(3, "clerks", \.clerks),
            .text(4, "clerk_group", \.clerkGroup),
        ],
        value: { event in
            guard case .rolesPublished(let roles) = event else { return nil }
            return roles
        },
        event: { .rolesPublished($0) })

    // MARK: standardPublished

    static let standard = EventSchema<ServiceStandard>(
        .standardPublished,
        empty: ServiceStandard(
            id: "", wording: "", measure: .acknowledgement, targetMinutes: 0, threshold: 0, version: 0,
            effective: Timestamp(milliseconds: 0)),
        dumpOrder: [1, 10, 2, 3, 4, 5, 6, 7, 11, 12, 8, 13, 9],
        [
            .text(1, "standard", \.id),
            .text(2, "wording", \.wording),
            .choice(3, "measure", \.measure),
            .texts(4, "categories", \.categories),
            .choices(5, "channels", \.channels),
            .count(6, "target_minutes", \.targetMinutes),
            // A share, in millionths.
            FieldSpec(
                key: 7, name: "threshold", tag: .unsigned,
                write: { v, w in w.field(7, UInt64(max(0, (v.threshold * 1_000_000).rounded()))) },
                read: { (v, r) throws(DeskError) in v.threshold = Double(try r.unsigned()) / 1_000_000 },
                dump: { .double($0.threshold) }),
            .optionalCount(8, "benchmark_minutes", \.benchmarkMinutes),
            .text(9, "benchmark_source", \.benchmarkSource, omitEmpty: true),
            .count(10, "version", \.version),
            .time(11, "effective", \.effective),
            .optionalCount(12, "target_working_days", \.targetWorkingDays),
            .optionalCount(13, "benchmark_working_days", \.benchmarkWorkingDays),
        ],
        value: { event in
            guard case .standardPublished(let s) = event else { return nil }
            return s
        },
        event: { .standardPublished($0) })

    // MARK: complaintReceived

    struct ReceivedValue: Sendable {
        var id: UInt64 = 0
        var intake = ComplaintIntake(
            channel: .counter, category: "", summary: "", customer: Customer(name: ""),
            receivedAt: Timestamp(milliseconds: 0))
    }

    static let customer = FieldTable<Customer>(
        "complaintReceived customer",
        [
            .text(1, "name", \.name),
            .text(2, "email", \.email, omitEmpty: true),
            .text(3, "phone", \.phone, omitEmpty: true),
            .optionalChoice(4, "preferred_reply", \.preferredReply),
            .text(5, "accessibility_needs", \.accessibilityNeeds, omitEmpty: true),
            .text(6, "group", \.group, omitEmpty: true),
            .text(7, "address", \.address, omitEmpty: true),
        ])

    static let received = EventSchema<ReceivedValue>(
        .complaintReceived, empty: ReceivedValue(),
        [
            .complaint(\.id),
            .time(2, "received_at", \.intake.receivedAt),
            .choice(3, "channel", \.intake.channel),
            .text(4, "category", \.intake.category),
            .text(5, "summary", \.intake.summary),
            .text(6, "details", \.intake.details, omitEmpty: true),
            .text(7, "remedy_sought", \.intake.remedySought, omitEmpty: true),
            .nested(8, "customer", customer, \.intake.customer),
        ],
        value: { event in
            guard case .complaintReceived(let id, let intake) = event else { return nil }
            return ReceivedValue(id: UInt64(id.number), intake: intake)
        },
        event: { (v) throws(DeskError) in .complaintReceived(try complaintID(v.id), v.intake) })
}
