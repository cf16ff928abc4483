/*
 * abi_test.c: the C ABI of swift-hft-engine (hft_engine.h, libHFTEngineC.so) from C.
 *
 * Uses every function of the header and checks the results against the Swift API, through
 * files that the Swift tools write for the same inputs (Tests/CABI/run.sh does all steps):
 *
 *   abi_test inputs DIR   writes DIR/greeks_in.csv, DIR/iv_in.csv (hft options' formats)
 *                         and DIR/commands.txt (a command file of random orders, cancels,
 *                         amends and BOOK queries, risk=off)
 *   (run.sh)              hft options greeks / iv and hft replay write DIR/greeks_expected.csv,
 *                         DIR/iv_expected.csv and DIR/replay_expected.txt
 *   abi_test check DIR    runs the same inputs through the C ABI and compares:
 *     - hft_bs_greeks, hft_bs_price: bit-identical to BlackScholes.greeks (the same kernel);
 *     - hft_bs_greeks_batch (SIMD kernel): within 4 ulps of the scalar values, relative to
 *       max(|value|, 1e-300) (the Swift tests hold the batch to the scalar path; README
 *       says "bit for bit", the tolerance only allows for FMA contraction differences);
 *     - hft_implied_volatility(_batch): bit-identical to ImpliedVolatility.volatility, the
 *       same error for rows without a volatility, and within 1e-9 relative of the sigma
 *       that priced the row (the rows are well-conditioned: vega > 1e-3 x spot);
 *     - the matching engine: its events and BOOK snapshots, printed in the command-file
 *       format, equal `hft replay`'s output line for line; at every BOOK the best level
 *       and hft_engine_level_at at each listed price agree with the depth snapshot;
 *   plus direct checks of every error path (NULL pointers, ranges, small buffers,
 *   invalid options, capacity rejects).
 *
 * Exit status 0 when every check passed; the last line reads "N passed, M failed".
 */
#include "hft_engine.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static long passed, failed;

