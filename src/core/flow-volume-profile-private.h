/* flow-volume-profile-private.h: the profile's insides, for FlowFootprint's ingest loop
 *
 * The footprint adds every classified trade to its profile; at tens of millions of trades a
 * second a function call and its checks per trade cost a third of the ingest rate, so the
 * common case (a level already in the array) is inlined here.
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "flow-volume-profile.h"

G_BEGIN_DECLS

struct _FlowVolumeProfile
{
  gint64                  row;
  /* Dense by level number from base; a day of NIFTY spans a few thousand 5-paise levels. */
  FlowVolumeProfileLevel *levels;
  gint64                  base;
  guint                   n_levels;
  guint                   capacity;
  gint64                  volume;
  /* Levels only ever grow within a day, so the largest-lowest one is kept as we go. */
  gint64                  poc_level;
  gint64                  poc_volume;
};

/* A level outside the array: grows it (or drops a corrupt price far from the rest). */
void flow_volume_profile_add_slow (FlowVolumeProfile *self,
                                   gint64             level,
                                   gboolean           buy,
                                   gint64             amount);

static inline void
flow_volume_profile_count (FlowVolumeProfile      *self,
                           FlowVolumeProfileLevel *slot,
                           gint64                  level,
                           gboolean                buy,
                           gint64                  amount)
{
  gint64 total;

  if (buy)
    slot->buy_volume += amount;
  else
    slot->sell_volume += amount;
  self->volume += amount;
  total = slot->buy_volume + slot->sell_volume;
  if (total > self->poc_volume || (total == self->poc_volume && level < self->poc_level))
    {
      self->poc_level = level;
      self->poc_volume = total;
    }
}

static inline void
flow_volume_profile_add_inline (FlowVolumeProfile *self,
                                gint64             level,
                                gboolean           buy,
                                gint64             amount)
{
  guint64 index = (guint64) (level - self->base);

  if (G_UNLIKELY (amount <= 0))
    return;
  if (G_LIKELY (index < self->n_levels))
    flow_volume_profile_count (self, &self->levels[index], level, buy, amount);
  else
    flow_volume_profile_add_slow (self, level, buy, amount);
}

G_END_DECLS
