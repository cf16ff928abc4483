"""hftengine.Venue: the object API over the C ABI's venue.

The C test (Tests/CABI/abi_test.c) checks the ABI's events and state hash against the
Swift API (`hft venue-apply`); these tests check the Python layer: commands, events,
queries, snapshot / restore, and that misuse is a Python exception, never a crash.
"""
import numpy as np
import pytest

from hftengine import VENUE_EVENT_DTYPE, Level, Venue

MONEY = 1_000_000_000
SETTINGS = dict(max_orders=1024, max_price_levels=1024, max_symbols=4, user_accounts=16, positions_per_symbol=32,
                max_open_orders_per_account=20, event_budget=1024)


@pytest.fixture
def venue():
    with Venue(**SETTINGS) as v:
        assert v.add_symbol(money_per_tick_lot=1000, max_leverage=20, taker_rate_e8=50_000) == 0
        assert v.add_symbol(money_per_tick_lot=100) == 1
        for a in range(6):
            v.deposit(a, MONEY)
        v.mark(0, 10_000)
        v.mark(1, 1_000)
        yield v


def find(events, kind, reason=None, account=None):
    return [e for e in events if e.kind == kind and (reason is None or e.reason == reason)
            and (account is None or e.account == account)]


def test_a_trade_fees_positions_and_a_liquidation(venue):
    venue.withdraw(4, 940_000_000)
    venue.set_leverage(4, 0, 20)
    assert [e.kind for e in venue.new_order(1, 5, 0, "sell", 100, price=10_000)][0] == "accepted"
    events = venue.new_order(2, 4, 0, "buy", 100, price=10_000)
    (trade,) = find(events, "trade")
    assert (trade.account, trade.a, trade.b, trade.c, trade.d, trade.e, trade.f) == (4, 2, 1, 5, 10_000, 100, 0)
    (fee,) = find(events, "balance", "FEE", 4)
    assert fee.a == -500_000                       # 100 x 10,000 x 1,000 x 0.05%
    position = venue.position(4, 0)
    assert (position.size, position.cost, position.margin, position.leverage) == (100, MONEY, 50_000_000, 20)
    assert 9_600 < position.liquidation_price < 10_000
    account = venue.account(4)
    assert (account.balance, account.position_margin, account.available) == (59_500_000, 50_000_000, 9_500_000)
    assert account.available_after_loss == 9_500_000      # mark = entry: no loss
    assert not find(venue.mark(0, 9_990), "liquidation")
    account = venue.account(4)                           # 100 lots x -10 ticks x 1,000 = -1,000,000
    assert (account.unrealized_pnl, account.available, account.available_after_loss) == (-1_000_000, 9_500_000, 8_500_000)
    venue.new_order(3, 5, 0, "buy", 200, price=9_500)
    events = venue.mark(0, 9_600)
    assert find(events, "liquidation", "ORDER", 4) and find(events, "liquidation", "FILL", 4)
    assert venue.position(4, 0) is None or venue.position(4, 0).size == 0
    assert venue.top_of_book(0) == (Level(9_500, 100, 1), None)
    assert venue.depth(0, 5) == ([Level(9_500, 100, 1)], [])
    prices = venue.prices(0)
    assert (prices.mark, prices.last_trade, prices.halted) == (9_600, 9_500, False)
    array = venue.last_events_array()
    assert array.dtype == VENUE_EVENT_DTYPE and len(array) == len(events)
    assert list(array["kind"]) == [{"prices": 23, "liquidation": 21, "balance": 17, "position": 19,
                                    "account": 18}.get(e.kind, -1) for e in events]
    info = venue.info()
    assert info["fee_account"] == 16 and info["insurance_fund_account"] == 17 and info["insurance_fund"] > 0


def test_refusals_are_events_not_exceptions(venue):
    (e,) = venue.deposit(99, 5)
    assert (e.kind, e.reason) == ("command_rejected", "UNKNOWN_ACCOUNT")
    (e,) = venue.withdraw(1, 2 * MONEY)
    assert e.reason == "INSUFFICIENT_MARGIN"
    assert venue.new_order(1, 1, 0, "buy", 0, price=100)[0].reason == "BAD_QTY"
    assert venue.new_order(2, 1, 3, "buy", 1, price=100)[0].kind in ("rejected", "command_rejected")
    assert venue.cancel(12345)[0].reason == "UNKNOWN_ORDER"
    assert venue.mark(0, 0)[0].reason == "BAD_PRICE"
    venue.new_order(3, 1, 0, "sell", 1, price=10_500)
    assert find(venue.cancel(3), "canceled")[0].c == 1
    venue.halt("symbol", symbol=0)
    assert venue.new_order(4, 1, 0, "buy", 1, price=9_000)[0].reason == "HALTED"
    venue.resume("symbol", symbol=0)
    assert venue.new_order(5, 1, 0, "buy", 1, price=9_000)[0].kind == "accepted"
    with pytest.raises(ValueError, match="BAD_SYMBOL"):
        venue.add_symbol(money_per_tick_lot=0)


