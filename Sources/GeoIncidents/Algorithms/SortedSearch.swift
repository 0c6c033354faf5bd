extension RandomAccessCollection where Element: Comparable, Index == Int {
    /// The index of `value` in this ascending collection, or nil when it is not there
    /// (binary search).
    func sortedIndex(of value: Element) -> Int? {
        var low = startIndex, high = endIndex
        while low < high {
            let mid = (low + high) / 2
            if self[mid] < value { low = mid + 1 } else { high = mid }
        }
        return low < endIndex && self[low] == value ? low : nil
    }
}
