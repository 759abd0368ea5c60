/* flow-demo-market.c
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "flow-demo-market"

#include "config.h"

#include <math.h>

#include "flow-demo-market.h"
#include "flow-ist.h"

#define TICK_PAISE        FLOW_DEMO_TICK_PAISE
/* Strikes listed either side of the day's reference price: wide enough that ATM ± 15 stays
 * listed however far the (bounded) price wanders. */
#define STRIKES_EACH_SIDE 40
#define MINUTE_MS         ((gint64) 60 * 1000)
#define RATE              0.065   /* cost of carry and option pricing rate */

/* ------------------------------------------------------------------------------------------
 * The simulated underlyings
 *
 * The simulator's own data, not a broker's: a live feed reads lots, ticks, steps and expiries
 * from the broker's instrument files. Levels sit about where the indices traded in late 2025
 * (in proportion to NIFTY's range), lots are NSE's and BSE's after the late-2025 revision (NIFTY
 * 65, BANKNIFTY 30, FINNIFTY 60, MIDCPNIFTY 120, NIFTYNXT50 25; SENSEX 20, BANKEX 30), and
 * expiries follow the pattern of that time (NSE on Tuesdays, BSE on Thursdays; weekly options
 * only for NIFTY and SENSEX, the others monthly). A stale figure here costs nothing but
 * realism: nothing outside the demo reads this table. The simulation was
 * written for NIFTY: every rupee amount in it scales with the level (and the index's own
 * volatility), every quantity with the lot, so NIFTY's scales are exactly 1 and its data stays
 * what it was before the other underlyings came.
 * ------------------------------------------------------------------------------------------ */

#define NIFTY_LEVEL 25000.0
#define NIFTY_LOT   65.0

typedef struct
{
  const char *name;
  const char *segment;          /* of the option contracts' keys */
  double      level_lo;         /* rupees: where the previous close is drawn */
  double      level_hi;
  double      volatility;       /* daily moves in percent, relative to NIFTY's */
  gint64      lot;
  double      strike_step;      /* rupees */
  int         expiry_weekday;   /* Monday = 0: weeklies, the monthly (last) contract, futures */
  gboolean    weekly;           /* weekly options; otherwise the monthly contract's */
  gint64      token_base;       /* keeps each underlying's option keys apart */
} DemoProfile;

static const DemoProfile profiles[] = {
  { "NIFTY",      "NSE_FO", 24300.0, 25700.0, 1.0,  65,  50.0, 1, TRUE,  40000 },
  { "BANKNIFTY",  "NSE_FO", 54500.0, 57500.0, 1.05, 30, 100.0, 1, FALSE, 60000 },
  { "FINNIFTY",   "NSE_FO", 25300.0, 26700.0, 1.0,  60,  50.0, 1, FALSE, 80000 },
  { "MIDCPNIFTY", "NSE_FO", 12600.0, 13400.0, 1.25, 120, 25.0, 1, FALSE, 100000 },
  { "NIFTYNXT50", "NSE_FO", 66000.0, 70000.0, 1.15, 25, 100.0, 1, FALSE, 120000 },
  { "SENSEX",     "BSE_FO", 80000.0, 84000.0, 1.0,  20, 100.0, 3, TRUE,  840000 },
  { "BANKEX",     "BSE_FO", 61000.0, 65000.0, 1.05, 30, 100.0, 3, FALSE, 860000 },
};

static const DemoProfile *
find_profile (const char *underlying)
{
  for (guint i = 0; i < G_N_ELEMENTS (profiles); i++)
    if (g_strcmp0 (profiles[i].name, underlying) == 0)
      return &profiles[i];
  return NULL;
}

/* ------------------------------------------------------------------------------------------
 * Random numbers: our own xoshiro256** seeded through splitmix64, because GRand's sequence is
 * not a documented contract and the demo must give the same data bit for bit forever.
 * ------------------------------------------------------------------------------------------ */

typedef struct
{
  guint64 s[4];
} DemoRng;

static guint64
splitmix64 (guint64 *state)
{
  guint64 z = (*state += G_GUINT64_CONSTANT (0x9E3779B97F4A7C15));

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xBF58476D1CE4E5B9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94D049BB133111EB);
  return z ^ (z >> 31);
}

static void
rng_seed (DemoRng *rng,
          guint64  seed)
{
  guint64 state = seed;

  for (guint i = 0; i < G_N_ELEMENTS (rng->s); i++)
    rng->s[i] = splitmix64 (&state);
}

static inline guint64
rotl (guint64 x,
      int     k)
{
  return (x << k) | (x >> (64 - k));
}

static guint64
rng_next (DemoRng *rng)
{
  guint64 *s = rng->s;
  guint64 result = rotl (s[1] * 5, 7) * 9;
  guint64 t = s[1] << 17;

  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl (s[3], 45);
  return result;
}

