// CycleCollector: frees the reference cycles that closures can still form.
// Captured variables live in Environments (Frame.swift), so a closure stored in a
// plain local makes no cycle. One remains when a captured variable holds, directly or
// inside a list or record, a closure over that same environment: two local functions
// that call each other (`even` reads `odd`, whose cell holds a closure over the cells
// `even` lives in), or a local function kept in a record it reads itself. Reference
// counting never frees those, so every call of such a function would leak its cells.
//
// This finds them the way CPython's collector does (trial deletion): from every
// environment a closure captured, follow the references that anis values hold
// (cells, a closure's captured cells and default values, list and record elements)
// and count, per object, how many of its references come from inside that graph.
// An object with more references than that is held from outside (a frame still
// running, a global, a Swift caller), and so is everything it reaches. The
// environments left over are garbage: emptying their cells breaks every cycle (each
// one passes through a cell) and reference counting frees the rest.
//
// Reference counts come from the Swift runtime, so the counting is calibrated once
// against an object held exactly once; a layout the calibration does not recognise
// turns the collector off (leaking as before, never freeing what is in use). An
// object whose count cannot be explained (say, an immortal array literal) counts as
// held from outside, so every mistake errs towards keeping memory, not freeing it.

final class CycleCollector {
    /// Every environment a closure has captured and that is still alive; unretained,
    /// each removes itself when it is freed (Environment.deinit).
    private var tracked: [Unmanaged<Environment>] = []
    /// A collection runs when `tracked` reaches this; afterwards it is twice the survivors,
    /// so the work stays proportional to the environments made (amortised O(1) each).
    private var threshold = CycleCollector.minimumThreshold
    static let minimumThreshold = 1024

    /// Environments alive that closures captured (what a leak test counts).
    var trackedCount: Int { tracked.count }

    /// Called when a closure captures `environment`: from then on it may be part of a cycle.
    func track(_ environment: Environment) {
        guard environment.collector == nil else { return }
        environment.collector = self
        environment.trackedIndex = tracked.count
        tracked.append(Unmanaged.passUnretained(environment))
        if tracked.count >= threshold {
            collect()
            threshold = max(CycleCollector.minimumThreshold, 2 * tracked.count)
        }
    }

    /// Environment.deinit: forget the environment at `index` (the last one takes its place).
    func untrack(at index: Int) {
        let last = tracked.removeLast()
        guard index < tracked.count else { return }
        tracked[index] = last
        last.takeUnretainedValue().trackedIndex = index
    }

    /// Empties the cells of every tracked environment that only cycles keep alive;
    /// returns how many there were.
    @discardableResult
    func collect() -> Int {
        guard !tracked.isEmpty, let offset = RetainCount.offset else { return 0 }
        var graph = ReferenceGraph()
        for e in tracked { graph.add(environment: e) }
        graph.discover()
        let garbage = graph.unreachableEnvironments(countOffset: offset)
        // Strong references keep them alive while their cells empty (which frees other
        // tracked environments and so edits `tracked`).
        for e in garbage { e.clear() }
        return garbage.count
    }
}

/// The objects anis values reach from the tracked environments, and the references between them.
struct ReferenceGraph {
    /// Work not yet looked into; its strong references end before any count is read.
    enum Pending {
        case environment(Int, Unmanaged<Environment>)
        case function(Int, Function)
        case values(Int, [Value])
        case optionals(Int, [Value?])
    }

    private var index: [UnsafeMutableRawPointer: Int] = [:]
    private var addresses: [UnsafeMutableRawPointer] = []
    private var internalReferences: [Int] = []
    private var environments: [(node: Int, environment: Unmanaged<Environment>)] = []
    /// The references found, as (from, to) node pairs.
    private var edges: [(Int, Int)] = []
    private var pending: [Pending] = []

    var nodeCount: Int { addresses.count }

    /// The node for the object at `address`, and whether it is new (then the caller queues it).
    private mutating func node(_ address: UnsafeMutableRawPointer) -> (Int, isNew: Bool) {
        if let i = index[address] { return (i, false) }
        let i = addresses.count
        index[address] = i
        addresses.append(address)
        internalReferences.append(0)
        return (i, true)
    }

    /// The node for an environment, queued the first time.
    private mutating func node(_ e: Unmanaged<Environment>) -> Int {
        let (i, isNew) = node(e.toOpaque())
        if isNew { environments.append((i, e)); pending.append(.environment(i, e)) }
        return i
    }

    mutating func add(environment e: Unmanaged<Environment>) { _ = node(e) }

    private mutating func reference(from parent: Int, to child: Int) {
        internalReferences[child] += 1
        edges.append((parent, child))
    }

