import EHECore
import Foundation
import Testing

@testable import EHEApp

@Suite("Password checks run at most two at a time, off Swift concurrency's threads")
struct BcryptQueueTests {
    @Test("eight checks at once: all finish, never more than two run together")
    func atMostTwo() async {
        let running = Locked(0)
        let started = Locked(0)
        let most = Locked(0)
        let results = await withTaskGroup(of: Int.self) { group in
            for index in 0..<8 {
                group.addTask {
                    await AccountService.offThread {
                        started.update { $0 += 1 }
                        running.update { $0 += 1 }
                        // On a busy machine the checks may be handed over one by one; each waits (a while)
                        // for a second to run beside it, so the test sees the queue's width, not the timing.
                        let deadline = Date().addingTimeInterval(5)
                        while running.value < 2, started.value < 8, Date() < deadline { Thread.sleep(forTimeInterval: 0.001) }
                        let now = running.value
                        most.update { $0 = max($0, now) }
                        Thread.sleep(forTimeInterval: 0.02)
                        running.update { $0 -= 1 }
                        return index
                    }
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.sorted() == Array(0..<8))
        #expect(most.value == 2)
    }
}