/* [0, 1) with 53 random bits. */
static double
rng_uniform (DemoRng *rng)
{
  return (double) (rng_next (rng) >> 11) * (1.0 / 9007199254740992.0);
}

static double
rng_range (DemoRng *rng,
           double   lo,
           double   hi)
{
  return lo + (hi - lo) * rng_uniform (rng);
}

static gboolean
rng_chance (DemoRng *rng,
            double   probability)
{
  return rng_uniform (rng) < probability;
}

/* Box–Muller, one value per call: simpler than caching the pair and just as deterministic. */
static double
rng_normal (DemoRng *rng)
{
  double u = 1.0 - rng_uniform (rng);   /* (0, 1]: log stays finite */
  double v = rng_uniform (rng);

  return sqrt (-2.0 * log (u)) * cos (2.0 * G_PI * v);
}

static double
rng_exponential (DemoRng *rng,
                 double   mean)
{
  return -mean * log (1.0 - rng_uniform (rng));
}

static guint
rng_poisson (DemoRng *rng,
             double   mean)
{
  double limit = exp (-mean);
  double product = rng_uniform (rng);
  guint count = 0;

  while (product > limit)
    {
      count++;
      product *= rng_uniform (rng);
    }
  return count;
}

/* ------------------------------------------------------------------------------------------
 * Calendar helpers
 * ------------------------------------------------------------------------------------------ */

/* Monday = 0 … Sunday = 6; day 0 (1970-01-01) was a Thursday. */
static int
weekday_of_day (gint64 day)
{
  return (int) ((day % 7 + 7 + 3) % 7);
}

static GDate *
date_of_day (gint64 day)
{
  /* GDate's Julian day 1 is 0001-01-01; 1970-01-01 is Julian day 719163. */
  return g_date_new_julian ((guint32) (day + 719163));
}

static gint64
day_of_date (const GDate *date)
{
  return (gint64) g_date_get_julian (date) - 719163;
}

/* The nearest @weekday (Monday = 0) on or after @day: a weekly expiry. */
static gint64
weekly_expiry_day (gint64 day,
                   int    weekday)
{
  return day + (weekday - weekday_of_day (day) + 7) % 7;
}

/* The near-month contract expires on the month's last @weekday; once it has passed, the next
 * month's contract is the near one. */
static gint64
monthly_expiry_day (gint64 day,
                    int    weekday)
{
  g_autoptr(GDate) date = date_of_day (day);

  for (int attempt = 0; attempt < 2; attempt++)
    {
      g_autoptr(GDate) last = g_date_copy (date);
      gint64 last_day;

      g_date_set_day (last, g_date_get_days_in_month (g_date_get_month (date),
                                                      g_date_get_year (date)));
      last_day = day_of_date (last);
      last_day -= (weekday_of_day (last_day) - weekday + 7) % 7;
      if (last_day >= day)
        return last_day;
      g_date_set_day (date, 1);
      g_date_add_months (date, 1);
    }
  g_return_val_if_reached (day);
}

/* ------------------------------------------------------------------------------------------
 * The futures path
 *
 * fair = trend + noise, where the trend follows a regime-switching drift (trends and
 * reversals over tens of minutes) and the noise is mean-reverting (wiggles that come back).
 * Activity switches between quiet spells, normal trading and short bursts; a burst has a
 * direction and pushes the price, and aggressors lean the way the price moves, so the
 * footprint shows believable delta and imbalances.
 * ------------------------------------------------------------------------------------------ */

typedef enum
{
  ACTIVITY_QUIET,
  ACTIVITY_NORMAL,
  ACTIVITY_BURST,
} Activity;

typedef struct
{
  const DemoProfile *profile;
  double   scale;            /* rupee amounts, against NIFTY's */
  double   qty_scale;        /* unit quantities, against NIFTY's */
  DemoRng  rng;
  gint64   time_ms;
  gint64   day;              /* IST day number of the day statistics below */
  gboolean started;          /* a snapshot was produced */
  gboolean traded_today;

  double   anchor;           /* rupees: the day's reference, where the price tends to stay */
  double   trend;            /* rupees */
  double   noise;            /* rupees, mean-reverting */
  double   drift;            /* rupees per second */
  gint64   regime_end_ms;
  Activity activity;
  gint64   activity_end_ms;
  double   burst_push;       /* rupees per second while the burst lasts */
  int      spread_ticks;

  gint64   ltp;
  gint64   ltq;
  gint64   volume;
  gint64   open;
  gint64   high;
  gint64   low;
  gint64   close;
  gint64   oi;
  gint64   total_buy_qty;
  gint64   total_sell_qty;
  gint64   last_trade_ms;
} DemoPath;

#define NOISE_TAU_S     150.0   /* how fast the wiggles come back */
#define NOISE_SIGMA     0.20    /* rupees per sqrt(second) at normal activity */
#define TREND_SIGMA     0.05    /* rupees per sqrt(second): keeps trends from being straight */
#define PRICE_BAND      900.0   /* rupees from the anchor where the drift turns back for sure */

