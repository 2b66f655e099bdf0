import Foundation

// Reading the bytes back: unknown fields skipped, wrong tags and missing fields refused.
extension EventCodec {
    /// Decodes a payload held in an array, slice or `Data`.
    public static func decode(_ bytes: some ContiguousBytes) throws(DeskError) -> RecordedEvent {
        do {
            return try bytes.withUnsafeBytes { try decode($0) }
        } catch let e as DeskError {
            throw e
        } catch {
            throw corrupt("\(error)")
        }
    }

    /// Decodes one payload; any damage is a `.corruptEvent` error saying what was wrong.
    public static func decode(_ buffer: UnsafeRawBufferPointer) throws(DeskError) -> RecordedEvent {
        var r = Reader(buffer)
        let schema = try r.byte()
        guard schema == schemaVersion else {
            if schema > schemaVersion {
                throw corrupt(
                    "event written with schema \(schema) by a newer desk; this desk reads schema \(schemaVersion)"
                )
            }
            throw corrupt("unknown event schema \(schema)")
        }
        let typeByte = try r.byte()
        guard let code = Code(rawValue: typeByte) else { throw corrupt("unknown event type \(typeByte)") }
        let at = try r.signed()
        let actor = try r.string()
        let count = try r.unsigned()
        guard count <= UInt64(buffer.count) else { throw corrupt("field count \(count) exceeds the payload") }
        let event = try decodeEvent(code, &r, count: Int(count))
        guard r.atEnd else { throw corrupt("\(r.remaining) unexpected bytes after the event") }
        return RecordedEvent(actor: actor, at: Timestamp(milliseconds: at), event: event)
    }

    static func corrupt(_ message: String) -> DeskError {
        DeskError(.corruptEvent, "unreadable event: " + message)
    }

    private static func decodeEvent(_ code: Code, _ r: inout Reader, count: Int) throws(DeskError)
        -> DeskEvent
    {
        var id: UInt64 = 0
        var s1: Int64 = 0
        var u2: UInt64 = 0
        var u3: UInt64 = 0
        var s2 = ""
        var s3 = ""
        var s4 = ""
        var has3 = false
        switch code {
        case .officeConfigured: return try decodeOffice(&r, count: count)
        case .rolesPublished:
            var roles = RolePolicy(supervisors: [])
            try r.fields(count) { (key, tag, r) throws(DeskError) in
                switch (key, tag) {
                case (1, 1): roles.supervisors.append(try r.string())
                case (2, 1): roles.supervisorGroup = try r.string()
                case (3, 1): roles.clerks.append(try r.string())
                case (4, 1): roles.clerkGroup = try r.string()
                default: try r.skip(tag)
                }
            }
            return .rolesPublished(roles)
        case .standardPublished: return try decodeStandard(&r, count: count)
        case .complaintReceived: return try decodeReceived(&r, count: count)
        case .surveyRecorded:
            var scores: [UInt8] = []
            var texts: [String] = []
            try r.fields(count) { (key, tag, r) throws(DeskError) in
                switch (key, tag) {
                case (1, 0): id = try r.unsigned()
                case (2, 0): u2 = try r.unsigned()
                case (3, 1): scores = Array(try r.bytes())
                case (4, 1): texts.append(try r.string())
                default: try r.skip(tag)
                }
            }
            var answers = SurveyAnswers(freeText: texts)
            for d in SurveyDriver.allCases where Int(d.rawValue) < scores.count {
                let v = Int(scores[Int(d.rawValue)])
                guard v <= 5 else { throw corrupt("survey score \(v) is outside 1–5") }
                answers[d] = v == 0 ? nil : v
            }
            return .surveyRecorded(try complaintID(id), channel: try channel(u2), answers: answers)
        default:
            try r.fields(count) { (key, tag, r) throws(DeskError) in
                switch (key, tag) {
                case (1, 0): id = try r.unsigned()
                case (1, 2): s1 = try r.signed()
                case (2, 0): u2 = try r.unsigned()
                case (2, 1): s2 = try r.string()
                case (3, 0): u3 = try r.unsigned()
                case (3, 1):
                    s3 = try r.string()
                    has3 = true
                case (4, 1): s4 = try r.string()
                default: try r.skip(tag)
                }
            }
        }
        switch code {
        case .acknowledged: return .acknowledged(try complaintID(id))
        case .resumed: return .resumed(try complaintID(id))
        case .assessed:
            guard let s = Severity(rawValue: UInt8(clamping: u2)) else {
                throw corrupt("unknown severity \(u2)")
            }
            return .assessed(try complaintID(id), severity: s, urgent: u3 != 0)
        case .claimed: return .claimed(try complaintID(id), clerk: s2)
        case .transferred:
            return .transferred(try complaintID(id), category: s2, clerk: has3 ? s3 : nil, reason: s4)
        case .escalated: return .escalated(try complaintID(id), reason: s2)
        case .paused: return .paused(try complaintID(id), reason: s2)
        case .reopened: return .reopened(try complaintID(id), reason: s2)
        case .withdrawn: return .withdrawn(try complaintID(id), reason: s2)
        case .noteAdded: return .noteAdded(try complaintID(id), text: s2, customerVisible: u3 != 0)
        case .responded:
            guard let d = Decision(rawValue: UInt8(clamping: u2)) else {
                throw corrupt("unknown decision \(u2)")
            }
            return .responded(try complaintID(id), decision: d, reasons: s3, remedyOffered: s4)
        case .closed:
            guard let a = Acceptance(rawValue: UInt8(clamping: u2)) else {
                throw corrupt("unknown acceptance \(u2)")
            }
            return .closed(try complaintID(id), acceptance: a, recourse: s3)
        case .surveyOffered: return .surveyOffered(try complaintID(id), channel: try channel(u2))
        case .staffIdeaSubmitted:
            guard let k = StaffIdeaKind(rawValue: UInt8(clamping: u2)) else {
                throw corrupt("unknown idea kind \(u2)")
            }
            return .staffIdeaSubmitted(try ideaID(id), kind: k, text: s3)
        case .staffIdeaStatusChanged:
            guard let s = StaffIdeaStatus(rawValue: UInt8(clamping: u2)) else {
                throw corrupt("unknown idea status \(u2)")
            }
            return .staffIdeaStatusChanged(try ideaID(id), status: s, note: s3)
        case .idsReserved:
            return .idsReserved(
                complaintsThrough: id == 0 ? nil : try complaintID(id),
                ideasThrough: u2 == 0 ? nil : try ideaID(u2))
        case .clockAccepted:
            return .clockAccepted(latestInLog: Timestamp(milliseconds: s1))
        case .officeConfigured, .rolesPublished, .standardPublished, .complaintReceived, .surveyRecorded:
            throw corrupt("internal: unreachable event type")
        }
    }

