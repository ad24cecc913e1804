// The cumulative limit at delivery time (docs/workflow.md §6.3, REQ-WF-086, REQ-WF-089): which drug
// the active segment delivers, its track in the history, and how many units it may still deliver
// in the current minute before its window's exact total would cross the hard maximum. delivery.ts
// splits its passes at minute boundaries for a tracked drug and stops the motor at the last
// millisecond that stays within; the stop is logged here.
import { ConcentrationKind, Field, NO_CONCENTRATION } from "../abi/codes";
import { EventType } from "../abi/event-types";
import { CUMULATIVE_BUCKET_MS } from "../abi/cumulative-layout";
import { Alarm, PumpState, Segment } from "../abi/workflow-codes";
import { concentrationRecord } from "../engine/checks";
import { REQUEST_CONCENTRATION_INDEX, REQUEST_ENTRY_ID } from "../engine/request-layout";
import { CONCENTRATION_AMOUNT_ABU, CONCENTRATION_KIND, CONCENTRATION_VOLUME_UL } from "../library/entry-layout";
import { findEntry } from "../library/lookup";
import { REC_LIMIT, REC_OUTCOME, REC_PARAM, REC_DETAIL, REC_VALUE } from "../eventlog/record-layout";
import { beginRecord, commitRecord } from "../eventlog/ring";
import { writeRequestIdentity } from "../engine/check-record";
import { NO_PARAM, Verdict } from "../abi/codes";
import { raiseAlarm } from "./alarms";
import {
  NO_TRACK,
  openTrack,
  recordDelivery,
  resetCumulativeHistory,
  unitsAllowed,
  windowSumAbu,
} from "./cumulative-history";
import { cumulativeHardMaxAbu, cumulativeHasHardMax, cumulativeWindowS, readCumulativeLimit } from "./cumulative-limit";
import { logInfusion } from "./log";
import { pcaAtWindowMax } from "./pca-segment";
import { requestPresence, requestValueAt } from "./request";
import { PRIMARY_REQUEST, SECONDARY_REQUEST, segment, setState } from "./state";

const NO_END: u64 = 0xffffffffffffffff;
/** INFUSION_PAUSED detail of a stop by an alarm (as infusion.ts): this bit | the alarm. */
const PAUSED_BY_ALARM: u32 = 0x100;

// The pass being delivered (beginPass): its drug's track and concentration, the hard maximum.
let passTrack: i32 = NO_TRACK;
let passAmountAbu: u64 = 0;
let passVolumeUl: u64 = 0;
let passHardMaxAbu: u64 = 0;
let passHasHardMax = false;
let passWindowS: u64 = 0;
let passRequest: usize = 0;

// The concentration a request names (concentrationOf): amount and volume.
export let requestAmountAbu: u64 = 0;
export let requestVolumeUl: u64 = 0;

/** Power-on and engine reset: the history is RAM only (docs/decisions/0030). */
export function resetCumulative(): void {
  resetCumulativeHistory();
  passTrack = NO_TRACK;
}

/** The concentration of `request` (fixed from the library, custom from the request); false for none. */
export function concentrationOf(request: usize, entry: usize): bool {
  requestAmountAbu = 0;
  requestVolumeUl = 0;
  const index = <u32>load<u8>(request + REQUEST_CONCENTRATION_INDEX);
  if (entry == 0 || index == NO_CONCENTRATION) return false;
  const record = concentrationRecord(entry, index);
  if (<u32>load<u8>(record + CONCENTRATION_KIND) == <u32>ConcentrationKind.CUSTOM) {
    const custom = (1 << (<u32>Field.CUSTOM_AMOUNT_ABU)) | (1 << (<u32>Field.CUSTOM_VOLUME_UL));
    if ((requestPresence(request) & custom) != custom) return false;
    requestAmountAbu = requestValueAt(request, Field.CUSTOM_AMOUNT_ABU);
    requestVolumeUl = requestValueAt(request, Field.CUSTOM_VOLUME_UL);
  } else {
    requestAmountAbu = load<u64>(record + CONCENTRATION_AMOUNT_ABU);
    requestVolumeUl = <u64>load<u32>(record + CONCENTRATION_VOLUME_UL);
  }
  return requestAmountAbu != 0 && requestVolumeUl != 0;
}

