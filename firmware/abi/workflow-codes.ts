// The programming workflow's codes (docs/workflow.md), shared by firmware and host. Written in the
// common subset of TypeScript and AssemblyScript, like abi/codes.ts, so host tools import this file.

/** What the pump is doing, as GET_INFUSION and every workflow response report it (docs/workflow.md §2). */
export enum PumpState {
  /** No care area selected. */
  IDLE = 0,
  /** Care area (and perhaps patient) selected, no drug. */
  AREA_SELECTED = 1,
  /** A library entry, or basic infusion, selected; no program yet. */
  DRUG_SELECTED = 2,
  /** A program was checked and waits for START, OVERRIDE, an edit or CANCEL. */
  PROGRAM_PENDING = 3,
  RUNNING = 4,
  PAUSED = 5,
  /** Stopped by a high-priority alarm; only RESUME (once the cause is gone) or STOP continue. */
  ALARM = 6,
}

/** Which container and program the motor serves while RUNNING. */
export enum Segment {
  NONE = 0,
  PRIMARY = 1,
  BOLUS = 2,
  SECONDARY = 3,
  /** VTBI complete: keep-vein-open rate until the clinician stops or reprograms. */
  KVO = 4,
}

/** What a pending program will do when START confirms it. */
export enum ProgramKind {
  NONE = 0,
  PRIMARY = 1,
  TITRATION = 2,
  BOLUS = 3,
  LOADING_DOSE = 4,
  SECONDARY = 5,
}

/** Soft-stop override reasons (the fixed list of docs/workflow.md §5); 0 = none. */
export enum OverrideReason {
  NONE = 0,
  CONFIRMED_WITH_PRESCRIBER = 1,
  PATIENT_SPECIFIC_PROTOCOL = 2,
  CLINICAL_CONDITION = 3,
  PHARMACY_VERIFIED = 4,
  EMERGENCY = 5,
}
export const OVERRIDE_REASON_LAST = 5;

/** Why a clinician programs without the library (basic infusion, docs/workflow.md §3). */
export enum BasicReason {
  NONE = 0,
  DRUG_NOT_IN_LIBRARY = 1,
  EMERGENCY = 2,
  ENTRY_NOT_APPROPRIATE = 3,
  MAINTENANCE_FLUID = 4,
}
export const BASIC_REASON_LAST = 4;