static gint64
to_tick (double rupees)
{
  return (gint64) floor (rupees * 100.0 / TICK_PAISE + 0.5) * TICK_PAISE;
}

static gint64
round_to_lot (double units,
              gint64 lot)
{
  gint64 lots = (gint64) floor (units / lot + 0.5);

  return MAX (lots, 1) * lot;
}

/* Market intensity by IST time of day: busy open and close, a lull at lunch. After hours the
 * simulator keeps the close's pace so an after-hours demo stays lively. */
static double
intensity_at (gint64 ts_ms)
{
  gint64 tod = ts_ms - flow_ist_day_start_ms (ts_ms);
  gint64 minute = tod / MINUTE_MS;

  if (minute < 9 * 60 + 15 || minute >= 15 * 60 + 30)
    return 1.0;
  if (minute < 9 * 60 + 45)
    return 1.8;
  if (minute < 11 * 60 + 30)
    return 1.1;
  if (minute < 13 * 60 + 30)
    return 0.7;
  if (minute < 14 * 60 + 45)
    return 1.0;
  return 1.5;
}

static void
path_new_day (DemoPath *p,
              gint64    day)
{
  p->day = day;
  p->traded_today = FALSE;
  p->volume = 0;
  p->open = p->high = p->low = 0;
  p->close = p->ltp;
  p->anchor = p->trend + p->noise;
  p->trend = p->anchor;
  p->noise = 0.0;
}

static void
path_init (DemoPath          *p,
           const DemoProfile *profile,
           guint64            seed,
           gint64             start_ms)
{
  double previous_close;
  double open;
  gint64 lot = profile->lot;

  p->profile = profile;
  p->scale = (profile->level_lo + profile->level_hi) / 2.0 / NIFTY_LEVEL * profile->volatility;
  p->qty_scale = (double) profile->lot / NIFTY_LOT;
  rng_seed (&p->rng, seed);
  p->time_ms = start_ms;
  p->day = flow_ist_day_number (start_ms);

  previous_close = rng_range (&p->rng, profile->level_lo, profile->level_hi);
  /* Overnight gaps: mostly a few tens of points, now and then a hundred or more (NIFTY's). */
  open = previous_close + rng_normal (&p->rng) * 55.0 * p->scale;
  p->close = to_tick (previous_close);
  p->anchor = previous_close;
  p->trend = open;
  p->noise = 0.0;
  p->ltp = to_tick (open);
  p->ltq = 0;
  p->oi = round_to_lot (rng_range (&p->rng, 1.1e7, 1.6e7) * p->qty_scale, lot);
  p->total_buy_qty = round_to_lot (rng_range (&p->rng, 2.0e5, 5.0e5) * p->qty_scale, lot);
  p->total_sell_qty = round_to_lot (rng_range (&p->rng, 2.0e5, 5.0e5) * p->qty_scale, lot);
  p->activity = ACTIVITY_BURST;   /* the open is busy */
  p->activity_end_ms = start_ms + (gint64) rng_range (&p->rng, 5000, 20000);
  p->burst_push = rng_normal (&p->rng) * 0.6 * p->scale;
  p->regime_end_ms = start_ms;
}

static void
path_next_regime (DemoPath *p)
{
  /* Lean against the distance from the anchor so a long session stays in a plausible band
   * instead of wandering off like a pure random walk. */
  double away = (p->trend - p->anchor) / (PRICE_BAND * p->scale);
  double p_up = CLAMP (0.5 - 0.6 * away, 0.1, 0.9);
  double speed = rng_chance (&p->rng, 0.25) ? rng_range (&p->rng, 0.0, 10.0)     /* range-bound */
                                            : rng_range (&p->rng, 25.0, 110.0);  /* trending */
  double minutes = rng_range (&p->rng, 15.0, 80.0);

  p->drift = (rng_chance (&p->rng, p_up) ? speed : -speed) * p->scale / 3600.0;
  p->regime_end_ms = p->time_ms + (gint64) (minutes * MINUTE_MS);
}

static void
path_next_activity (DemoPath *p)
{
  double intensity = intensity_at (p->time_ms);
  double p_burst = CLAMP (0.16 * intensity, 0.05, 0.4);
  double p_quiet = CLAMP (0.30 / intensity, 0.1, 0.5);
  double draw = rng_uniform (&p->rng);
  double seconds;

  if (p->activity != ACTIVITY_BURST && draw < p_burst)
    {
      p->activity = ACTIVITY_BURST;
      seconds = rng_range (&p->rng, 2.0, 18.0);
      /* Bursts mostly follow the trend: that is how trends are made. */
      p->burst_push = rng_range (&p->rng, 0.3, 1.6) * p->scale
                      * (rng_chance (&p->rng, p->drift >= 0 ? 0.65 : 0.35) ? 1.0 : -1.0);
    }
  else if (draw < p_burst + p_quiet)
    {
      p->activity = ACTIVITY_QUIET;
      seconds = rng_range (&p->rng, 15.0, 150.0) / intensity;
    }
  else
    {
      p->activity = ACTIVITY_NORMAL;
      seconds = rng_range (&p->rng, 20.0, 240.0);
    }
  p->activity_end_ms = p->time_ms + (gint64) (seconds * 1000.0);
}