#define CHECK(cond, ...)                                                   \
    do {                                                                   \
        if (cond) {                                                        \
            passed++;                                                      \
        } else {                                                           \
            failed++;                                                      \
            if (failed <= 30) {                                            \
                fprintf(stderr, "FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond); \
                fprintf(stderr, __VA_ARGS__);                              \
                fputc('\n', stderr);                                       \
            }                                                              \
        }                                                                  \
    } while (0)

/* A small deterministic generator (SplitMix64), so that `inputs` and `check` agree. */
static uint64_t rng_state;
static uint64_t next_u64(void) {
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}
static double uniform(double lo, double hi) { return lo + (hi - lo) * (double)(next_u64() >> 11) * 0x1p-53; }
static int64_t below(int64_t n) { return (int64_t)(next_u64() % (uint64_t)n); }

static FILE *open_file(const char *dir, const char *name, const char *mode) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, mode);
    if (!f) {
        fprintf(stderr, "abi_test: cannot open %s: %s\n", path, strerror(errno));
        exit(2);
    }
    return f;
}

/* ---- options inputs ------------------------------------------------------------------ */

enum { OPTION_ROWS = 4000, IV_ROWS = 4000 };

typedef struct option_row {
    int flag;
    double s, k, t, r, q, sigma;
} option_row;

static void make_option_rows(option_row *rows, int n, int well_conditioned) {
    for (int i = 0; i < n; i++) {
        option_row *o = &rows[i];
        o->flag = (next_u64() & 1) ? HFT_CALL : HFT_PUT;
        o->s = uniform(10, 500);
        if (well_conditioned) {
            o->k = o->s * uniform(0.8, 1.25);
            o->t = uniform(0.1, 2);
            o->sigma = uniform(0.1, 0.9);
        } else {
            o->k = o->s * uniform(0.3, 3);
            o->t = uniform(1e-3, 5);
            o->sigma = uniform(0.01, 3);
        }
        o->r = uniform(-0.02, 0.1);
        o->q = uniform(0, 0.06);
    }
}

/* IV rows: priced by the ABI, plus a few without a volatility (below intrinsic, above the
   maximum, non-finite, invalid) so that the error names are compared too. */
static void make_iv_rows(option_row *rows, double *prices, int n) {
    make_option_rows(rows, n, 1);
    for (int i = 0; i < n; i++) {
        option_row *o = &rows[i];
        prices[i] = hft_bs_price(o->flag, o->s, o->k, o->t, o->r, o->q, o->sigma);
        switch (i % 100) {
        case 7: prices[i] = 0; break;                              /* below intrinsic */
        case 17: prices[i] = 2 * (o->flag == HFT_CALL ? o->s : o->k); break; /* above the maximum */
        case 27: prices[i] = NAN; break;                            /* not finite */
        case 37: o->t = -1; break;                                  /* invalid input */
        default: break;
        }
    }
}

static void write_inputs_options(const char *dir) {
    static option_row rows[OPTION_ROWS];
    rng_state = 17;
    make_option_rows(rows, OPTION_ROWS, 0);
    FILE *f = open_file(dir, "greeks_in.csv", "w");
    fprintf(f, "kind,S,K,T,r,q,sigma\n");
    for (int i = 0; i < OPTION_ROWS; i++) {
        option_row *o = &rows[i];
        fprintf(f, "%s,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g\n", o->flag == HFT_CALL ? "call" : "put", o->s, o->k,
                o->t, o->r, o->q, o->sigma);
    }
    fclose(f);

    static option_row iv_rows[IV_ROWS];
    static double prices[IV_ROWS];
    rng_state = 1717;
    make_iv_rows(iv_rows, prices, IV_ROWS);
    f = open_file(dir, "iv_in.csv", "w");
    fprintf(f, "kind,S,K,T,r,q,price,sigma\n");
    for (int i = 0; i < IV_ROWS; i++) {
        option_row *o = &iv_rows[i];
        fprintf(f, "%s,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g\n", o->flag == HFT_CALL ? "call" : "put", o->s,
                o->k, o->t, o->r, o->q, prices[i], o->sigma);
    }
    fclose(f);
}

/* ---- matching inputs ----------------------------------------------------------------- */

enum { COMMANDS = 6000, MAX_ORDERS = 2000, MAX_LEVELS = 2000, LADDER = 4096 };
enum { CMD_NEW, CMD_CANCEL, CMD_AMEND, CMD_BOOK };

typedef struct command {
    int kind;
    hft_order order; /* NEW; AMEND uses id, price, quantity; CANCEL uses id; BOOK symbol */
} command;

static const char *const symbol_names[] = {"X", "Y"};

static void make_commands(command *commands, int n) {
    rng_state = 4242;
    int64_t next_id = 1;
    for (int i = 0; i < n; i++) {
        command *c = &commands[i];
        memset(c, 0, sizeof *c);
        int64_t roll = below(100);
        int64_t recent = next_id > 1 ? next_id - 1 - below(next_id - 1 < 40 ? next_id - 1 : 40) : 1;
        c->order.symbol = (int32_t)below(2);
        if (i % 50 == 49) {
            c->kind = CMD_BOOK;
        } else if (roll < 60) {
            c->kind = CMD_NEW;
            hft_order *o = &c->order;
            o->id = below(100) < 3 ? recent : next_id++; /* some duplicates of live ids */
            o->account = 1 + below(4);
            o->side = (uint8_t)below(2);
            o->type = below(100) < 8 ? HFT_MARKET : HFT_LIMIT;
            int64_t tif_roll = below(100);
            o->time_in_force = tif_roll < 70 ? HFT_GTC : tif_roll < 80 ? HFT_IOC : tif_roll < 90 ? HFT_FOK : HFT_POST_ONLY;
            if (o->type == HFT_MARKET && o->time_in_force == HFT_POST_ONLY) o->time_in_force = HFT_GTC;
            o->self_trade_prevention = below(100) < 75 ? HFT_STP_NONE : (uint8_t)(1 + below(3));
            o->price = o->type == HFT_MARKET ? 0 : 95 + below(11) + (o->side == HFT_BUY ? -2 : 2);
            o->quantity = 1 + below(10);
            if (below(100) < 2) o->quantity = 0; /* BAD_QTY */
        } else if (roll < 80) {
            c->kind = CMD_CANCEL;
            c->order.id = below(100) < 5 ? next_id + 1000 : recent;
        } else {
            c->kind = CMD_AMEND;
            c->order.id = recent;
            c->order.price = 93 + below(15);
            c->order.quantity = below(100) < 3 ? 0 : 1 + below(10);
        }
    }
}

static const char *const side_names[] = {"BUY", "SELL"};
static const char *const tif_names[] = {"GTC", "IOC", "FOK", "POST_ONLY"};
static const char *const stp_names[] = {"NONE", "EXPIRE_TAKER", "EXPIRE_MAKER", "EXPIRE_BOTH"};

static void write_inputs_commands(const char *dir) {
    static command commands[COMMANDS];
    make_commands(commands, COMMANDS);
    FILE *f = open_file(dir, "commands.txt", "w");
    fprintf(f, "# Generated by Tests/CABI/abi_test.c (inputs); compared with the C ABI's events.\n");
    fprintf(f, "ENGINE risk=off orders=%d levels=%d symbols=2\n", MAX_ORDERS, MAX_LEVELS);
    fprintf(f, "SYMBOL X tick=1 lot=1 ladder=%d\nSYMBOL Y tick=1 lot=1 ladder=%d\n", LADDER, LADDER);
    for (int i = 0; i < COMMANDS; i++) {
        const command *c = &commands[i];
        const hft_order *o = &c->order;
        switch (c->kind) {
        case CMD_NEW:
            if (o->type == HFT_MARKET)
                fprintf(f, "NEW %lld %lld %s %s MARKET - %lld %s STP=%s\n", (long long)o->id, (long long)o->account,
                        symbol_names[o->symbol], side_names[o->side], (long long)o->quantity,
                        tif_names[o->time_in_force], stp_names[o->self_trade_prevention]);
            else
                fprintf(f, "NEW %lld %lld %s %s LIMIT %lld %lld %s STP=%s\n", (long long)o->id, (long long)o->account,
                        symbol_names[o->symbol], side_names[o->side], (long long)o->price, (long long)o->quantity,
                        tif_names[o->time_in_force], stp_names[o->self_trade_prevention]);
            break;
        case CMD_CANCEL: fprintf(f, "CANCEL %lld\n", (long long)o->id); break;
        case CMD_AMEND:
            fprintf(f, "AMEND %lld %lld %lld\n", (long long)o->id, (long long)o->price, (long long)o->quantity);
            break;
        case CMD_BOOK: fprintf(f, "BOOK %s\n", symbol_names[o->symbol]); break;
        }
    }
    fclose(f);
}

/* ---- CSV reading --------------------------------------------------------------------- */

/* Splits a CSV line in place into at most max fields; returns the number of fields. */
static int split_csv(char *line, char **fields, int max) {
    int n = 0;
    line[strcspn(line, "\r\n")] = 0;
    char *p = line;
    while (n < max) {
        fields[n++] = p;
        char *comma = strchr(p, ',');
        if (!comma) break;
        *comma = 0;
        p = comma + 1;
    }
    return n;
}

static double parse_double(const char *text) { return strtod(text, NULL); }

static int same_double(double a, double b) { return memcmp(&a, &b, sizeof a) == 0 || (isnan(a) && isnan(b)); }

/* |a - b| <= ulps x eps x max(|b|, 1e-300). */
static int close_ulps(double a, double b, double ulps) {
    if (isnan(a) || isnan(b)) return isnan(a) && isnan(b);
    double scale = fabs(b) > 1e-300 ? fabs(b) : 1e-300;
    return fabs(a - b) <= ulps * 0x1p-52 * scale;
}

/* ---- options checks ------------------------------------------------------------------ */

static double *greeks_field(hft_greeks *g, int i) { return &g->price + i; }

/* kind,S,K,T,r,q: the leading columns of both hft options formats. */
static void parse_option_fields(char **fields, option_row *o) {
    o->flag = strcmp(fields[0], "call") == 0 ? HFT_CALL : HFT_PUT;
    o->s = parse_double(fields[1]);
    o->k = parse_double(fields[2]);
    o->t = parse_double(fields[3]);
    o->r = parse_double(fields[4]);
    o->q = parse_double(fields[5]);
}

static void check_options(const char *dir) {
    static option_row rows[OPTION_ROWS];
    static hft_greeks expected[OPTION_ROWS];
    FILE *f = open_file(dir, "greeks_expected.csv", "r");
    char line[4096];
    char *fields[32];
    int n = 0;
    CHECK(fgets(line, sizeof line, f) != NULL, "header of greeks_expected.csv");
    while (n < OPTION_ROWS && fgets(line, sizeof line, f)) {
        int count = split_csv(line, fields, 32);
        CHECK(count == 15, "greeks_expected.csv row %d has %d fields", n + 2, count);
        if (count != 15) break;
        option_row *o = &rows[n];
        parse_option_fields(fields, o);
        o->sigma = parse_double(fields[6]);
        for (int j = 0; j < 8; j++) *greeks_field(&expected[n], j) = parse_double(fields[7 + j]);
        n++;
    }
    fclose(f);
    CHECK(n == OPTION_ROWS, "read %d of %d expected Greeks rows", n, OPTION_ROWS);

    /* Scalar: the same kernel as the Swift API, so bit-identical. */
    long scalar_mismatch = 0;
    for (int i = 0; i < n; i++) {
        option_row *o = &rows[i];
        hft_greeks g;
        hft_status status = hft_bs_greeks(o->flag, o->s, o->k, o->t, o->r, o->q, o->sigma, &g);
        CHECK(status == HFT_OK, "row %d: status %s", i, hft_status_name(status));
        for (int j = 0; j < 8; j++) {
            if (!same_double(*greeks_field(&g, j), *greeks_field(&expected[i], j))) {
                scalar_mismatch++;
                if (scalar_mismatch <= 5)
                    fprintf(stderr, "row %d value %d: ABI %.17g Swift %.17g\n", i, j, *greeks_field(&g, j),
                            *greeks_field(&expected[i], j));
            }
        }
        CHECK(same_double(hft_bs_price(o->flag, o->s, o->k, o->t, o->r, o->q, o->sigma), expected[i].price),
              "hft_bs_price row %d", i);
    }
    CHECK(scalar_mismatch == 0, "%ld scalar values differ from the Swift API", scalar_mismatch);

    /* Batch: columns on the heap (so AddressSanitizer sees any overrun), a few invalid rows. */
    size_t count = (size_t)n + 3;
    double *in = calloc(7 * count, sizeof(double));
    double *out = calloc(8 * count, sizeof(double));
    hft_option_columns columns = {in, in + count, in + 2 * count, in + 3 * count, in + 4 * count, in + 5 * count,
                                  in + 6 * count};
    hft_greeks_columns results = {out, out + count, out + 2 * count, out + 3 * count,
                                  out + 4 * count, out + 5 * count, out + 6 * count, out + 7 * count};
    for (size_t i = 0; i < count; i++) {
        option_row o = i < (size_t)n ? rows[i] : rows[0];
        ((double *)columns.sign)[i] = o.flag;
        ((double *)columns.spot)[i] = o.s;
        ((double *)columns.strike)[i] = o.k;
        ((double *)columns.expiry)[i] = o.t;
        ((double *)columns.rate)[i] = o.r;
        ((double *)columns.dividend_yield)[i] = o.q;
        ((double *)columns.volatility)[i] = o.sigma;
    }
    ((double *)columns.spot)[n] = NAN;     /* invalid rows at the end */
    ((double *)columns.expiry)[n + 1] = -1;
    ((double *)columns.sign)[n + 2] = 0.5;
    size_t invalid = 99;
    CHECK(hft_bs_greeks_batch(&columns, &results, count, &invalid) == HFT_OK, "batch status");
    CHECK(invalid == 3, "batch invalid rows: %zu", invalid);
    long batch_mismatch = 0;
    for (int i = 0; i < n; i++) {
        for (int j = 0; j < 8; j++) {
            double value = out[(size_t)j * count + (size_t)i];
            if (!close_ulps(value, *greeks_field(&expected[i], j), 4)) {
                batch_mismatch++;
                if (batch_mismatch <= 5)
                    fprintf(stderr, "batch row %d value %d: %.17g vs %.17g\n", i, j, value,
                            *greeks_field(&expected[i], j));
            }
        }
    }
    CHECK(batch_mismatch == 0, "%ld batch values beyond 4 ulps of the Swift scalar values", batch_mismatch);
    for (size_t i = (size_t)n; i < count; i++)
        for (int j = 0; j < 8; j++) CHECK(isnan(out[(size_t)j * count + i]), "invalid batch row %zu value %d", i, j);
    /* Odd lengths (the kernel's tail) agree with the full run. */
    for (size_t len = 1; len <= 17; len++) {
        double tail_out[8 * 17];
        hft_greeks_columns tail = {tail_out, tail_out + len, tail_out + 2 * len, tail_out + 3 * len,
                                   tail_out + 4 * len, tail_out + 5 * len, tail_out + 6 * len, tail_out + 7 * len};
        CHECK(hft_bs_greeks_batch(&columns, &tail, len, NULL) == HFT_OK, "tail batch");
        for (size_t i = 0; i < len; i++)
            CHECK(same_double(tail_out[i], out[i]), "tail batch length %zu row %zu", len, i);
    }
    CHECK(hft_bs_greeks_batch(NULL, NULL, 0, &invalid) == HFT_OK && invalid == 0, "empty batch");
    CHECK(hft_bs_greeks_batch(NULL, &results, 1, NULL) == HFT_ERR_NULL_ARGUMENT, "batch NULL inputs");
    hft_option_columns missing = columns;
    missing.volatility = NULL;
    CHECK(hft_bs_greeks_batch(&missing, &results, 1, NULL) == HFT_ERR_NULL_ARGUMENT, "batch NULL column");
    free(in);
    free(out);

    /* Invalid scalar inputs: all NaN and a status. */
    hft_greeks g;
    const double bad[][7] = {
        {1, NAN, 100, 1, 0, 0, 0.2}, {1, 100, 100, -1, 0, 0, 0.2}, {1, 100, 100, 1, 0, 0, 0},
        {1, 100, 0, 1, 0, 0, 0.2},   {1, 100, 100, 1, INFINITY, 0, 0.2}, {-1, 100, 100, 1, 0, 0, -0.3},
        {0, 100, 100, 1, 0, 0, 0.2}, {2, 100, 100, 1, 0, 0, 0.2},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        const double *b = bad[i];
        hft_status status = hft_bs_greeks((int32_t)b[0], b[1], b[2], b[3], b[4], b[5], b[6], &g);
        CHECK(status == HFT_ERR_INVALID_OPTION, "invalid option %zu: %s", i, hft_status_name(status));
        for (int j = 0; j < 8; j++) CHECK(isnan(*greeks_field(&g, j)), "invalid option %zu value %d", i, j);
        CHECK(isnan(hft_bs_price((int32_t)b[0], b[1], b[2], b[3], b[4], b[5], b[6])), "invalid price %zu", i);
    }
    CHECK(hft_bs_greeks(HFT_CALL, 100, 100, 1, 0, 0, 0.2, NULL) == HFT_ERR_NULL_ARGUMENT, "greeks NULL out");
}

static hft_status status_of_error_name(const char *name) {
    if (strcmp(name, "notFinite") == 0) return HFT_ERR_IV_NOT_FINITE;
    if (strcmp(name, "invalidInput") == 0) return HFT_ERR_IV_INVALID_INPUT;
    if (strcmp(name, "belowIntrinsic") == 0) return HFT_ERR_IV_BELOW_INTRINSIC;
    if (strcmp(name, "aboveMaximum") == 0) return HFT_ERR_IV_ABOVE_MAXIMUM;
    return -1;
}

static void check_implied_volatility(const char *dir) {
    static option_row rows[IV_ROWS];
    static double prices[IV_ROWS], expected[IV_ROWS];
    static hft_status expected_status[IV_ROWS];
    FILE *f = open_file(dir, "iv_expected.csv", "r");
    char line[4096];
    char *fields[32];
    int n = 0;
    CHECK(fgets(line, sizeof line, f) != NULL, "header of iv_expected.csv");
    while (n < IV_ROWS && fgets(line, sizeof line, f)) {
        int count = split_csv(line, fields, 32);
        CHECK(count == 10, "iv_expected.csv row %d has %d fields", n + 2, count);
        if (count != 10) break;
        option_row *o = &rows[n];
        parse_option_fields(fields, o);
        prices[n] = parse_double(fields[6]);
        o->sigma = parse_double(fields[7]);
        expected[n] = fields[8][0] ? parse_double(fields[8]) : NAN;
        expected_status[n] = fields[9][0] ? status_of_error_name(fields[9]) : HFT_OK;
        n++;
    }
    fclose(f);
    CHECK(n == IV_ROWS, "read %d of %d expected IV rows", n, IV_ROWS);

    long mismatch = 0, errors = 0, far = 0;
    for (int i = 0; i < n; i++) {
        option_row *o = &rows[i];
        double sigma = -1;
        hft_status status = hft_implied_volatility(o->flag, prices[i], o->s, o->k, o->t, o->r, o->q, &sigma);
        if (status != expected_status[i] || !same_double(sigma, expected[i])) {
            mismatch++;
            if (mismatch <= 5)
                fprintf(stderr, "iv row %d: ABI %.17g (%s) Swift %.17g (%s)\n", i, sigma, hft_status_name(status),
                        expected[i], hft_status_name(expected_status[i]));
        }
        if (status != HFT_OK) {
            errors++;
            CHECK(isnan(sigma), "iv row %d: NaN on error", i);
        } else if (!(fabs(sigma - o->sigma) <= 1e-9 * o->sigma)) {
            far++;
        }
    }
    CHECK(mismatch == 0, "%ld implied volatilities differ from the Swift API", mismatch);
    CHECK(errors == 4 * (IV_ROWS / 100), "%ld rows without a volatility, expected %d", errors, 4 * (IV_ROWS / 100));
    CHECK(far == 0, "%ld implied volatilities beyond 1e-9 relative of the pricing sigma", far);

    /* Batch: the same values and statuses. */
    size_t count = (size_t)n;
    double *in = malloc(7 * count * sizeof(double));
    double *sigma = malloc(count * sizeof(double));
    int32_t *status = malloc(count * sizeof(int32_t));
    for (size_t i = 0; i < count; i++) {
        in[i] = rows[i].flag;
        in[count + i] = prices[i];
        in[2 * count + i] = rows[i].s;
        in[3 * count + i] = rows[i].k;
        in[4 * count + i] = rows[i].t;
        in[5 * count + i] = rows[i].r;
        in[6 * count + i] = rows[i].q;
    }
    hft_iv_columns columns = {in, in + count, in + 2 * count, in + 3 * count, in + 4 * count, in + 5 * count,
                              in + 6 * count};
    size_t failed_rows = 0;
    CHECK(hft_implied_volatility_batch(&columns, sigma, status, count, &failed_rows) == HFT_OK, "iv batch status");
    CHECK(failed_rows == (size_t)errors, "iv batch failed rows %zu, expected %ld", failed_rows, errors);
    long batch_mismatch = 0;
    for (size_t i = 0; i < count; i++)
        if (!same_double(sigma[i], expected[i]) || status[i] != expected_status[i]) batch_mismatch++;
    CHECK(batch_mismatch == 0, "%ld batch implied volatilities differ", batch_mismatch);
    CHECK(hft_implied_volatility_batch(&columns, sigma, NULL, count, NULL) == HFT_OK, "iv batch without statuses");
    CHECK(hft_implied_volatility_batch(NULL, NULL, NULL, 0, NULL) == HFT_OK, "empty iv batch");
    CHECK(hft_implied_volatility_batch(&columns, NULL, NULL, 1, NULL) == HFT_ERR_NULL_ARGUMENT, "iv batch NULL out");
    in[0] = 3; /* neither call nor put */
    CHECK(hft_implied_volatility_batch(&columns, sigma, status, 1, &failed_rows) == HFT_OK && failed_rows == 1 &&
              status[0] == HFT_ERR_INVALID_ARGUMENT && isnan(sigma[0]),
          "iv batch bad flag");
    free(in);
    free(sigma);
    free(status);

    double s = 0;
    CHECK(hft_implied_volatility(0, 10, 100, 100, 1, 0, 0, &s) == HFT_ERR_INVALID_ARGUMENT && isnan(s), "iv flag");
    CHECK(hft_implied_volatility(HFT_CALL, 10, 100, 100, 1, 0, 0, NULL) == HFT_ERR_NULL_ARGUMENT, "iv NULL");
    CHECK(hft_implied_volatility(HFT_CALL, 10, 100, 100, 0, 0, 0, &s) == HFT_ERR_IV_INVALID_INPUT, "iv T = 0");
    CHECK(hft_implied_volatility(HFT_PUT, 10, 100, 100, 1, NAN, 0, &s) == HFT_ERR_IV_NOT_FINITE, "iv r NaN");
}

/* ---- matching checks ----------------------------------------------------------------- */

typedef struct transcript {
    char *text;
    size_t length, capacity;
} transcript;

static void say(transcript *t, const char *format, ...) __attribute__((format(printf, 2, 3)));
static void say(transcript *t, const char *format, ...) {
    char line[512];
    va_list args;
    va_start(args, format);
    int n = vsnprintf(line, sizeof line, format, args);
    va_end(args);
    if (t->length + (size_t)n + 1 > t->capacity) {
        t->capacity = (t->capacity + (size_t)n + 1) * 2;
        t->text = realloc(t->text, t->capacity);
    }
    memcpy(t->text + t->length, line, (size_t)n + 1);
    t->length += (size_t)n;
}

static void print_events(transcript *t, const hft_event *events, size_t count) {
    for (size_t i = 0; i < count; i++) {
        const hft_event *e = &events[i];
        switch (e->kind) {
        case HFT_EVENT_ACCEPTED: say(t, "ACCEPTED %lld\n", (long long)e->order_id); break;
        case HFT_EVENT_REJECTED:
            say(t, "REJECTED %lld %s\n", (long long)e->order_id, hft_reject_reason_name(e->code));
            break;
        case HFT_EVENT_TRADE:
            say(t, "TRADE %s %lld %lld %lld %lld\n", symbol_names[e->symbol], (long long)e->counter_order_id,
                (long long)e->order_id, (long long)e->price, (long long)e->quantity);
            break;
        case HFT_EVENT_EXPIRED:
            say(t, "EXPIRED %lld %s %lld\n", (long long)e->order_id, hft_expire_reason_name(e->code),
                (long long)e->quantity);
            break;
        case HFT_EVENT_CANCELED: say(t, "CANCELED %lld %lld\n", (long long)e->order_id, (long long)e->quantity); break;
        case HFT_EVENT_AMENDED:
            say(t, "AMENDED %lld %lld %lld\n", (long long)e->order_id, (long long)e->price, (long long)e->quantity);
            break;
        default: say(t, "UNKNOWN EVENT %d\n", e->kind); break;
        }
    }
}

static void print_book(transcript *t, const hft_engine *engine, int32_t symbol) {
    enum { DEPTH = 512 };
    hft_book_level *bids = malloc(DEPTH * sizeof *bids), *asks = malloc(DEPTH * sizeof *asks);
    size_t nb = 0, na = 0;
    CHECK(hft_engine_depth(engine, symbol, bids, DEPTH, &nb, asks, DEPTH, &na) == HFT_OK, "depth");
    for (size_t i = 0; i < nb; i++)
        say(t, "BID %s %lld %lld %d\n", symbol_names[symbol], (long long)bids[i].price, (long long)bids[i].quantity,
            bids[i].order_count);
    for (size_t i = 0; i < na; i++)
        say(t, "ASK %s %lld %lld %d\n", symbol_names[symbol], (long long)asks[i].price, (long long)asks[i].quantity,
            asks[i].order_count);
    say(t, "END\n");
    /* The O(1) queries agree with the snapshot. */
    for (int side = HFT_BUY; side <= HFT_SELL; side++) {
        hft_book_level *levels = side == HFT_BUY ? bids : asks;
        size_t n = side == HFT_BUY ? nb : na;
        hft_book_level best;
        CHECK(hft_engine_best_level(engine, symbol, side, &best) == HFT_OK, "best level");
        if (n == 0) {
            CHECK(best.quantity == 0 && best.price == 0 && best.order_count == 0, "empty side gives zeros");
        } else {
            CHECK(best.price == levels[0].price && best.quantity == levels[0].quantity &&
                      best.order_count == levels[0].order_count,
                  "best level = depth[0]");
        }
        for (size_t i = 0; i < n; i++) {
            hft_book_level at, other;
            CHECK(hft_engine_level_at(engine, symbol, side, levels[i].price, &at) == HFT_OK, "level at");
            CHECK(at.price == levels[i].price && at.quantity == levels[i].quantity &&
                      at.order_count == levels[i].order_count,
                  "level_at(%lld) = depth", (long long)levels[i].price);
            CHECK(hft_engine_level_at(engine, symbol, 1 - side, levels[i].price, &other) == HFT_OK &&
                      other.quantity == 0 && other.order_count == 0,
                  "the other side at a live price is empty");
        }
    }
    /* A smaller snapshot is a prefix. */
    hft_book_level one_bid, one_ask;
    size_t b1 = 9, a1 = 9;
    CHECK(hft_engine_depth(engine, symbol, &one_bid, 1, &b1, &one_ask, 1, &a1) == HFT_OK, "depth 1");
    CHECK(b1 == (nb > 0) && a1 == (na > 0), "depth 1 counts");
    CHECK(hft_engine_depth(engine, symbol, NULL, 0, &b1, NULL, 0, &a1) == HFT_OK && b1 == 0 && a1 == 0, "depth 0");
    free(bids);
    free(asks);
}

static void check_scenario(const char *dir) {
    static command commands[COMMANDS];
    make_commands(commands, COMMANDS);
    hft_engine_config config = hft_engine_config_default();
    config.max_orders = MAX_ORDERS;
    config.max_price_levels = MAX_LEVELS;
    config.max_symbols = 2;
    config.events_per_call = MAX_ORDERS + 2;
    hft_engine *engine = NULL;
    CHECK(hft_engine_create(&config, &engine) == HFT_OK && engine != NULL, "create");
    if (!engine) return;
    hft_symbol_config symbol = hft_symbol_config_default();
    symbol.ladder_ticks = LADDER;
    int32_t x = -1, y = -1;
    CHECK(hft_engine_add_symbol(engine, &symbol, &x) == HFT_OK && x == 0, "add X");
    CHECK(hft_engine_add_symbol(engine, &symbol, &y) == HFT_OK && y == 1, "add Y");

    size_t capacity = (size_t)config.events_per_call;
    hft_event *events = malloc(capacity * sizeof *events);
    transcript t = {0};
    for (int i = 0; i < COMMANDS; i++) {
        const command *c = &commands[i];
        size_t count = 0;
        hft_status status = HFT_OK;
        switch (c->kind) {
        case CMD_NEW: status = hft_engine_submit(engine, &c->order, events, capacity, &count); break;
        case CMD_CANCEL: status = hft_engine_cancel(engine, c->order.id, events, capacity, &count); break;
        case CMD_AMEND:
            status = hft_engine_amend(engine, c->order.id, c->order.price, c->order.quantity, events, capacity, &count);
            break;
        case CMD_BOOK: print_book(&t, engine, c->order.symbol); break;
        }
        CHECK(status == HFT_OK, "command %d: %s", i, hft_status_name(status));
        print_events(&t, events, count);
    }
    CHECK(hft_engine_resting_order_count(engine) > 0, "orders rest at the end");

    /* Compare with `hft replay` of the same command file. */
    FILE *f = open_file(dir, "replay_expected.txt", "r");
    FILE *out = open_file(dir, "abi_transcript.txt", "w");
    fwrite(t.text, 1, t.length, out);
    fclose(out);
    char line[512];
    const char *p = t.text;
    long line_number = 0, differ = 0;
    while (fgets(line, sizeof line, f)) {
        line_number++;
        size_t n = strlen(line);
        const char *end = strchr(p, '\n');
        size_t m = end ? (size_t)(end - p) + 1 : strlen(p);
        if (m != n || memcmp(p, line, n) != 0) {
            if (differ++ == 0)
                fprintf(stderr, "line %ld: hft replay: %sC ABI: %.*s\n", line_number, line, (int)m, p);
        }
        p += m;
    }
    fclose(f);
    CHECK(differ == 0 && *p == 0, "the C ABI's transcript differs from hft replay (%ld lines; diff %s/abi_transcript.txt"
          " %s/replay_expected.txt)", differ, dir, dir);
    CHECK(line_number > COMMANDS, "the transcript has %ld lines", line_number);
    free(t.text);
    free(events);
    hft_engine_destroy(engine);
}

static void check_engine_errors(void) {
    hft_engine *engine = (hft_engine *)1;
    hft_engine_config config = hft_engine_config_default();
    CHECK(hft_abi_version() == HFT_ABI_VERSION, "ABI version %u vs header %d", hft_abi_version(), HFT_ABI_VERSION);
    CHECK(strcmp(hft_status_name(HFT_ERR_CAPACITY), "CAPACITY") == 0 && strcmp(hft_status_name(99), "UNKNOWN_STATUS") == 0,
          "status names");
    CHECK(strcmp(hft_reject_reason_name(200), "?") == 0 && strcmp(hft_expire_reason_name(5), "STP") == 0, "names");
    CHECK(hft_engine_create(NULL, &engine) == HFT_ERR_NULL_ARGUMENT, "create NULL config");
    CHECK(hft_engine_create(&config, NULL) == HFT_ERR_NULL_ARGUMENT, "create NULL out");
    const int64_t bad_values[] = {0, -1, INT64_MIN, INT64_MAX, (int64_t)1 << 31};
    for (size_t i = 0; i < sizeof bad_values / sizeof bad_values[0]; i++) {
        for (int field = 0; field < 4; field++) {
            hft_engine_config c = hft_engine_config_default();
            c.max_orders = 1024;
            if (field == 0) c.max_orders = bad_values[i];
            if (field == 1) c.max_price_levels = bad_values[i];
            if (field == 2) c.max_symbols = bad_values[i];
            if (field == 3) c.events_per_call = bad_values[i] == (int64_t)1 << 31 ? (int64_t)1 << 40 : bad_values[i];
            engine = (hft_engine *)1;
            CHECK(hft_engine_create(&c, &engine) == HFT_ERR_INVALID_ARGUMENT && engine == NULL,
                  "config field %d value %lld", field, (long long)bad_values[i]);
        }
    }
    config.id_index_load_factor = NAN;
    CHECK(hft_engine_create(&config, &engine) == HFT_ERR_INVALID_ARGUMENT, "NaN load factor");

    /* A small engine: 8 orders, 1 symbol, 3 events per call. */
    config = hft_engine_config_default();
    config.max_orders = 8;
    config.max_price_levels = 8;
    config.max_symbols = 1;
    config.events_per_call = 3;
    CHECK(hft_engine_create(&config, &engine) == HFT_OK, "small engine");
    hft_symbol_config symbol = hft_symbol_config_default();
    int32_t s = -1;
    symbol.ladder_ticks = 10;
    CHECK(hft_engine_add_symbol(engine, &symbol, &s) == HFT_ERR_INVALID_ARGUMENT, "ladder too small");
    symbol = hft_symbol_config_default();
    symbol.money_per_tick_lot = 0;
    CHECK(hft_engine_add_symbol(engine, &symbol, &s) == HFT_ERR_INVALID_ARGUMENT, "money per tick lot 0");
    symbol = hft_symbol_config_default();
    symbol.max_notional = 0;
    CHECK(hft_engine_add_symbol(engine, &symbol, &s) == HFT_ERR_INVALID_ARGUMENT, "max notional 0");
    symbol = hft_symbol_config_default();
    symbol.ladder_ticks = 1024;
    symbol.max_notional = 1000; /* price x qty <= 1000 */
    CHECK(hft_engine_add_symbol(engine, NULL, &s) == HFT_ERR_NULL_ARGUMENT, "add symbol NULL");
    CHECK(hft_engine_add_symbol(engine, &symbol, &s) == HFT_OK && s == 0, "add symbol");
    CHECK(hft_engine_add_symbol(engine, &symbol, &s) == HFT_ERR_CAPACITY, "symbol capacity");

    hft_event ev[3];
    size_t n = 99;
    hft_order o = {0};
    o.id = 1;
    o.account = 7;
    o.symbol = 0;
    o.side = HFT_SELL;
    o.price = 100;
    o.quantity = 2;
    CHECK(hft_engine_submit(engine, &o, ev, 2, &n) == HFT_ERR_BUFFER_TOO_SMALL && n == 0, "buffer too small");
    CHECK(hft_engine_submit(engine, &o, NULL, 3, &n) == HFT_ERR_NULL_ARGUMENT, "submit NULL events");
    CHECK(hft_engine_submit(engine, &o, ev, 3, NULL) == HFT_ERR_NULL_ARGUMENT, "submit NULL count");
    CHECK(hft_engine_submit(engine, NULL, ev, 3, &n) == HFT_ERR_NULL_ARGUMENT, "submit NULL order");
    CHECK(hft_engine_submit(NULL, &o, ev, 3, &n) == HFT_ERR_NULL_ARGUMENT, "submit NULL engine");
    hft_order bad = o;
    bad.side = 2;
    CHECK(hft_engine_submit(engine, &bad, ev, 3, &n) == HFT_ERR_INVALID_ARGUMENT, "bad side");
    bad = o;
    bad.time_in_force = 4;
    CHECK(hft_engine_submit(engine, &bad, ev, 3, &n) == HFT_ERR_INVALID_ARGUMENT, "bad tif");
    bad = o;
    bad.self_trade_prevention = 9;
    CHECK(hft_engine_submit(engine, &bad, ev, 3, &n) == HFT_ERR_INVALID_ARGUMENT, "bad stp");
    bad = o;
    bad.type = 7;
    CHECK(hft_engine_submit(engine, &bad, ev, 3, &n) == HFT_ERR_INVALID_ARGUMENT, "bad type");
    CHECK(hft_engine_resting_order_count(engine) == 0, "nothing rests after refused calls");

    CHECK(hft_engine_submit(engine, &o, ev, 3, &n) == HFT_OK && n == 1 && ev[0].kind == HFT_EVENT_ACCEPTED &&
              ev[0].order_id == 1 && ev[0].account == 7 && ev[0].price == 100 && ev[0].quantity == 2 &&
              ev[0].leaves == 2 && ev[0].side == HFT_SELL && ev[0].symbol == 0,
          "accepted event");
    o.id = 2;
    o.price = 101;
    o.flags = HFT_FLAG_REDUCE_ONLY;
    CHECK(hft_engine_submit(engine, &o, ev, 3, &n) == HFT_OK && n == 1 && ev[0].flags == HFT_FLAG_REDUCE_ONLY,
          "flags carried");
    o.flags = 0;
    o.id = 3;
    o.price = 102;
    CHECK(hft_engine_submit(engine, &o, ev, 3, &n) == HFT_OK, "third maker");
    /* Unknown symbol, bad quantity, max notional, duplicate id: rejects, not errors. */
    hft_order r = o;
    r.id = 4;
    r.symbol = 5;
    CHECK(hft_engine_submit(engine, &r, ev, 3, &n) == HFT_OK && n == 1 && ev[0].kind == HFT_EVENT_REJECTED &&
              ev[0].code == HFT_REJECT_UNKNOWN_SYMBOL,
          "unknown symbol reject");
    r = o;
    r.id = 4;
    r.quantity = -3;
    CHECK(hft_engine_submit(engine, &r, ev, 3, &n) == HFT_OK && ev[0].code == HFT_REJECT_BAD_QTY, "bad qty");
    r.quantity = 11;
    CHECK(hft_engine_submit(engine, &r, ev, 3, &n) == HFT_OK && ev[0].code == HFT_REJECT_MAX_NOTIONAL, "notional");
    r = o;
    r.id = 1;
    CHECK(hft_engine_submit(engine, &r, ev, 3, &n) == HFT_OK && ev[0].code == HFT_REJECT_DUPLICATE_ORDER_ID, "dup");
    r.id = 0;
    CHECK(hft_engine_submit(engine, &r, ev, 3, &n) == HFT_OK && ev[0].code == HFT_REJECT_BAD_ORDER_ID, "id 0");
    r.id = 4;
    r.type = HFT_MARKET;
    r.time_in_force = HFT_POST_ONLY;
    CHECK(hft_engine_submit(engine, &r, ev, 3, &n) == HFT_OK && ev[0].code == HFT_REJECT_BAD_TIF, "market post only");

    /* A buy that would meet three makers needs 2 + 3 events > 3: CAPACITY, nothing changes. */
    hft_order taker = {0};
    taker.id = 10;
    taker.account = 8;
    taker.side = HFT_BUY;
    taker.price = 102;
    taker.quantity = 6;
    CHECK(hft_engine_submit(engine, &taker, ev, 3, &n) == HFT_OK && n == 1 && ev[0].kind == HFT_EVENT_REJECTED &&
              ev[0].code == HFT_REJECT_CAPACITY,
          "event room reject");
    CHECK(hft_engine_resting_order_count(engine) == 3, "the book is unchanged");
    /* One maker: ACCEPTED, TRADE (maker 1 fully), and the rest rests: 2 events. */
    taker.price = 100;
    taker.quantity = 3;
    CHECK(hft_engine_submit(engine, &taker, ev, 3, &n) == HFT_OK && n == 2 && ev[1].kind == HFT_EVENT_TRADE &&
              ev[1].order_id == 10 && ev[1].account == 8 && ev[1].counter_order_id == 1 && ev[1].counter_account == 7 &&
              ev[1].price == 100 && ev[1].quantity == 2 && ev[1].leaves == 0 && ev[1].side == HFT_BUY,
          "trade event");
    hft_book_level level;
    CHECK(hft_engine_best_level(engine, 0, HFT_BUY, &level) == HFT_OK && level.price == 100 && level.quantity == 1 &&
              level.order_count == 1,
          "taker's rest is the best bid");
    CHECK(hft_engine_best_level(engine, 0, HFT_SELL, &level) == HFT_OK && level.price == 101, "best ask");
    CHECK(hft_engine_best_level(engine, 3, HFT_SELL, &level) == HFT_ERR_UNKNOWN_SYMBOL, "best unknown symbol");
    CHECK(hft_engine_best_level(engine, -1, HFT_SELL, &level) == HFT_ERR_UNKNOWN_SYMBOL, "best symbol -1");
    CHECK(hft_engine_best_level(engine, 0, 2, &level) == HFT_ERR_INVALID_ARGUMENT, "best bad side");
    CHECK(hft_engine_best_level(engine, 0, HFT_BUY, NULL) == HFT_ERR_NULL_ARGUMENT, "best NULL");
    CHECK(hft_engine_level_at(engine, 0, HFT_SELL, 102, &level) == HFT_OK && level.quantity == 2 &&
              level.order_count == 1 && level.price == 102,
          "level at 102");
    CHECK(hft_engine_level_at(engine, 0, HFT_SELL, 99, &level) == HFT_OK && level.quantity == 0, "level at empty");
    CHECK(hft_engine_level_at(engine, 0, HFT_SELL, INT64_MAX, &level) == HFT_OK && level.quantity == 0, "level far");
    CHECK(hft_engine_level_at(engine, 1, HFT_SELL, 102, &level) == HFT_ERR_UNKNOWN_SYMBOL, "level unknown symbol");
    CHECK(hft_engine_level_at(NULL, 0, HFT_SELL, 102, &level) == HFT_ERR_NULL_ARGUMENT, "level NULL");
    size_t nb, na;
    CHECK(hft_engine_depth(engine, 0, NULL, 1, &nb, NULL, 0, &na) == HFT_ERR_NULL_ARGUMENT, "depth NULL buffer");
    CHECK(hft_engine_depth(engine, 0, NULL, 0, NULL, NULL, 0, &na) == HFT_ERR_NULL_ARGUMENT, "depth NULL count");
    CHECK(hft_engine_depth(engine, 9, NULL, 0, &nb, NULL, 0, &na) == HFT_ERR_UNKNOWN_SYMBOL, "depth unknown symbol");

    /* Amend: the event carries the previous price and quantity. */
    CHECK(hft_engine_amend(engine, 3, 103, 1, ev, 3, &n) == HFT_OK && n == 1 && ev[0].kind == HFT_EVENT_AMENDED &&
              ev[0].price == 103 && ev[0].quantity == 1 && ev[0].counter_order_id == 102 && ev[0].counter_account == 2,
          "amended event");
    CHECK(hft_engine_amend(engine, 99, 103, 1, ev, 3, &n) == HFT_OK && ev[0].code == HFT_REJECT_UNKNOWN_ORDER,
          "amend unknown");
    CHECK(hft_engine_amend(engine, 3, 103, 1, ev, 1, &n) == HFT_ERR_BUFFER_TOO_SMALL, "amend small buffer");
    CHECK(hft_engine_amend(NULL, 3, 103, 1, ev, 3, &n) == HFT_ERR_NULL_ARGUMENT, "amend NULL");
    CHECK(hft_engine_cancel(engine, 2, ev, 3, &n) == HFT_OK && n == 1 && ev[0].kind == HFT_EVENT_CANCELED &&
              ev[0].quantity == 2 && ev[0].price == 101,
          "canceled event");
    CHECK(hft_engine_cancel(engine, 2, ev, 3, &n) == HFT_OK && ev[0].code == HFT_REJECT_UNKNOWN_ORDER,
          "cancel twice");
    CHECK(hft_engine_cancel(engine, 2, NULL, 3, &n) == HFT_ERR_NULL_ARGUMENT, "cancel NULL");
    CHECK(hft_engine_cancel(NULL, 2, ev, 3, &n) == HFT_ERR_NULL_ARGUMENT, "cancel NULL engine");
    CHECK(hft_engine_resting_order_count(engine) == 2, "resting orders");
    CHECK(hft_engine_resting_order_count(NULL) == 0, "resting orders NULL");
    /* Fill the order pool: CAPACITY rejects, then room again after a cancel. */
    hft_order fill = {0};
    fill.side = HFT_BUY;
    fill.quantity = 1;
    int accepted = 0, capacity_rejects = 0;
    for (int i = 0; i < 10; i++) {
        fill.id = 100 + i;
        fill.price = 50 + i;
        CHECK(hft_engine_submit(engine, &fill, ev, 3, &n) == HFT_OK, "fill");
        if (ev[0].kind == HFT_EVENT_ACCEPTED) accepted++;
        if (ev[0].kind == HFT_EVENT_REJECTED && ev[0].code == HFT_REJECT_CAPACITY) capacity_rejects++;
    }
    CHECK(accepted == 6 && capacity_rejects == 4, "capacity: %d accepted, %d rejected", accepted, capacity_rejects);
    hft_engine_destroy(engine);
    hft_engine_destroy(NULL);
}

int main(int argc, char **argv) {
    if (argc == 3 && strcmp(argv[1], "inputs") == 0) {
        write_inputs_options(argv[2]);
        write_inputs_commands(argv[2]);
        return 0;
    }
    if (argc == 3 && strcmp(argv[1], "check") == 0) {
        check_engine_errors();
        check_options(argv[2]);
        check_implied_volatility(argv[2]);
        check_scenario(argv[2]);
        printf("abi_test: %ld passed, %ld failed\n", passed, failed);
        return failed == 0 ? 0 : 1;
    }
    fprintf(stderr, "usage: abi_test inputs|check DIR\n");
    return 64;
}
