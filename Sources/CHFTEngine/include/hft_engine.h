/*
 * hft_engine.h: the C ABI of swift-hft-engine (library libHFTEngineC.so, product
 * `HFTEngineC`).
 *
 * A thin layer of plain C functions over the Swift module `HFTEngine`:
 *   - matching: create and destroy a matching engine, add symbols, submit / cancel / amend
 *     orders with events written into a caller buffer, best bid / ask, the level at a
 *     price, a depth snapshot;
 *   - options: Black-Scholes-Merton price and Greeks (scalar and batched over caller
 *     arrays) and implied volatility (scalar and batched);
 *   - the venue (since version 2): the whole exchange (matching, accounts and margin,
 *     perpetual prices and funding, liquidation) as one deterministic state machine driven
 *     by fixed 128-byte command records, with fixed 88-byte event records out, queries of
 *     accounts, positions, books and prices, the state hash, and snapshot / restore.
 *
 * Conventions that hold for every call:
 *   - Errors: every call that can fail returns an `hft_status` (HFT_OK = 0, see
 *     `enum hft_status_code`). Nothing in the ABI throws, traps, aborts or longjmps on any
 *     input, including NULL pointers (HFT_ERR_NULL_ARGUMENT) and out-of-range numbers. A
 *     rejected order is not an error: it is an HFT_EVENT_REJECTED event with a reason.
 *   - Memory: the caller owns every buffer it passes (configs, events, levels, option
 *     columns); the library only reads or writes it during the call and keeps no pointer
 *     to it afterwards. The library owns an engine from hft_engine_create until
 *     hft_engine_destroy. No string is returned that needs freeing.
 *   - Allocation: hft_engine_create and hft_engine_add_symbol allocate every buffer the
 *     engine will ever use. Every other call ("hot calls") allocates nothing; the Swift
 *     compiler proves it (`@_noAllocation`, checked by `swift build -c release`).
 *   - Threads: an engine is single-threaded: call the functions of one engine from one
 *     thread at a time (different engines may be used on different threads at once). The
 *     options functions are pure and re-entrant: any thread, any number at once.
 *   - Units: prices are int64 ticks and quantities int64 lots of the symbol; conversion
 *     from decimals (and rejecting off-grid values) is the caller's job. Options math is
 *     double precision; the conventions are those of the Swift API (README "Options"):
 *     vega per 1.00 of volatility, theta per year, rho per 1.00 of rate.
 *   - Versioning: HFT_ABI_VERSION is bumped on any incompatible change of a function,
 *     struct or constant; hft_abi_version() returns the version the library was built
 *     with, and a program should refuse a library whose version differs from the header's.
 *     History:
 *       1  matching engine (hft_engine_*) and options (hft_bs_*, hft_implied_volatility*).
 *       2  adds the venue (hft_venue_*, the hft_venue_* structs and constants) and the
 *          status codes HFT_ERR_NOT_FOUND and HFT_ERR_CORRUPT_SNAPSHOT. Every function,
 *          struct and constant of version 1 is unchanged: a version-1 program only needs
 *          recompiling against this header.
 *       3  hft_venue_account grows available_after_loss at its end (96 bytes, was 88);
 *          everything else is unchanged: a version-2 program needs recompiling.
 */
#ifndef HFT_ENGINE_H
#define HFT_ENGINE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define HFT_ABI_VERSION 3

/* ---------------------------------------------------------------------------------------
 * Status codes
 * ------------------------------------------------------------------------------------- */

typedef int32_t hft_status;

enum hft_status_code {
    HFT_OK = 0,
    /* A required pointer argument is NULL. Nothing was done. */
    HFT_ERR_NULL_ARGUMENT = 1,
    /* A configuration number is out of its range (see the struct's documentation), or an
       enum value (side, type, time in force, self-trade prevention, option flag) is not one
       of the defined constants. Nothing was done. */
    HFT_ERR_INVALID_ARGUMENT = 2,
    /* The engine already holds max_symbols symbols. */
    HFT_ERR_CAPACITY = 3,
    /* The caller's output buffer is smaller than the call may need: for submit / cancel /
       amend, event_capacity < the engine's events_per_call. Nothing was done. */
    HFT_ERR_BUFFER_TOO_SMALL = 4,
    /* The symbol handle is not one this engine returned. */
    HFT_ERR_UNKNOWN_SYMBOL = 5,
    /* Options: an input is NaN or infinite, or spot, strike, expiry or volatility <= 0; the
       outputs are NaN. */
    HFT_ERR_INVALID_OPTION = 6,
    /* Implied volatility: the price or an input is NaN or infinite. */
    HFT_ERR_IV_NOT_FINITE = 7,
    /* Implied volatility: spot, strike or expiry <= 0 (or |r T|, |q T| > 700). */
    HFT_ERR_IV_INVALID_INPUT = 8,
    /* Implied volatility: the price is at or below the discounted intrinsic value. */
    HFT_ERR_IV_BELOW_INTRINSIC = 9,
    /* Implied volatility: the price is at or above S e^(-qT) (call) or K e^(-rT) (put). */
    HFT_ERR_IV_ABOVE_MAXIMUM = 10,
    /* Venue queries: the account is not an account of the venue (or the venue runs with
       risk off), or the account has no position slot on the symbol. (Since version 2.) */
    HFT_ERR_NOT_FOUND = 11,
    /* hft_venue_restore: the bytes are not a snapshot of a venue of this configuration, or
       are damaged. Nothing was created. (Since version 2.) */
    HFT_ERR_CORRUPT_SNAPSHOT = 12,
};

/* The version the library was built with (compare with HFT_ABI_VERSION). */
uint32_t hft_abi_version(void);

/* A static, NUL-terminated English name of a status ("OK", "NULL_ARGUMENT", ...). */
static inline const char *hft_status_name(hft_status status) {
    switch (status) {
    case HFT_OK: return "OK";
    case HFT_ERR_NULL_ARGUMENT: return "NULL_ARGUMENT";
    case HFT_ERR_INVALID_ARGUMENT: return "INVALID_ARGUMENT";
    case HFT_ERR_CAPACITY: return "CAPACITY";
    case HFT_ERR_BUFFER_TOO_SMALL: return "BUFFER_TOO_SMALL";
    case HFT_ERR_UNKNOWN_SYMBOL: return "UNKNOWN_SYMBOL";
    case HFT_ERR_INVALID_OPTION: return "INVALID_OPTION";
    case HFT_ERR_IV_NOT_FINITE: return "IV_NOT_FINITE";
    case HFT_ERR_IV_INVALID_INPUT: return "IV_INVALID_INPUT";
    case HFT_ERR_IV_BELOW_INTRINSIC: return "IV_BELOW_INTRINSIC";
    case HFT_ERR_IV_ABOVE_MAXIMUM: return "IV_ABOVE_MAXIMUM";
    case HFT_ERR_NOT_FOUND: return "NOT_FOUND";
    case HFT_ERR_CORRUPT_SNAPSHOT: return "CORRUPT_SNAPSHOT";
    default: return "UNKNOWN_STATUS";
    }
}