static gint64
path_draw_gap_ms (DemoPath *p)
{
  double ms;

  switch (p->activity)
    {
    case ACTIVITY_BURST:
      ms = 15.0 + rng_exponential (&p->rng, 60.0);
      break;
    case ACTIVITY_QUIET:
      ms = 250.0 + rng_exponential (&p->rng, 1300.0);
      ms = MIN (ms, 5000.0);
      break;
    case ACTIVITY_NORMAL:
    default:
      ms = 40.0 + rng_exponential (&p->rng, 420.0 / intensity_at (p->time_ms));
      ms = MIN (ms, 2500.0);
      break;
    }
  return (gint64) ms;
}

/* Mostly one lot or two, sometimes a block; bursts bring bigger orders. */
static gint64
path_draw_lots (DemoPath *p)
{
  double draw = rng_uniform (&p->rng);
  double big = p->activity == ACTIVITY_BURST ? 2.0 : 1.0;

  if (draw < 0.50 / big)
    return 1;
  if (draw < 0.72 / big)
    return 2;
  if (draw < 0.88)
    return 3 + (gint64) rng_range (&p->rng, 0, 3);
  if (draw < 0.98)
    return 6 + (gint64) rng_range (&p->rng, 0, 15);
  return 20 + (gint64) rng_range (&p->rng, 0, 60);
}

static gint64
book_step (DemoPath *p,
           gint64    quantity,
           double    target,
           double    dt)
{
  double pull = MIN (dt / 120.0, 1.0);
  double next = (double) quantity + (target - (double) quantity) * pull
                + rng_normal (&p->rng) * 25.0 * p->profile->lot * sqrt (MIN (dt, 4.0));

  return round_to_lot (MAX (next, 5.0e4 * p->qty_scale), p->profile->lot);
}

