"""hftengine.MatchingEngine: the object API over the C ABI's matching engine.

The C test (Tests/CABI/abi_test.c) compares the ABI with `hft replay` on 6,000 random
commands; these tests check the Python layer: events, queries, rejects and misuse.
"""
import numpy as np
import pytest

from hftengine import Event, Level, MatchingEngine


@pytest.fixture
def engine():
    with MatchingEngine(max_orders=1000, max_price_levels=1000, max_symbols=2) as e:
        yield e


def kinds(events):
    return [(e.kind, e.reason) for e in events]


def test_trades_at_the_makers_price_with_both_sides_named(engine):
    x = engine.add_symbol()
    assert x == 0
    assert kinds(engine.limit(1, 7, x, "sell", 100, 2)) == [("accepted", None)]
    assert kinds(engine.limit(2, 8, x, "sell", 101, 3)) == [("accepted", None)]
    events = engine.limit(3, 9, x, "buy", 101, 4)
    assert [e.kind for e in events] == ["accepted", "trade", "trade"]
    t1, t2 = events[1], events[2]
    assert (t1.order_id, t1.account, t1.counter_order_id, t1.counter_account, t1.price, t1.quantity, t1.leaves) == \
        (3, 9, 1, 7, 100, 2, 0)
    assert (t2.counter_order_id, t2.price, t2.quantity, t2.leaves) == (2, 101, 2, 1)
    assert engine.best_ask(x) == Level(101, 1, 1)
    assert engine.best_bid(x) is None
    assert engine.resting_order_count == 1


def test_depth_level_at_and_resting_quantity(engine):
    x = engine.add_symbol(ladder_ticks=4096)
    for i, (side, price, qty) in enumerate([("buy", 99, 1), ("buy", 99, 2), ("buy", 97, 5), ("sell", 102, 4),
                                            ("sell", 105, 1)], start=1):
        engine.limit(i, i, x, side, price, qty)
    bids, asks = engine.depth(x, 10)
    assert bids == [Level(99, 3, 2), Level(97, 5, 1)]
    assert asks == [Level(102, 4, 1), Level(105, 1, 1)]
    assert engine.depth(x, 1) == ([Level(99, 3, 2)], [Level(102, 4, 1)])
    assert engine.depth(x, 0) == ([], [])
    assert engine.level_at(x, "buy", 97) == Level(97, 5, 1)
    assert engine.level_at(x, "sell", 97) is None
    assert engine.resting_quantity(x, "buy", 99) == 3
    assert engine.resting_quantity(x, "buy", 98) == 0
    assert engine.resting_quantity(x, "sell", np.int64(105)) == 1


def test_cancel_amend_and_rejects(engine):
    x = engine.add_symbol()
    engine.limit(1, 1, x, "buy", 100, 5)
    assert kinds(engine.limit(1, 1, x, "buy", 100, 5)) == [("rejected", "DUPLICATE_ORDER_ID")]
    assert kinds(engine.limit(2, 1, x, "buy", 100, 0)) == [("rejected", "BAD_QTY")]
    assert kinds(engine.limit(3, 1, x, "buy", 0, 1)) == [("rejected", "BAD_PRICE")]
    assert kinds(engine.limit(4, 1, 1, "buy", 100, 1)) == [("rejected", "UNKNOWN_SYMBOL")]
    assert kinds(engine.market(5, 1, x, "sell", 1, tif="post_only")) == [("rejected", "BAD_TIF")]
    amended = engine.amend(1, 101, 3)
    assert amended[0].kind == "amended" and amended[0].price == 101 and amended[0].quantity == 3
    assert (amended[0].counter_order_id, amended[0].counter_account) == (100, 5)  # previous price, quantity
    canceled = engine.cancel(1)
    assert canceled[0].kind == "canceled" and canceled[0].quantity == 3
    assert kinds(engine.cancel(1)) == [("rejected", "UNKNOWN_ORDER")]
    assert kinds(engine.amend(1, 100, 1)) == [("rejected", "UNKNOWN_ORDER")]