/* ---------------------------------------------------------------------------------------
 * Matching engine
 * ------------------------------------------------------------------------------------- */

/* Opaque: one multi-symbol price-time-priority matching engine (Swift `MatchingEngine`). */
typedef struct hft_engine hft_engine;

/* Fixed capacities, set once. Ranges: max_orders 1 ... 2^30, max_price_levels 1 ... 2^30,
   max_symbols 1 ... 65536, id_index_load_factor as the Swift `IdMap` allows (0.5 is the
   default), events_per_call 1 ... 2^32 (the engine's internal event buffer: a command whose
   events do not all fit is rejected CAPACITY and changes nothing; one command makes at most
   2 + the number of resting orders it meets, so max_orders + 2 never refuses one). */
typedef struct hft_engine_config {
    int64_t max_orders;
    int64_t max_price_levels;
    int64_t max_symbols;
    double id_index_load_factor;
    int64_t events_per_call;
} hft_engine_config;

/* The defaults of the Swift API: 2^20 orders, 2^16 levels, 16 symbols, load 0.5, and 4096
   events per call. */
static inline hft_engine_config hft_engine_config_default(void) {
    hft_engine_config c;
    c.max_orders = 1 << 20;
    c.max_price_levels = 1 << 16;
    c.max_symbols = 16;
    c.id_index_load_factor = 0.5;
    c.events_per_call = 4096;
    return c;
}

/* A symbol's rules. ladder_ticks: the window of tick prices the book spans (64 ... 2^30,
   about 4.25 bytes each); money_per_tick_lot >= 1: money units of one tick x one lot, for
   the notional check; max_notional >= 1: the largest price x quantity x money_per_tick_lot
   of one limit order (INT64_MAX for no limit); band_ppm: the price band in parts per
   million, or -1 for none (a band applies only while a reference price is set, which this
   ABI version does not expose, so it is inert here). */
typedef struct hft_symbol_config {
    int64_t ladder_ticks;
    int64_t money_per_tick_lot;
    int64_t max_notional;
    int64_t band_ppm;
} hft_symbol_config;

static inline hft_symbol_config hft_symbol_config_default(void) {
    hft_symbol_config c;
    c.ladder_ticks = 1 << 20;
    c.money_per_tick_lot = 1;
    c.max_notional = INT64_MAX;
    c.band_ppm = -1;
    return c;
}

enum hft_side { HFT_BUY = 0, HFT_SELL = 1 };
enum hft_order_type { HFT_LIMIT = 0, HFT_MARKET = 1 };
enum hft_time_in_force { HFT_GTC = 0, HFT_IOC = 1, HFT_FOK = 2, HFT_POST_ONLY = 3 };
enum hft_self_trade_prevention {
    HFT_STP_NONE = 0, HFT_STP_EXPIRE_TAKER = 1, HFT_STP_EXPIRE_MAKER = 2, HFT_STP_EXPIRE_BOTH = 3
};
/* Order flags (bits). REDUCE_ONLY is carried, not interpreted, by the matching engine. */
enum hft_order_flag { HFT_FLAG_REDUCE_ONLY = 1 };

/* A new order. id > 0 and unique among the engine's live orders (all symbols); price is
   ignored for HFT_MARKET; every field is validated by the engine (a bad value is a reject
   event, an undefined enum value is HFT_ERR_INVALID_ARGUMENT). 48 bytes. */
typedef struct hft_order {
    int64_t id;
    int64_t account;
    int32_t symbol;
    uint8_t side;                  /* enum hft_side */
    uint8_t type;                  /* enum hft_order_type */
    uint8_t time_in_force;         /* enum hft_time_in_force */
    uint8_t self_trade_prevention; /* enum hft_self_trade_prevention */
    int64_t price;                 /* ticks */
    int64_t quantity;              /* lots */
    uint8_t flags;                 /* enum hft_order_flag bits */
    uint8_t reserved[7];           /* set to 0 */
} hft_order;

enum hft_event_kind {
    HFT_EVENT_ACCEPTED = 1,
    HFT_EVENT_REJECTED = 2,
    HFT_EVENT_TRADE = 3,
    HFT_EVENT_EXPIRED = 4,
    HFT_EVENT_CANCELED = 5,
    HFT_EVENT_AMENDED = 6,
};

/* The code of an HFT_EVENT_REJECTED event (the engine produces BAD_QTY ... HALTED; the
   others belong to layers not in this ABI version). */
enum hft_reject_reason {
    HFT_REJECT_BAD_TICK = 1, HFT_REJECT_BAD_LOT, HFT_REJECT_BAD_QTY, HFT_REJECT_BAD_PRICE,
    HFT_REJECT_PRICE_BAND, HFT_REJECT_UNKNOWN_SYMBOL, HFT_REJECT_DUPLICATE_ORDER_ID,
    HFT_REJECT_UNKNOWN_ORDER, HFT_REJECT_CAPACITY, HFT_REJECT_MAX_NOTIONAL,
    HFT_REJECT_BAD_ORDER_ID, HFT_REJECT_BAD_TIF, HFT_REJECT_HALTED,
    HFT_REJECT_INSUFFICIENT_MARGIN, HFT_REJECT_REDUCE_ONLY, HFT_REJECT_TOO_MANY_ORDERS,
    HFT_REJECT_LEVERAGE, HFT_REJECT_UNKNOWN_ACCOUNT,
};

/* The code of an HFT_EVENT_EXPIRED event. */
enum hft_expire_reason {
    HFT_EXPIRE_IOC = 1, HFT_EXPIRE_FOK, HFT_EXPIRE_POST_ONLY, HFT_EXPIRE_MARKET, HFT_EXPIRE_SELF_TRADE,
};

/* One outcome of a command, in the order of the command-file spec (Docs/replay-format.md).
   Field use by kind:
     ACCEPTED: order_id, account, price (limit; 0 for market), quantity = leaves = order qty
     REJECTED: order_id, account, code = enum hft_reject_reason
     TRADE:    order_id/account = taker, counter_order_id/counter_account = maker,
               price = maker's price, quantity = traded, leaves = maker's remaining
     EXPIRED:  order_id, account, code = enum hft_expire_reason, price, quantity = expired
     CANCELED: order_id, account, price, quantity = canceled
     AMENDED:  order_id, account, price = new price, quantity = leaves = new remaining,
               counter_order_id = previous price, counter_account = previous remaining
   side is the order's (the taker's for a trade); symbol is -1 on a reject of an unknown
   order or symbol. 64 bytes. */
