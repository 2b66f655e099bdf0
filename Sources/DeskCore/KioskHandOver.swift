/// A counter's name, as a clerk's desk (`desk --counter NAME`) and a kiosk (`desk kiosk --counter
/// NAME`) both give it: the hand-over in the log joins the two.
public enum KioskCounter {
    /// Why `name` is not a counter name (1–40 lowercase letters, digits, - or _), or nil.
    public static func problem(_ name: String) -> String? {
        let ok =
            !name.isEmpty && name.count <= 40
            && name.unicodeScalars.allSatisfy {
                ($0 >= "a" && $0 <= "z") || ($0 >= "0" && $0 <= "9") || $0 == "-" || $0 == "_"
            }
        return ok ? nil : "counter: \"\(name)\" must be 1–40 lowercase letters, digits, - or _ (e.g. c1)"
    }
}

/// A complaint handed over to the kiosk at a counter: a `surveyOffered` event on channel kiosk
/// naming the counter. `position` (the log sequence) tells one hand-over from the next.
public struct KioskHandOver: Hashable, Sendable {
    public var complaint: ComplaintID
    public var at: Timestamp
    public var position: UInt64
}

extension DeskState {
    /// The newest hand-over to the kiosk at `counter` whose complaint has no survey yet; nil when
    /// there is none (or the newest was answered).
    public func pendingKioskHandOver(counter: String) -> KioskHandOver? {
        guard let handOver = book.kioskHandOvers[counter],
            let record = book.record(handOver.complaint), !record.flags.contains(.surveyed)
        else { return nil }
        return handOver
    }
}

extension DeskState {
    /// A survey's `answered_at` lies between the complaint's first response and now (a minute of
    /// clock difference allowed).
    func checkAnsweredAt(_ answeredAt: Timestamp, responded: Timestamp?, id: ComplaintID, now: Timestamp)
        throws(DeskError)
    {
        guard answeredAt.milliseconds <= now.milliseconds + 60_000 else {
            throw DeskError(
                .invalidInput,
                "answered_at: \(answeredAt.iso8601) is in the future; the time now is \(now.iso8601)",
                field: "answered_at")
        }
        if let responded, answeredAt < responded {
            throw DeskError(
                .invalidInput,
                "answered_at: \(answeredAt.iso8601) is before \(id) was first responded to (\(responded.iso8601)); the survey comes after the response",
                field: "answered_at")
        }
    }
}

extension BusinessCalendar {
    /// The instant of a local wall-clock time in the office's time zone (a time skipped by a DST
    /// change: the instant just after the gap).
    public func instant(ofLocal date: CalendarDate, hour: Int, minute: Int) -> Timestamp {
        let local = Int64(date.dayNumber) * 86_400_000 + Int64(hour * 60 + minute) * 60_000
        return Timestamp(milliseconds: utc(ofLocal: local))
    }
}