    /// Follows references until every reachable object has a node.
    mutating func discover() {
        while let work = pending.popLast() {
            switch work {
            case .environment(let i, let unmanaged):
                let e = unmanaged.takeUnretainedValue()
                for c in 0..<e.count { if let v = e.cells[c] { value(v, from: i) } }
                if let p = e.parent { reference(from: i, to: node(.passUnretained(p))) }
            case .function(let i, let f):
                guard case .user(_, let captured, let defaults) = f.kind else { break }
                if let c = captured { reference(from: i, to: node(.passUnretained(c))) }
                if !defaults.isEmpty {
                    let (child, isNew) = node(RetainCount.address(of: defaults))
                    if isNew { pending.append(.optionals(child, defaults)) }
                    reference(from: i, to: child)
                }
            case .values(let i, let values):
                for v in values { value(v, from: i) }
            case .optionals(let i, let values):
                for case let v? in values { value(v, from: i) }
            }
        }
    }

    /// The reference `v` (held by node `parent`) makes, if it can lead back to a cell.
    private mutating func value(_ v: Value, from parent: Int) {
        let child: Int
        switch v {
        case .function(let f):
            guard case .user = f.kind else { return }
            let (i, isNew) = node(Unmanaged.passUnretained(f).toOpaque())
            if isNew { pending.append(.function(i, f)) }
            child = i
        case .list(let items) where !items.isEmpty:
            let (i, isNew) = node(RetainCount.address(of: items))
            if isNew { pending.append(.values(i, items)) }
            child = i
        case .record(let r) where r.count > 0:
            let values = r.values
            let (i, isNew) = node(RetainCount.address(of: values))
            if isNew { pending.append(.values(i, values)) }
            child = i
        default:
            return   // numbers, strings, tensors, plots: they hold no closures
        }
        reference(from: parent, to: child)
    }

    /// References to node `i` from outside the graph (plus what reading the count adds).
    func excessReferences(_ i: Int) -> Int {
        RetainCount.strong(addresses[i]) - internalReferences[i]
    }

    /// The tracked environments that nothing outside the graph reaches, retained.
    func unreachableEnvironments(countOffset: Int) -> [Environment] {
        let n = addresses.count
        // The edges grouped by their source node (a counting sort).
        var start = [Int](repeating: 0, count: n + 1)
        for (from, _) in edges { start[from + 1] += 1 }
        for i in 0..<n { start[i + 1] += start[i] }
        var targets = [Int](repeating: 0, count: edges.count)
        var fill = start
        for (from, to) in edges { targets[fill[from]] = to; fill[from] += 1 }

        var reachable = [Bool](repeating: false, count: n)
        var stack: [Int] = []
        for i in 0..<n where excessReferences(i) != countOffset {
            reachable[i] = true
            stack.append(i)
        }
        while let i = stack.popLast() {
            for c in targets[start[i]..<start[i + 1]] where !reachable[c] { reachable[c] = true; stack.append(c) }
        }
        return environments.filter { !reachable[$0.node] }.map { $0.environment.takeUnretainedValue() }
    }
}

/// Strong reference counts read from the Swift runtime, for the collector only.
enum RetainCount {
    /// What `strong` reads beyond the true count (its own temporary reference),
    /// measured once by building a graph of two arrays each held exactly once; nil when
    /// the runtime or the layout of an array is not what the collector expects (it then
    /// stays off).
    static let offset: Int? = {
        guard MemoryLayout<[Value]>.size == MemoryLayout<UnsafeMutableRawPointer>.size,
              MemoryLayout<[Value?]>.size == MemoryLayout<UnsafeMutableRawPointer>.size else { return nil }
        // Built at run time (a literal may be a static, immortal object).
        var inner: [Value] = []
        inner.append(.none)
        var outer: [Value] = []
        outer.append(.list(inner))
        inner = []
        let e = Environment(count: 1, parent: nil)
        e.cells[0] = .list(outer)
        outer = []
        var graph = ReferenceGraph()
        graph.add(environment: .passUnretained(e))
        graph.discover()
        let excess = (1..<graph.nodeCount).map(graph.excessReferences)
        withExtendedLifetime(e) {}
        guard excess.count == 2, excess[0] == excess[1], excess[0] >= 0 else { return nil }
        return excess[0]
    }()

    @inline(never)
    static func strong(_ address: UnsafeMutableRawPointer) -> Int {
        Int(_getRetainCount(Unmanaged<AnyObject>.fromOpaque(address).takeUnretainedValue()))
    }

    /// The heap object holding a non-empty array's elements.
    static func address<T>(of array: [T]) -> UnsafeMutableRawPointer {
        unsafeBitCast(array, to: UnsafeMutableRawPointer.self)
    }
}
