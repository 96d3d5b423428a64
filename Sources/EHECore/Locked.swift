import Foundation

/// A value updated under a lock, for results gathered from `@Sendable` callbacks (a store's streaming reads).
public final class Locked<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value

    public init(_ value: Value) {
        stored = value
    }

    public func update(_ change: (inout Value) -> Void) {
        withLock(change)
    }

    /// Changes the value and returns something from the change, under the lock.
    public func withLock<Result>(_ body: (inout Value) -> Result) -> Result {
        lock.lock()
        defer { lock.unlock() }
        return body(&stored)
    }

    public var value: Value {
        lock.lock()
        defer { lock.unlock() }
        return stored
    }
}

/// Gathers values handed to a `@Sendable` callback into an array.
public typealias Collector<Element: Sendable> = Locked<[Element]>

extension Locked where Value: RangeReplaceableCollection {
    public convenience init() {
        self.init(Value())
    }

    public func append(_ element: Value.Element) {
        update { $0.append(element) }
    }

    public var items: Value { value }
}
