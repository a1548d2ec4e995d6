// glibc's allocator controls (malloc_trim), which Swift's Glibc module leaves out.
#ifndef DOCENT_CMALLOC_SHIM_H
#define DOCENT_CMALLOC_SHIM_H
#if defined(__linux__)
#include <malloc.h>
#endif
#endif
