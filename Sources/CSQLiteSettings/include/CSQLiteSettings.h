#ifndef EHE_CSQLITESETTINGS_H
#define EHE_CSQLITESETTINGS_H

/// Process-wide SQLite settings that must be made before the first connection opens, through
/// `sqlite3_config`, which is variadic and so cannot be called from Swift.
///
/// Turns off SQLite's memory statistics: with them on, every allocation SQLite makes takes one global
/// mutex, which the service's reader threads contended for on each case read. Returns SQLite's result
/// code: SQLITE_OK, or SQLITE_MISUSE when SQLite was already initialised (the setting then stays as it was).
int ehe_sqlite_disable_memory_statistics(void);

#endif
