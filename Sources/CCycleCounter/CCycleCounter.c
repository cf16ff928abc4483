// The C cycle counter is header-only; this file gives the target a source to compile.
#include "CCycleCounter.h"