/** Alarm bits (the alarm mask), each with a fixed priority and implied pump rate (docs/workflow.md §7). */
export enum Alarm {
  OCCLUSION = 0,
  AIR_IN_LINE = 1,
  DOOR_OPEN = 2,
  LOW_BATTERY = 3,
  VTBI_COMPLETE = 4,
  SECONDARY_COMPLETE = 5,
  /** ABI 5: mirrors setSensorFaults bit 4 (SensorFault.NV_STORAGE), the host's NV save failed. */
  NV_STORAGE = 6,
  /**
   * The active library or a constant table changed in memory (docs/decisions/0021): high, stops
   * the motor; the library is dropped. Cleared by a new library activation — unless a constant
   * table failed, which only a power cycle clears.
   */
  INTEGRITY = 7,
  /**
   * Standing while no library is active (docs/workflow.md §7): medium priority, stops nothing —
   * nothing can run without a library. Mirrors the library state, so it clears when a library
   * activates and returns when one is dropped; its log records are the library records.
   */
  NO_LIBRARY = 8,
  /**
   * The same stopping alarm stopped the running infusion a fourth time within ESCALATION_WINDOW_MS
   * after three RESUMEs (docs/workflow.md §7.3): high, the infusion is stopped. Cleared by ACK_ALARMS.
   */
  ESCALATION = 9,
  /**
   * The primary container (SET_CONTAINER) has no more than RESERVOIR_NEAR_EMPTY_UL, or a tenth of its
   * volume if less, left (docs/workflow.md §7.4): low, delivery continues. Cleared by SET_CONTAINER.
   */
  RESERVOIR_NEAR_EMPTY = 10,
  /** The primary container is empty: high, the motor stops at that µL (state ALARM). Cleared by SET_CONTAINER. */
  RESERVOIR_EMPTY = 11,
  /**
   * Issue 11: the drug's delivery would cross the hard maximum of its cumulative limit in the trailing
   * window (docs/workflow.md §6.3): high, the motor stops before it does (state ALARM). Cleared by STOP
   * (and an engine reset): that infusion does not continue; a new program is checked against the history.
   * Bit 12 is unused (its alarm-table row is priority 0, continue).
   */
  CUMULATIVE_LIMIT = 13,
  /**
   * Issue 15 §2: the flow the host measured (REPORT_FLOW) exceeded the motor's rate beyond the
   * tolerance for longer than FLOW_OVER_DELIVERY_MS, or the host reported free flow (docs/workflow.md
   * §7.5): high, KVO — a running infusion drops to the keep-vein-open rate. Cleared by ACK_ALARMS or
   * STOP once the last report is within the tolerance and not free flow.
   */
  FLOW_OVER_DELIVERY = 14,
  // Bit 15 is unused.
  /**
   * Issue 15 §1 (PCA, docs/workflow.md §11): a patient request would have crossed the programmed
   * window maximum: medium, KVO — the pump runs KVO instead of the basal. Cleared by ACK_ALARMS (the
   * basal resumes) and STOP.
   */
  PCA_WINDOW_MAX = 16,
  /** PCA: a request was denied at the maximum doses per hour (the notice): low, continue. ACK_ALARMS, STOP. */
  PCA_DOSE_COUNT = 17,
  /**
   * Issue 13 (decisions/0045): an order is bound and its serial link has been silent for LINK_LOSS_MS
   * (LINK_LOST): low, continue — the confirmed program runs on; the bedside learns that the EHR no
   * longer hears the pump. Cleared when the link is restored (LINK_RESTORED), by ACK_ALARMS, and when
   * the binding ends (STOP, CANCEL, a new selection).
   */
  LINK_LOST = 18,
}
/** Alarm bits 0 … ALARM_COUNT − 1 may be set. */
export const ALARM_COUNT = 19;
/** Near-empty threshold of the primary container, µL (or a tenth of its volume if that is less). */
export const RESERVOIR_NEAR_EMPTY_UL = 5000;
/**
 * SET_PATIENT payload (docs/workflow.md §8.3): weight g u32, BSA u32, then (issue 11) the weight
 * entered a second time u32 (0: not given) and the age in days u32 (AGE_NOT_ENTERED: not given).
 * The first 8 bytes alone are still accepted where that is safe (not a weight in a care area that
 * asks for confirmation).
 */
export const SET_PATIENT_PAYLOAD_SIZE = 16;
export const SET_PATIENT_PAYLOAD_SIZE_WITHOUT_CONFIRMATION = 8;
/** ageDays of SET_PATIENT meaning "not entered" (0 days is a newborn's age, so 0 cannot mean it). */
export const AGE_NOT_ENTERED = 0xffffffff;
/** Detail of the WEIGHT_NOT_CONFIRMED refusal. */
export enum WeightConfirmationDetail {
  /** The care area asks for the weight twice and the second entry is missing (or the old 8-byte payload). */
  NOT_GIVEN = 1,
  /** The two entries differ. */
  DIFFERS = 2,
}
/** Bytes of the SET_CONTAINER payload: the primary container's volume in µL, u32 (0: not tracked). */
export const SET_CONTAINER_PAYLOAD_SIZE = 4;
/** "No alarm" where an alarm bit number is expected (the snapshot's governing alarm reports 0 then). */
export const NO_ALARM = 0xff;
/** How long SILENCE_ALARMS mutes the alarms standing then, in ms of pump time (docs/workflow.md §7.2). */
export const SILENCE_PERIOD_MS = 120000;
/** Link loss: no valid request frame for this many ms of pump time ends a remote silence (docs/workflow.md §7.2). */
export const LINK_LOSS_MS = 10000;
/** The window in which a fourth stop by the same alarm after three RESUMEs escalates (docs/workflow.md §7.3). */
export const ESCALATION_WINDOW_MS = 600000;
/** Stop-and-RESUME cycles of the same alarm that the window tolerates; the next stop escalates. */
export const ESCALATION_CYCLES = 3;