typedef struct hft_event {
    uint8_t kind;  /* enum hft_event_kind */
    uint8_t code;
    uint8_t side;  /* enum hft_side */
    uint8_t flags; /* enum hft_order_flag bits */
    int32_t symbol;
    int64_t order_id;
    int64_t account;
    int64_t counter_order_id;
    int64_t counter_account;
    int64_t price;
    int64_t quantity;
    int64_t leaves;
} hft_event;

/* One price level: total open quantity and number of orders. 24 bytes; `reserved` is
   unspecified on output. */
typedef struct hft_book_level {
    int64_t price;
    int64_t quantity;
    int32_t order_count;
    int32_t reserved;
} hft_book_level;

/* Creates an engine with the capacities of *config, allocating all its memory now, and
   stores it in *out_engine (NULL on failure). The caller owns the engine and frees it
   with hft_engine_destroy.
   Returns HFT_ERR_NULL_ARGUMENT, HFT_ERR_INVALID_ARGUMENT (a capacity out of range) or
   HFT_OK. Memory: about 40 bytes per order, 40 per level, 64 per event per call, plus
   the symbols' ladders. The one failure not reported as a status is the operating system
   refusing the memory itself, which ends the process (Swift's allocator traps), as for any
   allocation in a Swift program: size the capacities to the machine. */
hft_status hft_engine_create(const hft_engine_config *config, hft_engine **out_engine);

/* Frees an engine and everything it allocated. NULL is ignored. The pointer is invalid
   afterwards. */
void hft_engine_destroy(hft_engine *engine);

/* Adds a symbol and stores its handle (0, 1, 2, ... in order of addition) in *out_symbol.
   Allocates the symbol's ladder. Returns HFT_ERR_NULL_ARGUMENT, HFT_ERR_CAPACITY (the
   engine holds max_symbols), HFT_ERR_INVALID_ARGUMENT (a setting out of range) or HFT_OK. */
hft_status hft_engine_add_symbol(hft_engine *engine, const hft_symbol_config *config, int32_t *out_symbol);

/* Submit, cancel, amend. Each runs one command and writes its events into
   events[0 ... *out_count - 1] (caller-owned; event_capacity must be at least the engine's
   events_per_call, else HFT_ERR_BUFFER_TOO_SMALL and nothing happens). The order's fate is
   in the events (ACCEPTED / REJECTED first, then trades, expiries ...); the return value is
   HFT_OK whenever the command ran, rejected or not. Hot calls: no allocation.
   amend: same price and not larger keeps the order's place; anything else goes to the back
   of the new price's level and re-matches if it crosses. */
hft_status hft_engine_submit(hft_engine *engine, const hft_order *order,
                             hft_event *events, size_t event_capacity, size_t *out_count);
hft_status hft_engine_cancel(hft_engine *engine, int64_t order_id,
                             hft_event *events, size_t event_capacity, size_t *out_count);
hft_status hft_engine_amend(hft_engine *engine, int64_t order_id, int64_t price, int64_t quantity,
                            hft_event *events, size_t event_capacity, size_t *out_count);

/* The best level of `side` (enum hft_side) of `symbol` into *out_level; an empty side
   gives a level of zeros. O(1). Returns HFT_ERR_NULL_ARGUMENT, HFT_ERR_UNKNOWN_SYMBOL,
   HFT_ERR_INVALID_ARGUMENT (side) or HFT_OK. */
hft_status hft_engine_best_level(const hft_engine *engine, int32_t symbol, int32_t side,
                                 hft_book_level *out_level);

/* The orders of `side` resting at `price`: *out_level gets price, total quantity and order
   count, or quantity = order_count = 0 when none rest there. O(1). Same returns as
   hft_engine_best_level. */
hft_status hft_engine_level_at(const hft_engine *engine, int32_t symbol, int32_t side, int64_t price,
                               hft_book_level *out_level);

/* A depth snapshot: up to bid_capacity bid levels (best = highest first) into bids and up
   to ask_capacity ask levels (best = lowest first) into asks, counts into *out_bid_count
   and *out_ask_count. A buffer may be NULL when its capacity is 0. O(levels written).
   Same returns as hft_engine_best_level. */
hft_status hft_engine_depth(const hft_engine *engine, int32_t symbol,
                            hft_book_level *bids, size_t bid_capacity, size_t *out_bid_count,
                            hft_book_level *asks, size_t ask_capacity, size_t *out_ask_count);

/* The number of resting orders over all symbols. */
int64_t hft_engine_resting_order_count(const hft_engine *engine);

/* A static, NUL-terminated name of a reject or expire code, as printed by `hft replay`
   ("BAD_QTY", "IOC", ...), or "?" for an unknown code. */
static inline const char *hft_reject_reason_name(uint8_t code) {
    static const char *const names[] = {
        "?", "BAD_TICK", "BAD_LOT", "BAD_QTY", "BAD_PRICE", "PRICE_BAND", "UNKNOWN_SYMBOL",
        "DUPLICATE_ORDER_ID", "UNKNOWN_ORDER", "CAPACITY", "MAX_NOTIONAL", "BAD_ORDER_ID",
        "BAD_TIF", "HALTED", "INSUFFICIENT_MARGIN", "REDUCE_ONLY", "TOO_MANY_ORDERS",
        "LEVERAGE", "UNKNOWN_ACCOUNT"};
    return code < sizeof names / sizeof names[0] ? names[code] : "?";
}

static inline const char *hft_expire_reason_name(uint8_t code) {
    static const char *const names[] = {"?", "IOC", "FOK", "POST_ONLY", "MARKET", "STP"};
    return code < sizeof names / sizeof names[0] ? names[code] : "?";
}

/* ---------------------------------------------------------------------------------------
 * Options: Black-Scholes-Merton (European, continuous rate r and dividend yield q)
 * ------------------------------------------------------------------------------------- */

/* The option's right: the sign theta of the formulas. */
enum hft_option_flag { HFT_CALL = 1, HFT_PUT = -1 };

/* Price and Greeks of one option (64 bytes). delta, gamma: w.r.t. spot; vega: per 1.00 of
   volatility; theta: -dV/dT per year; rho: per 1.00 of rate, q fixed; vanna = d2V/dS dsigma;
   volga = d2V/dsigma2. */
typedef struct hft_greeks {
    double price, delta, gamma, vega, theta, rho, vanna, volga;
} hft_greeks;

/* Price and Greeks of one option (flag HFT_CALL or HFT_PUT; spot S, strike K, expiry T in
   years, rate r, dividend yield q, volatility sigma) into *out. Invalid inputs (NaN or
   infinite; S, K, T or sigma <= 0; a flag other than +-1) give all-NaN outputs and
   HFT_ERR_INVALID_OPTION (HFT_ERR_NULL_ARGUMENT for out == NULL). Pure, ~60 ns, re-entrant. */
hft_status hft_bs_greeks(int32_t flag, double spot, double strike, double expiry, double rate,
                         double dividend_yield, double volatility, hft_greeks *out);