def test_sequence_and_timestamp_stamp_the_events(venue):
    events = venue.deposit(1, 7, sequence=1000, timestamp=42)
    assert all((e.sequence, e.timestamp) == (1000, 42) for e in events)
    assert venue.info()["last_sequence"] == 1000


def test_snapshot_restore_and_state_hash(venue):
    venue.new_order(1, 5, 0, "sell", 3, price=10_100)
    data = venue.snapshot()
    restored = Venue.restore(data, **SETTINGS)
    assert restored.state_hash() == venue.state_hash()
    a = venue.new_order(2, 4, 0, "buy", 2, price=10_100)
    b = restored.new_order(2, 4, 0, "buy", 2, price=10_100)
    assert a == b and restored.state_hash() == venue.state_hash()
    restored.close()
    with pytest.raises(ValueError, match="snapshot"):
        Venue.restore(data[: len(data) // 2], **SETTINGS)
    with pytest.raises(ValueError, match="snapshot"):
        Venue.restore(b"\x00" * 64, **SETTINGS)
    with pytest.raises(ValueError, match="snapshot"):
        Venue.restore(data, **{**SETTINGS, "user_accounts": 8})
    with pytest.raises(TypeError):
        Venue.restore("not bytes", **SETTINGS)


def test_queries_of_unknown_things(venue):
    assert venue.account(999) is None and venue.account(-1) is None
    assert venue.position(1, 0) is None
    with pytest.raises(ValueError, match="unknown symbol"):
        venue.position(1, 9)
    with pytest.raises(ValueError, match="unknown symbol"):
        venue.prices(-1)
    with pytest.raises(ValueError, match="unknown symbol"):
        venue.top_of_book(4)
    with pytest.raises(ValueError, match="unknown symbol"):
        venue.depth(77)
    with pytest.raises(ValueError):
        venue.depth(0, -1)


@pytest.mark.parametrize("call, error", [
    (lambda v: v.new_order(1, 1, 0, "up", 1, price=1), ValueError),
    (lambda v: v.new_order(1, 1, 0, "buy", 1, price=1, tif="forever"), ValueError),
    (lambda v: v.new_order(1, 1, 0, "buy", 1.5, price=1), TypeError),
    (lambda v: v.new_order(1, 1, 0, "buy", 1, price=1 << 70), ValueError),
    (lambda v: v.new_order(1, 1, 1 << 40, "buy", 1, price=1), ValueError),
    (lambda v: v.deposit("one", 5), TypeError),
    (lambda v: v.deposit(1, None), TypeError),
    (lambda v: v.halt("galaxy"), ValueError),
    (lambda v: v.set_leverage(1, 0, 5, mode="portfolio"), ValueError),
    (lambda v: v.apply(0), ValueError),
    (lambda v: v.apply(99), ValueError),
    (lambda v: v.apply(6, words=[0] * 14), ValueError),
    (lambda v: v.apply(6, b0=300), ValueError),
    (lambda v: v.deposit(1, 5, sequence=-1), ValueError),
    (lambda v: v.account(np.float64(1.0)), TypeError),
])
def test_bad_inputs_raise(venue, call, error):
    with pytest.raises(error):
        call(venue)
    assert venue.deposit(1, 1)[0].kind == "balance"   # the venue is still usable


def test_random_words_never_crash(venue):
    rng = np.random.default_rng(17)
    for i in range(3000):
        kind = int(rng.integers(1, 18))
        words = [int(w) for w in rng.integers(-(1 << 62), 1 << 62, size=13)]
        if i % 2:
            words[:2] = [int(rng.integers(0, 20)), int(rng.integers(-5, 20))]
        if kind == 1:
            words[3] = 1 << 10
        venue.apply(kind, symbol=int(rng.integers(-2, 5)), words=words, b0=int(rng.integers(0, 256)))
    assert venue.info()["command_count"] >= 3000


def test_configuration_errors_and_closed_venue():
    with pytest.raises(ValueError, match="configuration"):
        Venue(event_budget=10)
    with pytest.raises(ValueError, match="configuration"):
        Venue(max_orders=0)
    with pytest.raises(ValueError):
        Venue(user_accounts=1 << 70)
    v = Venue(**SETTINGS)
    v.close()
    v.close()
    with pytest.raises(ValueError, match="closed"):
        v.deposit(1, 1)


def test_risk_off_is_matching_alone():
    with Venue(**SETTINGS, risk_enabled=False, liquidation_enabled=False) as v:
        v.add_symbol()
        assert v.deposit(1, 5)[0].reason == "RISK_OFF"
        v.new_order(1, 123_456, 0, "sell", 2, price=100)
        events = v.new_order(2, 654_321, 0, "buy", 1, type="market")
        assert [e.kind for e in events][:2] == ["accepted", "trade"]
        assert v.account(1) is None
