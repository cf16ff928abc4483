// The C side of the ABI: the header's declarations (implemented in Swift, target
// HFTEngineC) and compile-time checks of the record sizes that the header promises.
#include "hft_engine.h"

_Static_assert(sizeof(hft_order) == 48, "hft_order is 48 bytes");
_Static_assert(sizeof(hft_event) == 64, "hft_event is 64 bytes");
_Static_assert(sizeof(hft_book_level) == 24, "hft_book_level is 24 bytes");
_Static_assert(sizeof(hft_greeks) == 64, "hft_greeks is 64 bytes");
_Static_assert(sizeof(hft_engine_config) == 40, "hft_engine_config is 40 bytes");
_Static_assert(sizeof(hft_symbol_config) == 32, "hft_symbol_config is 32 bytes");

/* The venue's records (ABI version 2): the sizes and field offsets of the Swift structs
   `VenueCommand` (128 bytes) and `VenueEvent` (88 bytes), which the Swift layer checks
   with MemoryLayout (VenueABI.swift). */
#include <stddef.h>
_Static_assert(sizeof(hft_venue_command) == 128, "hft_venue_command is 128 bytes");
_Static_assert(offsetof(hft_venue_command, sequence) == 0, "command sequence at 0");
_Static_assert(offsetof(hft_venue_command, timestamp) == 8, "command timestamp at 8");
_Static_assert(offsetof(hft_venue_command, kind) == 16, "command kind at 16");
_Static_assert(offsetof(hft_venue_command, b0) == 17, "command b0 at 17");
_Static_assert(offsetof(hft_venue_command, b1) == 18, "command b1 at 18");
_Static_assert(offsetof(hft_venue_command, b2) == 19, "command b2 at 19");
_Static_assert(offsetof(hft_venue_command, symbol) == 20, "command symbol at 20");
_Static_assert(offsetof(hft_venue_command, w) == 24, "command w[0] at 24, w[i] at 24 + 8 i");
_Static_assert(sizeof(hft_venue_event) == 88, "hft_venue_event is 88 bytes");
_Static_assert(offsetof(hft_venue_event, sequence) == 0, "event sequence at 0");
_Static_assert(offsetof(hft_venue_event, timestamp) == 8, "event timestamp at 8");
_Static_assert(offsetof(hft_venue_event, kind) == 16, "event kind at 16");
_Static_assert(offsetof(hft_venue_event, code) == 17, "event code at 17");
_Static_assert(offsetof(hft_venue_event, side) == 18, "event side at 18");
_Static_assert(offsetof(hft_venue_event, flags) == 19, "event flags at 19");
_Static_assert(offsetof(hft_venue_event, symbol) == 20, "event symbol at 20");
_Static_assert(offsetof(hft_venue_event, account) == 24, "event account at 24");
_Static_assert(offsetof(hft_venue_event, a) == 32, "event a at 32");
_Static_assert(offsetof(hft_venue_event, g) == 80, "event g at 80");
_Static_assert(sizeof(hft_venue_config) == 88, "hft_venue_config is 88 bytes");
_Static_assert(sizeof(hft_venue_symbol_spec) == 112, "hft_venue_symbol_spec is 112 bytes");
_Static_assert(sizeof(hft_venue_account) == 96, "hft_venue_account is 96 bytes");
_Static_assert(sizeof(hft_venue_position) == 56, "hft_venue_position is 56 bytes");
_Static_assert(sizeof(hft_venue_prices) == 56, "hft_venue_prices is 56 bytes");
_Static_assert(sizeof(hft_venue_info) == 72, "hft_venue_info is 72 bytes");