/* The price alone; NaN for invalid inputs. */
double hft_bs_price(int32_t flag, double spot, double strike, double expiry, double rate,
                    double dividend_yield, double volatility);

/* Input columns of a batch, each `count` doubles, caller-owned; sign holds +1.0 (call) or
   -1.0 (put). */
typedef struct hft_option_columns {
    const double *sign;
    const double *spot;
    const double *strike;
    const double *expiry;
    const double *rate;
    const double *dividend_yield;
    const double *volatility;
} hft_option_columns;

/* Output columns of a batch, each room for `count` doubles, caller-owned. */
typedef struct hft_greeks_columns {
    double *price, *delta, *gamma, *vega, *theta, *rho, *vanna, *volga;
} hft_greeks_columns;

/* Price and Greeks of rows 0 ... count-1 (SIMD kernel, eight options per step, same values
   as hft_bs_greeks to within an ulp or so). Rows with invalid inputs (as for hft_bs_greeks,
   or a sign other than +-1) get all-NaN outputs and are counted in *out_invalid_count
   (which may be NULL). Columns may not overlap an output column. Returns
   HFT_ERR_NULL_ARGUMENT when a column is NULL and count > 0, else HFT_OK. No allocation;
   runs on the calling thread. */
hft_status hft_bs_greeks_batch(const hft_option_columns *inputs, const hft_greeks_columns *outputs,
                               size_t count, size_t *out_invalid_count);

/* The volatility sigma at which the Black-Scholes-Merton price equals `price` (Jaeckel's
   "Let's Be Rational" method, to within a few ulps of the exact inverse) into *out_sigma.
   On failure *out_sigma is NaN and the status says why: HFT_ERR_IV_NOT_FINITE,
   HFT_ERR_IV_INVALID_INPUT, HFT_ERR_IV_BELOW_INTRINSIC, HFT_ERR_IV_ABOVE_MAXIMUM,
   HFT_ERR_INVALID_ARGUMENT (flag), HFT_ERR_NULL_ARGUMENT (out_sigma). */
hft_status hft_implied_volatility(int32_t flag, double price, double spot, double strike, double expiry,
                                  double rate, double dividend_yield, double *out_sigma);

/* Input columns of an implied-volatility batch, each `count` doubles, caller-owned. */
typedef struct hft_iv_columns {
    const double *sign;
    const double *price;
    const double *spot;
    const double *strike;
    const double *expiry;
    const double *rate;
    const double *dividend_yield;
} hft_iv_columns;

/* Implied volatility of rows 0 ... count-1 into out_sigma (NaN where none exists); when
   out_status is not NULL each row's hft_status is written there too. Failed rows are
   counted in *out_failed_count (may be NULL). Returns HFT_ERR_NULL_ARGUMENT when a column
   or out_sigma is NULL and count > 0, else HFT_OK. SIMD solver, eight rows per step, each
   row bit for bit what hft_implied_volatility returns. No allocation; calling thread (call
   it on disjoint row ranges from several threads to use more cores). */
hft_status hft_implied_volatility_batch(const hft_iv_columns *inputs, double *out_sigma, int32_t *out_status,
                                        size_t count, size_t *out_failed_count);

/* ---------------------------------------------------------------------------------------
 * Venue (since ABI version 2)
 *
 * The exchange as one value (Swift `Venue`, README "The venue"): matching engine, accounts
 * and margin (risk core), perpetual prices and funding, circuit breakers and liquidation.
 * Input is hft_venue_command, a fixed 128-byte record for every state change, stamped by
 * the caller with a sequence number and a time in nanoseconds (the venue reads no clock:
 * its state is a pure function of the commands, so a journal is the command list and a
 * replica is the same commands applied elsewhere). Output is hft_venue_event, fixed
 * 88-byte records in a caller buffer, complete enough to mirror every account, position
 * and order from the events alone.
 *
 * Memory: hft_venue_create / hft_venue_restore allocate every store the venue will use
 * (capacities in hft_venue_config) and the library owns the venue until
 * hft_venue_destroy. Commands, events and query results live in caller memory, read or
 * written only during the call. hft_venue_apply and the queries allocate nothing;
 * hft_venue_state_hash, hft_venue_snapshot and hft_venue_restore allocate temporarily
 * (tools, checkpoints, tests: not for the hot path).
 * Threads: one thread per venue: every call on a venue (apply and queries alike) from one
 * thread at a time; different venues may run on different threads at once.
 * Byte order: the records are the in-memory layout of the Swift structs on little-endian
 * hosts (x86-64, arm64), which is also the journal's on-disk encoding of a command.
 * ------------------------------------------------------------------------------------- */

/* Opaque: one venue. */
typedef struct hft_venue hft_venue;

/* Capacities and switches, fixed at creation (Swift `VenueConfiguration`).
     max_orders, max_price_levels, max_symbols: as hft_engine_config (orders 1 ... 2^30,
       levels 1 ... 2^30, symbols 1 ... 65536);
     max_ladder_ticks: the largest ladder_ticks of a symbol (64 ... 2^30); address space
       for max_symbols ladders of this size is reserved at creation (pages are touched
       only as prices are used);
     user_accounts: accounts 0 ... user_accounts-1 (the fee account is user_accounts, the
       insurance fund user_accounts+1); positions_per_symbol: position slots per symbol;
       max_open_orders_per_account: live orders per account;
     event_budget: the most events one command may write, and the smallest caller buffer
       hft_venue_apply accepts; at least max(256, 3 x positions_per_symbol + 16,
       4 x max_open_orders_per_account + 16) with risk on (256 with risk off), at most 2^28;
     liquidation_fee_rate_e8: the liquidation fee on the notional closed in the book
       (x 10^8; 500000 = 0.5%);
     liquidation_events_per_account: the most steps one liquidation reports, 16 ...
       (event_budget - 80) / 5, or 0 for the default min(4096, (event_budget - 80) / 5);
     risk_enabled: 1 for accounts, margin, fees, funding and liquidation; 0 for matching
       alone (any account number may trade; account commands are refused RISK_OFF);
     liquidation_enabled: 1 to liquidate accounts below maintenance margin after price
       commands and scans;
     rebuild_triggers_on_price: 1 to rebuild the liquidation trigger index before every
       price command (exact for cross accounts, O(positions)); 0 to keep it incremental.
   The full liquidation scan runs on the calling thread. 88 bytes; reserved must be 0. */
typedef struct hft_venue_config {
    int64_t max_orders;
    int64_t max_price_levels;
    int64_t max_symbols;
    int64_t max_ladder_ticks;
    int64_t user_accounts;
    int64_t positions_per_symbol;
    int64_t max_open_orders_per_account;
    int64_t event_budget;
    int64_t liquidation_fee_rate_e8;
    int64_t liquidation_events_per_account;
    uint8_t risk_enabled;
    uint8_t liquidation_enabled;
    uint8_t rebuild_triggers_on_price;
    uint8_t reserved[5];
} hft_venue_config;

