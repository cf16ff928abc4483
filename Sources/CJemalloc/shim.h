#ifndef HFT_CJEMALLOC_SHIM_H
#define HFT_CJEMALLOC_SHIM_H
// Debian's libjemalloc-dev builds jemalloc without a symbol prefix: `malloc` and
// `mallctl` are jemalloc's own once the library is linked.
#include <jemalloc/jemalloc.h>
#endif
