-- CQI analytics views (docs/cqi.md §3). Every view reads only the tables of schema.sql; record types
-- are matched by the names of firmware/abi/event-types.ts, which ingest stores in type_name.
-- A period is a day of the pump's simulated clock (time_ms / 86,400,000): pumps carry no wall clock.

-- Each record with its library (the latest LIBRARY_ACTIVATED digest for that version on that pump)
-- and its period.
CREATE OR REPLACE VIEW event_facts AS
SELECT e.*,
       CAST(e.time_ms // 86400000 AS UINTEGER) AS period_day,
       l.library_name,
       l.body_digest AS library_digest,
       u.param_name,
       coalesce(t.name, '') AS tier_name,
       u.unit AS value_unit
FROM events e
LEFT JOIN (
  SELECT pump_id, library_version, max(library_name) AS library_name, min(body_digest) AS body_digest
  FROM libraries GROUP BY pump_id, library_version
) l ON l.pump_id = e.pump_id AND l.library_version = e.library_version
LEFT JOIN param_units u ON u.param = e.param
LEFT JOIN reasons t ON t.kind = 'tier' AND t.code = e.tier AND e.tier <> 0;

-- Infusions started, with the library (an entry) or basic infusion (entry 0).
CREATE OR REPLACE VIEW infusions AS
SELECT pump_id, sequence, time_ms, period_day, library_version, care_area_id, entry_id, concentration_index,
       entry_id <> 0 AS with_library, rate_ul_per_hour
FROM event_facts WHERE type_name = 'INFUSION_STARTED';

-- Every soft or hard stop raised, once (ALERT_RAISED, docs/event-log.md §3.1).
CREATE OR REPLACE VIEW alerts AS
SELECT pump_id, sequence, time_ms, period_day, library_version, care_area_id, entry_id, concentration_index,
       CASE outcome WHEN 1 THEN 'SOFT_STOP' WHEN 2 THEN 'HARD_STOP' ELSE 'OTHER' END AS verdict,
       param, param_name, tier, tier_name, value_raw, limit_raw, value_unit, detail AS program_kind
FROM event_facts WHERE type_name = 'ALERT_RAISED';

-- How each soft or hard stop was resolved (the resolution records 16–20, 26 with outcome 1 or 2).
CREATE OR REPLACE VIEW alert_outcomes AS
SELECT f.pump_id, f.sequence, f.time_ms, f.period_day, f.care_area_id, f.entry_id, f.concentration_index,
       CASE f.outcome WHEN 1 THEN 'SOFT_STOP' ELSE 'HARD_STOP' END AS verdict,
       CASE f.type_name
         WHEN 'SOFT_STOP_OVERRIDDEN' THEN 'OVERRIDDEN'
         WHEN 'SOFT_STOP_EDITED' THEN 'EDITED'
         WHEN 'HARD_STOP_EDITED' THEN 'EDITED'
         WHEN 'PROGRAM_CANCELLED' THEN 'CANCELLED'
         WHEN 'PROGRAM_REPLACED' THEN 'REPLACED_AFTER_OVERRIDE'
         ELSE f.type_name END AS resolution,
       r.name AS override_reason, f.param, f.param_name, f.tier, f.tier_name, f.value_raw, f.limit_raw, f.value_unit
FROM event_facts f
LEFT JOIN reasons r ON r.kind = 'override' AND r.code = f.reason_code AND f.type_name = 'SOFT_STOP_OVERRIDDEN'
WHERE f.outcome IN (1, 2)
  AND f.type_name IN ('SOFT_STOP_OVERRIDDEN', 'SOFT_STOP_EDITED', 'HARD_STOP_EDITED', 'PROGRAM_CANCELLED', 'PROGRAM_REPLACED');

-- Per care area, entry, concentration and period: infusions, library share, alerts per 100 infusions.
CREATE OR REPLACE VIEW usage_summary AS
WITH keys AS (
  SELECT care_area_id, entry_id, concentration_index, period_day FROM infusions
  UNION SELECT care_area_id, entry_id, concentration_index, period_day FROM alerts
),
inf AS (
  SELECT care_area_id, entry_id, concentration_index, period_day, CAST(count(*) AS INTEGER) AS infusions_started,
         CAST(count(*) FILTER (WHERE with_library) AS INTEGER) AS with_library
  FROM infusions GROUP BY ALL
),
al AS (
  SELECT care_area_id, entry_id, concentration_index, period_day,
         CAST(count(*) FILTER (WHERE verdict = 'SOFT_STOP') AS INTEGER) AS soft_stops,
         CAST(count(*) FILTER (WHERE verdict = 'HARD_STOP') AS INTEGER) AS hard_stops
  FROM alerts GROUP BY ALL
)
SELECT k.care_area_id, k.entry_id, k.concentration_index, k.period_day,
       coalesce(inf.infusions_started, 0) AS infusions_started,
       coalesce(inf.with_library, 0) AS with_library,
       coalesce(inf.infusions_started, 0) - coalesce(inf.with_library, 0) AS basic_infusion,
       coalesce(al.soft_stops, 0) AS soft_stops,
       coalesce(al.hard_stops, 0) AS hard_stops,
       CASE WHEN coalesce(inf.infusions_started, 0) = 0 THEN NULL
            ELSE round(100.0 * (coalesce(al.soft_stops, 0) + coalesce(al.hard_stops, 0)) / inf.infusions_started, 2) END AS alerts_per_100_infusions
FROM keys k
LEFT JOIN inf USING (care_area_id, entry_id, concentration_index, period_day)
LEFT JOIN al USING (care_area_id, entry_id, concentration_index, period_day)
ORDER BY k.period_day, k.care_area_id, k.entry_id, k.concentration_index;

-- Soft-stop and hard-stop resolutions per care area and entry, with the override reasons.
CREATE OR REPLACE VIEW stop_outcomes AS
SELECT care_area_id, entry_id, verdict, resolution, coalesce(override_reason, '') AS override_reason, CAST(count(*) AS INTEGER) AS count
FROM alert_outcomes GROUP BY ALL ORDER BY care_area_id, entry_id, verdict, resolution, override_reason;

-- The limits overridden most: which entry, parameter, tier and limit value.
CREATE OR REPLACE VIEW most_overridden_limits AS
SELECT care_area_id, entry_id, concentration_index, param_name, tier_name, limit_raw, value_unit, CAST(count(*) AS INTEGER) AS overrides
FROM alert_outcomes WHERE resolution = 'OVERRIDDEN'
GROUP BY ALL ORDER BY overrides DESC, care_area_id, entry_id, param_name, tier_name, limit_raw;

-- Errors of 10× or more caught: a soft or hard stop on a primary program that was not overridden
-- (edited, or cancelled) and whose pump's next infusion started on the same entry, within 10 minutes
-- of pump time, at a rate 10× lower or higher — the value was put right by a factor of ten or more (a moved decimal point, an extra
-- zero, a unit mix-up). The rate is compared, not the value: a correction may change the value of
-- another parameter. A dose keyed ×10 gives a rate ×10 but for the engine's rounding of a dose to a
-- rate (docs/engine.md §4), so the factor is checked to within 1 %: ≥ 9.9×.
CREATE OR REPLACE VIEW tenfold_errors AS
WITH resolved AS (
  SELECT a.*, (SELECT o.resolution FROM alert_outcomes o WHERE o.pump_id = a.pump_id AND o.sequence > a.sequence
               ORDER BY o.sequence LIMIT 1) AS resolution
  FROM alerts a WHERE a.program_kind = 1
),
followed AS (
  SELECT r.*, e.rate_ul_per_hour AS alerted_rate_ul_per_hour,
         (SELECT s.entry_id || ':' || s.rate_ul_per_hour FROM events s
          WHERE s.pump_id = r.pump_id AND s.type_name = 'INFUSION_STARTED' AND s.sequence > r.sequence
            AND s.time_ms <= r.time_ms + 600000
          ORDER BY s.sequence LIMIT 1) AS next_start
  FROM resolved r JOIN events e ON e.pump_id = r.pump_id AND e.sequence = r.sequence
  WHERE r.resolution IN ('EDITED', 'CANCELLED')
),
compared AS (
  SELECT *, CAST(split_part(next_start, ':', 1) AS UINTEGER) AS next_entry_id,
         CAST(split_part(next_start, ':', 2) AS UBIGINT) AS started_rate_ul_per_hour
  FROM followed WHERE next_start IS NOT NULL
)
SELECT pump_id, sequence, care_area_id, entry_id, concentration_index, verdict, resolution, param_name, tier_name,
       value_raw, limit_raw, value_unit,
       CASE WHEN tier IN (3, 4) THEN 'ABOVE_MAX' ELSE 'BELOW_MIN' END AS direction,
       alerted_rate_ul_per_hour, started_rate_ul_per_hour,
       round(greatest(alerted_rate_ul_per_hour, started_rate_ul_per_hour) / least(alerted_rate_ul_per_hour, started_rate_ul_per_hour), 1) AS fold
FROM compared
WHERE next_entry_id = entry_id AND least(alerted_rate_ul_per_hour, started_rate_ul_per_hour) > 0
  AND 10 * CAST(greatest(alerted_rate_ul_per_hour, started_rate_ul_per_hour) AS HUGEINT)
      >= 99 * CAST(least(alerted_rate_ul_per_hour, started_rate_ul_per_hour) AS HUGEINT)
ORDER BY pump_id, sequence;

-- Infusion time: from INFUSION_STARTED to the pump's next INFUSION_STOPPED (or its last record).
CREATE OR REPLACE VIEW infusion_spans AS
WITH marks AS (
  SELECT pump_id, sequence, time_ms, type_name, care_area_id, entry_id,
         lead(time_ms) OVER (PARTITION BY pump_id ORDER BY sequence) AS next_mark_ms,
         max(time_ms) OVER (PARTITION BY pump_id) AS last_ms
  FROM events WHERE type_name IN ('INFUSION_STARTED', 'INFUSION_STOPPED', 'POWER_ON')
)
SELECT pump_id, sequence, care_area_id, entry_id, time_ms AS started_ms,
       coalesce(next_mark_ms, last_ms) - time_ms AS duration_ms
FROM marks WHERE type_name = 'INFUSION_STARTED';

-- Alarms (workflow alarms and sensor faults raised) per 1,000 infusion-hours, per care area.
CREATE OR REPLACE VIEW alarm_rates AS
WITH hours AS (
  SELECT care_area_id, sum(duration_ms) / 3600000.0 AS infusion_hours FROM infusion_spans GROUP BY care_area_id
),
alarms AS (
  -- An alarm record carries no care area: it counts for the care area of the pump's last start before it.
  SELECT a.pump_id, a.sequence,
         (SELECT s.care_area_id FROM events s WHERE s.pump_id = a.pump_id AND s.type_name = 'INFUSION_STARTED' AND s.sequence < a.sequence
          ORDER BY s.sequence DESC LIMIT 1) AS care_area_id
  FROM events a WHERE a.type_name IN ('ALARM_RAISED', 'FAULT_RAISED')
)
SELECT h.care_area_id, round(h.infusion_hours, 4) AS infusion_hours,
       CAST(count(a.sequence) AS INTEGER) AS alarms,
       CASE WHEN h.infusion_hours = 0 THEN NULL ELSE round(1000.0 * CAST(count(a.sequence) AS INTEGER) / h.infusion_hours, 2) END AS alarms_per_1000_infusion_hours
FROM hours h LEFT JOIN alarms a ON a.care_area_id = h.care_area_id
GROUP BY h.care_area_id, h.infusion_hours ORDER BY h.care_area_id;
