import CSpatiaLite

/// How a short-lived process (a geoq command) hands memory back.
public enum ProcessMemory {
    /// Keeps freed memory in the heap for the process's next allocations instead of handing
    /// it back to the kernel. An analysis allocates its big arrays in stages (columns, cells,
    /// links, output); each block handed back and asked for again costs a page fault and the
    /// kernel's zeroing per page. At 1M tips this cut the kernel's share of `coverage gaps`
    /// from ~0.43 to ~0.29 s for ~40 MB more peak RSS. Call first thing, once; not for a
    /// long-running server, whose heap would keep its peak.
    public static func keepFreed() {
        geoinc_keep_freed_memory()
    }
}
