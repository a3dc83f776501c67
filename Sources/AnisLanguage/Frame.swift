// Frame: the variables of one function activation (or the globals), addressed
// by slot numbers the compiler resolved, so no name is looked up at run time.

/// What a statement asks its enclosing loop or function to do next.
enum Signal: UInt8 {
    case normal, breakLoop, continueLoop, returnValue
}

final class Frame {
    /// `nil` marks a variable that has not been assigned yet.
    private(set) var slots: UnsafeMutablePointer<Value?>
    private(set) var capacity: Int
    /// The frame of the function this one's function was defined in (for closures).
    let parent: Frame?
    var signal: Signal = .normal
    var returned: Value = .none

    init(slotCount: Int, parent: Frame?) {
        capacity = max(slotCount, 1)
        slots = UnsafeMutablePointer<Value?>.allocate(capacity: capacity)
        slots.initialize(repeating: nil, count: capacity)
        self.parent = parent
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

    /// The frame `depth` levels up the chain of defining frames.
    @inline(__always) func ancestor(_ depth: Int) -> Frame {
        var f = self
        for _ in 0..<depth { if let p = f.parent { f = p } }
        return f
    }
}
