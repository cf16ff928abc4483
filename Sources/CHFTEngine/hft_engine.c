// The C side of the ABI: the header's declarations (implemented in Swift, target
// HFTEngineC) and compile-time checks of the record sizes that the header promises.
#include "hft_engine.h"

_Static_assert(sizeof(hft_order) == 48, "hft_order is 48 bytes");
_Static_assert(sizeof(hft_event) == 64, "hft_event is 64 bytes");
_Static_assert(sizeof(hft_book_level) == 24, "hft_book_level is 24 bytes");
_Static_assert(sizeof(hft_greeks) == 64, "hft_greeks is 64 bytes");
_Static_assert(sizeof(hft_engine_config) == 40, "hft_engine_config is 40 bytes");
_Static_assert(sizeof(hft_symbol_config) == 32, "hft_symbol_config is 32 bytes");
