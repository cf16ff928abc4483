/*
 * hft_engine.h: the C ABI of swift-hft-engine (library libHFTEngineC.so, product
 * `HFTEngineC`).
 *
 * A thin layer of plain C functions over the Swift module `HFTEngine`:
 *   - matching: create and destroy a matching engine, add symbols, submit / cancel / amend
 *     orders with events written into a caller buffer, best bid / ask, the level at a
 *     price, a depth snapshot;
 *   - options: Black-Scholes-Merton price and Greeks (scalar and batched over caller
 *     arrays) and implied volatility (scalar and batched).
 * The venue (accounts, risk, perpetuals, liquidation) is not in this version of the ABI.
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
 */
#ifndef HFT_ENGINE_H
#define HFT_ENGINE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define HFT_ABI_VERSION 1

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
   or out_sigma is NULL and count > 0, else HFT_OK. No allocation; calling thread. */
hft_status hft_implied_volatility_batch(const hft_iv_columns *inputs, double *out_sigma, int32_t *out_status,
                                        size_t count, size_t *out_failed_count);

#ifdef __cplusplus
}
#endif

#endif /* HFT_ENGINE_H */