/* Small defaults for C hosts (smaller than the Swift API's, whose 2^16 accounts need an
   event budget of 2^18 records, 23 MB per call): 2^16 orders, 2^14 levels, 16 symbols,
   ladders up to 2^20 ticks, 1024 accounts, 1024 positions per symbol, 200 orders per
   account, 4096 events per command, 0.5% liquidation fee, risk and liquidation on. */
static inline hft_venue_config hft_venue_config_default(void) {
    hft_venue_config c = {0};
    c.max_orders = 1 << 16;
    c.max_price_levels = 1 << 14;
    c.max_symbols = 16;
    c.max_ladder_ticks = 1 << 20;
    c.user_accounts = 1024;
    c.positions_per_symbol = 1024;
    c.max_open_orders_per_account = 200;
    c.event_budget = 4096;
    c.liquidation_fee_rate_e8 = 500000;
    c.liquidation_events_per_account = 0;
    c.risk_enabled = 1;
    c.liquidation_enabled = 1;
    c.rebuild_triggers_on_price = 0;
    return c;
}

/* What a command asks for (its `kind` byte; Swift `VenueCommandKind`). */
enum hft_venue_command_kind {
    HFT_VCMD_ADD_SYMBOL = 1, HFT_VCMD_SYMBOL_BRACKETS = 2, HFT_VCMD_HALT = 3, HFT_VCMD_RESUME = 4,
    HFT_VCMD_KILL_SWITCH = 5, HFT_VCMD_DEPOSIT = 6, HFT_VCMD_WITHDRAW = 7, HFT_VCMD_SET_LEVERAGE = 8,
    HFT_VCMD_NEW_ORDER = 9, HFT_VCMD_CANCEL_ORDER = 10, HFT_VCMD_AMEND_ORDER = 11, HFT_VCMD_CANCEL_ALL = 12,
    HFT_VCMD_INDEX_PRICE = 13, HFT_VCMD_MARK_PRICE = 14, HFT_VCMD_SETTLE_FUNDING = 15,
    HFT_VCMD_LIQUIDATION_SCAN = 16, HFT_VCMD_FUND_INSURANCE = 17,
};

/* The scope of a halt, resume or kill switch (b0). */
enum hft_venue_scope { HFT_SCOPE_VENUE = 0, HFT_SCOPE_SYMBOL = 1, HFT_SCOPE_ACCOUNT = 2 };

/* Margin modes: the b0 of a set-leverage command (HFT_MODE_KEEP keeps the current one),
   and the code of a position event / the mode of hft_venue_position (cross 0, isolated 1). */
enum hft_margin_mode { HFT_MARGIN_CROSS = 0, HFT_MARGIN_ISOLATED = 1 };
enum hft_set_leverage_mode { HFT_MODE_KEEP = 0, HFT_MODE_CROSS = 1, HFT_MODE_ISOLATED = 2 };

/* One state change: 128 bytes, the layout of Swift's `VenueCommand` (and of the journal's
   command record). Use the hft_venue_cmd_* builders below and set sequence / timestamp.
   Words by kind (symbol is the `symbol` field, b0 a header byte; unused fields 0):
     ADD_SYMBOL        symbol = the next index; w[0..12] = hft_venue_symbol_spec's words
     SYMBOL_BRACKETS   b0 = rows (1 ... 6); w[2i] = notional cap, w[2i+1] = mmr e8 << 16 | max leverage
     HALT/RESUME/KILL_SWITCH  b0 = enum hft_venue_scope; symbol; w[0] = account
     DEPOSIT/WITHDRAW/FUND_INSURANCE  w[0] = account, w[1] = amount (money units)
     SET_LEVERAGE      symbol; b0 = enum hft_set_leverage_mode; w[0] = account, w[1] = leverage
     NEW_ORDER         symbol; w[0] = order id, w[1] = account, w[2] = price, w[3] = quantity,
                       w[4] = side | type << 8 | time in force << 16 | stp << 24 | flags << 32
     CANCEL_ORDER      w[0] = order id
     AMEND_ORDER       w[0] = order id, w[2] = price, w[3] = quantity
     CANCEL_ALL        symbol (-1: all); w[0] = account
     INDEX_PRICE       symbol; w[0] = index (ticks)
     MARK_PRICE        symbol; w[0] = mark, w[1] = index (0: unchanged)
     SETTLE_FUNDING    symbol; b0 = 1 when w[0] holds the rate e8 (0: the computed rate)
     LIQUIDATION_SCAN  nothing */
typedef struct hft_venue_command {
    uint64_t sequence;  /* the sequencer's number */
    int64_t timestamp;  /* the sequencer's time, ns since the Unix epoch */
    uint8_t kind;       /* enum hft_venue_command_kind */
    uint8_t b0;
    uint8_t b1;
    uint8_t b2;
    int32_t symbol;
    int64_t w[13];
} hft_venue_command;

/* What happened (the `kind` of an event; 1 ... 6 are the order events of enum
   hft_event_kind: HFT_EVENT_ACCEPTED ... HFT_EVENT_AMENDED). */
enum hft_venue_event_kind {
    HFT_EVENT_COMMAND_REJECTED = 16, HFT_EVENT_BALANCE = 17, HFT_EVENT_ACCOUNT = 18, HFT_EVENT_POSITION = 19,
    HFT_EVENT_FUNDING = 20, HFT_EVENT_LIQUIDATION = 21, HFT_EVENT_SYMBOL_STATE = 22, HFT_EVENT_PRICES = 23,
    HFT_EVENT_ACCOUNT_STATE = 24,
};

/* The code of an HFT_EVENT_COMMAND_REJECTED event (Swift `VenueReject`): the command
   changed nothing. An order's refusal is an HFT_EVENT_REJECTED with enum hft_reject_reason. */
enum hft_venue_reject {
    HFT_VREJECT_BAD_COMMAND = 1, HFT_VREJECT_UNKNOWN_SYMBOL, HFT_VREJECT_BAD_SYMBOL, HFT_VREJECT_TOO_MANY_SYMBOLS,
    HFT_VREJECT_UNKNOWN_ACCOUNT, HFT_VREJECT_BAD_AMOUNT, HFT_VREJECT_INSUFFICIENT_MARGIN, HFT_VREJECT_LEVERAGE,
    HFT_VREJECT_MARGIN_MODE, HFT_VREJECT_BAD_PRICE, HFT_VREJECT_BAD_RATE, HFT_VREJECT_BAD_BRACKETS,
    HFT_VREJECT_NO_MARK, HFT_VREJECT_FUNDING_OVERFLOW, HFT_VREJECT_CAPACITY, HFT_VREJECT_RISK_OFF,
    HFT_VREJECT_BAD_QTY, HFT_VREJECT_HALTED, HFT_VREJECT_PRICE_BAND, HFT_VREJECT_REDUCE_ONLY,
    HFT_VREJECT_TOO_MANY_ORDERS, HFT_VREJECT_DUPLICATE_ORDER_ID,
};