static void
path_step (DemoPath     *p,
           FlowSnapshot *out)
{
  gint64 gap_ms = path_draw_gap_ms (p);
  gint64 ts = p->time_ms + MAX (gap_ms, 1);
  double dt = (double) (ts - p->time_ms) / 1000.0;
  double activity_vol;
  double old_fair = p->trend + p->noise;
  double fair;
  double away;
  double p_buy;
  int spread_ticks;
  gint64 bid;
  gint64 ask;
  guint trades;
  double lean;
  gboolean first = !p->started;
  gint64 lot = p->profile->lot;
  double band = PRICE_BAND * p->scale;

  p->time_ms = ts;
  if (flow_ist_day_number (ts) != p->day)
    path_new_day (p, flow_ist_day_number (ts));
  if (ts >= p->regime_end_ms)
    path_next_regime (p);
  if (ts >= p->activity_end_ms)
    path_next_activity (p);

  switch (p->activity)
    {
    case ACTIVITY_BURST: activity_vol = 2.0; break;
    case ACTIVITY_QUIET: activity_vol = 0.45; break;
    case ACTIVITY_NORMAL:
    default:             activity_vol = 1.0; break;
    }

  /* Beyond the band the trend is pulled back harder than any regime can push. */
  away = p->trend - p->anchor;
  p->trend += p->drift * dt + TREND_SIGMA * p->scale * sqrt (dt) * rng_normal (&p->rng);
  if (fabs (away) > band)
    p->trend -= (away > 0 ? 1.0 : -1.0) * 0.05 * p->scale * dt;
  p->noise = p->noise * exp (-dt / NOISE_TAU_S)
             + NOISE_SIGMA * p->scale * sqrt (activity_vol * dt) * rng_normal (&p->rng);
  if (p->activity == ACTIVITY_BURST)
    {
      /* Half of a burst's push sticks, half fades with the noise. */
      p->trend += 0.5 * p->burst_push * dt;
      p->noise += 0.5 * p->burst_push * dt;
    }
  fair = p->trend + p->noise;

  /* The book: 1–4 ticks wide, tighter when busy; it keeps its width for a while. */
  if (first || rng_chance (&p->rng, 0.25))
    {
      double spread_draw = rng_uniform (&p->rng);

      if (p->activity == ACTIVITY_QUIET)
        spread_draw = MIN (spread_draw + 0.2, 0.999);
      p->spread_ticks = spread_draw < 0.5 ? 1 : spread_draw < 0.78 ? 2 : spread_draw < 0.93 ? 3 : 4;
    }
  spread_ticks = p->spread_ticks;
  bid = (gint64) floor ((fair * 100.0 - spread_ticks * TICK_PAISE / 2.0) / TICK_PAISE)
        * TICK_PAISE;
  ask = bid + spread_ticks * TICK_PAISE;

  /* Trades since the previous snapshot. SnapQuote also ticks on quote-only changes, but the
   * day's first snapshot trades so that open, high and low are known from the start. */
  if (!p->traded_today)
    trades = 1 + rng_poisson (&p->rng, 1.0);
  else if (rng_chance (&p->rng, p->activity == ACTIVITY_QUIET ? 0.30 :
                                p->activity == ACTIVITY_BURST ? 0.04 : 0.14))
    trades = 0;
  else
    trades = 1 + rng_poisson (&p->rng, p->activity == ACTIVITY_BURST ? 0.9 : 0.3);

  /* Aggressors lean the way the price just moved, and harder with a burst behind them. */
  p_buy = 0.5 + 0.35 * tanh ((fair - old_fair) / (0.4 * p->scale));
  if (p->activity == ACTIVITY_BURST)
    p_buy += p->burst_push > 0 ? 0.15 : -0.15;
  p_buy = CLAMP (p_buy, 0.05, 0.95);

  if (trades > 0)
    {
      gint64 traded = 0;
      gint64 last_lots = 1;
      gboolean buy = rng_chance (&p->rng, p_buy);

      for (guint i = 0; i < trades; i++)
        {
          last_lots = path_draw_lots (p);
          traded += last_lots * lot;
        }

      if (spread_ticks >= 3 && rng_chance (&p->rng, 0.12))
        p->ltp = buy ? ask - TICK_PAISE : bid + TICK_PAISE;   /* a hidden order inside */
      else
        p->ltp = buy ? ask : bid;
      p->ltq = last_lots * lot;
      p->volume += traded;
      p->last_trade_ms = ts - (gint64) rng_range (&p->rng, 0.0, MIN (dt * 1000.0, 40.0));

      if (!p->traded_today)
        {
          p->traded_today = TRUE;
          p->open = p->high = p->low = p->ltp;
        }
      p->high = MAX (p->high, p->ltp);
      p->low = MIN (p->low, p->ltp);

      /* Some trades open positions, some close them; OI creeps up through the day. */
      if (rng_chance (&p->rng, 0.3))
        p->oi += (rng_chance (&p->rng, 0.55) ? 1 : -1) * last_lots * lot;
      p->oi = MAX (p->oi, lot * 1000);
    }

  /* The resting book wanders around a few lakh units and leans with the regime: more bids
   * waiting in an uptrend. */
  lean = 0.3 * tanh (p->drift * 3600.0 / (40.0 * p->scale));
  p->total_buy_qty = book_step (p, p->total_buy_qty, 3.5e5 * p->qty_scale * (1.0 + lean), dt);
  p->total_sell_qty = book_step (p, p->total_sell_qty, 3.5e5 * p->qty_scale * (1.0 - lean), dt);

  p->started = TRUE;

  out->ts_ms = ts;
  out->ltp = p->ltp;
  out->ltq = p->ltq;
  out->volume = p->volume;
  out->bid = bid;
  out->ask = ask;
  out->open = p->open;
  out->high = p->high;
  out->low = p->low;
  out->close = p->close;
  out->oi = p->oi;
  out->total_buy_qty = p->total_buy_qty;
  out->total_sell_qty = p->total_sell_qty;
  out->last_trade_ms = p->last_trade_ms;
  out->resync = first;
}

/* ------------------------------------------------------------------------------------------
 * The option chain
 *
 * A separate random stream evolves each contract's OI and volume in whole minutes from
 * start_ms, and a private copy of the futures path (same seed, so the same prices) gives the
 * spot: the chain at a time is thus a pure function of seed, start_ms and that time.
 * ------------------------------------------------------------------------------------------ */

typedef struct
{
  double strike;
  gint64 ce_oi;
  gint64 pe_oi;
  gint64 ce_volume;
  gint64 pe_volume;
  double ce_build;        /* fraction still to add per minute while a build-up lasts */
  double pe_build;
  int    ce_build_left;   /* minutes */
  int    pe_build_left;
} DemoStrike;

struct _FlowDemoMarket
{
  GObject parent_instance;

  const DemoProfile *profile;
  guint64 seed;
  gint64  start_ms;
  DemoPath path;

  /* Chain state */
  DemoRng chain_rng;
  DemoPath chain_path;          /* same stream as path, advanced to the chain's time */
  FlowSnapshot chain_pending;   /* next snapshot of chain_path, not yet reached */
  gint64  chain_price;          /* futures ltp (paise) at chain_time_ms */
  gint64  chain_time_ms;
  gint64  chain_minutes;        /* 1-minute OI steps applied */
  double  iv_level;
  GArray *strikes;              /* of DemoStrike */
};

G_DEFINE_FINAL_TYPE (FlowDemoMarket, flow_demo_market, G_TYPE_OBJECT)

