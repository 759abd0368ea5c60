#!/usr/bin/env python3
# Writes the seed corpora of the fuzz targets (tests/fuzz/corpus/<target>/) from the protocol
# docs (shared/protocols/*.md) and the unit tests' fixtures. Run it from anywhere; it rewrites
# the generated seeds and leaves other files alone (regressions found by fuzzing, the journals
# recorded by `orderflow-cli record`).
import gzip
import json
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "corpus")


def write(target, name, data):
    directory = os.path.join(CORPUS, target)
    os.makedirs(directory, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    with open(os.path.join(directory, name), "wb") as out:
        out.write(data)


def compact(value):
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


# --- SmartAPI packets (smartapi.md §4.3) and text frames -----------------------------------
def packet(mode, exchange=2, token=b"35863", ltp=2411235, ts=1795149000000, seq=1001):
    head = struct.pack("<BB25sqqq", mode, exchange, token, seq, ts, ltp)
    if mode == 1:
        return head
    quote = struct.pack("<qqqddqqqq", 75, 2411000, 1250000, 187500.0, 201300.0,
                        2401000, 2415000, 2398000, 2400500)
    if mode == 2:
        return head + quote
    snap = struct.pack("<qqq", 1795148999, 9876500, 0)
    levels = b""
    for side, base in ((1, 2411230), (0, 2411240)):
        for i in range(5):
            price = base - 5 * i if side else base + 5 * i
            levels += struct.pack("<hqqh", side, 75 * (i + 1), price, i + 1)
    tail = struct.pack("<qqqq", 2652000, 2170000, 2650000, 2150000)
    return head + quote + snap + levels + tail


for mode, name in ((1, "ltp"), (2, "quote"), (3, "snap-quote")):
    write("smartapi-packet", name + ".bin", packet(mode))
write("smartapi-packet", "ltp-index.bin", packet(1, exchange=1, token=b"26000", seq=0))
write("smartapi-packet", "snap-quote-currency.bin", packet(3, exchange=13, token=b"1"))
write("smartapi-packet", "depth-20.bin", bytes([4, 2]) + b"35863".ljust(25, b"\0"))
write("smartapi-packet", "token-unterminated.bin", packet(1, token=b"9" * 25))
write("smartapi-packet", "pong.txt", "pong")
write("smartapi-packet", "error.json", compact({"correlationID": "abcde12345", "errorCode": "E1002",
      "errorMessage": "Invalid Request. Subscription Limit Exceeded"}))
write("smartapi-packet", "error-e1001.json",
      '{"correlationID":"","errorCode":"E1001","errorMessage":"Invalid Request Payload"}')

# --- SmartAPI REST bodies (smartapi.md §1) -------------------------------------------------
rest = {
    "login.json": {"status": True, "message": "SUCCESS", "errorcode": "", "data": {
        "jwtToken": "eyJhbGciOiJIUzUxMiJ9.e30.sig", "refreshToken": "eyJyZWZyZXNo",
        "feedToken": "eyJmZWVk", "state": "x"}},
    "profile.json": {"status": True, "message": "SUCCESS", "errorcode": "", "data": {
        "clientcode": "A123456", "name": "TEST USER", "exchanges": ["NSE", "NFO"],
        "products": ["DELIVERY", "INTRADAY"], "lastlogintime": "", "brokerid": "B2C"}},
    "logout.json": {"status": True, "message": "SUCCESS", "errorcode": "", "data": ""},
    "totp-refused.json": {"status": False, "message": "Invalid totp", "errorcode": "AB1050",
                          "data": None},
    "gateway-token.json": {"success": False, "message": "Invalid Token", "errorCode": "AG8001",
                           "data": ""},
    "credentials.json": {"status": False, "message": "Login Id or password is invalid",
                         "errorcode": "AB1007", "data": None},
}
for name, body in rest.items():
    write("smartapi-rest", name, compact(body))
write("smartapi-rest", "status-strings.json",
      '{"status":"false","message":"Invalid Token","errorcode":"AG8001","data":"null"}')
write("smartapi-rest", "rate-limit.txt", "Access denied because of exceeding access rate")
write("smartapi-rest", "firewall.html",
      "<html><head><title>Request Rejected</title></head><body>The requested URL was "
      "rejected. Please consult with your administrator.<br><br>Your support ID is: "
      "1234567890123456789<br><br><a href='javascript:history.back();'>[Go Back]</a>"
      "</body></html>")
write("smartapi-rest", "blank-then-json.json", '\n  \t{"status":true,"data":null}')

# --- Scrip master (smartapi.md §3) ---------------------------------------------------------
def row(token, symbol, name, expiry, strike, lot, kind, seg, tick):
    return {"token": token, "symbol": symbol, "name": name, "expiry": expiry,
            "strike": strike, "lotsize": lot, "instrumenttype": kind, "exch_seg": seg,
            "tick_size": tick}


rows = [
    row("3045", "SBIN-EQ", "SBIN", "", "-1.000000", "1", "", "NSE", "5.000000"),
    row("99919000", "SENSEX", "SENSEX", "", "0.000000", "1", "AMXIDX", "BSE", "0.000000"),
    row("45829", "NIFTY04APR2423000CE", "NIFTY", "04Apr2024", "2300000.000000", "50",
        "OPTIDX", "NFO", "5.000000"),
    row("35001", "NIFTY27OCT26FUT", "NIFTY", "27OCT2026", "-1.000000", "65", "FUTIDX", "NFO",
        "10.000000"),
    row("35863", "NIFTY24NOV26FUT", "NIFTY", "24NOV2026", "-1.000000", "65", "FUTIDX", "NFO",
        "10.000000"),
    row("36112", "NIFTY29DEC26FUT", "NIFTY", "29DEC2026", "-1.000000", "65", "FUTIDX", "NFO",
        "10.000000"),
    row("46923", "BANKNIFTY24NOV26FUT", "BANKNIFTY", "24NOV2026", "-1.000000", "30",
        "FUTIDX", "NFO", "5.000000"),
]
write("scrip-master", "master.json", json.dumps(rows, indent=1))
write("scrip-master", "master-compact.json", compact(rows))
write("scrip-master", "no-future.json", compact(rows[:3]))
write("scrip-master", "empty.json", "[]")
write("scrip-master", "not-array.json", '{"message":"Not Found"}')
write("scrip-master", "truncated.json", compact(rows)[:700])
write("scrip-master", "expiry.txt", "28MAR2024")

# --- Upstox option chain and candles (upstox.md §3, §8) ------------------------------------
def side(key, ltp, oi, volume, prev_oi=1500):
    return {"instrument_key": key, "market_data": {
        "ltp": ltp, "volume": volume, "oi": oi, "close_price": ltp, "bid_price": ltp - 0.05,
        "bid_qty": 1125, "ask_price": ltp + 0.05, "ask_qty": 1125, "prev_oi": prev_oi},
        "option_greeks": {"vega": 4.1731, "theta": -472.8941, "gamma": 0.0001, "delta": 0.743,
                          "iv": 262.31, "pop": 40.56}}


strikes = []
for i, strike in enumerate((24050, 24000, 24100, 24150)):
    strikes.append({"expiry": "2026-11-24", "pcr": 1.2, "strike_price": strike,
                    "underlying_key": "NSE_INDEX|Nifty 50", "underlying_spot_price": 24112.35,
                    "call_options": side("NSE_FO|%d" % (51059 + 2 * i), 120.5 - i, 750000 + i,
                                         22315725),
                    "put_options": side("NSE_FO|%d" % (51060 + 2 * i), 90.25 + i, 5636475, 0)})
chain = {"status": "success", "data": strikes}
write("upstox-option-chain", "chain.json", compact(chain))
doc_strike = dict(strikes[0], expiry="2025-02-13", strike_price=21100,
                  underlying_spot_price=22976.2, pcr=7515.3)
del doc_strike["put_options"]
doc_strike["call_options"]["market_data"]["prev_oi"] = None
write("upstox-option-chain", "chain-one-side.json", compact({"status": "success",
                                                             "data": [doc_strike]}))
write("upstox-option-chain", "chain-empty.json", '{"status":"success","data":[]}')
candles = {"status": "success", "data": {"candles": [
    ["2026-11-20T09:59:00+05:30", 120.5, 121, 119.5, 120, 15000, 751200],
    ["2026-11-20T09:58:00+05:30", 120, 120.5, 119, 120.5, 22500, 750000.0],
    ["2026-11-20T09:57:00+05:30", 119, 120, 118.5, 120, 0, 748500]]}}
write("upstox-option-chain", "candles.json", compact(candles))
error_body = {"status": "error", "errors": [{"errorCode": "UDAPI100050",
              "message": "Invalid token used to access API", "propertyPath": None,
              "invalidValue": None, "error_code": "UDAPI100050", "property_path": None,
              "invalid_value": None}]}
write("upstox-option-chain", "error.json", compact(error_body))

# --- Upstox contracts, token answer, errors (upstox.md §1-2) --------------------------------
contracts = {"status": "success", "data": [
    {"name": "NIFTY", "segment": "NSE_FO", "exchange": "NSE", "expiry": e,
     "instrument_key": "NSE_FO|%d" % k, "exchange_token": str(k),
     "trading_symbol": "NIFTY %d CE" % s, "tick_size": 5, "lot_size": 65,
     "instrument_type": "CE", "freeze_quantity": 1800, "underlying_key": "NSE_INDEX|Nifty 50",
     "underlying_type": "INDEX", "underlying_symbol": "NIFTY", "strike_price": s,
     "minimum_lot": 65, "weekly": w}
    for e, k, s, w in (("2026-11-24", 37590, 24000, True), ("2026-12-29", 37592, 24000, False),
                       ("2026-11-24", 37594, 24100, True), ("2026-12-01", 37596, 24000, True))]}
write("upstox-client", "contracts.json", compact(contracts))
write("upstox-client", "token.json", compact({
    "email": "user@example.com", "exchanges": ["NSE", "NFO"], "products": ["D", "I"],
    "broker": "UPSTOX", "user_id": "AB1234", "user_name": "Test User",
    "order_types": ["MARKET", "LIMIT"], "user_type": "individual", "poa": False,
    "is_active": True, "access_token": "eyJ0eXAiOiJKV1QiLCJrZXlfaWQiOiJza192MS4wIn0"}))
write("upstox-client", "error-401.json", compact(error_body))
write("upstox-client", "error-snake.json",
      '{"status":"error","errors":[{"error_code":"UDAPI100016","message":"Invalid Credentials",'
      '"property_path":null,"invalid_value":null}]}')
write("upstox-client", "error-429.json",
      '{"status":"error","errors":[{"errorCode":"UDAPI10005","message":"Too Many Request Sent"}]}')
write("upstox-client", "proxy.html",
      "<html><body><h1>502 Bad Gateway</h1><hr><center>nginx</center></body></html>")

# --- OAuth redirects (upstox.md §1.1) ------------------------------------------------------
for name, url in (
        ("callback.txt", "http://127.0.0.1:5055/callback?code=Xy12Ab&state=b6Yw3kT9qf"),
        ("pasted.txt", "  https://example.com/upstox/callback?state=b6Yw3kT9qf&code=a%2Bb%3D\n"),
        ("wrong-state.txt", "http://127.0.0.1:5055/callback?code=Xy12Ab&state=stale"),
        ("refused.txt", "http://127.0.0.1:5055/callback?state=b6Yw3kT9qf&error=access_denied"
                        "&error_description=User%20cancelled"),
        ("no-query.txt", "http://127.0.0.1:5055/callback"),
        ("not-a-url.txt", "Xy12Ab")):
    write("upstox-oauth", name, url)

# --- OI journal (flow-oi-journal.h) ---------------------------------------------------------
now = 1795149000000
lines = ["# orderflow oi journal 1"]
for minute in range(5):
    t = now - (4 - minute) * 60000
    for k, oi in ((51059, 750000), (51060, 5636475), (51061, 1500)):
        lines.append("%d\tNSE_FO|%d\t%d" % (t, k, oi + 750 * minute))
journal = "\n".join(lines) + "\n"
write("oi-journal", "journal.tsv", journal)
write("oi-journal", "torn-tail.tsv", journal + "%d\tNSE_FO|510" % now)
write("oi-journal", "malformed.tsv", "# orderflow oi journal 1\nnot a line\n%d\tNSE_FO|1\t-5\n"
      "%d\t\t7\n%d\tNSE_FO|2\t99999999999999999999\n" % (now, now, now))
write("oi-journal", "old.tsv", "# orderflow oi journal 1\n%d\tNSE_FO|51059\t750000\n"
      % (now - 3600000))

# --- OI recordings (`orderflow-cli oi --record`, cli.md) ------------------------------------
record = [compact({"time": now - 60000, "source": "upstox.intraday_candles",
                   "instrument_key": "NSE_FO|51059", "body": candles}),
          compact({"time": now, "source": "upstox.option_chain", "body": chain}),
          compact({"time": now + 60000, "source": "upstox.option_chain", "body": chain})]
write("oi-record", "record.jsonl", "\n".join(record) + "\n")
write("oi-record", "torn-tail.jsonl", "\n".join(record) + "\n" + record[1][:90])
write("oi-record", "bad-lines.jsonl",
      '{"time":1,"source":"upstox.market_quote","body":{}}\n'
      '{"time":"1","source":"upstox.option_chain","body":{}}\n'
      '{"time":1,"source":"upstox.intraday_candles","body":{}}\n[]\n')

# --- CLI and Preferences numbers ------------------------------------------------------------
for name, text in (("defaults.txt", "1m\n0.05\n09:15\n3\n"),
                   ("seconds.txt", "15s\n1\n09:15:00\n2.5\n2026-11-20\n2026-11-20T09:15+05:30\n"),
                   ("big.txt", "60m\n92233720368547.75\n23:59:59\n1e308\n28MAR2024\n"),
                   ("odd.txt", "7s\n0.005\n24:00\n-1\n2026-02-30\n04Apr2024\n")):
    write("cli-numbers", name, text)

# --- Upstox instruments file (upstox.md §6) ------------------------------------------------
IST_MS = 19800000


def upstox_expiry(y, m, d):
    # 23:59:59 IST of the date, in epoch ms, as the file writes it
    import datetime
    day = datetime.datetime(y, m, d, tzinfo=datetime.timezone.utc).timestamp() * 1000
    return int(day) - IST_MS + 86399000


def instrument(segment, kind, key, symbol, underlying, index_key, expiry, tick, lot, strike=0.0):
    return {"weekly": False, "segment": segment, "name": underlying, "exchange": segment[:3],
            "expiry": expiry, "instrument_type": kind, "asset_symbol": underlying,
            "underlying_symbol": underlying, "instrument_key": key, "lot_size": lot,
            "freeze_quantity": 1800.0, "exchange_token": key.split("|")[1], "minimum_lot": lot,
            "asset_key": index_key, "underlying_key": index_key, "tick_size": tick,
            "asset_type": "INDEX", "underlying_type": "INDEX", "trading_symbol": symbol,
            "strike_price": strike, "qty_multiplier": 1.0}


nifty = "NSE_INDEX|Nifty 50"
records = [
    {"segment": "NSE_EQ", "name": "STATE BANK OF INDIA", "exchange": "NSE",
     "isin": "INE062A01020", "instrument_type": "EQ", "instrument_key": "NSE_EQ|INE062A01020",
     "lot_size": 1, "freeze_quantity": 100000.0, "exchange_token": "3045", "tick_size": 5.0,
     "trading_symbol": "SBIN", "short_name": "SBI", "security_type": "NORMAL"},
    {"segment": "NSE_INDEX", "name": "Nifty 50", "exchange": "NSE", "instrument_type": "INDEX",
     "instrument_key": nifty, "exchange_token": "Nifty 50", "trading_symbol": "NIFTY"},
    instrument("NSE_FO", "CE", "NSE_FO|51059", "NIFTY 24000 CE 20 NOV 26", "NIFTY", nifty,
               upstox_expiry(2026, 11, 20), 5.0, 65, 24000.0),
    instrument("NSE_FO", "FUT", "NSE_FO|34001", "NIFTY FUT 27 OCT 26", "NIFTY", nifty,
               upstox_expiry(2026, 10, 27), 10.0, 65),
    instrument("NSE_FO", "FUT", "NSE_FO|46923", "BANKNIFTY FUT 24 NOV 26", "BANKNIFTY",
               "NSE_INDEX|Nifty Bank", upstox_expiry(2026, 11, 24), 20.0, 30),
    instrument("BSE_FO", "FUT", "BSE_FO|1157", "NIFTY FUT 24 NOV 26", "NIFTY", nifty,
               upstox_expiry(2026, 11, 24), 5.0, 65),
    instrument("NSE_FO", "FUT", "NSE_FO|35001", "NIFTY FUT 24 NOV 26", "NIFTY", nifty,
               upstox_expiry(2026, 11, 24), 10.0, 65),
    instrument("NSE_FO", "FUT", "NSE_FO|35002", "NIFTY FUT 29 DEC 26", "NIFTY", nifty,
               upstox_expiry(2026, 12, 29), 10.0, 65),
]
instruments = "[\n" + ",\n".join(compact(r) for r in records) + "\n]\n"
write("upstox-instruments", "instruments.json", instruments)
write("upstox-instruments", "instruments.json.gz", gzip.compress(instruments.encode(), mtime=0))
write("upstox-instruments", "truncated.json.gz",
      gzip.compress(instruments.encode(), mtime=0)[:300])
write("upstox-instruments", "truncated.json", instruments[:900])
write("upstox-instruments", "no-future.json", compact(records[:3]))
write("upstox-instruments", "not-array.json.gz", gzip.compress(compact(error_body).encode(),
                                                               mtime=0))
wrong = dict(records[6], expiry=str(records[6]["expiry"]), tick_size="10.0")
del wrong["underlying_symbol"]
write("upstox-instruments", "wrong-types.json", compact([wrong, dict(records[7], lot_size=6.5)]))

# --- Upstox v3 market-data frames (upstox.md §5.4), encoded by hand ------------------------
# Field by field from the table, independent of protobuf-c, so the seeds also check our
# decoder against the wire format. The key is the fuzz target's own.
def pb_varint(n):
    n &= (1 << 64) - 1
    out = b""
    while True:
        low, n = n & 0x7F, n >> 7
        if not n:
            return out + bytes([low])
        out += bytes([low | 0x80])


def pb_int(number, value):
    return pb_varint(number << 3) + pb_varint(value) if value else b""


def pb_double(number, value):
    return pb_varint(number << 3 | 1) + struct.pack("<d", value) if value else b""


def pb_bytes(number, data):
    if isinstance(data, str):
        data = data.encode()
    return pb_varint(number << 3 | 2) + pb_varint(len(data)) + data


def upstox_ltpc(ltp, ltt, ltq, cp):
    return pb_double(1, ltp) + pb_int(2, ltt) + pb_int(3, ltq) + pb_double(4, cp)


def upstox_quote(bid_q, bid, ask_q, ask):
    return pb_int(1, bid_q) + pb_double(2, bid) + pb_int(3, ask_q) + pb_double(4, ask)


def upstox_ohlc(interval, o, h, low, c, vol, ts):
    return (pb_bytes(1, interval) + pb_double(2, o) + pb_double(3, h) + pb_double(4, low) +
            pb_double(5, c) + pb_int(6, vol) + pb_int(7, ts))


def upstox_market_ff(ltp, ts, vtt, depth=True, ohlc=True, ltpc=True):
    body = b""
    if ltpc:
        body += pb_bytes(1, upstox_ltpc(ltp, ts - 5, 75, 24400.0))
    if depth:
        body += pb_bytes(2, b"".join(pb_bytes(1, upstox_quote(75 * (i + 1), ltp - 0.05 * (i + 1),
                                                              150, ltp + 0.05 * i))
                                     for i in range(5)))
    body += pb_bytes(3, b"")                        # optionGreeks: empty on a future
    if ohlc:
        body += pb_bytes(4, pb_bytes(1, upstox_ohlc("1d", 24450.0, 24950.0, 24410.0, ltp, vtt,
                                                    1795113000000)) +
                         pb_bytes(1, upstox_ohlc("I1", ltp, ltp, ltp, ltp, 75,
                                                 ts - ts % 60000)))
    return (body + pb_double(5, 24700.12) + pb_int(6, vtt) + pb_double(7, 1234500.0) +
            pb_double(8, 0.0889) + pb_double(9, 100000.0) + pb_double(10, 90000.0))


def upstox_feed(kind, body, mode):
    # kind: 1 ltpc, 2 fullFeed (body already wrapped), 3 firstLevelWithGreeks
    return pb_bytes(kind, body) + pb_int(4, mode)


def upstox_frame(kind, ts, feeds=(), market_info=None):
    out = pb_int(1, kind)
    for key, feed in feeds:
        out += pb_bytes(2, pb_bytes(1, key) + pb_bytes(2, feed))
    out += pb_int(3, ts)
    if market_info is not None:
        out += pb_bytes(4, market_info)
    return out


future = "NSE_FO|35001"
t0 = 1795146300000
segments = ["NSE_EQ", "NSE_FO", "NSE_INDEX", "BSE_EQ", "BSE_FO", "BSE_INDEX", "MCX_FO",
            "MCX_INDEX", "NCD_FO", "BCD_FO", "NSE_COM"]
status = b"".join(pb_bytes(1, pb_bytes(1, s) + pb_int(2, 2 if s == "NSE_FO" else 3))
                  for s in segments)
full = upstox_feed(2, pb_bytes(1, upstox_market_ff(24906.65, t0, 1000000)), 1)
delta = upstox_feed(2, pb_bytes(1, upstox_market_ff(24907.0, t0 + 23, 1000075, depth=False,
                                                     ohlc=False)), 1)
write("upstox-market-data", "market-info.bin", upstox_frame(2, t0 - 3000, market_info=status))
write("upstox-market-data", "initial-full.bin", upstox_frame(0, t0, [(future, full)]))
write("upstox-market-data", "live-delta.bin", upstox_frame(1, t0 + 23, [(future, delta)]))
write("upstox-market-data", "live-volume-only.bin", upstox_frame(1, t0 + 46, [(future, upstox_feed(
    2, pb_bytes(1, upstox_market_ff(0, t0, 1000150, depth=False, ohlc=False, ltpc=False)), 1))]))
write("upstox-market-data", "ltpc-mode.bin", upstox_frame(1, t0 + 69, [(future, upstox_feed(
    1, upstox_ltpc(24907.05, t0 + 60, 130, 24400.0), 0))]))
write("upstox-market-data", "index-ff.bin", upstox_frame(0, t0, [("NSE_INDEX|Nifty 50", upstox_feed(
    2, pb_bytes(2, pb_bytes(1, upstox_ltpc(24860.15, t0 - 5, 0, 24390.5)) +
                pb_bytes(2, pb_bytes(1, upstox_ohlc("1d", 24450.0, 24950.0, 24410.0, 24860.15,
                                                    0, 1795113000000)))), 1)), (future, full)]))
write("upstox-market-data", "first-level.bin", upstox_frame(1, t0 + 92, [(future, upstox_feed(
    3, pb_bytes(1, upstox_ltpc(24907.1, t0 + 90, 65, 0)) +
    pb_bytes(2, upstox_quote(65, 24907.05, 65, 24907.15)) + pb_bytes(3, b"") +
    pb_int(4, 1000300) + pb_double(5, 1236000.0) + pb_double(6, 0.12), 2))]))
write("upstox-market-data", "two-keys.bin",
      upstox_frame(1, t0 + 115, [("NSE_FO|46923", delta), (future, delta)]))
write("upstox-market-data", "unknown-fields.bin",
      upstox_frame(1, t0 + 138, [(future, delta)]) + pb_int(100, 5) + pb_bytes(101, "abc"))
write("upstox-market-data", "nan-price.bin", upstox_frame(1, t0 + 161, [(future, upstox_feed(
    1, upstox_ltpc(float("nan"), t0, 1, 0), 0))]))
write("upstox-market-data", "truncated.bin", upstox_frame(0, t0, [(future, full)])[:150])