def test_time_in_force_and_self_trade_prevention(engine):
    x = engine.add_symbol()
    engine.limit(1, 7, x, "sell", 100, 1)
    engine.limit(2, 8, x, "sell", 101, 1)
    assert kinds(engine.limit(3, 9, x, "buy", 100, 5, tif="ioc")) == [("accepted", None), ("trade", None),
                                                                      ("expired", "IOC")]
    assert kinds(engine.limit(4, 9, x, "buy", 101, 5, tif="fok")) == [("accepted", None), ("expired", "FOK")]
    assert kinds(engine.limit(5, 9, x, "buy", 101, 1, tif="post_only")) == [("accepted", None),
                                                                             ("expired", "POST_ONLY")]
    assert kinds(engine.limit(6, 8, x, "buy", 101, 1, stp="expire_taker")) == [("accepted", None),
                                                                               ("expired", "STP")]
    events = engine.market(7, 9, x, "buy", 3, reduce_only=True)
    assert kinds(events) == [("accepted", None), ("trade", None), ("expired", "MARKET")]
    assert events[0].reduce_only and events[0].side == "buy"


def test_small_event_room_rejects_capacity_and_changes_nothing():
    with MatchingEngine(max_orders=100, max_price_levels=100, max_symbols=1, events_per_call=3) as engine:
        x = engine.add_symbol()
        for i in range(1, 4):
            engine.limit(i, i, x, "sell", 100 + i, 1)
        assert kinds(engine.limit(10, 9, x, "buy", 103, 3)) == [("rejected", "CAPACITY")]
        assert engine.resting_order_count == 3
        assert [e.kind for e in engine.limit(11, 9, x, "buy", 101, 1)] == ["accepted", "trade"]


def test_order_capacity_reject():
    with MatchingEngine(max_orders=4, max_price_levels=16, max_symbols=1) as engine:
        x = engine.add_symbol()
        results = [engine.limit(i, 1, x, "buy", 90 + i, 1)[0] for i in range(1, 7)]
        assert [(e.kind, e.reason) for e in results] == [("accepted", None)] * 4 + [("rejected", "CAPACITY")] * 2


def test_misuse_raises_clear_errors(engine):
    x = engine.add_symbol()
    with pytest.raises(ValueError, match="side must be one of"):
        engine.limit(1, 1, x, "long", 100, 1)
    with pytest.raises(ValueError, match="tif must be one of"):
        engine.limit(1, 1, x, "buy", 100, 1, tif="day")
    with pytest.raises(ValueError, match="stp must be one of"):
        engine.limit(1, 1, x, "buy", 100, 1, stp="cancel")
    with pytest.raises(ValueError, match="order_id must fit a signed 64-bit integer"):
        engine.limit(1 << 64, 1, x, "buy", 100, 1)
    with pytest.raises(TypeError, match="price must be an integer"):
        engine.limit(1, 1, x, "buy", 100.5, 1)
    with pytest.raises(ValueError, match="symbol must fit a signed 32-bit integer"):
        engine.best_bid(1 << 40)
    with pytest.raises(ValueError, match="unknown symbol"):
        engine.best_bid(1)
    with pytest.raises(ValueError, match="unknown symbol"):
        engine.depth(5)
    with pytest.raises(ValueError, match="levels must be >= 0"):
        engine.depth(x, -1)
    engine.add_symbol()
    with pytest.raises(ValueError, match="max_symbols"):
        engine.add_symbol()
    engine.close()
    with pytest.raises(ValueError, match="closed"):
        engine.limit(1, 1, x, "buy", 100, 1)
    engine.close()  # twice is fine


@pytest.mark.parametrize("config", [dict(max_orders=0), dict(max_orders=-1), dict(max_price_levels=1 << 40),
                                    dict(max_symbols=0), dict(events_per_call=0),
                                    dict(id_index_load_factor=float("nan"))])
def test_bad_configuration_raises(config):
    with pytest.raises(ValueError, match="configuration out of range"):
        MatchingEngine(**config)


def test_bad_symbol_configuration_raises(engine):
    with pytest.raises(ValueError, match="ladder_ticks"):
        engine.add_symbol(ladder_ticks=10)
    with pytest.raises(ValueError, match="money_per_tick_lot"):
        engine.add_symbol(money_per_tick_lot=0)


def test_event_is_a_named_tuple():
    assert Event._fields[:3] == ("kind", "reason", "side")