/* The code of an HFT_EVENT_BALANCE event. */
enum hft_balance_cause {
    HFT_BALANCE_DEPOSIT = 1, HFT_BALANCE_WITHDRAWAL, HFT_BALANCE_FEE, HFT_BALANCE_REALIZED_PNL,
    HFT_BALANCE_FUNDING, HFT_BALANCE_LIQUIDATION_FEE, HFT_BALANCE_INSURANCE,
};

/* The code of an HFT_EVENT_SYMBOL_STATE event. */
enum hft_symbol_state {
    HFT_SYMBOL_ADDED = 1, HFT_SYMBOL_HALTED, HFT_SYMBOL_RESUMED, HFT_SYMBOL_CIRCUIT_BREAKER, HFT_SYMBOL_KILLED,
    HFT_SYMBOL_BRACKETS,
};

/* The code of an HFT_EVENT_LIQUIDATION event (one step of a liquidation). */
enum hft_liquidation_step {
    HFT_LIQ_ORDER = 1, HFT_LIQ_FEE, HFT_LIQ_TAKEOVER, HFT_LIQ_DEFICIT, HFT_LIQ_UNWIND, HFT_LIQ_ADL, HFT_LIQ_FILL,
    HFT_LIQ_CANCEL,
};

/* One outcome of a command: 88 bytes, the layout of Swift's `VenueEvent`, stamped with the
   command's sequence and timestamp. Field use by kind (a ... g are 64-bit words):
     ACCEPTED          account = owner; a = order id, b = limit price (0 market), c = quantity
     REJECTED          code = hft_reject_reason; a = order id, b = price, c = quantity
     TRADE             account = taker's; a = taker order id, b = maker order id,
                       c = maker's account, d = price, e = quantity, f = maker's remaining
     EXPIRED           code = hft_expire_reason; a = order id, c = expired quantity
     CANCELED          a = order id, c = canceled quantity
     AMENDED           a = order id, b = new price, c = new remaining, d = previous price,
                       e = previous remaining
     COMMAND_REJECTED  code = hft_venue_reject; flags = the command's kind; account; a = the command's w[0]
     BALANCE           code = hft_balance_cause; account; a = change (credit > 0)
     ACCOUNT           account; a = balance, b = reserved for orders, c = position margin,
                       d = open orders
     POSITION          code = hft_margin_mode; account; a = size (lots, signed), b = entry
                       cost, c = margin, d = leverage
     FUNDING           account; a = size, b = amount credited, c = rate e8, d = mark
     LIQUIDATION       code = hft_liquidation_step; flags bit 0 isolated, bit 1 partial;
                       account; a = counter account, b = quantity, c = filled (deficit:
                       uncovered), d = price, e = amount, f = mark, g = fund after
     SYMBOL_STATE      code = hft_symbol_state; a = mark (brackets: rows), b = the breaker's
                       reference price (kill switch: 1 if orders are left)
     PRICES            a = index, b = mark, c = premium sample e8 (0 none), d = last funding
                       rate e8
     ACCOUNT_STATE     code = 1 halted, 0 active; account
   symbol is the symbol index (-1 where none applies); side is the order's (the taker's for
   a trade, the closing order's for a liquidation step); flags the order's flags. */
typedef struct hft_venue_event {
    uint64_t sequence;
    int64_t timestamp;
    uint8_t kind;  /* enum hft_event_kind or enum hft_venue_event_kind */
    uint8_t code;
    uint8_t side;  /* enum hft_side */
    uint8_t flags;
    int32_t symbol;
    int64_t account;
    int64_t a, b, c, d, e, f, g;
} hft_venue_event;

/* A symbol's parameters as an ADD_SYMBOL command carries them (Swift `VenueSymbolSpec`):
   index = the venue's symbol count when applied; money_per_tick_lot >= 1; max_notional >= 1
   (money units of one limit order); band_ppm (-1: none); ladder_ticks (64 ... the venue's
   max_ladder_ticks); max_leverage 1 ... 10000 (default bracket); maker / taker fee rates
   e8 (|rate| <= 10^8; a negative maker rate is a rebate); funding_cap_e8 0 ... 10^8;
   funding_interval_seconds 1 ... 7 days; circuit breaker: a mark move > ppm within the
   window (ns of command time) halts the symbol (0: off); impact_margin_notional: the
   premium index's impact notional (0: no premium samples); max_quantity_lots >= 1. */
typedef struct hft_venue_symbol_spec {
    int32_t index;
    int32_t reserved;
    int64_t money_per_tick_lot;
    int64_t max_notional;
    int64_t band_ppm;
    int64_t ladder_ticks;
    int64_t max_leverage;
    int64_t maker_rate_e8;
    int64_t taker_rate_e8;
    int64_t funding_cap_e8;
    int64_t funding_interval_seconds;
    int64_t circuit_breaker_ppm;
    int64_t circuit_breaker_window_ns;
    int64_t impact_margin_notional;
    int64_t max_quantity_lots;
} hft_venue_symbol_spec;

/* The Swift API's defaults: no notional limit, no band, 2^20 ticks, leverage 100, no fees,
   funding cap 0.3%, 8 h funding, no breaker, no impact notional, 2^53 lots. */
static inline hft_venue_symbol_spec hft_venue_symbol_spec_default(int32_t index, int64_t money_per_tick_lot) {
    hft_venue_symbol_spec s = {0};
    s.index = index;
    s.money_per_tick_lot = money_per_tick_lot;
    s.max_notional = INT64_MAX;
    s.band_ppm = -1;
    s.ladder_ticks = 1 << 20;
    s.max_leverage = 100;
    s.funding_cap_e8 = 300000;
    s.funding_interval_seconds = 28800;
    s.max_quantity_lots = (int64_t)1 << 53;
    return s;
}

