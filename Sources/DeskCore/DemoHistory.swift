/// A deterministic, believable history of an office for demos and benchmarks: names in many
/// scripts, every channel and category, pauses, transfers, escalations, reopenings, late
/// replies, surveys and staff ideas.
///
/// Iterate it to get events in time order (the order a log would hold them). Complaints still
/// in progress at the end stay open, so the queue has work in it. Equal seeds give equal
/// histories on every machine.
public struct DemoHistory: Sequence, IteratorProtocol {
    public static let office = OfficeConfiguration(
        name: "Riverside Civic Office",
        calendar: try! BusinessCalendar(
            timeZone: "Europe/London",
            hours: [
                .monday: OpeningHours(9, 0, 17, 0), .tuesday: OpeningHours(9, 0, 17, 0),
                .wednesday: OpeningHours(9, 0, 17, 0), .thursday: OpeningHours(9, 0, 19, 0),
                .friday: OpeningHours(9, 0, 16, 30),
            ],
            holidays: Set(
                (2024...2030).flatMap { y in
                    [
                        CalendarDate(year: y, month: 1, day: 1), CalendarDate(year: y, month: 12, day: 25),
                        CalendarDate(year: y, month: 12, day: 26),
                    ]
                })),
        categories: [
            Category(id: "parking", title: "Parking and permits"),
            Category(id: "housing", title: "Housing repairs"),
            Category(id: "waste", title: "Bins and street cleaning"),
            Category(id: "benefits", title: "Benefits"),
            Category(id: "council-tax", title: "Council tax"), Category(id: "noise", title: "Noise"),
            Category(id: "staff", title: "Staff conduct"),
        ])

    /// Three standards: acknowledge in 2 working days, respond in 10, resolve in 20.
    public static func standards(effective: Timestamp) -> [ServiceStandard] {
        [
            ServiceStandard(
                id: "acknowledge", wording: "We will acknowledge your complaint within 2 working days.",
                measure: .acknowledgement, targetMinutes: 960, threshold: 0.95, benchmarkMinutes: 480,
                benchmarkSource: "demo figure: replace with a published benchmark", version: 1,
                effective: effective),
            ServiceStandard(
                id: "respond", wording: "We will give you a full response within 10 working days.",
                measure: .response,
                targetMinutes: 4800, threshold: 0.9, benchmarkMinutes: 4800,
                benchmarkSource: "demo figure: replace with a published benchmark", version: 1,
                effective: effective),
            ServiceStandard(
                id: "resolve", wording: "We will close your complaint within 20 working days.",
                measure: .resolution,
                targetMinutes: 9600, threshold: 0.8, version: 1, effective: effective),
        ]
    }

    /// A start date such that `complaints` arrivals end near `end`.
    ///
    /// Arrivals are spaced by a random 1…gap business minutes (mean (gap + 1) / 2), so their span
    /// in business time is known on average; it is turned into calendar days through the office's
    /// open minutes per week, with two days to spare. Events after `end` (follow-ups of the last
    /// arrivals, and now and then the last few arrivals themselves) are for the caller to drop.
    public static func start(forComplaints n: Int, endingNear end: Timestamp) -> Timestamp {
        let calendar = office.calendar
        let gap = Swift.max(1, 2 * calendar.minutesPerWorkingDay / perDay(n))
        let businessMinutes = Double(Swift.max(1, n)) * Double(gap + 1) / 2
        let minutesPerWeek = Double(
            calendar.weeklyHours.compactMap { $0.map { $0.closes - $0.opens } }.reduce(0, +))
        let days = Int((businessMinutes / minutesPerWeek * 7).rounded(.up)) + 2
        return end.adding(minutes: -days * 1440)
    }

    static func perDay(_ n: Int) -> Int { Swift.max(20, n / 500) }

    public let seed: UInt64
    public let complaints: Int
    public let start: Timestamp
    private var rng: SplitMix64
    private var pending = EventHeap()
    private var produced = 0
    private var arrivals = 0
    private var cursor: Timestamp
    private var finalTime: Int64 = .max
    private var ideas: UInt32 = 0
    private var order: UInt64 = 0
    private let calendar = DemoHistory.office.calendar

    public init(seed: UInt64, complaints: Int, start: Timestamp) {
        self.seed = seed
        self.complaints = Swift.max(0, complaints)
        self.start = start
        rng = SplitMix64(seed: seed)
        cursor = DemoHistory.office.calendar.nextOpening(after: start)
        push(start, "supervisor", .officeConfigured(DemoHistory.office))
        for s in DemoHistory.standards(effective: start) { push(start, "supervisor", .standardPublished(s)) }
    }