static void
flow_demo_market_finalize (GObject *object)
{
  FlowDemoMarket *self = FLOW_DEMO_MARKET (object);

  g_clear_pointer (&self->strikes, g_array_unref);
  G_OBJECT_CLASS (flow_demo_market_parent_class)->finalize (object);
}

static void
flow_demo_market_class_init (FlowDemoMarketClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = flow_demo_market_finalize;
}

static void
flow_demo_market_init (FlowDemoMarket *self)
{
  self->strikes = g_array_new (FALSE, TRUE, sizeof (DemoStrike));
}

/* Yesterday's OI: writers crowd out-of-the-money strikes, round numbers draw more. */
static gint64
initial_oi (DemoRng           *rng,
            const DemoPath    *path,
            double             strike,
            double             spot,
            gboolean           call)
{
  double step = path->profile->strike_step;
  double d = (strike - spot) / step * (call ? 1.0 : -1.0);   /* > 0: out of the money */
  double shape = 0.25 + 1.2 * exp (-(d - 4.0) * (d - 4.0) / 60.0);
  double oi;

  if (d < 0)
    shape *= exp (d / 6.0);
  if (fmod (strike, 10.0 * step) == 0.0)
    shape *= 1.7;
  else if (fmod (strike, 2.0 * step) == 0.0)
    shape *= 1.3;
  oi = 5.0e6 * path->qty_scale * shape * exp (0.25 * rng_normal (rng));
  return round_to_lot (MAX (oi, 20.0 * path->profile->lot), path->profile->lot);
}

static void
chain_init (FlowDemoMarket *self,
            guint64         chain_seed)
{
  double step = self->profile->strike_step;
  double centre = floor (self->path.anchor / step + 0.5) * step;

  rng_seed (&self->chain_rng, chain_seed);
  self->iv_level = rng_range (&self->chain_rng, 0.10, 0.15);
  for (int i = -STRIKES_EACH_SIDE; i <= STRIKES_EACH_SIDE; i++)
    {
      DemoStrike row = { .strike = centre + i * step };

      row.ce_oi = initial_oi (&self->chain_rng, &self->path, row.strike, self->path.anchor, TRUE);
      row.pe_oi = initial_oi (&self->chain_rng, &self->path, row.strike, self->path.anchor, FALSE);
      g_array_append_val (self->strikes, row);
    }

  self->chain_path = self->path;
  self->chain_time_ms = G_MININT64;   /* before the open is fine: the pre-open chain */
  self->chain_price = self->path.close;   /* before the first trade: yesterday's close */
  path_step (&self->chain_path, &self->chain_pending);
}

/* Moves the private futures path to @time_ms and returns its price there (paise). */
static gint64
chain_price_at (FlowDemoMarket *self,
                gint64          time_ms)
{
  while (self->chain_pending.ts_ms <= time_ms)
    {
      self->chain_price = self->chain_pending.ltp;
      path_step (&self->chain_path, &self->chain_pending);
    }
  self->chain_time_ms = MAX (self->chain_time_ms, time_ms);
  return self->chain_price;
}

static void
start_build_up (DemoRng *rng,
                double  *build,
                int     *left)
{
  double total = rng_range (rng, 0.12, 0.42);

  *left = 1 + (int) rng_range (rng, 0.0, 2.0);
  *build = total / *left;
}

static gint64
evolve_oi (DemoRng *rng,
           gint64   lot,
           gint64   oi,
           double   distance,
           double  *build,
           int     *left)
{
  double near = exp (-fabs (distance) / 6.0);
  double factor = 1.0 + 0.0004 * near + 0.003 * rng_normal (rng);

  if (*left > 0)
    {
      factor += *build;
      (*left)--;
    }
  else if (rng_chance (rng, 0.0020 * (0.3 + near)))
    {
      /* A lone contract: mostly fresh writing, sometimes an unwind. */
      if (rng_chance (rng, 0.8))
        start_build_up (rng, build, left);
      else
        factor -= rng_range (rng, 0.10, 0.25);
    }
  return round_to_lot (MAX ((double) oi * factor, 20.0 * lot), lot);
}