/* Command builders: every field zero but the kind's (sequence and timestamp 0: set them). */
static inline hft_venue_command hft_venue_cmd(uint8_t kind, int32_t symbol) {
    hft_venue_command c = {0};
    c.kind = kind;
    c.symbol = symbol;
    return c;
}
static inline hft_venue_command hft_venue_cmd_add_symbol(const hft_venue_symbol_spec *s) {
    hft_venue_command c = hft_venue_cmd(HFT_VCMD_ADD_SYMBOL, s->index);
    c.w[0] = s->money_per_tick_lot; c.w[1] = s->max_notional; c.w[2] = s->band_ppm; c.w[3] = s->ladder_ticks;
    c.w[4] = s->max_leverage; c.w[5] = s->maker_rate_e8; c.w[6] = s->taker_rate_e8; c.w[7] = s->funding_cap_e8;
    c.w[8] = s->funding_interval_seconds; c.w[9] = s->circuit_breaker_ppm; c.w[10] = s->circuit_breaker_window_ns;
    c.w[11] = s->impact_margin_notional; c.w[12] = s->max_quantity_lots;
    return c;
}
/* rows 1 ... 6: caps[i] (money units, increasing), mmr_e8[i] (not falling), max_leverage[i]. */
static inline hft_venue_command hft_venue_cmd_brackets(int32_t symbol, int rows, const int64_t *caps,
                                                       const int64_t *mmr_e8, const int64_t *max_leverage) {
    hft_venue_command c = hft_venue_cmd(HFT_VCMD_SYMBOL_BRACKETS, symbol);
    c.b0 = (uint8_t)(rows < 0 ? 0 : rows > 255 ? 255 : rows);
    for (int i = 0; i < rows && i < 6; i++) {
        c.w[2 * i] = caps[i];
        c.w[2 * i + 1] = (int64_t)((uint64_t)mmr_e8[i] << 16) | (max_leverage[i] & 0xFFFF);
    }
    return c;
}
/* kind HFT_VCMD_HALT, HFT_VCMD_RESUME or HFT_VCMD_KILL_SWITCH. */
static inline hft_venue_command hft_venue_cmd_scoped(uint8_t kind, uint8_t scope, int32_t symbol, int64_t account) {
    hft_venue_command c = hft_venue_cmd(kind, symbol);
    c.b0 = scope; c.w[0] = account;
    return c;
}
/* kind HFT_VCMD_DEPOSIT, HFT_VCMD_WITHDRAW or HFT_VCMD_FUND_INSURANCE. */
static inline hft_venue_command hft_venue_cmd_transfer(uint8_t kind, int64_t account, int64_t amount) {
    hft_venue_command c = hft_venue_cmd(kind, -1);
    c.w[0] = account; c.w[1] = amount;
    return c;
}
static inline hft_venue_command hft_venue_cmd_deposit(int64_t account, int64_t amount) {
    return hft_venue_cmd_transfer(HFT_VCMD_DEPOSIT, account, amount);
}
static inline hft_venue_command hft_venue_cmd_set_leverage(int64_t account, int32_t symbol, int64_t leverage,
                                                           uint8_t mode /* enum hft_set_leverage_mode */) {
    hft_venue_command c = hft_venue_cmd(HFT_VCMD_SET_LEVERAGE, symbol);
    c.b0 = mode; c.w[0] = account; c.w[1] = leverage;
    return c;
}
/* The order's fields as hft_order's (its reserved bytes are ignored). */
static inline hft_venue_command hft_venue_cmd_new_order(const hft_order *o) {
    hft_venue_command c = hft_venue_cmd(HFT_VCMD_NEW_ORDER, o->symbol);
    c.w[0] = o->id; c.w[1] = o->account; c.w[2] = o->price; c.w[3] = o->quantity;
    c.w[4] = (int64_t)o->side | (int64_t)o->type << 8 | (int64_t)o->time_in_force << 16
        | (int64_t)o->self_trade_prevention << 24 | (int64_t)o->flags << 32;
    return c;
}
static inline hft_venue_command hft_venue_cmd_cancel(int64_t order_id) {
    hft_venue_command c = hft_venue_cmd(HFT_VCMD_CANCEL_ORDER, -1);
    c.w[0] = order_id;
    return c;
}
static inline hft_venue_command hft_venue_cmd_amend(int64_t order_id, int64_t price, int64_t quantity) {
    hft_venue_command c = hft_venue_cmd(HFT_VCMD_AMEND_ORDER, -1);
    c.w[0] = order_id; c.w[2] = price; c.w[3] = quantity;
    return c;
}
static inline hft_venue_command hft_venue_cmd_cancel_all(int64_t account, int32_t symbol /* -1: all */) {
    hft_venue_command c = hft_venue_cmd(HFT_VCMD_CANCEL_ALL, symbol);
    c.w[0] = account;
    return c;
}
static inline hft_venue_command hft_venue_cmd_index_price(int32_t symbol, int64_t index) {
    hft_venue_command c = hft_venue_cmd(HFT_VCMD_INDEX_PRICE, symbol);
    c.w[0] = index;
    return c;
}
static inline hft_venue_command hft_venue_cmd_mark_price(int32_t symbol, int64_t mark, int64_t index /* 0: keep */) {
    hft_venue_command c = hft_venue_cmd(HFT_VCMD_MARK_PRICE, symbol);
    c.w[0] = mark; c.w[1] = index;
    return c;
}
static inline hft_venue_command hft_venue_cmd_settle_funding(int32_t symbol, int has_rate, int64_t rate_e8) {
    hft_venue_command c = hft_venue_cmd(HFT_VCMD_SETTLE_FUNDING, symbol);
    c.b0 = has_rate ? 1 : 0; c.w[0] = has_rate ? rate_e8 : 0;
    return c;
}
static inline hft_venue_command hft_venue_cmd_liquidation_scan(void) {
    return hft_venue_cmd(HFT_VCMD_LIQUIDATION_SCAN, -1);
}

/* Creates a venue with the capacities of *config, allocating all its memory now, into
   *out_venue (NULL on failure). The caller frees it with hft_venue_destroy.
   Returns HFT_ERR_NULL_ARGUMENT, HFT_ERR_INVALID_ARGUMENT (a setting out of range, or
   reserved bytes not 0) or HFT_OK. As for hft_engine_create, only the operating system
   refusing the memory itself is not a status. */
hft_status hft_venue_create(const hft_venue_config *config, hft_venue **out_venue);

/* Frees a venue and everything it allocated. NULL is ignored. */
void hft_venue_destroy(hft_venue *venue);

/* Applies one command and writes its events into events[0 ... *out_count - 1]
   (caller-owned; capacity must be at least the venue's event_budget, else
   HFT_ERR_BUFFER_TOO_SMALL and nothing happens). A refused command is not an error: it is
   an HFT_EVENT_COMMAND_REJECTED (or, for an order, HFT_EVENT_REJECTED) event, and
   HFT_OK. Returns HFT_ERR_NULL_ARGUMENT, HFT_ERR_BUFFER_TOO_SMALL, HFT_ERR_INVALID_ARGUMENT
   (the kind byte is not an hft_venue_command_kind: nothing happens, the command does not
   count) or HFT_OK. Hot call: no allocation, no trap, no clock read. */
hft_status hft_venue_apply(hft_venue *venue, const hft_venue_command *command,
                           hft_venue_event *events, size_t capacity, size_t *out_count);

