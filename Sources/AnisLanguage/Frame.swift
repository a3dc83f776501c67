// Frame: the variables of one function activation (or the globals), addressed
// by slot numbers the compiler resolved, so no name is looked up at run time.
// Variables that an inner function reads live apart, in an Environment: a
// closure keeps only those alive, never the frame, so a function that stores a
// lambda in a local (`g = x -> x + i`) makes no reference cycle through its frame,
// and a local function that calls itself reads itself from its frame (`callee`).

/// What a statement asks its enclosing loop or function to do next.
enum Signal: UInt8 {
    case normal, breakLoop, continueLoop, returnValue
}

final class Frame {
    /// `nil` marks a variable that has not been assigned yet.
    private(set) var slots: UnsafeMutablePointer<Value?>
    private(set) var capacity: Int
    /// This activation's captured variables, chained to those of the enclosing
    /// functions (nil at the top level, where inner functions read globals directly).
    let environment: Environment?
    /// The user function this frame is a call of (nil for the globals and comprehensions):
    /// a local function reads its own name from here, so it needs no cell holding itself.
    var callee: Function?
    var signal: Signal = .normal
    var returned: Value = .none

    init(slotCount: Int, environment: Environment?) {
        capacity = max(slotCount, 1)
        slots = UnsafeMutablePointer<Value?>.allocate(capacity: capacity)
        slots.initialize(repeating: nil, count: capacity)
        self.environment = environment
    }

    deinit {
        slots.deinitialize(count: capacity)
        slots.deallocate()
    }

    /// Makes room for at least `count` slots (the global frame grows as a REPL session defines names).
    func ensureCapacity(_ count: Int) {
        guard count > capacity else { return }
        let newCapacity = max(count, capacity * 2)
        let bigger = UnsafeMutablePointer<Value?>.allocate(capacity: newCapacity)
        bigger.moveInitialize(from: slots, count: capacity)
        (bigger + capacity).initialize(repeating: nil, count: newCapacity - capacity)
        slots.deallocate()
        slots = bigger
        capacity = newCapacity
    }

    /// The environment `depth` levels up from this frame's own (the compiler counts the levels).
    @inline(__always) func environment(_ depth: Int) -> Environment {
        environment.unsafelyUnwrapped.ancestor(depth)
    }
}

/// The captured variables ("cells") of one function activation. Closures made
/// during the activation hold this, and through `parent` the cells of the
/// functions around it. A cycle remains only when a captured variable holds a
/// closure over the same environment (local functions calling each other); the
/// CycleCollector frees those.
final class Environment {
    let cells: UnsafeMutablePointer<Value?>
    let count: Int
    let parent: Environment?
    /// Set once a closure captures this environment (CycleCollector.track).
    var collector: CycleCollector?
    var trackedIndex = -1

    init(count: Int, parent: Environment?) {
        self.count = count
        cells = UnsafeMutablePointer<Value?>.allocate(capacity: max(count, 1))
        cells.initialize(repeating: nil, count: count)
        self.parent = parent
    }

    deinit {
        collector?.untrack(at: trackedIndex)
        cells.deinitialize(count: count)
        cells.deallocate()
    }

    /// Empties every cell (the collector breaking a cycle nothing else reaches).
    func clear() {
        for i in 0..<count { cells[i] = nil }
    }

    @inline(__always) func ancestor(_ depth: Int) -> Environment {
        var e = self
        for _ in 0..<depth { if let p = e.parent { e = p } }
        return e
    }
}
