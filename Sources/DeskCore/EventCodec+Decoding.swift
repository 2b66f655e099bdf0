import Foundation

// Reading the bytes back, by the event type's schema: unknown fields skipped, wrong tags and
// missing ids refused.
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
        // Only the decoder is taken from the schema (copying the whole schema retains its closures).
        let event = try schemas[Int(code.rawValue)].unsafelyUnwrapped.decode(&r, Int(count))
        guard r.atEnd else { throw corrupt("\(r.remaining) unexpected bytes after the event") }
        return RecordedEvent(actor: actor, at: Timestamp(milliseconds: at), event: event)
    }

    static func corrupt(_ message: String) -> DeskError {
        DeskError(.corruptEvent, "unreadable event: " + message)
    }

    static func complaintID(_ v: UInt64) throws(DeskError) -> ComplaintID {
        guard v > 0, v <= UInt64(UInt32.max) else {
            throw corrupt("complaint number \(v) is missing or out of range")
        }
        return ComplaintID(UInt32(v))
    }

    static func ideaID(_ v: UInt64) throws(DeskError) -> StaffIdeaID {
        guard v > 0, v <= UInt64(UInt32.max) else {
            throw corrupt("staff idea number \(v) is missing or out of range")
        }
        return StaffIdeaID(UInt32(v))
    }
}
