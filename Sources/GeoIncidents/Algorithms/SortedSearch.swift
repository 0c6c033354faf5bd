/// Binary search: the one way the code base looks things up in sorted arrays.
enum SortedSearch {
    /// The first of `0..<n` where `isPast` holds, for a predicate false then true along it
    /// (`n` when it never holds).
    static func firstIndex(_ n: Int, where isPast: (Int) -> Bool) -> Int {
        var low = 0, high = n
        while low < high {
            let mid = (low + high) / 2
            if isPast(mid) { high = mid } else { low = mid + 1 }
        }
        return low
    }
}

extension RandomAccessCollection where Element: Comparable, Index == Int {
    /// The index of `value` in this ascending collection, or nil when it is not there.
    func sortedIndex(of value: Element) -> Int? {
        let low = startIndex + SortedSearch.firstIndex(count) { !(self[startIndex + $0] < value) }
        return low < endIndex && self[low] == value ? low : nil
    }
}
