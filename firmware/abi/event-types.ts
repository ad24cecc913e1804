// Event-log codes shared by firmware and host (docs/event-log.md §3). Written in the common subset
// of TypeScript and AssemblyScript, like abi/codes.ts, so the host imports this very file.

/** Record type (u16 at record offset 4). 0 and 0xFFFF never occur: they mark an empty or erased slot. */
export enum EventType {
  POWER_ON = 1,
  LIBRARY_ACTIVATED = 2,
  LIBRARY_REJECTED = 3,
  PROGRAM_CHECK = 4,
  FAULT_RAISED = 5,
  FAULT_CLEARED = 6,
  /** provisionPublicKey wrote the key record; the key is at record offset 20 (docs/event-log.md §3.5). */
  KEY_PROVISIONED = 7,
  // The programming workflow (docs/workflow.md §9). Every program the pump checked and kept ends
  // in exactly one of 16, 18, 19, 20, 26 — or, overridden and then started, in its 17.
  PROGRAM_ACCEPTED_NO_ALERT = 16,
  SOFT_STOP_OVERRIDDEN = 17,
  SOFT_STOP_EDITED = 18,
  HARD_STOP_EDITED = 19,
  PROGRAM_CANCELLED = 20,
  INFUSION_STARTED = 21,
  INFUSION_STOPPED = 22,
  ALARM_RAISED = 23,
  ALARM_CLEARED = 24,
  /** Programming without the library: non-compliant by definition, with the reason code. */
  BASIC_INFUSION_SELECTED = 25,
  /** A program that needed no further decision (go, or a soft stop already overridden) was edited or superseded. */
  PROGRAM_REPLACED = 26,
  INFUSION_PAUSED = 27,
  INFUSION_RESUMED = 28,
  TITRATION_APPLIED = 29,
  BOLUS_STARTED = 30,
  BOLUS_ENDED = 31,
  SECONDARY_STARTED = 32,
  SECONDARY_ENDED = 33,
  /**
   * The runtime integrity check (or the power-on self-test) found memory that differs from its
   * reference: detail = IntegrityRegion | INTEGRITY_AT_POWER_ON; 32 bytes at 20 the computed SHA-256
   * (LIBRARY_BODY, else zeros), the word at 52 the computed CRC-32 (the other regions). docs/decisions/0021.
   */
  INTEGRITY_FAILED = 45,
  /** SELECT_DRUG refused for an entry or concentration the library does not offer there (docs/workflow.md §9). */
  DRUG_SELECTION_REFUSED = 50,
  /**
   * SET_PATIENT refused WEIGHT_NOT_CONFIRMED (docs/workflow.md §8.3): value = the weight (g),
   * limit = the confirmation (g, 0 not given), reason = WeightConfirmationDetail. Issue 11.
   */
  PATIENT_REFUSED = 65,
  /**
   * A check (PROGRAM, TITRATE, BOLUS, SECONDARY) yielded a soft or hard stop: logged when raised,
   * so a power cut while it is pending does not lose the alert. Its resolution record follows later.
   */
  ALERT_RAISED = 51,
  /** START refused because the pending program is a hard stop, or a soft stop not overridden. */
  START_REFUSED = 52,
  /**
   * SILENCE_ALARMS muted the alarms standing then (docs/workflow.md §7.2): detail = the silenced
   * alarm mask, value = the period in ms, reason = SilenceSource.
   */
  ALARM_SILENCED = 60,
  /** Silenced alarms sound again: detail = the alarm mask re-alarmed, reason = RealarmCause. */
  ALARM_REALARMED = 61,
  /**
   * Issue 11 (docs/workflow.md §6.3): delivery of a drug stopped before its cumulative hard maximum
   * would be crossed. Entry, care area, concentration and mode of the program running it; value =
   * the window's total (ABU, as counted), limit = the hard maximum (ABU), rate 0, detail = window s.
   */
  CUMULATIVE_LIMIT_REACHED = 68,
  /**
   * A library activation changed a drug's cumulative history (docs/workflow.md §6.3, decision 0033):
   * the entry of that id is gone or is another drug (other display name or amount dimension), so
   * the history moved to the one entry of the new library that is that drug, or was dropped.
   * Entry id = the track's before; value = its 24 h total (ABU, as counted); limit = the entry id
   * it moved to (0: dropped); detail = CumulativeHistoryChange.
   */
  CUMULATIVE_HISTORY_CHANGED = 69,
  /**
   * Flow supervision raised FLOW_OVER_DELIVERY (docs/workflow.md §7.5, issue 15 §2): entry, care area,
   * concentration and mode of the primary program (none when not infusing); value = the measured flow
   * µL/h, rate = the motor's rate then, limit = the largest flow within the tolerance at that rate,
   * detail = FlowAlarmCause. Followed by ALARM_RAISED.
   */
  FLOW_OVER_DELIVERY = 70,
  // 72–79: PCA (issue 15 §1, docs/workflow.md §11). Entry,
  // care area, concentration and mode of the PCA program; reason = PcaBolusSource where it applies.
  /** A patient request granted: value = the dose's µL, rate = its rate, limit = window total ABU before it, detail = doses in the hour with it. */
  PCA_REQUEST_GRANTED = 72,
  /** A patient request denied: detail = PcaDenial, value = lockout ms left / doses in the hour / planned window ABU, limit = the bound. */
  PCA_REQUEST_DENIED = 73,
  /** A patient dose or clinician bolus ended: value = µL given, detail = PcaBolusEnd, reason = PcaBolusSource. */
  PCA_BOLUS_ENDED = 74,
  /** A PCA infusion started: value = the PCA dose (ABU per basis), limit = window max ABU, detail = lockout s, rate = basal. */
  PCA_STARTED = 75,
  /** A clinician bolus started: value = its µL (basal included), rate, detail = duration s, reason = override reason. */
  PCA_CLINICIAN_BOLUS_STARTED = 76,
  /** A clinician bolus pre-empted by a patient dose: value = µL left. */
  PCA_CLINICIAN_BOLUS_PREEMPTED = 77,
  /** A pre-empted clinician bolus resumed: value = µL left, rate. */
  PCA_CLINICIAN_BOLUS_RESUMED = 78,
  /** The window maximum reached during delivery: value = window total ABU, limit = the maximum, detail = window s. */
  PCA_WINDOW_MAX_REACHED = 79,
  // Issue 13, AUTO_PROGRAM (docs/event-log.md §3.7). Records 80–81 carry text in bytes 20–51.
  /**
   * An order became the pending program: text = the order id; 52 = entry id (u32); detail = care
   * area (bits 0–7), concentration index (8–15). Its sequence gives the order handle at offset 6.
   */
  ORDER_BOUND = 80,
  /** Written right after ORDER_BOUND: text = the patient id; the same handle. */
  ORDER_PATIENT = 81,
  /** AUTO_PROGRAM refused: text = the order id; detail = result (bits 0–15) and detail byte (16–23). */
  AUTO_PROGRAM_REFUSED = 82,
  /** START or OVERRIDE of a bound order came over the serial line and was refused; detail = LocalOnlyDetail. */
  REMOTE_CONFIRMATION_REFUSED = 83,
  /** The serial link went silent for LINK_LOSS_MS while an order is bound; delivery continues. detail = the silence, ms. */
  LINK_LOST = 84,
  /** A valid request frame came over the serial line again after LINK_LOST; detail = the silence, ms. */
  LINK_RESTORED = 85,
}