/* One minute of option trading ending at @step_ms. */
static void
chain_step_minute (FlowDemoMarket *self,
                   gint64          step_ms)
{
  DemoRng *rng = &self->chain_rng;
  double spot = (double) chain_price_at (self, step_ms) / 100.0;
  double intensity = intensity_at (step_ms);
  gboolean wave = rng_chance (rng, 1.0 / 80.0);
  int wave_sides = 0;   /* bit 1: calls, bit 2: puts */
  double wave_centre = spot + rng_range (rng, -60.0, 60.0) * self->path.scale;
  double step = self->profile->strike_step;
  gint64 lot = self->profile->lot;

  /* A wave: writers pile into the strikes around the money at once, which is what makes
   * most of the OI table turn red. Most of them hit both sides. */
  if (wave)
    {
      double draw = rng_uniform (rng);

      wave_sides = draw < 0.6 ? 3 : draw < 0.8 ? 1 : 2;
    }

  for (guint i = 0; i < self->strikes->len; i++)
    {
      DemoStrike *row = &g_array_index (self->strikes, DemoStrike, i);
      double distance = (row->strike - spot) / step;
      double lots = 2500.0 * intensity * exp (-fabs (distance) / 4.0);

      if (wave && fabs (row->strike - wave_centre) <= 4.5 * step)
        {
          if ((wave_sides & 1) && rng_chance (rng, 0.9))
            start_build_up (rng, &row->ce_build, &row->ce_build_left);
          if ((wave_sides & 2) && rng_chance (rng, 0.9))
            start_build_up (rng, &row->pe_build, &row->pe_build_left);
        }
      row->ce_oi = evolve_oi (rng, lot, row->ce_oi, distance, &row->ce_build,
                              &row->ce_build_left);
      row->pe_oi = evolve_oi (rng, lot, row->pe_oi, distance, &row->pe_build,
                              &row->pe_build_left);
      row->ce_volume += (gint64) (lots * rng_range (rng, 0.4, 1.6)) * lot;
      row->pe_volume += (gint64) (lots * rng_range (rng, 0.4, 1.6)) * lot;
    }
}

static double
normal_cdf (double x)
{
  return 0.5 * erfc (-x / G_SQRT2);
}

/* Black–Scholes on the spot, with a mild smile; rounded to the 0.05 tick, never below it. */
static double
option_premium (double   spot,
                double   strike,
                double   years,
                double   iv_level,
                gboolean call)
{
  double moneyness = (strike - spot) / spot;
  double iv = iv_level + 1.5 * moneyness * moneyness + (moneyness < 0 ? -0.2 : 0.05) * moneyness;
  double sd = iv * sqrt (years);
  double d1 = (log (spot / strike) + (RATE + iv * iv / 2.0) * years) / sd;
  double d2 = d1 - sd;
  double discount = exp (-RATE * years);
  double price;

  if (call)
    price = spot * normal_cdf (d1) - strike * discount * normal_cdf (d2);
  else
    price = strike * discount * normal_cdf (-d2) - spot * normal_cdf (-d1);
  return MAX (floor (price * 20.0 + 0.5) / 20.0, 0.05);
}

/* FNV-1a: a fixed hash of the name, where g_str_hash's is not a documented contract. */
static guint64
name_hash (const char *name)
{
  guint64 hash = G_GUINT64_CONSTANT (0xCBF29CE484222325);

  for (const char *c = name; *c != '\0'; c++)
    hash = (hash ^ (guchar) *c) * G_GUINT64_CONSTANT (0x100000001B3);
  return hash;
}

static FlowDemoMarket *
market_new (const DemoProfile *profile,
            guint64            seed,
            gint64             start_ms)
{
  FlowDemoMarket *self = g_object_new (FLOW_TYPE_DEMO_MARKET, NULL);
  /* NIFTY came first and keeps its data; another underlying mixes in its name so that one seed
   * does not move every index in step. */
  guint64 named = profile == &profiles[0] ? seed : seed ^ name_hash (profile->name);
  guint64 mix = named ^ ((guint64) flow_ist_day_number (start_ms) * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15));
  guint64 path_seed = splitmix64 (&mix);
  guint64 chain_seed = splitmix64 (&mix);

  self->profile = profile;
  self->seed = seed;
  self->start_ms = start_ms;
  path_init (&self->path, profile, path_seed, start_ms);
  chain_init (self, chain_seed);
  return self;
}

FlowDemoMarket *
flow_demo_market_new (guint64 seed,
                      gint64  start_ms)
{
  return market_new (&profiles[0], seed, start_ms);
}

FlowDemoMarket *
flow_demo_market_new_for (const char *underlying,
                          guint64     seed,
                          gint64      start_ms)
{
  const DemoProfile *profile;

  g_return_val_if_fail (underlying != NULL, NULL);

  profile = find_profile (underlying);
  if (profile == NULL)
    {
      g_debug ("no simulated market for “%s”", underlying);
      return NULL;
    }
  return market_new (profile, seed, start_ms);
}

gboolean
flow_demo_market_simulates (const char *underlying)
{
  return underlying != NULL && find_profile (underlying) != NULL;
}

const char *
flow_demo_market_nth_underlying (guint n)
{
  return n < G_N_ELEMENTS (profiles) ? profiles[n].name : NULL;
}

const char *
flow_demo_market_get_underlying (FlowDemoMarket *self)
{
  g_return_val_if_fail (FLOW_IS_DEMO_MARKET (self), NULL);

  return self->profile->name;
}

