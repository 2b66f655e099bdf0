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
        var customerGroups: [String] = []
        var kioskQuietTimeoutSeconds = OfficeConfiguration.defaultKioskQuietTimeoutSeconds
        var printer = ""
    }

    /// One weekday's opening hours, as minutes after local midnight.
    struct DayHours: Sendable {
        var day: UInt64 = 99
        var opens: UInt64 = 0
        var closes: UInt64 = 0
    }

    static let dayHours = FieldTable<DayHours>(
        "officeConfigured hours",
        [
            .unsigned(1, "day", { $0.day }, { $0.day = $1 }),
            .unsigned(2, "opens", { $0.opens }, { $0.opens = $1 }),
            .unsigned(3, "closes", { $0.closes }, { $0.closes = $1 }),
        ])

    static let category = FieldTable<Category>(
        "officeConfigured category",
        [.text(1, "id", { $0.id }, { $0.id = $1 }), .text(2, "title", { $0.title }, { $0.title = $1 })])

    static let office = EventSchema<OfficeValue>(
        .officeConfigured, empty: OfficeValue(), dumpOrder: [1, 7, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12, 13],
        [
            .text(1, "name", { $0.name }, { $0.name = $1 }),
            .text(2, "time_zone", { $0.timeZone }, { $0.timeZone = $1 }),
            .nestedList(
                3, "hours", dayHours, { $0.hours }, { $0.hours.append($1) }, empty: DayHours(),
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
            .nestedList(
                5, "categories", category, { $0.categories }, { $0.categories.append($1) },
                empty: Category(id: "", title: "")),
            .choices(6, "channels", { $0.channels }, { $0.channels.append($1) }),
            .count(7, "version", { $0.version }, { $0.version = $1 }),
            .count(
                8, "backdating_window_days", { $0.backdatingWindowDays }, { $0.backdatingWindowDays = $1 },
                omitting: OfficeConfiguration.defaultBackdatingWindowDays),
            .text(9, "contact", { $0.contact }, { $0.contact = $1 }, omitEmpty: true),
            .text(10, "escalation", { $0.escalation }, { $0.escalation = $1 }, omitEmpty: true),
            // Added later: none is neither written nor shown, so older records read and dump as before.
            .texts(
                11, "customer_groups", { $0.customerGroups }, { $0.customerGroups.append($1) },
                omitEmpty: true),
            // Added later (issue 12): no printer is neither written nor shown.
            .text(12, "printer", { $0.printer }, { $0.printer = $1 }, omitEmpty: true, dumpEmpty: false),
            // Key 13 (12 is the printer's): the default is neither written nor shown.
            .laterCount(
                13, "kiosk_quiet_timeout", { $0.kioskQuietTimeoutSeconds },
                { $0.kioskQuietTimeoutSeconds = $1 },
                omitting: OfficeConfiguration.defaultKioskQuietTimeoutSeconds),
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
                escalation: o.escalation, customerGroups: o.customerGroups,
                kioskQuietTimeoutSeconds: o.kioskQuietTimeoutSeconds, printer: o.printer)
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
            var office = OfficeConfiguration(
                name: v.name, calendar: calendar, categories: v.categories, channels: v.channels,
                version: v.version, backdatingWindowDays: v.backdatingWindowDays, contact: v.contact,
                escalation: v.escalation, customerGroups: v.customerGroups, printer: v.printer)
            office.kioskQuietTimeoutSeconds = v.kioskQuietTimeoutSeconds
            return .officeConfigured(office)
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
            .texts(1, "supervisors", { $0.supervisors }, { $0.supervisors.append($1) }),
            .text(2, "supervisor_group", { $0.supervisorGroup }, { $0.supervisorGroup = $1 }),
            .texts(3, "clerks", { $0.clerks }, { $0.clerks.append($1) }),
            .text(4, "clerk_group", { $0.clerkGroup }, { $0.clerkGroup = $1 }),
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
            .text(1, "standard", { $0.id }, { $0.id = $1 }),
            .text(2, "wording", { $0.wording }, { $0.wording = $1 }),
            .choice(3, "measure", { $0.measure }, { $0.measure = $1 }),
            .texts(4, "categories", { $0.categories }, { $0.categories.append($1) }),
            .choices(5, "channels", { $0.channels }, { $0.channels.append($1) }),
            .count(6, "target_minutes", { $0.targetMinutes }, { $0.targetMinutes = $1 }),
            // A share, in millionths.
            FieldSpec(
                key: 7, name: "threshold", tag: .unsigned,
                write: { v, w in w.field(7, UInt64(max(0, (v.threshold * 1_000_000).rounded()))) },
                read: { (v, r) throws(DeskError) in v.threshold = Double(try r.unsigned()) / 1_000_000 },
                dump: { .double($0.threshold) }),
            .optionalCount(8, "benchmark_minutes", { $0.benchmarkMinutes }, { $0.benchmarkMinutes = $1 }),
            .text(
                9, "benchmark_source", { $0.benchmarkSource }, { $0.benchmarkSource = $1 }, omitEmpty: true),
            .count(10, "version", { $0.version }, { $0.version = $1 }),
            .time(11, "effective", { $0.effective }, { $0.effective = $1 }),
            .optionalCount(
                12, "target_working_days", { $0.targetWorkingDays }, { $0.targetWorkingDays = $1 }),
            .optionalCount(
                13, "benchmark_working_days", { $0.benchmarkWorkingDays }, { $0.benchmarkWorkingDays = $1 }),
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
            .text(1, "name", { $0.name }, { $0.name = $1 }),
            .text(2, "email", { $0.email }, { $0.email = $1 }, omitEmpty: true),
            .text(3, "phone", { $0.phone }, { $0.phone = $1 }, omitEmpty: true),
            .optionalChoice(4, "preferred_reply", { $0.preferredReply }, { $0.preferredReply = $1 }),
            .text(
                5, "accessibility_needs", { $0.accessibilityNeeds }, { $0.accessibilityNeeds = $1 },
                omitEmpty: true),
            .text(6, "group", { $0.group }, { $0.group = $1 }, omitEmpty: true),
            .text(7, "address", { $0.address }, { $0.address = $1 }, omitEmpty: true),
        ])

    static let received = EventSchema<ReceivedValue>(
        .complaintReceived, empty: ReceivedValue(),
        [
            .complaint({ $0.id }, { $0.id = $1 }),
            .time(2, "received_at", { $0.intake.receivedAt }, { $0.intake.receivedAt = $1 }),
            .choice(3, "channel", { $0.intake.channel }, { $0.intake.channel = $1 }),
            .text(4, "category", { $0.intake.category }, { $0.intake.category = $1 }),
            .text(5, "summary", { $0.intake.summary }, { $0.intake.summary = $1 }),
            .text(6, "details", { $0.intake.details }, { $0.intake.details = $1 }, omitEmpty: true),
            .text(
                7, "remedy_sought", { $0.intake.remedySought }, { $0.intake.remedySought = $1 },
                omitEmpty: true),
            .nested(8, "customer", customer, { $0.intake.customer }, { $0.intake.customer = $1 }),
        ],
        value: { event in
            guard case .complaintReceived(let id, let intake) = event else { return nil }
            return ReceivedValue(id: UInt64(id.number), intake: intake)
        },
        event: { (v) throws(DeskError) in .complaintReceived(try complaintID(v.id), v.intake) })
}