    private static func complaintID(_ v: UInt64) throws(DeskError) -> ComplaintID {
        guard v > 0, v <= UInt64(UInt32.max) else {
            throw corrupt("complaint number \(v) is missing or out of range")
        }
        return ComplaintID(UInt32(v))
    }

    private static func ideaID(_ v: UInt64) throws(DeskError) -> StaffIdeaID {
        guard v > 0, v <= UInt64(UInt32.max) else {
            throw corrupt("staff idea number \(v) is missing or out of range")
        }
        return StaffIdeaID(UInt32(v))
    }

    private static func channel(_ v: UInt64) throws(DeskError) -> Channel {
        guard let c = Channel(rawValue: UInt8(clamping: v)) else { throw corrupt("unknown channel \(v)") }
        return c
    }

    private static func decodeReceived(_ r: inout Reader, count: Int) throws(DeskError) -> DeskEvent {
        var id: UInt64 = 0
        var receivedAt: Int64 = 0
        var ch: UInt64 = 0
        var category = ""
        var summary = ""
        var details = ""
        var remedy = ""
        var customer = Customer(name: "")
        try r.fields(count) { (key, tag, r) throws(DeskError) in
            switch (key, tag) {
            case (1, 0): id = try r.unsigned()
            case (2, 2): receivedAt = try r.signed()
            case (3, 0): ch = try r.unsigned()
            case (4, 1): category = try r.string()
            case (5, 1): summary = try r.string()
            case (6, 1): details = try r.string()
            case (7, 1): remedy = try r.string()
            case (8, 1):
                var n = Reader(try r.bytes())
                try n.fieldsToEnd { (key, tag, n) throws(DeskError) in
                    switch (key, tag) {
                    case (1, 1): customer.name = try n.string()
                    case (2, 1): customer.email = try n.string()
                    case (3, 1): customer.phone = try n.string()
                    case (4, 0): customer.preferredReply = try channel(try n.unsigned())
                    case (5, 1): customer.accessibilityNeeds = try n.string()
                    case (6, 1): customer.group = try n.string()
                    case (7, 1): customer.address = try n.string()
                    default: try n.skip(tag)
                    }
                }
            default: try r.skip(tag)
            }
        }
        return .complaintReceived(
            try complaintID(id),
            ComplaintIntake(
                channel: try channel(ch), category: category, summary: summary, details: details,
                remedySought: remedy,
                customer: customer, receivedAt: Timestamp(milliseconds: receivedAt)))
    }