gint64
flow_demo_market_get_lot_size (FlowDemoMarket *self)
{
  g_return_val_if_fail (FLOW_IS_DEMO_MARKET (self), 0);

  return self->profile->lot;
}

gint64
flow_demo_market_get_tick_paise (FlowDemoMarket *self)
{
  g_return_val_if_fail (FLOW_IS_DEMO_MARKET (self), 0);

  return TICK_PAISE;
}

double
flow_demo_market_get_strike_step (FlowDemoMarket *self)
{
  g_return_val_if_fail (FLOW_IS_DEMO_MARKET (self), 0.0);

  return self->profile->strike_step;
}

void
flow_demo_market_next_snapshot (FlowDemoMarket *self,
                                FlowSnapshot   *out)
{
  g_return_if_fail (FLOW_IS_DEMO_MARKET (self));
  g_return_if_fail (out != NULL);

  path_step (&self->path, out);
}

gint64
flow_demo_market_get_time_ms (FlowDemoMarket *self)
{
  g_return_val_if_fail (FLOW_IS_DEMO_MARKET (self), 0);

  return self->path.time_ms;
}

guint64
flow_demo_market_get_seed (FlowDemoMarket *self)
{
  g_return_val_if_fail (FLOW_IS_DEMO_MARKET (self), 0);

  return self->seed;
}

gint64
flow_demo_market_get_start_ms (FlowDemoMarket *self)
{
  g_return_val_if_fail (FLOW_IS_DEMO_MARKET (self), 0);

  return self->start_ms;
}

FlowOptionChain *
flow_demo_market_option_chain_at (FlowDemoMarket *self,
                                  gint64          time_ms)
{
  gint64 day;
  gint64 expiry_day;
  gint64 future_expiry_day;
  gint64 expiry_close_ms;
  double future;
  double carry_years;
  double spot;
  double years;
  g_autofree char *expiry = NULL;
  FlowOptionChain *chain;

  g_return_val_if_fail (FLOW_IS_DEMO_MARKET (self), NULL);

  if (time_ms < self->chain_time_ms)
    {
      g_critical ("option chain asked for %" G_GINT64_FORMAT " after %" G_GINT64_FORMAT
                  ": time must not go back", time_ms, self->chain_time_ms);
      time_ms = self->chain_time_ms;
    }

  while (self->start_ms + (self->chain_minutes + 1) * MINUTE_MS <= time_ms)
    {
      self->chain_minutes++;
      chain_step_minute (self, self->start_ms + self->chain_minutes * MINUTE_MS);
    }

  future = (double) chain_price_at (self, time_ms) / 100.0;
  day = flow_ist_day_number (time_ms);
  future_expiry_day = monthly_expiry_day (day, self->profile->expiry_weekday);
  carry_years = (double) (future_expiry_day - day + 1) / 365.0;
  /* The future trades at a premium of the cost of carry to its expiry. */
  spot = floor (future / (1.0 + RATE * carry_years) * 20.0 + 0.5) / 20.0;

  expiry_day = self->profile->weekly ? weekly_expiry_day (day, self->profile->expiry_weekday)
                                      : future_expiry_day;
  expiry_close_ms = expiry_day * FLOW_DAY_MS - FLOW_IST_OFFSET_MS + FLOW_DEMO_SESSION_CLOSE_MS;
  /* On expiry day after the close, premiums are all but intrinsic: a few minutes is enough. */
  years = (double) MAX (expiry_close_ms - time_ms, 5 * MINUTE_MS) / (365.0 * FLOW_DAY_MS);
  expiry = flow_ist_format_date (expiry_close_ms);

  chain = flow_option_chain_new (time_ms, self->profile->name, expiry, spot);
  chain->lot_size = self->profile->lot;

  for (guint i = 0; i < self->strikes->len; i++)
    {
      const DemoStrike *row = &g_array_index (self->strikes, DemoStrike, i);
      /* Keys stay fixed per strike and side within an expiry, as the exchange's tokens do. */
      gint64 token = self->profile->token_base + (expiry_day % 97) * 200 + (gint64) i * 2;
      g_autofree char *ce_key = g_strdup_printf ("%s|%" G_GINT64_FORMAT, self->profile->segment,
                                                 token);
      g_autofree char *pe_key = g_strdup_printf ("%s|%" G_GINT64_FORMAT, self->profile->segment,
                                                 token + 1);
      FlowOptionSide ce = {
        .present = TRUE,
        .instrument_key = ce_key,
        .oi = row->ce_oi,
        .ltp = option_premium (spot, row->strike, years, self->iv_level, TRUE),
        .volume = row->ce_volume,
      };
      FlowOptionSide pe = {
        .present = TRUE,
        .instrument_key = pe_key,
        .oi = row->pe_oi,
        .ltp = option_premium (spot, row->strike, years, self->iv_level, FALSE),
        .volume = row->pe_volume,
      };

      flow_option_chain_add_strike (chain, row->strike, &ce, &pe);
    }
  return chain;
}
