#ifndef DOCENT_CPROCESS_H
#define DOCENT_CPROCESS_H

/// Caps the number of glibc malloc arenas (M_ARENA_MAX); returns 1 on success, 0 where the
/// C library has no such setting.
int docent_limit_malloc_arenas(int count);

#endif