/* One account (money units). */
typedef struct hft_venue_account {
    int64_t balance;            /* deposits - withdrawals + realized PnL - fees +- funding */
    int64_t reserved;           /* reserved for open orders */
    int64_t position_margin;    /* initial margin of the positions */
    int64_t open_orders;
    int64_t unrealized_pnl;     /* at the valuation (mark) prices */
    int64_t maintenance_margin;
    int64_t available;          /* balance - reserved - position margin */
    int64_t initial_margin;     /* position margin + reserved */
    int64_t cross_equity;       /* balance - isolated margins + cross unrealized PnL */
    int64_t equity;             /* balance + unrealized PnL */
    uint8_t halted;             /* 1 while halted by an account-scope halt or kill switch */
    uint8_t reserved_bytes[7];
    int64_t available_after_loss; /* available + cross unrealized loss (profit not counted): what an
                                     opening order and a withdrawal may use (since ABI 3) */
} hft_venue_account;

/* One position. liquidation_price is valid when has_liquidation_price is 1. */
typedef struct hft_venue_position {
    int32_t symbol;
    uint8_t mode;                  /* enum hft_margin_mode */
    uint8_t has_liquidation_price;
    uint8_t reserved[2];
    int64_t size;                  /* lots, short < 0 */
    int64_t cost;                  /* entry cost, money units */
    int64_t margin;                /* initial (cross) or isolated margin */
    int64_t leverage;
    int64_t unrealized_pnl;
    int64_t liquidation_price;     /* ticks */
} hft_venue_position;

/* A symbol's prices and perpetual state. */
typedef struct hft_venue_prices {
    int64_t index;
    int64_t mark;
    int64_t last_trade;
    int64_t last_funding_rate_e8;
    int64_t estimated_funding_rate_e8;  /* the next settlement's, from the interval's premium samples */
    int64_t premium_samples;
    uint8_t halted;
    uint8_t reserved[7];
} hft_venue_prices;

/* Counters of the whole venue. */
typedef struct hft_venue_info {
    int64_t symbol_count;
    uint64_t last_sequence;   /* of the last command applied (0 before the first) */
    int64_t last_timestamp;
    uint64_t command_count;   /* commands applied */
    int64_t resting_order_count;
    int64_t event_budget;
    int64_t fee_account;
    int64_t insurance_fund_account;
    int64_t insurance_fund;   /* the fund's balance */
} hft_venue_info;

/* Queries: read-only, no allocation, O(1) or O(what they return). Each returns
   HFT_ERR_NULL_ARGUMENT for a NULL pointer and HFT_ERR_UNKNOWN_SYMBOL for a symbol that is
   not a symbol of the venue; *out is zeroed on failure.
   hft_venue_get_account: HFT_ERR_NOT_FOUND when `account` is not an account (user accounts,
     then the fee account and the insurance fund) or the venue runs with risk off.
   hft_venue_get_position: HFT_ERR_NOT_FOUND when the account has no position slot there.
   hft_venue_top_of_book: the best bid and ask levels (zeros for an empty side).
   hft_venue_depth: as hft_engine_depth. */
hft_status hft_venue_get_account(const hft_venue *venue, int64_t account, hft_venue_account *out);
hft_status hft_venue_get_position(const hft_venue *venue, int64_t account, int32_t symbol, hft_venue_position *out);
hft_status hft_venue_get_prices(const hft_venue *venue, int32_t symbol, hft_venue_prices *out);
hft_status hft_venue_top_of_book(const hft_venue *venue, int32_t symbol, hft_book_level *out_bid,
                                 hft_book_level *out_ask);
hft_status hft_venue_depth(const hft_venue *venue, int32_t symbol,
                           hft_book_level *bids, size_t bid_capacity, size_t *out_bid_count,
                           hft_book_level *asks, size_t ask_capacity, size_t *out_ask_count);
hft_status hft_venue_get_info(const hft_venue *venue, hft_venue_info *out);

/* The deterministic 64-bit hash of the whole venue state (Swift `Venue.stateHash.value`,
   printed as 16 hex digits by `hft recover` and `hft venue-apply`). O(state); allocates
   temporarily: not for the hot path. */
hft_status hft_venue_state_hash(const hft_venue *venue, uint64_t *out_hash);

/* A snapshot of the venue (the Swift API's `snapshotBytes()`, the journal's snapshot
   payload) into buffer[0 ... *out_size - 1]. *out_size always gets the snapshot's size;
   when buffer is NULL or capacity is smaller, HFT_ERR_BUFFER_TOO_SMALL and nothing is
   written (call with NULL, 0 to learn the size). O(state); allocates temporarily. */
hft_status hft_venue_snapshot(hft_venue *venue, void *buffer, size_t capacity, size_t *out_size);

/* A new venue of *config loaded from a snapshot made by hft_venue_snapshot of a venue with
   the same configuration, into *out_venue (NULL on failure; free it with
   hft_venue_destroy). Returns HFT_ERR_NULL_ARGUMENT, HFT_ERR_INVALID_ARGUMENT (config),
   HFT_ERR_CORRUPT_SNAPSHOT (bytes of another configuration, truncated or damaged) or
   HFT_OK. The bytes are the caller's and are only read. */
hft_status hft_venue_restore(const hft_venue_config *config, const void *bytes, size_t size,
                             hft_venue **out_venue);

/* Static, NUL-terminated names as `hft` prints them, or "?" for an unknown value. */
static inline const char *hft_venue_reject_name(uint8_t code) {
    static const char *const names[] = {
        "?", "BAD_COMMAND", "UNKNOWN_SYMBOL", "BAD_SYMBOL", "TOO_MANY_SYMBOLS", "UNKNOWN_ACCOUNT", "BAD_AMOUNT",
        "INSUFFICIENT_MARGIN", "LEVERAGE", "MARGIN_MODE", "BAD_PRICE", "BAD_RATE", "BAD_BRACKETS", "NO_MARK",
        "FUNDING_OVERFLOW", "CAPACITY", "RISK_OFF", "BAD_QTY", "HALTED", "PRICE_BAND", "REDUCE_ONLY",
        "TOO_MANY_ORDERS", "DUPLICATE_ORDER_ID"};
    return code < sizeof names / sizeof names[0] ? names[code] : "?";
}

static inline const char *hft_venue_event_kind_name(uint8_t kind) {
    static const char *const order_kinds[] = {"?", "accepted", "rejected", "trade", "expired", "canceled", "amended"};
    static const char *const venue_kinds[] = {"command_rejected", "balance", "account", "position", "funding",
                                              "liquidation", "symbol_state", "prices", "account_state"};
    if (kind < sizeof order_kinds / sizeof order_kinds[0]) return order_kinds[kind];
    if (kind >= 16 && kind - 16 < (int)(sizeof venue_kinds / sizeof venue_kinds[0])) return venue_kinds[kind - 16];
    return "?";
}

#ifdef __cplusplus
}
#endif

#endif /* HFT_ENGINE_H */
