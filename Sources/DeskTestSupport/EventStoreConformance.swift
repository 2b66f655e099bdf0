import EventLog
import EventStore
import Foundation
import XCTest

/// The promises every ``EventStore`` backend keeps, as tests any backend runs against itself.
///
/// A backend's test case calls ``run(_:file:line:)`` with a factory that opens a new, empty
/// store; ``StoreFactory/reopen`` opens another writer on the same records (another process's
/// desk, in effect).
public enum EventStoreConformance {
    /// How to get stores for the suite: `makeEmpty` opens a new, empty store and returns a way
    /// to open another writer on the same records.
    public struct StoreFactory {
        public var makeEmpty: () throws -> (store: any EventStore, reopen: () throws -> any EventStore)

        public init(
            makeEmpty: @escaping () throws -> (store: any EventStore, reopen: () throws -> any EventStore)
        ) {
            self.makeEmpty = makeEmpty
        }
    }

    /// Runs every check; each failure names the promise it broke.
    public static func run(_ factory: StoreFactory, file: StaticString = #filePath, line: UInt = #line) throws
    {
        try batchesAreWholeNumberedAndChained(factory, file: file, line: line)
        try decidingHappensAfterCatchingUp(factory, file: file, line: line)
        try aRefusalAppendsNothing(factory, file: file, line: line)
        try followingSeesEachNewBatchOnce(factory, file: file, line: line)
        try theVerifierWalksEveryRecord(factory, file: file, line: line)
    }

    static func payloads(_ tag: String, _ count: Int) -> [[UInt8]] {
        (0..<count).map { Array("\(tag)-\($0)".utf8) }
    }

    static func bytes(_ record: LogRecordView) -> [UInt8] { Array(record.payload) }

    static func batchesAreWholeNumberedAndChained(_ factory: StoreFactory, file: StaticString, line: UInt)
        throws
    {
        let (store, reopen) = try factory.makeEmpty()
        let first = try store.append(
            catchUp: { _ in }, decide: { .init(payloads: payloads("a", 3), outcome: ()) })
        let second = try store.append(
            catchUp: { _ in }, decide: { .init(payloads: payloads("b", 2), outcome: ()) })
        XCTAssertEqual(
            first.sequences, [1, 2, 3], "a batch's records are numbered from 1", file: file, line: line)
        XCTAssertEqual(second.sequences, [4, 5], "numbers go on with no gap", file: file, line: line)
        XCTAssertEqual(store.position.lastSequence, 5, file: file, line: line)
        let reader = try reopen()
        var seen: [(UInt64, [UInt8])] = []
        _ = try reader.readNew(verifyingChain: true) { seen.append(($0.sequence, bytes($0))) }
        XCTAssertEqual(
            seen.map(\.0), [1, 2, 3, 4, 5], "another store reads every record", file: file, line: line)
        XCTAssertEqual(
            seen.map(\.1), payloads("a", 3) + payloads("b", 2), "as written", file: file, line: line)
        XCTAssertEqual(
            reader.position.head, store.position.head, "the same chain head", file: file, line: line)
        for (sequence, offset) in zip(second.sequences, second.offsets) {
            let record = try store.readRecord(at: offset)
            XCTAssertEqual(
                record.sequence, sequence, "a record read back by its position", file: file, line: line)
        }
    }

    static func decidingHappensAfterCatchingUp(_ factory: StoreFactory, file: StaticString, line: UInt) throws
    {
        let (desk, reopen) = try factory.makeEmpty()
        let other = try reopen()
        _ = try other.append(
            catchUp: { _ in }, decide: { .init(payloads: payloads("other", 2), outcome: ()) })
        // This desk has not read the other's records; appending must hand them over first.
        var order: [String] = []
        let appended = try desk.append(
            catchUp: { order.append("caught up \($0.sequence)") },
            decide: { () -> EventLog.Decision<Void> in
                order.append("decided")
                return .init(payloads: payloads("mine", 1), outcome: ())
            })
        XCTAssertEqual(order, ["caught up 1", "caught up 2", "decided"], file: file, line: line)
        XCTAssertEqual(
            appended.sequences, [3], "decided against the latest, numbered after it", file: file, line: line)
    }

    static func aRefusalAppendsNothing(_ factory: StoreFactory, file: StaticString, line: UInt) throws {
        struct Refused: Error {}
        let (store, reopen) = try factory.makeEmpty()
        _ = try store.append(catchUp: { _ in }, decide: { .init(payloads: payloads("kept", 1), outcome: ()) })
        let before = store.position
        XCTAssertThrowsError(
            try store.append(
                catchUp: { _ in }, decide: { () throws -> EventLog.Decision<Void> in throw Refused() }),
            file: file, line: line)
        XCTAssertEqual(store.position, before, "a refused decision moves nothing", file: file, line: line)
        var count = 0
        _ = try reopen().readNew(verifyingChain: true) { _ in count += 1 }
        XCTAssertEqual(count, 1, "nothing of the refusal was appended", file: file, line: line)
    }

    static func followingSeesEachNewBatchOnce(_ factory: StoreFactory, file: StaticString, line: UInt) throws
    {
        let (writer, reopen) = try factory.makeEmpty()
        let follower = try reopen()
        var seen: [UInt64] = []
        _ = try follower.readNew(verifyingChain: true) { seen.append($0.sequence) }
        XCTAssertEqual(seen, [], file: file, line: line)
        _ = try writer.append(catchUp: { _ in }, decide: { .init(payloads: payloads("x", 2), outcome: ()) })
        _ = try follower.readNew(verifyingChain: true) { seen.append($0.sequence) }
        _ = try follower.readNew(verifyingChain: true) { seen.append($0.sequence) }
        _ = try writer.append(catchUp: { _ in }, decide: { .init(payloads: payloads("y", 1), outcome: ()) })
        _ = try follower.readNew(verifyingChain: true) { seen.append($0.sequence) }
        XCTAssertEqual(seen, [1, 2, 3], "each record once, in order", file: file, line: line)
    }

    static func theVerifierWalksEveryRecord(_ factory: StoreFactory, file: StaticString, line: UInt) throws {
        let (store, _) = try factory.makeEmpty()
        _ = try store.append(catchUp: { _ in }, decide: { .init(payloads: payloads("v", 4), outcome: ()) })
        let verify = store.verifier()
        let report = try Thread.runAndWait { try verify() }
        XCTAssertTrue(report.isIntact, "\(String(describing: report.damage))", file: file, line: line)
        XCTAssertEqual(report.records, 4, file: file, line: line)
    }
}

extension Thread {
    /// Runs `work` on a thread of its own and waits for it (the verifier runs off the caller's thread).
    static func runAndWait<T: Sendable>(_ work: @escaping @Sendable () throws -> T) throws -> T {
        let box = ResultBox<T>()
        let done = DispatchSemaphore(value: 0)
        Thread {
            box.set(Result { try work() })
            done.signal()
        }.start()
        done.wait()
        return try box.get()
    }
}

private final class ResultBox<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var result: Result<T, any Error>?

    func set(_ value: Result<T, any Error>) { lock.withLock { result = value } }
    func get() throws -> T { try lock.withLock { result! }.get() }
}
