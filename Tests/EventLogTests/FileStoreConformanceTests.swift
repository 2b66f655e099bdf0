import DeskTestSupport
import EventLog
import EventStore
import XCTest

/// The log file passes the suite every event store must pass.
final class FileStoreConformanceTests: XCTestCase {
    func testTheLogFileKeepsEveryPromiseOfAnEventStore() throws {
        var scratch: [TemporaryDirectory] = []
        let factory = EventStoreConformance.StoreFactory {
            let directory = try TemporaryDirectory(prefix: "desk-conformance")
            scratch.append(directory)
            let path = directory.file("events.log")
            let store = try EventLog.open(path: path, access: .readWrite, create: true)
            return (store, { try EventLog.open(path: path, access: .readWrite) })
        }
        try EventStoreConformance.run(factory)
        withExtendedLifetime(scratch) {}
    }
}
