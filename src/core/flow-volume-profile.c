/* flow-volume-profile.c
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "flow-volume-profile"

#include "config.h"

#include <string.h>

#include "flow-volume-profile.h"

struct _FlowVolumeProfile
{
  gint64                  row;
  /* Dense by level number from base; a day of NIFTY spans a few thousand 5-paise levels. */
  FlowVolumeProfileLevel *levels;
  gint64                  base;
  guint                   n_levels;
  guint                   capacity;
  gint64                  volume;
};

/* 4 M rows (64 MB): a NIFTY day spans about 20 000 rows of 5 paise. A trade farther than that
 * from the rest of the day is a corrupt price, left out of the profile (its cell still
 * counts in its bucket). */
#define MAX_LEVELS (1u << 22)


FlowVolumeProfile *
flow_volume_profile_new (void)
{
  FlowVolumeProfile *self = g_new0 (FlowVolumeProfile, 1);

  self->row = 5;
  return self;
}

void
flow_volume_profile_free (FlowVolumeProfile *self)
{
  if (self == NULL)
    return;
  g_free (self->levels);
  g_free (self);
}

void
flow_volume_profile_reset (FlowVolumeProfile *self,
                           gint64             row)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (row > 0);

  self->row = row;
  self->n_levels = 0;
  self->volume = 0;
}

/* Room for level number @level: the array grows at either end, by at least half again. */
static FlowVolumeProfileLevel *
level_slot (FlowVolumeProfile *self,
            gint64             level)
{
  gint64 first, last;
  guint needed, shift;

  if (self->n_levels == 0)
    {
      self->base = level;
      first = last = level;
    }
  else
    {
      if (level >= self->base && level < self->base + self->n_levels)
        return &self->levels[level - self->base];
      first = MIN (level, self->base);
      last = MAX (level, self->base + (gint64) self->n_levels - 1);
    }
  /* Far outside any real day's range (a corrupt price): not worth the memory. */
  if (last - first >= MAX_LEVELS)
    return NULL;
  needed = (guint) (last - first + 1);
  if (needed > self->capacity)
    {
      self->capacity = MAX (needed, self->capacity + self->capacity / 2 + 16);
      self->levels = g_renew (FlowVolumeProfileLevel, self->levels, self->capacity);
    }
  shift = self->n_levels == 0 ? 0 : (guint) (self->base - first);
  if (shift > 0)
    memmove (self->levels + shift, self->levels, self->n_levels * sizeof *self->levels);
  memset (self->levels, 0, shift * sizeof *self->levels);
  if (self->n_levels == 0)
    memset (self->levels, 0, needed * sizeof *self->levels);
  else
    memset (self->levels + shift + self->n_levels, 0,
            (needed - shift - self->n_levels) * sizeof *self->levels);
  self->base = first;
  self->n_levels = needed;
  return &self->levels[level - self->base];
}

void
flow_volume_profile_add (FlowVolumeProfile *self,
                         gint64             level,
                         gboolean           buy,
                         gint64             amount)
{
  FlowVolumeProfileLevel *slot;

  g_return_if_fail (self != NULL);

  if (amount == 0)
    return;
  /* Taking out is only ever of what was added: no level to create for it. */
  if (amount < 0 && (self->n_levels == 0 || level < self->base ||
                     level >= self->base + (gint64) self->n_levels))
    return;
  if ((slot = level_slot (self, level)) == NULL)
    return;
  if (buy)
    slot->buy_volume += amount;
  else
    slot->sell_volume += amount;
  self->volume += amount;
}

const FlowVolumeProfileLevel *
flow_volume_profile_get_levels (FlowVolumeProfile *self,
                                gint64            *first_price,
                                guint             *n_levels)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (first_price != NULL && n_levels != NULL, NULL);

  if (self->volume <= 0)
    {
      *n_levels = 0;
      return NULL;
    }
  *first_price = self->base * self->row;
  *n_levels = self->n_levels;
  return self->levels;
}

static gint64
level_volume (FlowVolumeProfile *self,
              gint64             index)
{
  return self->levels[index].buy_volume + self->levels[index].sell_volume;
}

gboolean
flow_volume_profile_get_stats (FlowVolumeProfile      *self,
                               FlowVolumeProfileStats *stats)
{
  gint64 low, high, taken, target, poc = 0, poc_volume = -1;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (stats != NULL, FALSE);

  if (self->volume <= 0)
    return FALSE;
  /* The POC: the largest level, the lowest of equals (a pass over a few thousand levels). */
  for (guint i = 0; i < self->n_levels; i++)
    if (level_volume (self, i) > poc_volume)
      {
        poc = i;
        poc_volume = level_volume (self, i);
      }
  low = high = poc;
  taken = poc_volume;
  /* 70 % of the volume, rounded up: the area holds at least that much. */
  target = (self->volume * FLOW_VOLUME_PROFILE_VALUE_AREA_PERCENT + 99) / 100;
  while (taken < target)
    {
      gboolean can_up = high + 1 < (gint64) self->n_levels;
      gboolean can_down = low > 0;
      gint64 up = can_up ? level_volume (self, high + 1) : -1;
      gint64 down = can_down ? level_volume (self, low - 1) : -1;

      if (!can_up && !can_down)
        break;
      if (up >= down)
        taken += level_volume (self, ++high);
      else
        taken += level_volume (self, --low);
    }

  stats->volume = self->volume;
  stats->poc = (self->base + poc) * self->row;
  stats->poc_volume = poc_volume;
  stats->max_volume = poc_volume;
  stats->value_high = (self->base + high) * self->row;
  stats->value_low = (self->base + low) * self->row;
  return TRUE;
}