    private mutating func push(_ at: Timestamp, _ actor: String, _ event: DeskEvent) {
        order += 1
        pending.push(
            HeapEntry(
                at: at.milliseconds, order: order, event: RecordedEvent(actor: actor, at: at, event: event)))
    }

    public mutating func next() -> RecordedEvent? {
        while true {
            if arrivals < complaints, pending.top.map({ $0.at > cursor.milliseconds }) ?? true {
                arrive()
                continue
            }
            guard let e = pending.pop() else { return nil }
            if e.at > finalTime {
                pending.removeAll()
                return nil
            }
            return e.event
        }
    }

    // MARK: Making up a complaint

    private mutating func pick<T>(_ list: [T]) -> T { list[rng.below(list.count)] }

    private mutating func later(_ t: Timestamp, businessMinutes lo: Int, _ hi: Int) -> Timestamp {
        calendar.add(businessMinutes: lo + rng.below(Swift.max(1, hi - lo)), to: t).adding(
            milliseconds: Int64(rng.below(60_000)))
    }

    private mutating func arrive() {
        arrivals += 1
        let id = ComplaintID(UInt32(arrivals))
        let channel = Channel.allCases[weightedChannel()]
        // Web and email arrive at any hour (often overnight, recorded when read); the rest
        // during opening hours. Recording stays in time order, so ids do too.
        let recorded = cursor
        var received = cursor
        if channel == .web || channel == .email, rng.chance(0.3) {
            received = cursor.adding(minutes: -1 - rng.below(900))
        }
        let gap = Swift.max(
            1, 2 * DemoHistory.office.calendar.minutesPerWorkingDay / DemoHistory.perDay(complaints))
        cursor = calendar.add(businessMinutes: rng.below(gap) + 1, to: cursor)
        if arrivals == complaints { finalTime = cursor.milliseconds + 2 * 3_600_000 }

        let categories = DemoHistory.office.categories
        let category = categories[rng.below(categories.count)].id
        let intakeClerk = channel == .web ? "web" : channel == .kiosk ? "kiosk" : pick(Self.clerks)
        let customer = makeCustomer()
        let (summary, details, remedy) = makeText(category)
        push(
            recorded, intakeClerk,
            .complaintReceived(
                id,
                ComplaintIntake(
                    channel: channel, category: category, summary: summary, details: details,
                    remedySought: remedy,
                    customer: customer, receivedAt: received)))

        var t = recorded
        let late = rng.chance(0.08)
        t = later(t, businessMinutes: late ? 1000 : 5, late ? 2400 : 900)
        let clerk = pick(Self.clerks)
        push(t, clerk, .acknowledged(id))
        if rng.chance(0.05) {
            t = later(t, businessMinutes: 10, 200)
            push(t, clerk, .withdrawn(id, reason: "The customer no longer needs this"))
            return
        }
        t = later(t, businessMinutes: 5, 120)
        let urgent = rng.chance(0.04)
        push(t, clerk, .assessed(id, severity: Severity.allCases[rng.below(4)], urgent: urgent))
        t = later(t, businessMinutes: 1, 60)
        push(t, clerk, .claimed(id, clerk: clerk))
        var holder = clerk
        if rng.chance(0.1) {
            t = later(t, businessMinutes: 30, 600)
            let to = pick(Self.clerks)
            push(
                t, holder,
                .transferred(id, category: pick(categories).id, clerk: to, reason: "Better placed team"))
            holder = to
        }
        if rng.chance(0.05) {
            t = later(t, businessMinutes: 30, 600)
            push(t, holder, .escalated(id, reason: "Repeat complaint; needs a supervisor"))
        }
        if rng.chance(0.3) {
            t = later(t, businessMinutes: 10, 300)
            push(t, holder, .noteAdded(id, text: pick(Self.notes), customerVisible: rng.chance(0.4)))
        }
        if rng.chance(0.15) {
            t = later(t, businessMinutes: 30, 900)
            push(t, holder, .paused(id, reason: "Waiting for the customer's documents"))
            t = t.adding(minutes: 60 * (12 + rng.below(24 * 6)))
            push(t, holder, .resumed(id))
        }
        let lateResponse = rng.chance(0.1)
        t = later(t, businessMinutes: lateResponse ? 4800 : 120, lateResponse ? 9000 : 4200)
        let decision = Decision.allCases[rng.below(3)]
        push(
            t, holder,
            .responded(
                id, decision: decision, reasons: pick(Self.reasons),
                remedyOffered: decision == .notUpheld ? "" : pick(Self.remedies)))
        if rng.chance(0.6) {
            push(later(t, businessMinutes: 0, 30), holder, .surveyOffered(id, channel: channel))
            if rng.chance(0.45) { pushSurvey(id, channel, at: later(t, businessMinutes: 30, 2000)) }
        }
        t = later(t, businessMinutes: 30, 2400)
        push(
            t, holder,
            .closed(
                id, acceptance: Acceptance.allCases[rng.below(3)],
                recourse: "You may ask the Ombudsman to review our decision."))
        if rng.chance(0.05) {
            t = later(t, businessMinutes: 600, 4800)
            push(
                t, pick(Self.clerks), .reopened(id, reason: "The customer says the remedy was not delivered"))
            t = later(t, businessMinutes: 120, 5000)
            push(
                t, holder,
                .responded(
                    id, decision: .upheld, reasons: "We checked again and put it right",
                    remedyOffered: "Apology and refund"))
            t = later(t, businessMinutes: 30, 600)
            push(t, holder, .closed(id, acceptance: .accepted, recourse: ""))
        }
        if rng.chance(0.005) {
            ideas += 1
            let idea = StaffIdeaID(ideas)
            let anonymous = rng.chance(0.5)
            push(
                recorded, anonymous ? "" : pick(Self.clerks),
                .staffIdeaSubmitted(
                    idea, kind: rng.chance(0.5) ? .barrier : .idea, text: pick(Self.staffIdeas)))
            push(
                later(recorded, businessMinutes: 600, 9600), "supervisor",
                .staffIdeaStatusChanged(
                    idea, status: StaffIdeaStatus.allCases[1 + rng.below(4)],
                    note: "Discussed at the team meeting"))
        }
    }

