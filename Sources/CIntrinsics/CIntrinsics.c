// CIntrinsics is header-only (static inline functions in include/CIntrinsics.h); SwiftPM
// needs one source file to build a C target.
#include "CIntrinsics.h"
