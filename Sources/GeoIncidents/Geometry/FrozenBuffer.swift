/// A fixed array allocated once and never mutated after initialisation, handing out a raw
/// pointer for hot loops: no reference counting, no copy-on-write checks.
///
/// `@unchecked Sendable`: the memory is written only in `init` and freed only in `deinit`;
/// readers on several threads see immutable data.
final class FrozenBuffer<Element>: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<Element>
    let count: Int

    init(_ elements: [Element]) {
        count = elements.count
        pointer = .allocate(capacity: max(1, elements.count))
        _ = UnsafeMutableBufferPointer(start: pointer, count: elements.count).initialize(from: elements)
    }

    /// A buffer of `count` copies of `value`, to be filled through `pointer` by its owner
    /// before it is shared.
    init(count: Int, repeating value: Element) {
        self.count = count
        pointer = .allocate(capacity: max(1, count))
        pointer.initialize(repeating: value, count: count)
    }

    deinit {
        pointer.deinitialize(count: count)
        pointer.deallocate()
    }

    var base: UnsafePointer<Element> { UnsafePointer(pointer) }
}