    private mutating func pushSurvey(_ id: ComplaintID, _ channel: Channel, at: Timestamp) {
        var answers = SurveyAnswers()
        let mood = rng.below(5)  // some customers are happier than others
        for d in SurveyDriver.allCases where rng.chance(0.9) {
            answers[d] = Swift.min(5, Swift.max(1, mood + rng.below(3)))
        }
        if rng.chance(0.2) { answers.freeText = [pick(Self.comments)] }
        if answers.scores.allSatisfy({ $0 == 0 }) { answers[.satisfaction] = 3 }
        push(
            at, channel == .kiosk ? "kiosk" : pick(Self.clerks),
            .surveyRecorded(id, channel: channel, answers: answers))
    }

    private mutating func weightedChannel() -> Int {
        let r = rng.below(100)
        switch r {
        case 0..<30: return 0  // counter
        case 30..<50: return 1  // phone
        case 50..<58: return 2  // mail
        case 58..<78: return 3  // email
        case 78..<94: return 4  // web
        default: return 5  // kiosk
        }
    }

    private mutating func makeCustomer() -> Customer {
        let n = rng.below(Self.people.count)
        let (first, last) = Self.people[n]
        let number = rng.below(40_000)  // returning customers happen
        let name = last.isEmpty ? first : "\(first) \(last)"
        let email = rng.chance(0.7) ? "person\(number)@example.org" : ""
        let phone = rng.chance(0.6) ? "+44 20 79\(pad(number % 100, 2)) \(pad(number, 5).suffix(4))" : ""
        return Customer(
            name: name, email: email, phone: phone,
            preferredReply: rng.chance(0.8) ? Channel.allCases[rng.below(4)] : nil,
            accessibilityNeeds: rng.chance(0.07) ? pick(Self.accessibility) : "",
            group: pick(["resident", "resident", "business", "visitor", "landlord"]))
    }

    private mutating func makeText(_ category: String) -> (String, String, String) {
        let subjects = Self.subjects[category] ?? ["My request"]
        let summary = "\(pick(subjects)) \(pick(Self.problems))"
        let details = rng.chance(0.8) ? "\(pick(Self.openings)) \(pick(Self.detailLines))" : ""
        return (summary, details, rng.chance(0.7) ? pick(Self.remedies) : "")
    }

    // MARK: Word lists

    static let clerks = ["maria", "omar", "li", "aisha", "jonas", "priya", "tomasz", "keiko", "sam", "fatou"]

