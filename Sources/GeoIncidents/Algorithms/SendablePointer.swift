/// A raw pointer handed to `concurrentPerform` workers that touch disjoint elements.
/// `@unchecked Sendable`: each worker writes only its own index range, and the memory
/// outlives the parallel loop.
struct SendablePointer<T>: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<T>
    init(_ pointer: UnsafeMutablePointer<T>) { self.pointer = pointer }
}
