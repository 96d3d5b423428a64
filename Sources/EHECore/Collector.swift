import Foundation

/// Gathers values handed to a `@Sendable` callback (such as a store's streaming reads) into an array.
public final class Collector<Element: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [Element] = []

    public init() {}

    public func append(_ element: Element) {
        lock.lock()
        storage.append(element)
        lock.unlock()
    }

    public var items: [Element] {
        lock.lock()
        defer { lock.unlock() }
        return storage
    }
}