/** SILENCE_ALARMS payload byte: who silenced (docs/workflow.md §8.13). */
export enum SilenceSource {
  /** At the pump (its own keypad): ends only with the period. */
  LOCAL = 0,
  /** Over a remote link: ends with the period or when the link is lost. */
  REMOTE = 1,
}

/** ALARM_REALARMED reason (record offset 28): why silenced alarms sound again. */
export enum RealarmCause {
  PERIOD_EXPIRED = 1,
  LINK_LOST = 2,
}

/** What the motor does while an alarm is active. */
export enum ImpliedRate {
  CONTINUE = 0,
  KVO = 1,
  STOP = 2,
}

/** Why an infusion ended (INFUSION_STOPPED detail). */
export enum StopCause {
  CLINICIAN = 0,
  /** The engine reset by a second init() (docs/workflow.md §6). */
  RESET = 1,
  /** The same alarm stopped the infusion too often (Alarm.ESCALATION, docs/workflow.md §7.3). */
  ESCALATION = 2,
}

/** REPORT_FLOW payload (docs/workflow.md §8.15): measured flow µL/h u32, flags u8, 3 reserved bytes 0. */
export const REPORT_FLOW_PAYLOAD_SIZE = 8;
/** REPORT_FLOW flag bits. */
export enum FlowFlag {
  /** The host's free-flow detector (flow with the set not under the motor's control): alarms at once. */
  FREE_FLOW = 1,
}
export const FLOW_FLAGS_VALID = 1;
/**
 * Over-delivery tolerance (docs/workflow.md §7.5): measured flow above the motor's rate by more
 * than FLOW_TOLERANCE_PERCENT of it and more than FLOW_TOLERANCE_FLOOR_UL_PER_HOUR is
 * over-delivery; equal to the larger bound is within.
 */
export const FLOW_TOLERANCE_PERCENT = 10;
export const FLOW_TOLERANCE_FLOOR_UL_PER_HOUR = 500;
/** Over-delivery that lasts longer than this (ms of pump time) raises FLOW_OVER_DELIVERY. */
export const FLOW_OVER_DELIVERY_MS = 30000;
/** FLOW_OVER_DELIVERY record detail: what raised the alarm. */
export enum FlowAlarmCause {
  SUSTAINED = 1,
  FREE_FLOW = 2,
}

/** Keep-vein-open rate: 1 mL/h, or the primary rate if lower (docs/workflow.md §6). */
export const KVO_RATE_UL_PER_HOUR = 1000;
/** Workflow-only binding parameter: the titration step (the engine's parameters are 0–12). */
export const PARAM_TITRATION_STEP = 13;
/** Workflow-only binding parameter: a bolus's duration beyond MAX_BOLUS_DURATION_S (docs/workflow.md §4.4). */
export const PARAM_BOLUS_DURATION = 14;
/** Advisory bytes carried by one SELECT_DRUG or READ_ADVISORY response. */
export const ADVISORY_CHUNK = 256;
/** Bytes of the state snapshot every successful workflow response carries (docs/workflow.md §8). */
export const SNAPSHOT_SIZE = 88;
/**
 * Bytes of the PROGRAM / TITRATE payload (docs/workflow.md §4): the 48-byte block carries the dose
 * amount and the line access (issue 11); the 36-byte block of before (values 0–3 only) is still
 * accepted. SECONDARY is an 8-byte entry prefix and either block.
 */
