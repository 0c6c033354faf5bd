#ifndef GEOINCIDENTS_CSPATIALITE_SHIM_H
#define GEOINCIDENTS_CSPATIALITE_SHIM_H

#include <sqlite3.h>
#include <spatialite.h>
#include <proj.h>
#include <malloc.h>

/// Keeps freed memory in the heap for the process's next allocations (see
/// `ProcessMemory.keepFreed()`): big blocks from the heap rather than their own mappings,
/// the heap's top never trimmed, grown 64 MB at a time.
static inline void geoinc_keep_freed_memory(void) {
    mallopt(M_MMAP_MAX, 0);
    mallopt(M_TRIM_THRESHOLD, 0x7fffffff);
    mallopt(M_TOP_PAD, 64 << 20);
}

/// SQLITE_TRANSIENT is a macro casting -1 to a function pointer: invisible to Swift.
static inline sqlite3_destructor_type geoinc_sqlite_transient(void) {
    return SQLITE_TRANSIENT;
}

/// sqlite3_db_config is variadic: Swift cannot call it directly.
static inline int geoinc_enable_defensive(sqlite3 *db) {
    return sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, (int *)0);
}

/// Turns off SQLite's global memory statistics (a mutex on every allocation). Must run
/// before the first connection opens; sqlite3_config is variadic.
static inline int geoinc_disable_memstatus(void) {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

/// SQLITE_STATIC: SQLite may keep the pointer until the statement is reset.
static inline sqlite3_destructor_type geoinc_sqlite_static(void) {
    return SQLITE_STATIC;
}

/// A hint to load the cache line at `address` for reading (no effect on results). Swift has
/// no prefetch intrinsic; the match loop uses it to hide the latency of Z-ordered gathers.
static inline void geoinc_prefetch(const void *address) {
    __builtin_prefetch(address, 0, 3);
}

/// The same hint for a line about to be written.
static inline void geoinc_prefetch_for_write(const void *address) {
    __builtin_prefetch(address, 1, 3);
}

#endif