/** CUMULATIVE_HISTORY_CHANGED detail. */
export enum CumulativeHistoryChange {
  /** Dropped: no entry of the new library is that drug (or more than one is). */
  DROPPED = 1,
  /** Moved: the new library numbers the same drug differently. */
  MOVED = 2,
}

/** What an INTEGRITY_FAILED record found changed (its detail, low byte). */
export enum IntegrityRegion {
  /** The firmware's constant tables (pump maxima, entry-limit maxima, CRC and hash constants). */
  CONSTANT_TABLES = 1,
  /** The active library's body: its SHA-256 differs from the digest verified at activation. */
  LIBRARY_BODY = 2,
  /** The active library's 96-byte header: its CRC-32 differs from the one taken at activation. */
  LIBRARY_HEADER = 3,
  /** The entry-id buckets built at activation (library/lookup.ts). */
  ENTRY_BUCKETS = 4,
}
/** INTEGRITY_FAILED detail bit: found by the power-on self-test in init(), not by a tick. */
export const INTEGRITY_AT_POWER_ON = 0x100;

/** Host sensor inputs: bit numbers of the setSensorFaults mask (docs/host-contract.md §5). */
export enum SensorFault {
  OCCLUSION = 0,
  AIR_IN_LINE = 1,
  DOOR_OPEN = 2,
  LOW_BATTERY = 3,
  /** ABI 5: the host could not save the NV region (docs/host-contract.md §2, rule 6): high, stops delivery. */
  NV_STORAGE = 4,
}
export const SENSOR_FAULT_COUNT = 5;
/** Bits of the mask that name a fault; any other bit is rejected. */
export const SENSOR_FAULT_MASK_VALID = 0x1f;

export enum AlarmPriority {
  NONE = 0,
  LOW = 1,
  MEDIUM = 2,
  HIGH = 3,
}

/** POWER_ON detail bits (record offset 56). */
export enum PowerOnFlag {
  NV_FORMATTED = 1,
  LIBRARY_RESTORED = 2,
  LIBRARY_REJECTED = 4,
  RECORD_ROLLED_FORWARD = 8,
  TORN_RECORD_DROPPED = 16,
  /** A repeated init() in the same instance (no power cycle): the library was dropped. */
  ENGINE_RESET = 32,
  /** A damaged or missing redundant copy (key record, floor record) was rewritten from an intact one. */
  NV_REPAIRED = 64,
  /** No intact key record (docs/event-log.md §7): nothing is admitted until the service procedure. */
  KEY_DAMAGED = 128,
}

/** KEY_PROVISIONED detail: 0 first provisioning, 1 after a service erase of a damaged key area. */
export enum KeyProvisionedDetail {
  FIRST = 0,
  AFTER_SERVICE_ERASE = 1,
}

/** Reason codes (record offset 28); 0 = none. Override and basic-infusion lists: firmware/abi/workflow-codes.ts. */
export const REASON_NONE = 0;
