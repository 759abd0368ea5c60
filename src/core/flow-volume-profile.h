/* flow-volume-profile.h: the session volume profile, kept as trades are classified
 *
 * Volume per price level over the day, bought and sold: the footprint's cells summed over
 * every bucket, kept incrementally — FlowFootprint folds each bucket in once it is closed and
 * the forming one provisionally, so a read costs one bucket's cells, not the day's.
 * With it the point of control of the session and its value area: the levels around the POC
 * that hold 70 % of the day's volume (VAH / VAL), the ranges traders read as fair value.
 *
 * Value area, as the CBOT's Market Profile rule is usually implemented: start at the POC and,
 * until the levels taken hold at least 70 % of the volume, take the next level above or the
 * next below, whichever holds more volume (the one above on a tie; the only one left at an
 * edge). Levels are row multiples (the footprint's row size), in paise.
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define FLOW_VOLUME_PROFILE_VALUE_AREA_PERCENT 70

typedef struct
{
  gint64 buy_volume;
  gint64 sell_volume;
} FlowVolumeProfileLevel;

typedef struct
{
  gint64 volume;        /* the day's buy + sell */
  gint64 poc;           /* level with the most volume (the lowest on a tie) */
  gint64 poc_volume;
  gint64 value_high;    /* VAH: the highest level of the value area */
  gint64 value_low;     /* VAL: the lowest */
  gint64 max_volume;    /* the largest level's volume (= poc_volume), for scaling bars */
} FlowVolumeProfileStats;

typedef struct _FlowVolumeProfile FlowVolumeProfile;

FlowVolumeProfile *flow_volume_profile_new        (void);
void               flow_volume_profile_free       (FlowVolumeProfile *self);
/* Forgets every level (a new day, or a rebuild at another row size: @row, paise). */
void               flow_volume_profile_reset      (FlowVolumeProfile *self,
                                                   gint64             row);
/* Adds @amount of bought (@buy) or sold volume at level number @level (price / row); a
 * negative @amount takes out what was added before. */
void               flow_volume_profile_add        (FlowVolumeProfile *self,
                                                   gint64             level,
                                                   gboolean           buy,
                                                   gint64             amount);
/* The levels, dense from *@first_price upwards in steps of the row size; NULL and
 * *@n_levels = 0 while there is no volume. Valid until the next add or reset. */
const FlowVolumeProfileLevel *
                   flow_volume_profile_get_levels (FlowVolumeProfile *self,
                                                   gint64            *first_price,
                                                   guint             *n_levels);
/* POC and value area; FALSE (and @stats untouched) while there is no volume. Computed on
 * demand, in a pass over the levels. */
gboolean           flow_volume_profile_get_stats  (FlowVolumeProfile      *self,
                                                   FlowVolumeProfileStats *stats);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FlowVolumeProfile, flow_volume_profile_free)

G_END_DECLS
