-- CQI analytics database: tables (docs/cqi.md §2). Applied on every open; each statement is idempotent.
-- Values keep the pump's fixed-point integers: the unit of value_raw / limit_raw is the binding
-- parameter's canonical unit (param_units), rates are µL/h, times are ms of the pump's simulated clock.

CREATE TABLE IF NOT EXISTS meta (
  key VARCHAR PRIMARY KEY,
  value VARCHAR NOT NULL
);

-- One row per 64-byte event record (docs/event-log.md §3); re-collecting never duplicates one.
CREATE TABLE IF NOT EXISTS events (
  pump_id VARCHAR NOT NULL,
  sequence UINTEGER NOT NULL,
  record_type USMALLINT NOT NULL,
  type_name VARCHAR NOT NULL,
  status USMALLINT NOT NULL,
  time_ms UBIGINT NOT NULL,
  library_version UINTEGER NOT NULL,
  entry_id UINTEGER NOT NULL,
  care_area_id UTINYINT NOT NULL,
  outcome UTINYINT NOT NULL,
  param UTINYINT NOT NULL,
  tier UTINYINT NOT NULL,
  reason_code UTINYINT NOT NULL,
  mode UTINYINT NOT NULL,
  concentration_index UTINYINT NOT NULL,
  alarm_priority UTINYINT NOT NULL,
  value_raw UBIGINT NOT NULL,
  limit_raw UBIGINT NOT NULL,
  rate_ul_per_hour UBIGINT NOT NULL,
  detail UINTEGER NOT NULL,
  order_id VARCHAR,
  raw_hex VARCHAR NOT NULL,
  source VARCHAR NOT NULL,
  PRIMARY KEY (pump_id, sequence)
);

-- Sequences a collection found missing: overwritten in the ring before they were collected, or a
-- slot that failed its CRC on the pump (never returned by READ_LOG, docs/event-log.md §4).
CREATE TABLE IF NOT EXISTS gaps (
  pump_id VARCHAR NOT NULL,
  first_sequence UINTEGER NOT NULL,
  last_sequence UINTEGER NOT NULL,
  cause VARCHAR NOT NULL,
  source VARCHAR NOT NULL,
  PRIMARY KEY (pump_id, first_sequence)
);

-- Libraries seen: from HELLO (name, version, body digest) and from LIBRARY_ACTIVATED records (digest).
CREATE TABLE IF NOT EXISTS libraries (
  pump_id VARCHAR NOT NULL,
  library_version UINTEGER NOT NULL,
  body_digest VARCHAR NOT NULL,
  library_name VARCHAR,
  PRIMARY KEY (pump_id, library_version, body_digest)
);

-- The unit of each binding parameter's value and limit (docs/engine.md §2, §7), filled from firmware/abi.
CREATE TABLE IF NOT EXISTS param_units (
  param UTINYINT PRIMARY KEY,
  param_name VARCHAR NOT NULL,
  unit VARCHAR NOT NULL
);

-- Names of coded fields, filled from firmware/abi enums: kind 'override', 'basic' (reason codes), 'tier'.
CREATE TABLE IF NOT EXISTS reasons (
  kind VARCHAR NOT NULL,
  code UTINYINT NOT NULL,
  name VARCHAR NOT NULL,
  PRIMARY KEY (kind, code)
);
