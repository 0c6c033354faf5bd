#ifndef GEOINCIDENTS_CSPATIALITE_SHIM_H
#define GEOINCIDENTS_CSPATIALITE_SHIM_H

#include <sqlite3.h>
#include <spatialite.h>
#include <proj.h>

/// SQLITE_TRANSIENT is a macro casting -1 to a function pointer: invisible to Swift.
static inline sqlite3_destructor_type geoinc_sqlite_transient(void) {
    return SQLITE_TRANSIENT;
}

/// sqlite3_db_config is variadic: Swift cannot call it directly.
static inline int geoinc_enable_defensive(sqlite3 *db) {
    return sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, (int *)0);
}

#endif