/** The request the active segment delivers: the secondary's while it runs, else the primary's. */
function segmentRequest(): usize {
  return segment == Segment.SECONDARY ? SECONDARY_REQUEST : PRIMARY_REQUEST;
}

/**
 * Resolves the drug of the active segment at `nowMs`. A drug with a cumulative limit is tracked: its
 * track was opened at START; if none could be had now, nothing may be delivered (allowance 0).
 */
export function beginPass(nowMs: u64): void {
  passTrack = NO_TRACK;
  passHasHardMax = false;
  passRequest = segmentRequest();
  const entryId = load<u32>(passRequest + REQUEST_ENTRY_ID);
  const entry: usize = entryId == 0 ? 0 : findEntry(entryId);
  if (!readCumulativeLimit(entry) || !concentrationOf(passRequest, entry)) return;
  passAmountAbu = requestAmountAbu;
  passVolumeUl = requestVolumeUl;
  passHasHardMax = cumulativeHasHardMax;
  passHardMaxAbu = cumulativeHardMaxAbu;
  passWindowS = cumulativeWindowS;
  passTrack = openTrack(entryId, nowMs, load<u32>(PRIMARY_REQUEST + REQUEST_ENTRY_ID));
  // Untrackable (cannot happen after START's check): deliver nothing rather than uncounted drug.
  if (passTrack == NO_TRACK) {
    passHasHardMax = true;
    passHardMaxAbu = 0;
  }
}

/** The pass delivers a tracked drug: it must be split at minute boundaries. */
export function passTracked(): bool {
  return passTrack != NO_TRACK || passHasHardMax;
}

/** Units until the next minute boundary at `rate`; NO_END for an untracked pass. */
export function passUnitsToMinute(nowMs: u64, rateUlPerHour: u64): u64 {
  if (!passTracked()) return NO_END;
  return rateUlPerHour * (<u64>CUMULATIVE_BUCKET_MS - (nowMs % <u64>CUMULATIVE_BUCKET_MS));
}

/** Units the pass may deliver in this minute before crossing the hard maximum; NO_END without one. */
export function passUnitsAllowed(nowMs: u64): u64 {
  if (!passHasHardMax) return NO_END;
  if (passTrack == NO_TRACK) return 0;
  return unitsAllowed(passTrack, passHardMaxAbu, passWindowS, nowMs, passAmountAbu, passVolumeUl);
}

/** Counts `units` of the pass, delivered from `nowMs` on (within its minute). */
export function recordPass(units: u64, nowMs: u64): void {
  recordDelivery(passTrack, units, passAmountAbu, passVolumeUl, nowMs);
}

/**
 * Delivery stopped before the hard maximum would be crossed: state ALARM (motor 0), the alarm,
 * the pause and the record of what was reached. `deliveredUl` is the infusion's total.
 */
export function stopAtCumulativeLimit(nowMs: u64, deliveredUl: u64): void {
  // A PCA program's window maximum (issue 15): a bolus in progress is truncated here, at once.
  pcaAtWindowMax(windowSumAbu(passTrack, passWindowS, nowMs), 0);
  setState(PumpState.ALARM);
  raiseAlarm(Alarm.CUMULATIVE_LIMIT, 0);
  logInfusion(
    EventType.INFUSION_PAUSED,
    PRIMARY_REQUEST,
    deliveredUl,
    0,
    PAUSED_BY_ALARM | (<u32>Alarm.CUMULATIVE_LIMIT),
  );
  const ptr = beginRecord(EventType.CUMULATIVE_LIMIT_REACHED);
  if (ptr == 0) return;
  writeRequestIdentity(ptr, passRequest);
  store<u8>(ptr + REC_OUTCOME, <u8>Verdict.NONE);
  store<u8>(ptr + REC_PARAM, <u8>NO_PARAM);
  store<u64>(ptr + REC_VALUE, windowSumAbu(passTrack, passWindowS, nowMs));
  store<u64>(ptr + REC_LIMIT, passHardMaxAbu);
  store<u32>(ptr + REC_DETAIL, <u32>passWindowS);
  commitRecord(ptr);
}