    static let people: [(String, String)] = [
        ("José", "Muñoz"), ("Zoë", "Ångström"), ("Łukasz", "Wróbel"), ("Nguyễn", "Thị Hoa"),
        ("Siobhán", "Ó Briain"),
        ("François", "Lefèvre"), ("Ayşe", "Yılmaz"), ("Björk", "Guðmundsdóttir"), ("Αλέξης", "Παπαδόπουλος"),
        ("Ελένη", "Γεωργίου"), ("Ольга", "Иванова"), ("Дмитрий", "Смирнов"), ("فاطمة", "الزهراء"),
        ("محمد", "عبد الله"),
        ("王", "芳"), ("李", "伟"), ("佐藤", "花子"), ("김", "민준"), ("प्रिया", "शर्मा"), ("יעל", "כהן"),
        ("Kwame", "Mensah"), ("Chidi", "Okafor"), ("Sam", "🌻"), ("Alex", "Smith"), ("Jennifer", "O'Neill"),
        ("Mary-Jane", "Watson-Brown"), ("Ngozi", "Adichie"), ("Søren", "Kierkegaard"), ("Jürgen", "Groß"),
        ("Thandiwe", "Nkosi"), ("Mohammed", "Al-Sayed"), ("Anaïs", "Dubois"), ("Hiroshi", "Tanaka"),
        ("Ana", "Lima"),
    ]

    static let subjects: [String: [String]] = [
        "parking": ["Resident permit", "Parking fine", "Blue badge bay", "Pay-and-display machine"],
        "housing": ["Damp in my flat", "Broken boiler", "Leaking roof", "Repair appointment"],
        "waste": ["Bin collection", "Recycling box", "Fly-tipping report", "Street sweeping"],
        "benefits": ["Housing benefit claim", "Council tax support", "Free school meals"],
        "council-tax": ["Council tax bill", "Single person discount", "Direct debit"],
        "noise": ["Night-time noise", "Building works noise", "Barking dog report"],
        "staff": ["Rude reply at the counter", "Phone call not returned", "Letter with wrong name"],
        "other": ["Website form", "Opening hours", "Something else"],
    ]

    static let problems = [
        "not dealt with", "ignored for weeks", "handled wrongly", "still not fixed", "charged twice",
        "missed again", "lost by the office", "refused without reason",
    ]

    static let openings = [
        "I contacted you on several occasions.", "This has happened three times now.",
        "My neighbour has the same problem.", "I was told someone would call me back.",
    ]

    static let detailLines = [
        "Nobody has replied and I had to take a day off work.\nPlease look into it.",
        "The letter I received had the wrong dates on it.", "I have attached photos at the counter.",
        "My elderly mother depends on this service.", "I would like an explanation in writing.",
    ]

    static let remedies = [
        "An apology", "A refund", "Fix it this week", "A written explanation", "Cancel the fine",
    ]
    static let reasons = [
        "We checked our records and the delay was our fault.",
        "The charge was correct under the rules in force.",
        "Part of the service failed; we have put it right.", "Our contractor missed the appointment.",
    ]
    static let notes = [
        "Called the customer, left a message.", "Asked the repairs team for a date.",
        "Customer visited the counter with documents.", "Checked the payment system.",
    ]
    static let comments = [
        "Quick and friendly, thank you.", "Took far too long.", "The clerk was very patient with me.",
        "Please answer the phone sooner.", "Très bien, merci !", "Спасибо за помощь.", "شكرا جزيلا",
    ]
    static let accessibility = [
        "Large print letters", "Needs a British Sign Language interpreter", "Wheelchair user",
        "Prefers phone calls; partially sighted",
    ]
    static let staffIdeas = [
        "The queue printer jams every morning.", "Let customers book counter appointments online.",
        "The benefits form asks for the same data twice.", "We need a quiet room for upset customers.",
        "Translate the leaflet into Polish and Arabic.",
    ]
}

private struct HeapEntry {
    var at: Int64
    var order: UInt64
    var event: RecordedEvent

    func before(_ o: HeapEntry) -> Bool { at != o.at ? at < o.at : order < o.order }
}

/// A binary min-heap by time, then insertion order (so equal times keep their order).
private struct EventHeap {
    var items: [HeapEntry] = []

    var top: HeapEntry? { items.first }

    mutating func removeAll() { items.removeAll() }

    mutating func push(_ e: HeapEntry) {
        items.append(e)
        var i = items.count - 1
        while i > 0 {
            let p = (i - 1) / 2
            guard items[i].before(items[p]) else { break }
            items.swapAt(i, p)
            i = p
        }
    }

    mutating func pop() -> HeapEntry? {
        guard !items.isEmpty else { return nil }
        let first = items[0]
        let last = items.removeLast()
        if !items.isEmpty {
            items[0] = last
            var i = 0
            while true {
                let l = 2 * i + 1
                let r = l + 1
                var m = i
                if l < items.count, items[l].before(items[m]) { m = l }
                if r < items.count, items[r].before(items[m]) { m = r }
                if m == i { break }
                items.swapAt(i, m)
                i = m
            }
        }
        return first
    }
}
