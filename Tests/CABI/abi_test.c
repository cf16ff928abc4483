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

/* Writes t to DIR/written and compares it line by line with DIR/expected (the Swift tool's
   output); returns the number of differing lines (a missing or extra line counts) and the
   expected file's line count in *lines. */
static long compare_transcript(const char *dir, const transcript *t, const char *written, const char *expected,
                               const char *tool, long *lines) {
    FILE *out = open_file(dir, written, "w");
    fwrite(t->text, 1, t->length, out);
    fclose(out);
    FILE *f = open_file(dir, expected, "r");
    char line[1024];
    const char *p = t->text;
    long differ = 0;
    *lines = 0;
    while (fgets(line, sizeof line, f)) {
        ++*lines;
        size_t n = strlen(line);
        const char *end = strchr(p, '\n');
        size_t m = end ? (size_t)(end - p) + 1 : strlen(p);
        if (m != n || memcmp(p, line, n) != 0) {
            if (differ++ == 0) fprintf(stderr, "line %ld: %s: %sC ABI: %.*s\n", *lines, tool, line, (int)m, p);
        }
        p += m;
    }
    fclose(f);
    return differ + (*p != 0);
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
    long line_number = 0;
    long differ = compare_transcript(dir, &t, "abi_transcript.txt", "replay_expected.txt", "hft replay", &line_number);
    CHECK(differ == 0, "the C ABI's transcript differs from hft replay (%ld lines; diff %s/abi_transcript.txt"
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

/* ---- the venue (ABI version 2) -------------------------------------------------------- */

/* The venue of the scenario: small capacities, risk and liquidation on. The same numbers go
   to `hft venue-apply` (venue_args.txt), which applies the same records through Swift. */
static hft_venue_config venue_config(void) {
    hft_venue_config c = hft_venue_config_default();
    c.max_orders = 1024;
    c.max_price_levels = 1024;
    c.max_symbols = 4;
    c.max_ladder_ticks = 1 << 16;
    c.user_accounts = 16;
    c.positions_per_symbol = 32;
    c.max_open_orders_per_account = 20;
    c.event_budget = 1024;
    return c;
}

static void write_venue_args(const char *dir) {
    hft_venue_config c = venue_config();
    FILE *f = open_file(dir, "venue_args.txt", "w");
    fprintf(f, "--max-orders %lld --max-price-levels %lld --max-symbols %lld --max-ladder-ticks %lld "
            "--user-accounts %lld --positions-per-symbol %lld --max-open-orders %lld --event-budget %lld "
            "--liquidation-fee-e8 %lld --liquidation-events-per-account %lld --risk %d --liquidation %d "
            "--rebuild-triggers %d\n",
            (long long)c.max_orders, (long long)c.max_price_levels, (long long)c.max_symbols,
            (long long)c.max_ladder_ticks, (long long)c.user_accounts, (long long)c.positions_per_symbol,
            (long long)c.max_open_orders_per_account, (long long)c.event_budget, (long long)c.liquidation_fee_rate_e8,
            (long long)c.liquidation_events_per_account, c.risk_enabled, c.liquidation_enabled,
            c.rebuild_triggers_on_price);
    fclose(f);
}

static hft_order venue_limit(int64_t id, int64_t account, int32_t symbol, uint8_t side, int64_t price, int64_t qty) {
    hft_order o = {0};
    o.id = id; o.account = account; o.symbol = symbol; o.side = side; o.type = HFT_LIMIT;
    o.time_in_force = HFT_GTC; o.price = price; o.quantity = qty;
    return o;
}

/* The scenario's commands, stamped with sequence i + 1 and time (i + 1) s. */
enum { VENUE_COMMANDS = 21, MONEY = 1000000000 };
static int venue_scenario(hft_venue_command *c) {
    int n = 0;
    hft_venue_symbol_spec btc = hft_venue_symbol_spec_default(0, 1000);
    btc.max_leverage = 20;
    btc.taker_rate_e8 = 50000;  /* 0.05% */
    btc.ladder_ticks = 1 << 16;
    hft_venue_symbol_spec eth = hft_venue_symbol_spec_default(1, 100);
    eth.ladder_ticks = 1 << 16;
    hft_venue_symbol_spec wrong = hft_venue_symbol_spec_default(5, 1);
    c[n++] = hft_venue_cmd_add_symbol(&btc);                             /* 0 */
    c[n++] = hft_venue_cmd_add_symbol(&eth);                             /* 1 */
    c[n++] = hft_venue_cmd_add_symbol(&wrong);                           /* 2: BAD_SYMBOL */
    for (int a = 0; a <= 5; a++) c[n++] = hft_venue_cmd_deposit(a, MONEY); /* 3 ... 8 */
    c[n++] = hft_venue_cmd_deposit(99, 5);                               /* 9: UNKNOWN_ACCOUNT */
    c[n++] = hft_venue_cmd_mark_price(0, 10000, 0);                      /* 10 */
    c[n++] = hft_venue_cmd_mark_price(1, 1000, 0);                       /* 11 */
    c[n++] = hft_venue_cmd_transfer(HFT_VCMD_WITHDRAW, 4, 940000000);    /* 12 */
    c[n++] = hft_venue_cmd_set_leverage(4, 0, 20, HFT_MODE_KEEP);        /* 13 */
    hft_order o = venue_limit(1, 5, 0, HFT_SELL, 10000, 100);
    c[n++] = hft_venue_cmd_new_order(&o);                                /* 14 */
    o = venue_limit(2, 4, 0, HFT_BUY, 10000, 100);
    c[n++] = hft_venue_cmd_new_order(&o);                                /* 15: trade */
    o = venue_limit(3, 5, 0, HFT_BUY, 9500, 200);
    c[n++] = hft_venue_cmd_new_order(&o);                                /* 16 */
    o = venue_limit(4, 1, 0, HFT_SELL, 10500, 0);
    c[n++] = hft_venue_cmd_new_order(&o);                                /* 17: BAD_QTY */
    o = venue_limit(5, 1, 0, HFT_SELL, 10500, 1);
    c[n++] = hft_venue_cmd_new_order(&o);                                /* 18 */
    c[n++] = hft_venue_cmd_cancel(5);                                    /* 19 */
    c[n++] = hft_venue_cmd_mark_price(0, 9600, 0);                       /* 20: liquidates account 4 */
    for (int i = 0; i < n; i++) {
        c[i].sequence = (uint64_t)i + 1;
        c[i].timestamp = (int64_t)(i + 1) * 1000000000LL;
    }
    return n;
}

static void write_inputs_venue(const char *dir) {
    hft_venue_command commands[VENUE_COMMANDS];
    int n = venue_scenario(commands);
    FILE *f = open_file(dir, "venue_commands.bin", "wb");
    fwrite(commands, sizeof commands[0], (size_t)n, f);
    fclose(f);
    write_venue_args(dir);
}

static void print_venue_events(transcript *t, const hft_venue_event *e, size_t count) {
    for (size_t i = 0; i < count; i++, e++)
        say(t, "EVENT %llu %lld %d %d %d %d %d %lld %lld %lld %lld %lld %lld %lld %lld\n",
            (unsigned long long)e->sequence, (long long)e->timestamp, e->kind, e->code, e->side, e->flags, e->symbol,
            (long long)e->account, (long long)e->a, (long long)e->b, (long long)e->c, (long long)e->d,
            (long long)e->e, (long long)e->f, (long long)e->g);
}

/* The first event of `kind` (and `code`, if >= 0) for `account` (if >= 0), or NULL. */
static const hft_venue_event *find_event(const hft_venue_event *e, size_t count, int kind, int code, int64_t account) {
    for (size_t i = 0; i < count; i++)
        if (e[i].kind == kind && (code < 0 || e[i].code == code) && (account < 0 || e[i].account == account))
            return &e[i];
    return NULL;
}

/* Checks of single commands against values worked out by hand (not read from Swift). */
static void check_venue_command(int i, const hft_venue_command *c, const hft_venue_event *e, size_t n) {
    const hft_venue_event *x;
    for (size_t k = 0; k < n; k++)
        CHECK(e[k].sequence == c->sequence && e[k].timestamp == c->timestamp, "command %d: event %zu stamped", i, k);
    switch (i) {
    case 0:
        x = find_event(e, n, HFT_EVENT_SYMBOL_STATE, HFT_SYMBOL_ADDED, -1);
        CHECK(x && x->symbol == 0, "add symbol 0: a SYMBOL_STATE ADDED event");
        break;
    case 2:
        CHECK(n == 1 && e[0].kind == HFT_EVENT_COMMAND_REJECTED && e[0].code == HFT_VREJECT_BAD_SYMBOL
              && e[0].flags == HFT_VCMD_ADD_SYMBOL, "add symbol 5 of 2: one BAD_SYMBOL reject, got %zu events, %s",
              n, n ? hft_venue_reject_name(e[0].code) : "-");
        break;
    case 3: case 4: case 5: case 6: case 7: case 8:
        x = find_event(e, n, HFT_EVENT_BALANCE, HFT_BALANCE_DEPOSIT, i - 3);
        CHECK(x && x->a == MONEY, "deposit %d: a BALANCE DEPOSIT event of %d", i - 3, MONEY);
        x = find_event(e, n, HFT_EVENT_ACCOUNT, -1, i - 3);
        CHECK(x && x->a == MONEY && x->b == 0 && x->c == 0 && x->d == 0, "deposit %d: the ACCOUNT event", i - 3);
        break;
    case 9:
        CHECK(n == 1 && e[0].kind == HFT_EVENT_COMMAND_REJECTED && e[0].code == HFT_VREJECT_UNKNOWN_ACCOUNT
              && e[0].a == 99, "deposit to 99: UNKNOWN_ACCOUNT");
        break;
    case 10:
        x = find_event(e, n, HFT_EVENT_PRICES, -1, -1);
        CHECK(x && x->symbol == 0 && x->b == 10000, "mark 10000: a PRICES event");
        break;
    case 12:
        x = find_event(e, n, HFT_EVENT_BALANCE, HFT_BALANCE_WITHDRAWAL, 4);
        CHECK(x && x->a == -940000000, "withdrawal: BALANCE WITHDRAWAL -940000000");
        break;
    case 14:
        CHECK(n >= 1 && e[0].kind == HFT_EVENT_ACCEPTED && e[0].account == 5 && e[0].a == 1 && e[0].b == 10000
              && e[0].c == 100 && e[0].side == HFT_SELL, "order 1 accepted first");
        break;
    case 15:
        CHECK(n >= 2 && e[0].kind == HFT_EVENT_ACCEPTED && e[0].a == 2, "order 2 accepted first");
        x = find_event(e, n, HFT_EVENT_TRADE, -1, -1);
        CHECK(x && x->account == 4 && x->a == 2 && x->b == 1 && x->c == 5 && x->d == 10000 && x->e == 100
              && x->f == 0 && x->side == HFT_BUY, "the trade: taker 4/2, maker 5/1, 100 @ 10000, maker done");
        /* Taker fee: 100 lots x 10000 ticks x 1000 money per tick-lot x 0.05% = 500000. */
        x = find_event(e, n, HFT_EVENT_BALANCE, HFT_BALANCE_FEE, 4);
        CHECK(x && x->a == -500000, "taker fee -500000, got %lld", x ? (long long)x->a : 0LL);
        CHECK(!find_event(e, n, HFT_EVENT_BALANCE, HFT_BALANCE_FEE, 5), "no maker fee (rate 0)");
        x = find_event(e, n, HFT_EVENT_POSITION, -1, 4);
        /* Long 100 at 20x: cost 10^9, margin 10^9 / 20. */
        CHECK(x && x->a == 100 && x->b == 1000000000 && x->c == 50000000 && x->d == 20,
              "position of 4: 100 lots, cost 1e9, margin 5e7, 20x");
        x = find_event(e, n, HFT_EVENT_POSITION, -1, 5);
        CHECK(x && x->a == -100, "position of 5: short 100");
        break;
    case 17:
        CHECK(n >= 1 && e[0].kind == HFT_EVENT_REJECTED && e[0].code == HFT_REJECT_BAD_QTY && e[0].a == 4,
              "zero quantity: REJECTED BAD_QTY");
        break;
    case 19:
        x = find_event(e, n, HFT_EVENT_CANCELED, -1, 1);
        CHECK(x && x->a == 5 && x->c == 1, "cancel 5: CANCELED 1 lot");
        break;
    case 20:
        /* 100 lots long from 10000 at mark 9600: loss 100 x 400 x 1000 = 4e7 against 5.95e7 of
           equity left: far below the 20x bracket's maintenance margin, so account 4 is
           liquidated through the book, where account 5's bid at 9500 takes it. */
        x = find_event(e, n, HFT_EVENT_LIQUIDATION, HFT_LIQ_ORDER, 4);
        CHECK(x && x->symbol == 0 && x->side == HFT_SELL, "mark 9600: a liquidation ORDER step of account 4 (sell)");
        x = find_event(e, n, HFT_EVENT_LIQUIDATION, HFT_LIQ_FILL, 4);
        CHECK(x && x->a == 5 && x->b == 100 && x->d == 9500, "mark 9600: a FILL step of 100 at 9500 against account 5");
        /* The liquidation's fill is reported as liquidation steps, not as an order TRADE. */
        CHECK(!find_event(e, n, HFT_EVENT_TRADE, -1, -1), "no TRADE event for a liquidation fill");
        x = find_event(e, n, HFT_EVENT_POSITION, -1, 4);
        CHECK(x && x->a == 0, "account 4 is flat");
        x = find_event(e, n, HFT_EVENT_POSITION, -1, 5);
        CHECK(x && x->a == 0, "account 5 (short 100, bought 100) is flat");
        break;
    }
}

static void check_venue_queries_after_trade(const hft_venue *v) {
    hft_venue_account a;
    CHECK(hft_venue_get_account(v, 4, &a) == HFT_OK, "account 4");
    /* 10^9 - 9.4e8 - 5e5 fee = 5.95e7; margin 5e7 in use; mark 10000 = entry: no PnL. */
    CHECK(a.balance == 59500000 && a.position_margin == 50000000 && a.unrealized_pnl == 0
          && a.available == 9500000 && a.available_after_loss == 9500000 && a.equity == 59500000 && a.halted == 0,
          "account 4: balance %lld margin %lld available %lld", (long long)a.balance, (long long)a.position_margin,
          (long long)a.available);
    hft_venue_position p;
    CHECK(hft_venue_get_position(v, 4, 0, &p) == HFT_OK && p.size == 100 && p.cost == 1000000000
          && p.leverage == 20 && p.mode == HFT_MARGIN_CROSS && p.has_liquidation_price == 1
          && p.liquidation_price > 9600 && p.liquidation_price < 10000,
          "position 4/0: size %lld liq %lld", (long long)p.size, (long long)p.liquidation_price);
}

static void check_venue(const char *dir) {
    hft_venue_config config = venue_config();
    hft_venue *v = NULL;
    CHECK(hft_venue_create(&config, &v) == HFT_OK && v, "hft_venue_create");
    if (!v) return;
    size_t capacity = (size_t)config.event_budget;
    hft_venue_event *events = calloc(capacity, sizeof *events);
    hft_venue_command commands[VENUE_COMMANDS];
    int n = venue_scenario(commands);
    CHECK(n == VENUE_COMMANDS, "the scenario has %d commands", n);
    transcript t = {0};
    for (int i = 0; i < n; i++) {
        size_t count = 99;
        hft_status status = hft_venue_apply(v, &commands[i], events, capacity, &count);
        CHECK(status == HFT_OK, "venue command %d: %s", i, hft_status_name(status));
        CHECK(count >= 1 && count <= capacity, "venue command %d: %zu events", i, count);
        check_venue_command(i, &commands[i], events, count);
        print_venue_events(&t, events, count);
        if (i == 16) check_venue_queries_after_trade(v);
    }

    /* After the liquidation: both positions flat, 100 of order 3's 200 lots left at 9500. */
    hft_venue_position p;
    hft_status ps = hft_venue_get_position(v, 4, 0, &p);
    CHECK((ps == HFT_OK && p.size == 0) || (ps == HFT_ERR_NOT_FOUND && p.size == 0), "position 4 closed: %s %lld",
          hft_status_name(ps), (long long)p.size);
    ps = hft_venue_get_position(v, 5, 0, &p);
    CHECK((ps == HFT_OK || ps == HFT_ERR_NOT_FOUND) && p.size == 0, "position 5 closed");
    hft_book_level bid, ask;
    CHECK(hft_venue_top_of_book(v, 0, &bid, &ask) == HFT_OK && bid.price == 9500 && bid.quantity == 100
          && bid.order_count == 1 && ask.quantity == 0 && ask.price == 0,
          "top of book: bid %lld x %lld, ask %lld x %lld", (long long)bid.price, (long long)bid.quantity,
          (long long)ask.price, (long long)ask.quantity);
    hft_book_level bids[4], asks[4];
    size_t nb = 9, na = 9;
    CHECK(hft_venue_depth(v, 0, bids, 4, &nb, asks, 4, &na) == HFT_OK && nb == 1 && na == 0
          && bids[0].price == bid.price && bids[0].quantity == bid.quantity, "depth: %zu bids, %zu asks", nb, na);
    hft_venue_prices prices;
    CHECK(hft_venue_get_prices(v, 0, &prices) == HFT_OK && prices.mark == 9600 && prices.last_trade == 9500
          && prices.halted == 0, "prices of 0: mark %lld last %lld", (long long)prices.mark,
          (long long)prices.last_trade);
    CHECK(hft_venue_get_prices(v, 1, &prices) == HFT_OK && prices.mark == 1000 && prices.last_trade == 0,
          "prices of 1");
    hft_venue_info info;
    CHECK(hft_venue_get_info(v, &info) == HFT_OK && info.symbol_count == 2 && info.last_sequence == (uint64_t)n
          && info.command_count == (uint64_t)n && info.resting_order_count == 1 && info.event_budget == 1024
          && info.fee_account == 16 && info.insurance_fund_account == 17, "venue info");
    hft_venue_account fee;
    CHECK(hft_venue_get_account(v, info.fee_account, &fee) == HFT_OK && fee.balance >= 500000,
          "the fee account holds the taker fee: %lld", (long long)fee.balance);

    /* The whole event stream and the final state hash against the Swift API. */
    uint64_t hash = 0;
    CHECK(hft_venue_state_hash(v, &hash) == HFT_OK, "state hash");
    say(&t, "HASH %016llx\n", (unsigned long long)hash);
    long lines = 0;
    long differ = compare_transcript(dir, &t, "venue_transcript.txt", "venue_expected.txt", "hft venue-apply", &lines);
    CHECK(differ == 0, "the venue transcript differs from hft venue-apply (%ld lines; diff "
          "%s/venue_transcript.txt %s/venue_expected.txt)", differ, dir, dir);
    CHECK(lines > n, "the venue transcript has %ld lines", lines);

    /* Snapshot and restore: the same hash, and the same events for the same next command. */
    size_t size = 0;
    CHECK(hft_venue_snapshot(v, NULL, 0, &size) == HFT_ERR_BUFFER_TOO_SMALL && size > 0, "snapshot size %zu", size);
    unsigned char *bytes = malloc(size);
    size_t written = 0;
    CHECK(hft_venue_snapshot(v, bytes, size, &written) == HFT_OK && written == size, "snapshot");
    hft_venue *r = NULL;
    CHECK(hft_venue_restore(&config, bytes, size, &r) == HFT_OK && r, "restore");
    uint64_t restored_hash = 0;
    if (r) {
        CHECK(hft_venue_state_hash(r, &restored_hash) == HFT_OK && restored_hash == hash, "restored hash");
        hft_venue_command next = hft_venue_cmd_deposit(2, 12345);
        next.sequence = (uint64_t)n + 1;
        next.timestamp = (int64_t)(n + 1) * 1000000000LL;
        hft_venue_event *events2 = calloc(capacity, sizeof *events2);
        size_t c1 = 0, c2 = 0;
        CHECK(hft_venue_apply(v, &next, events, capacity, &c1) == HFT_OK
              && hft_venue_apply(r, &next, events2, capacity, &c2) == HFT_OK && c1 == c2 && c1 > 0
              && memcmp(events, events2, c1 * sizeof *events) == 0, "the same events after restore");
        uint64_t h1 = 0, h2 = 0;
        hft_venue_state_hash(v, &h1);
        hft_venue_state_hash(r, &h2);
        CHECK(h1 == h2 && h1 != hash, "the same hash after one more command");
        free(events2);
        hft_venue_destroy(r);
    }
    r = (hft_venue *)1;
    CHECK(hft_venue_restore(&config, bytes, size / 2, &r) == HFT_ERR_CORRUPT_SNAPSHOT && r == NULL, "truncated");
    CHECK(hft_venue_restore(&config, bytes, 0, &r) == HFT_ERR_CORRUPT_SNAPSHOT && r == NULL, "empty snapshot");
    unsigned char garbage[256];
    for (size_t i = 0; i < sizeof garbage; i++) garbage[i] = (unsigned char)(i * 37 + 11);
    CHECK(hft_venue_restore(&config, garbage, sizeof garbage, &r) == HFT_ERR_CORRUPT_SNAPSHOT && r == NULL, "garbage");
    hft_venue_config other = config;
    other.user_accounts = 8;
    CHECK(hft_venue_restore(&other, bytes, size, &r) == HFT_ERR_CORRUPT_SNAPSHOT && r == NULL,
          "a snapshot of another configuration");
    CHECK(hft_venue_restore(&config, NULL, 10, &r) == HFT_ERR_NULL_ARGUMENT, "restore from NULL");
    CHECK(hft_venue_snapshot(v, bytes, size / 2, &written) == HFT_ERR_BUFFER_TOO_SMALL && written == size,
          "snapshot into a small buffer");
    free(bytes);
    free(t.text);
    free(events);
    hft_venue_destroy(v);
}

static void check_venue_errors(void) {
    hft_venue_config config = venue_config();
    hft_venue *v = (hft_venue *)1;
    CHECK(hft_venue_create(NULL, &v) == HFT_ERR_NULL_ARGUMENT, "create(NULL config)");
    CHECK(hft_venue_create(&config, NULL) == HFT_ERR_NULL_ARGUMENT, "create(NULL out)");
    hft_venue_config bad = config;
    bad.event_budget = 10;
    CHECK(hft_venue_create(&bad, &v) == HFT_ERR_INVALID_ARGUMENT && v == NULL, "event budget 10");
    bad = config;
    bad.max_orders = 0;
    CHECK(hft_venue_create(&bad, &v) == HFT_ERR_INVALID_ARGUMENT, "max_orders 0");
    bad = config;
    bad.user_accounts = -1;
    CHECK(hft_venue_create(&bad, &v) == HFT_ERR_INVALID_ARGUMENT, "user_accounts -1");
    bad = config;
    bad.reserved[2] = 1;
    CHECK(hft_venue_create(&bad, &v) == HFT_ERR_INVALID_ARGUMENT, "reserved bytes");
    bad = config;
    bad.risk_enabled = 7;
    CHECK(hft_venue_create(&bad, &v) == HFT_ERR_INVALID_ARGUMENT, "risk_enabled 7");

    CHECK(hft_venue_create(&config, &v) == HFT_OK, "create");
    size_t capacity = (size_t)config.event_budget, count = 7;
    hft_venue_event *events = calloc(capacity, sizeof *events);
    hft_venue_command c = hft_venue_cmd_deposit(1, 100);
    CHECK(hft_venue_apply(NULL, &c, events, capacity, &count) == HFT_ERR_NULL_ARGUMENT, "apply(NULL venue)");
    CHECK(hft_venue_apply(v, NULL, events, capacity, &count) == HFT_ERR_NULL_ARGUMENT, "apply(NULL command)");
    CHECK(hft_venue_apply(v, &c, NULL, capacity, &count) == HFT_ERR_NULL_ARGUMENT, "apply(NULL events)");
    CHECK(hft_venue_apply(v, &c, events, capacity, NULL) == HFT_ERR_NULL_ARGUMENT, "apply(NULL count)");
    CHECK(hft_venue_apply(v, &c, events, capacity - 1, &count) == HFT_ERR_BUFFER_TOO_SMALL && count == 0,
          "a buffer below the event budget");
    hft_venue_command junk = c;
    junk.kind = 0;
    CHECK(hft_venue_apply(v, &junk, events, capacity, &count) == HFT_ERR_INVALID_ARGUMENT && count == 0, "kind 0");
    junk.kind = 200;
    CHECK(hft_venue_apply(v, &junk, events, capacity, &count) == HFT_ERR_INVALID_ARGUMENT, "kind 200");
    hft_venue_info info;
    CHECK(hft_venue_get_info(v, &info) == HFT_OK && info.command_count == 0, "refused calls do not count");
    /* Nonsense in the words of valid kinds: typed rejects, never a trap. */
    unsigned seed = 12345;
    for (int i = 0; i < 2000; i++) {
        hft_venue_command x;
        unsigned char *b = (unsigned char *)&x;
        for (size_t k = 0; k < sizeof x; k++) { seed = seed * 1103515245u + 12345u; b[k] = (unsigned char)(seed >> 16); }
        x.kind = (uint8_t)(1 + i % 17);
        if (x.kind == HFT_VCMD_ADD_SYMBOL) x.w[3] = 1 << 10;  /* keep ladders small */
        if (i % 3 == 0) { x.symbol = i % 3; x.w[1] = i % 16; x.w[0] = i % 16; }
        CHECK(hft_venue_apply(v, &x, events, capacity, &count) == HFT_OK && count <= capacity, "random command %d", i);
    }
    hft_venue_account a;
    hft_venue_position p;
    hft_venue_prices pr;
    hft_book_level l1, l2;
    size_t n1, n2;
    CHECK(hft_venue_get_account(v, 999, &a) == HFT_ERR_NOT_FOUND, "account 999");
    CHECK(hft_venue_get_account(v, -1, &a) == HFT_ERR_NOT_FOUND, "account -1");
    CHECK(hft_venue_get_account(v, 1, NULL) == HFT_ERR_NULL_ARGUMENT, "account NULL");
    CHECK(hft_venue_get_position(v, 1, 3000, &p) == HFT_ERR_UNKNOWN_SYMBOL, "position of symbol 3000");
    CHECK(hft_venue_get_prices(v, -1, &pr) == HFT_ERR_UNKNOWN_SYMBOL, "prices of -1");
    CHECK(hft_venue_top_of_book(v, 77, &l1, &l2) == HFT_ERR_UNKNOWN_SYMBOL, "top of 77");
    CHECK(hft_venue_depth(v, 77, NULL, 0, &n1, NULL, 0, &n2) == HFT_ERR_UNKNOWN_SYMBOL, "depth of 77");
    CHECK(hft_venue_depth(v, 0, NULL, 5, &n1, NULL, 0, &n2) == HFT_ERR_NULL_ARGUMENT, "depth NULL bids");
    CHECK(hft_venue_state_hash(v, NULL) == HFT_ERR_NULL_ARGUMENT, "hash NULL");
    CHECK(hft_venue_get_info(NULL, &info) == HFT_ERR_NULL_ARGUMENT, "info NULL");
    hft_venue_destroy(v);
    hft_venue_destroy(NULL);

    /* Risk off: matching alone; account commands are RISK_OFF, accounts are not found. */
    config.risk_enabled = 0;
    config.liquidation_enabled = 0;
    CHECK(hft_venue_create(&config, &v) == HFT_OK, "create (risk off)");
    hft_venue_symbol_spec s = hft_venue_symbol_spec_default(0, 1);
    s.ladder_ticks = 4096;
    c = hft_venue_cmd_add_symbol(&s);
    CHECK(hft_venue_apply(v, &c, events, capacity, &count) == HFT_OK, "add symbol (risk off)");
    c = hft_venue_cmd_deposit(1, 100);
    CHECK(hft_venue_apply(v, &c, events, capacity, &count) == HFT_OK && count == 1
          && events[0].kind == HFT_EVENT_COMMAND_REJECTED && events[0].code == HFT_VREJECT_RISK_OFF,
          "deposit with risk off: RISK_OFF (%s)", hft_venue_reject_name(events[0].code));
    hft_order o = venue_limit(1, 123456, 0, HFT_BUY, 100, 3);
    c = hft_venue_cmd_new_order(&o);
    CHECK(hft_venue_apply(v, &c, events, capacity, &count) == HFT_OK && events[0].kind == HFT_EVENT_ACCEPTED,
          "an order of any account with risk off");
    CHECK(hft_venue_get_account(v, 1, &a) == HFT_ERR_NOT_FOUND, "no accounts with risk off");
    CHECK(hft_venue_top_of_book(v, 0, &l1, &l2) == HFT_OK && l1.price == 100 && l1.quantity == 3, "risk-off book");
    hft_venue_destroy(v);
    free(events);
    CHECK(strcmp(hft_venue_event_kind_name(HFT_EVENT_LIQUIDATION), "liquidation") == 0
          && strcmp(hft_venue_reject_name(HFT_VREJECT_DUPLICATE_ORDER_ID), "DUPLICATE_ORDER_ID") == 0
          && strcmp(hft_status_name(HFT_ERR_CORRUPT_SNAPSHOT), "CORRUPT_SNAPSHOT") == 0, "names");
}

int main(int argc, char **argv) {
    if (argc == 3 && strcmp(argv[1], "inputs") == 0) {
        write_inputs_options(argv[2]);
        write_inputs_commands(argv[2]);
        write_inputs_venue(argv[2]);
        return 0;
    }
    if (argc == 3 && strcmp(argv[1], "check") == 0) {
        check_engine_errors();
        check_options(argv[2]);
        check_implied_volatility(argv[2]);
        check_scenario(argv[2]);
        check_venue_errors();
        check_venue(argv[2]);
        printf("abi_test: %ld passed, %ld failed\n", passed, failed);
        return failed == 0 ? 0 : 1;
    }
    fprintf(stderr, "usage: abi_test inputs|check DIR\n");
    return 64;
}
