import Synchronization

/// A value updated under a lock, for results gathered from `@Sendable` callbacks (a store's streaming
/// reads). A class around the standard library's `Mutex`, so it can be shared by reference between the
/// callbacks that fill it and the caller that reads it.
public final class Locked<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>

    public init(_ value: Value) {
        mutex = Mutex(value)
    }

    public func update(_ change: (inout Value) -> Void) {
        mutex.withLock { change(&$0) }
    }

    /// Changes the value and returns something from the change, under the lock.
    public func withLock<Result>(_ body: (inout Value) -> Result) -> Result {
        mutex.withLock { value in body(&value) }
    }

    public var value: Value {
        mutex.withLock { $0 }
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
