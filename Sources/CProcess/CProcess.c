#include "CProcess.h"

#include <stdlib.h>
#if defined(__linux__)
#include <malloc.h>
#endif

int docent_limit_malloc_arenas(int count) {
#if defined(M_ARENA_MAX)
    return mallopt(M_ARENA_MAX, count);
#else
    (void)count;
    return 0;
#endif
}
