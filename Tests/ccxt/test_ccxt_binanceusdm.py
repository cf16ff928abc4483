"""ccxt's binanceusdm (sync REST and ccxt.pro websockets) against a running hft-venue,
used exactly as ccxt's users do; the only changes are the URLs (README, "ccxt")."""
import asyncio
import time

import ccxt
import ccxt.pro
import pytest


def urls(venue):
    api = {k: venue.rest + v for k, v in {
        "fapiPublic": "/fapi/v1", "fapiPublicV2": "/fapi/v2", "fapiPublicV3": "/fapi/v3",
        "fapiPrivate": "/fapi/v1", "fapiPrivateV2": "/fapi/v2", "fapiPrivateV3": "/fapi/v3",
        "fapiData": "/futures/data"}.items()}
    return api


def client(venue, name, pro=False):
    account = venue.accounts[name]
    api = urls(venue)
    options = {"fetchCurrencies": False}
    if pro:
        api = dict(api, ws={"linear": venue.ws + "/ws"})
        return ccxt.pro.binanceusdm({"apiKey": account["apiKey"], "secret": account["secret"],
                                     "urls": {"api": api}, "options": options})
    return ccxt.binanceusdm({"apiKey": account["apiKey"], "secret": account["secret"],
                             "urls": {"api": api}, "options": options})


def test_markets_balance_and_leverage(venue):
    alice = client(venue, "alice")
    markets = alice.load_markets()
    btc = markets["BTC/USDT:USDT"]
    assert btc["linear"] and btc["swap"] and btc["active"]
    assert btc["precision"]["price"] == 0.1 and btc["precision"]["amount"] == 0.001
    assert btc["limits"]["amount"]["min"] == 0.001
    balance = alice.fetch_balance()
    assert balance["USDT"]["total"] == pytest.approx(100000)
    assert balance["USDT"]["free"] == pytest.approx(100000)
    reply = alice.set_leverage(10, "BTC/USDT:USDT")
    assert int(reply["leverage"]) == 10


def test_orders_fills_positions_and_trades(venue):
    alice, bob = client(venue, "alice"), client(venue, "bob")
    alice.load_markets()
    bob.load_markets()
    symbol = "BTC/USDT:USDT"
    resting = alice.create_order(symbol, "limit", "sell", 0.01, 50100)
    assert resting["status"] == "open" and resting["filled"] == 0
    fetched = alice.fetch_order(resting["id"], symbol)
    assert fetched["id"] == resting["id"] and fetched["price"] == 50100
    assert [o["id"] for o in alice.fetch_open_orders(symbol)] == [resting["id"]]
    book = bob.fetch_order_book(symbol)
    assert book["asks"][0][0] == 50100 and book["asks"][0][1] == pytest.approx(0.01)
    taker = bob.create_order(symbol, "limit", "buy", 0.004, 50100)
    assert taker["status"] == "closed" and taker["filled"] == pytest.approx(0.004)
    partly = alice.fetch_order(resting["id"], symbol)
    assert partly["filled"] == pytest.approx(0.004) and partly["status"] == "open"
    market = bob.create_order(symbol, "market", "buy", 0.002)
    assert market["filled"] == pytest.approx(0.002)
    canceled = alice.cancel_order(resting["id"], symbol)
    assert canceled["status"] == "canceled"
    with pytest.raises(ccxt.OrderNotFound):
        alice.cancel_order(resting["id"], symbol)
    positions = {p["symbol"]: p for p in bob.fetch_positions()}
    assert positions[symbol]["side"] == "long" and positions[symbol]["contracts"] == pytest.approx(0.006)
    trades = bob.fetch_my_trades(symbol)
    assert sum(t["amount"] for t in trades) == pytest.approx(0.006)
    assert all(t["fee"]["currency"] == "USDT" for t in trades)
    public = bob.fetch_trades(symbol)
    assert len(public) >= 2
    ticker = bob.fetch_ticker(symbol)
    assert ticker["last"] == 50100
    funding = bob.fetch_funding_rate(symbol)
    assert funding["markPrice"] > 0


def test_order_types_and_refusals(venue):
    alice = client(venue, "alice")
    alice.load_markets()
    symbol = "ETH/USDT:USDT"
    post_only = alice.create_order(symbol, "limit", "buy", 0.1, 2990, params={"postOnly": True})
    assert post_only["timeInForce"] == "PO"
    ioc = alice.create_order(symbol, "limit", "buy", 0.1, 2900, params={"timeInForce": "IOC"})
    assert ioc["status"] == "expired"
    with pytest.raises(ccxt.InvalidOrder):
        alice.create_order(symbol, "limit", "sell", 0.1, 2990, params={"postOnly": True})   # would take
    with pytest.raises(ccxt.InvalidOrder):
        alice.create_order(symbol, "limit", "buy", 0.1, 2900, params={"timeInForce": "FOK"})
    with pytest.raises(ccxt.ExchangeError):
        alice.create_order(symbol, "limit", "buy", 100000, 2990)   # margin
    alice.cancel_all_orders(symbol)
    assert alice.fetch_open_orders(symbol) == []


def test_streams_order_book_and_orders(venue):
    async def run():
        alice = client(venue, "alice", pro=True)
        bob = client(venue, "bob", pro=True)
        try:
            await alice.load_markets()
            await bob.load_markets()
            symbol = "BTC/USDT:USDT"
            book_task = asyncio.create_task(bob.watch_order_book(symbol))
            orders_task = asyncio.create_task(alice.watch_orders(symbol))
            await asyncio.sleep(1.0)
            placed = await alice.create_order(symbol, "limit", "buy", 0.003, 49000)
            book = await asyncio.wait_for(book_task, 10)
            orders = await asyncio.wait_for(orders_task, 10)
            assert any(o["id"] == placed["id"] for o in orders)
            deadline = time.time() + 10
            while not any(level[0] == 49000 for level in book["bids"]) and time.time() < deadline:
                book = await asyncio.wait_for(bob.watch_order_book(symbol), 10)
            assert any(level[0] == 49000 and level[1] == pytest.approx(0.003) for level in book["bids"])
            await alice.cancel_order(placed["id"], symbol)
        finally:
            await alice.close()
            await bob.close()
    asyncio.run(run())
