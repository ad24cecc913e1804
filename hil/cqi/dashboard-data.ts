// The figures of the CQI dashboard (docs/cqi.md §7), read from the analytics views of
// sql/views.sql into plain rows: the HTML builder (dashboard-html.ts) formats them and nothing else,
// so it is tested without a database. Shares and rates are computed here for display only.
import type { CqiStore } from "./store.ts";

export interface CareAreaFigures {
  careAreaId: number;
  infusions: number;
  withLibrary: number;
  basic: number;
  softStops: number;
  hardStops: number;
  overridden: number;
  edited: number;
  cancelled: number;
  tenfold: number;
  infusionHours: number;
  alarms: number;
}

export interface EntryFigures {
  careAreaId: number;
  entryId: number;
  infusions: number;
  softStops: number;
  hardStops: number;
  overridden: number;
  edited: number;
  cancelled: number;
}

export interface DayFigures {
  day: number;
  infusions: number;
  withLibrary: number;
  alerts: number;
  tenfold: number;
}

export interface OverriddenLimit {
  careAreaId: number;
  entryId: number;
  concentrationIndex: number;
  param: string;
  tier: string;
  limit: string;
  unit: string;
  overrides: number;
}

export interface TenfoldRow {
  pumpId: string;
  sequence: number;
  careAreaId: number;
  entryId: number;
  verdict: string;
  resolution: string;
  param: string;
  direction: string;
  fold: number;
}

export interface DashboardData {
  libraries: { name: string; version: number; digest: string }[];
  pumps: number;
  records: number;
  recordsLost: number;
  careAreas: CareAreaFigures[];
  entries: EntryFigures[];
  days: DayFigures[];
  overrideReasons: { reason: string; count: number }[];
  softStopOutcomes: { resolution: string; count: number }[];
  hardStopOutcomes: { resolution: string; count: number }[];
  mostOverridden: OverriddenLimit[];
  tenfold: TenfoldRow[];
  /** Display names from a library file, when one was given; ids otherwise. */
  careAreaNames: Record<number, string>;
  entryNames: Record<number, string>;
}

const n = (value: unknown): number => Number(value ?? 0);
const s = (value: unknown): string => (value === null || value === undefined ? "" : String(value));

const CARE_AREAS = `
WITH u AS (SELECT care_area_id, sum(infusions_started) AS infusions, sum(with_library) AS with_library,
                  sum(basic_infusion) AS basic, sum(soft_stops) AS soft, sum(hard_stops) AS hard
           FROM usage_summary GROUP BY care_area_id),
o AS (SELECT care_area_id, sum(count) FILTER (WHERE resolution = 'OVERRIDDEN') AS overridden,
             sum(count) FILTER (WHERE resolution = 'EDITED') AS edited,
             sum(count) FILTER (WHERE resolution = 'CANCELLED') AS cancelled
      FROM stop_outcomes GROUP BY care_area_id),
t AS (SELECT care_area_id, count(*) AS tenfold FROM tenfold_errors GROUP BY care_area_id)
SELECT u.*, o.overridden, o.edited, o.cancelled, t.tenfold, a.infusion_hours, a.alarms
FROM u LEFT JOIN o USING (care_area_id) LEFT JOIN t USING (care_area_id) LEFT JOIN alarm_rates a USING (care_area_id)
ORDER BY care_area_id`;

const ENTRIES = `
WITH u AS (SELECT care_area_id, entry_id, sum(infusions_started) AS infusions, sum(soft_stops) AS soft, sum(hard_stops) AS hard
           FROM usage_summary GROUP BY ALL),
o AS (SELECT care_area_id, entry_id, sum(count) FILTER (WHERE resolution = 'OVERRIDDEN') AS overridden,
             sum(count) FILTER (WHERE resolution = 'EDITED') AS edited,
             sum(count) FILTER (WHERE resolution = 'CANCELLED') AS cancelled
      FROM stop_outcomes GROUP BY ALL)
SELECT * FROM u LEFT JOIN o USING (care_area_id, entry_id) ORDER BY care_area_id, entry_id`;