    private static func decodeOffice(_ r: inout Reader, count: Int) throws(DeskError) -> DeskEvent {
        var name = ""
        var zone = ""
        var hours: [Weekday: OpeningHours] = [:]
        var holidays: Set<CalendarDate> = []
        var categories: [Category] = []
        var channels: [Channel] = []
        var version: UInt64 = 1
        var window: UInt64 = UInt64(OfficeConfiguration.defaultBackdatingWindowDays)
        var contact = ""
        var escalation = ""
        try r.fields(count) { (key, tag, r) throws(DeskError) in
            switch (key, tag) {
            case (1, 1): name = try r.string()
            case (2, 1): zone = try r.string()
            case (3, 1):
                var n = Reader(try r.bytes())
                var day: UInt64 = 99
                var opens: UInt64 = 0
                var closes: UInt64 = 0
                try n.fieldsToEnd { (key, tag, n) throws(DeskError) in
                    switch (key, tag) {
                    case (1, 0): day = try n.unsigned()
                    case (2, 0): opens = try n.unsigned()
                    case (3, 0): closes = try n.unsigned()
                    default: try n.skip(tag)
                    }
                }
                guard let d = Weekday(rawValue: Int(clamping: day)), opens < 1441, closes < 1441 else {
                    throw corrupt("opening hours out of range")
                }
                hours[d] = OpeningHours(opens: Int(opens), closes: Int(closes))
            case (4, 2):
                let n = try r.signed()
                guard abs(n) < 3_000_000 else { throw corrupt("holiday out of range") }
                holidays.insert(CalendarDate(dayNumber: Int(n)))
            case (5, 1):
                var n = Reader(try r.bytes())
                var c = Category(id: "", title: "")
                try n.fieldsToEnd { (key, tag, n) throws(DeskError) in
                    switch (key, tag) {
                    case (1, 1): c.id = try n.string()
                    case (2, 1): c.title = try n.string()
                    default: try n.skip(tag)
                    }
                }
                categories.append(c)
            case (6, 0): channels.append(try channel(try r.unsigned()))
            case (7, 0): version = try r.unsigned()
            case (8, 0): window = try r.unsigned()
            case (9, 1): contact = try r.string()
            case (10, 1): escalation = try r.string()
            default: try r.skip(tag)
            }
        }
        let calendar: BusinessCalendar
        do {
            calendar = try BusinessCalendar(timeZone: zone, hours: hours, holidays: holidays)
        } catch {
            throw corrupt("office calendar: \(error.message)")
        }
        return .officeConfigured(
            OfficeConfiguration(
                name: name, calendar: calendar, categories: categories, channels: channels,
                version: Int(clamping: version), backdatingWindowDays: Int(clamping: window),
                contact: contact, escalation: escalation))
    }

    private static func decodeStandard(_ r: inout Reader, count: Int) throws(DeskError) -> DeskEvent {
        var s = ServiceStandard(
            id: "", wording: "", measure: .acknowledgement, targetMinutes: 0, threshold: 0, version: 0,
            effective: Timestamp(milliseconds: 0))
        try r.fields(count) { (key, tag, r) throws(DeskError) in
            switch (key, tag) {
            case (1, 1): s.id = try r.string()
            case (2, 1): s.wording = try r.string()
            case (3, 0):
                let v = try r.unsigned()
                guard let m = Measure(rawValue: UInt8(clamping: v)) else {
                    throw corrupt("unknown measure \(v)")
                }
                s.measure = m
            case (4, 1): s.categories.append(try r.string())
            case (5, 0): s.channels.append(try channel(try r.unsigned()))
            case (6, 0): s.targetMinutes = Int(clamping: try r.unsigned())
            case (7, 0): s.threshold = Double(try r.unsigned()) / 1_000_000
            case (8, 0): s.benchmarkMinutes = Int(clamping: try r.unsigned())
            case (9, 1): s.benchmarkSource = try r.string()
            case (10, 0): s.version = Int(clamping: try r.unsigned())
            case (11, 2): s.effective = Timestamp(milliseconds: try r.signed())
            case (12, 0): s.targetWorkingDays = Int(clamping: try r.unsigned())
            case (13, 0): s.benchmarkWorkingDays = Int(clamping: try r.unsigned())
            default: try r.skip(tag)
            }
        }
        return .standardPublished(s)
    }
}