export const PROGRAM_PAYLOAD_SIZE = 48;
export const PROGRAM_PAYLOAD_SIZE_SHORT = 36;
export const SECONDARY_PAYLOAD_SIZE = 56;
export const SECONDARY_PAYLOAD_SIZE_SHORT = 44;
export const BOLUS_PAYLOAD_SIZE = 18;
/** Longest payload an OVERRIDE can echo. */
/** PCA_PROGRAM's 68 bytes are the longest (issue 15). */
export const MAX_PENDING_PAYLOAD = 68;
/** Presence bits of the 36-byte block: the engine's Field bits 0–3 (rate, dose, duration, VTBI). */
export const PROGRAM_PRESENCE_VALID_SHORT = 0xf;
/** Presence bits of the 48-byte block: also Field bit 11 (dose amount) and 12 (line access). */
export const PROGRAM_PRESENCE_VALID = 0x180f;

// PCA (issue 15 §1, docs/workflow.md §11).
/** PCA_PROGRAM payload: the 36-byte program block (the basal), then the 32-byte PCA settings. */
export const PCA_PROGRAM_PAYLOAD_SIZE = 68;
/** Offset of the PCA settings in the PCA_PROGRAM payload. */
export const PCA_SETTINGS_AT = 36;
// PCA settings (32 bytes): pcaDose u64 (ABU per basis), lockoutS u32, maxDosesPerHour u32,
// windowMaxAbu u64, windowS u32 (3,600 or 14,400), reserved u32 0.
export const PCA_SETTINGS_DOSE = 0;
export const PCA_SETTINGS_LOCKOUT_S = 8;
export const PCA_SETTINGS_MAX_DOSES = 12;
export const PCA_SETTINGS_WINDOW_MAX_ABU = 16;
export const PCA_SETTINGS_WINDOW_S = 24;
export const PCA_SETTINGS_RESERVED = 28;
/** PCA_REQUEST (the patient's handset button): no payload. */
export const PCA_REQUEST_PAYLOAD_SIZE = 0;
/** PCA_CLINICIAN_BOLUS payload: dose u64 (ABU per basis), durationS u32, overrideReason u8, 3 × 0. */
export const PCA_CLINICIAN_BOLUS_PAYLOAD_SIZE = 16;
/** PCA_STATUS: no payload. */
export const PCA_STATUS_PAYLOAD_SIZE = 0;
/**
 * The PCA block of PCA_REQUEST, PCA_CLINICIAN_BOLUS and PCA_STATUS responses, after the snapshot:
 * 0 u8 last request outcome (PcaOutcome), 1 u8 its denial reason (PcaDenial), 2 u8 flags (bit 0 a
 * PCA infusion is under way, bit 1 a patient dose runs, bit 2 a clinician bolus is pre-empted),
 * 3 u8 patient doses in the trailing hour, 4 u32 lockout ms left, 8 u64 window total ABU (as
 * counted), 16 u64 window maximum ABU, 24 u32 window s, 28 u16 requests granted, 30 u16 denied.
 */
export const PCA_STATUS_BLOCK_SIZE = 32;

export enum PcaOutcome {
  NONE = 0,
  GRANTED = 1,
  DENIED = 2,
}

/** Why a patient request was denied (PCA_REQUEST_DENIED detail, PCA block byte 1). */
export enum PcaDenial {
  NONE = 0,
  /** No PCA infusion is running (paused, stopped by an alarm, not a PCA infusion). */
  NOT_RUNNING = 1,
  /** Within the lockout interval since the start of the last granted dose. */
  LOCKOUT = 2,
  /** A patient dose, or a loading dose, is still being given: no stacking. */
  DOSE_IN_PROGRESS = 3,
  /** The maximum doses per hour were granted in the trailing hour. */
  HOURLY_COUNT = 4,
  /** The dose would cross the programmed window maximum: KVO. */
  WINDOW_MAX = 5,
  /** The pump runs KVO (window maximum reached, or the VTBI given). */
  KVO = 6,
}

/** PCA_BOLUS_ENDED detail: how a patient dose or clinician bolus ended. */
export enum PcaBolusEnd {
  COMPLETE = 0,
  /** Truncated at once: the window maximum was reached. */
  TRUNCATED = 1,
  /** The primary VTBI (syringe) was reached first. */
  VTBI = 2,
}

/** Which bolus a PCA record is about (record reason byte). */
export enum PcaBolusSource {
  PATIENT = 1,
  CLINICIAN = 2,
}