const DAYS = `
WITH u AS (SELECT period_day, sum(infusions_started) AS infusions, sum(with_library) AS with_library,
                  sum(soft_stops + hard_stops) AS alerts FROM usage_summary GROUP BY period_day),
t AS (SELECT CAST(e.time_ms // 86400000 AS UINTEGER) AS period_day, count(*) AS tenfold
      FROM tenfold_errors x JOIN events e USING (pump_id, sequence) GROUP BY ALL)
SELECT u.*, t.tenfold FROM u LEFT JOIN t USING (period_day) ORDER BY period_day`;

export async function readDashboardData(store: CqiStore): Promise<DashboardData> {
  const totals = (
    await store.rows(
      `SELECT (SELECT count(DISTINCT pump_id) FROM events) AS pumps, (SELECT count(*) FROM events) AS records,
              (SELECT coalesce(sum(last_sequence - first_sequence + 1), 0) FROM gaps) AS lost`,
    )
  )[0];
  return {
    libraries: (
      await store.rows(
        `SELECT coalesce(max(library_name), '') AS name, library_version, min(body_digest) AS digest FROM libraries
         GROUP BY library_version ORDER BY library_version`,
      )
    ).map((r) => ({ name: s(r.name), version: n(r.library_version), digest: s(r.digest) })),
    pumps: n(totals.pumps),
    records: n(totals.records),
    recordsLost: n(totals.lost),
    careAreas: (await store.rows(CARE_AREAS)).map((r) => ({
      careAreaId: n(r.care_area_id),
      infusions: n(r.infusions),
      withLibrary: n(r.with_library),
      basic: n(r.basic),
      softStops: n(r.soft),
      hardStops: n(r.hard),
      overridden: n(r.overridden),
      edited: n(r.edited),
      cancelled: n(r.cancelled),
      tenfold: n(r.tenfold),
      infusionHours: n(r.infusion_hours),
      alarms: n(r.alarms),
    })),
    entries: (await store.rows(ENTRIES)).map((r) => ({
      careAreaId: n(r.care_area_id),
      entryId: n(r.entry_id),
      infusions: n(r.infusions),
      softStops: n(r.soft),
      hardStops: n(r.hard),
      overridden: n(r.overridden),
      edited: n(r.edited),
      cancelled: n(r.cancelled),
    })),
    days: (await store.rows(DAYS)).map((r) => ({
      day: n(r.period_day),
      infusions: n(r.infusions),
      withLibrary: n(r.with_library),
      alerts: n(r.alerts),
      tenfold: n(r.tenfold),
    })),
    overrideReasons: (
      await store.rows(
        `SELECT override_reason, sum(count) AS c FROM stop_outcomes WHERE resolution = 'OVERRIDDEN'
         GROUP BY ALL ORDER BY c DESC, override_reason`,
      )
    ).map((r) => ({ reason: s(r.override_reason), count: n(r.c) })),
    softStopOutcomes: await outcomes(store, "SOFT_STOP"),
    hardStopOutcomes: await outcomes(store, "HARD_STOP"),
    mostOverridden: (await store.rows("SELECT * FROM most_overridden_limits LIMIT 10")).map((r) => ({
      careAreaId: n(r.care_area_id),
      entryId: n(r.entry_id),
      concentrationIndex: n(r.concentration_index),
      param: s(r.param_name),
      tier: s(r.tier_name),
      limit: s(r.limit_raw),
      unit: s(r.value_unit),
      overrides: n(r.overrides),
    })),
    tenfold: (await store.rows("SELECT * FROM tenfold_errors")).map((r) => ({
      pumpId: s(r.pump_id),
      sequence: n(r.sequence),
      careAreaId: n(r.care_area_id),
      entryId: n(r.entry_id),
      verdict: s(r.verdict),
      resolution: s(r.resolution),
      param: s(r.param_name),
      direction: s(r.direction),
      fold: n(r.fold),
    })),
    careAreaNames: {},
    entryNames: {},
  };
}

async function outcomes(store: CqiStore, verdict: string): Promise<{ resolution: string; count: number }[]> {
  const rows = await store.rows(
    "SELECT resolution, sum(count) AS c FROM stop_outcomes WHERE verdict = ? GROUP BY ALL ORDER BY c DESC, resolution",
    [verdict],
  );
  return rows.map((r) => ({ resolution: s(r.resolution), count: n(r.c) }));
}
