#!/usr/bin/env python3
# Writes the seed corpora of the fuzz targets (tests/fuzz/corpus/<target>/) from the protocol
# docs (shared/protocols/*.md) and the unit tests' fixtures. Run it from anywhere; it rewrites
# the generated seeds and leaves other files alone (regressions found by fuzzing, the journals
# recorded by `orderflow-cli record`).
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
