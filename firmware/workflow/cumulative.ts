// The cumulative limit at delivery time (docs/workflow.md §6.3, REQ-WF-086, REQ-WF-089): which drug
// the active segment delivers, its track in the history, and how many units it may still deliver
// in the current minute before its window's exact total would cross the hard maximum. delivery.ts
// splits its passes at minute boundaries for a tracked drug and stops the motor at the last
// millisecond that stays within; the stop is logged here.
import { noteAlarmStop } from "./escalation";
import { AmountUnit, ConcentrationKind, Field, NO_CONCENTRATION } from "../abi/codes";
import { CumulativeHistoryChange, EventType } from "../abi/event-types";
import { CUMULATIVE_MAX_WINDOW_S, CUMULATIVE_TRACK_COUNT } from "../abi/cumulative-layout";
import { crc32 } from "../crypto/crc32";
import { ENTRY_ID, ENTRY_DOSE_AMOUNT_UNIT, ENTRY_NAME_LENGTH, ENTRY_NAME_OFFSET } from "../library/entry-layout";
import { stringPool } from "./selected-drug";
import { CUMULATIVE_BUCKET_MS } from "../abi/cumulative-layout";
import { Alarm, PumpState, Segment } from "../abi/workflow-codes";
import { concentrationRecord } from "../engine/checks";
import { REQUEST_CONCENTRATION_INDEX, REQUEST_ENTRY_ID } from "../engine/request-layout";
import { CONCENTRATION_AMOUNT_ABU, CONCENTRATION_KIND, CONCENTRATION_VOLUME_UL } from "../library/entry-layout";
import { entryAtRow, findEntry } from "../library/lookup";
import { activeEntryCount } from "../library/state";
import {
  REC_CONCENTRATION_INDEX,
  REC_DETAIL,
  REC_ENTRY_ID,
  REC_LIMIT,
  REC_OUTCOME,
  REC_PARAM,
  REC_VALUE,
} from "../eventlog/record-layout";
import { beginRecord, commitRecord } from "../eventlog/ring";
import { writeRequestIdentity } from "../engine/check-record";
import { NO_PARAM, Verdict } from "../abi/codes";
import { raiseAlarm } from "./alarms";
import {
  dropTrack,
  NO_TRACK,
  openTrack,
  recordDelivery,
  resetCumulativeHistory,
  retagTrack,
  setTrackDrug,
  trackDrugIs,
  trackDrugUnset,
  trackEntryId,
  trackOf,
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
    return;
  }
  if (trackDrugUnset(passTrack)) setTrackDrug(passTrack, drugNameCrc(entry), amountDimension(entry));
}

/** CRC-32 of the entry's display name: the drug as the library names it. */
function drugNameCrc(entry: usize): u32 {
  return crc32(stringPool() + <usize>load<u32>(entry + ENTRY_NAME_OFFSET), <u32>load<u16>(entry + ENTRY_NAME_LENGTH));
}

/**
 * What an ABU of the entry's drug is (docs/units.md): 1 mass, 2 units, 3 mEq, 4 mmol, 0 none. A
 * change of display unit within a dimension (mg to g) keeps the history; across dimensions an ABU
 * means another quantity and the amounts cannot be added.
 */
function amountDimension(entry: usize): u32 {
  const unit = <u32>load<u8>(entry + ENTRY_DOSE_AMOUNT_UNIT);
  if (unit >= <u32>AmountUnit.G && unit <= <u32>AmountUnit.NG) return 1;
  if (unit == <u32>AmountUnit.UNITS || unit == <u32>AmountUnit.MILLIUNITS) return 2;
  if (unit == <u32>AmountUnit.MEQ) return 3;
  if (unit == <u32>AmountUnit.MMOL) return 4;
  return 0;
}

/**
 * After a library activation (decision 0033): a drug's history is kept when the new library's entry
 * of the same id is the same drug — the same display name and amount dimension. Otherwise (a new
 * library version may renumber its entries) it moves to the one entry of the new library that is
 * that drug, or is dropped when there is none or more than one; either is logged
 * CUMULATIVE_HISTORY_CHANGED. Keeping is the safe side for the same drug: the limit bounds what the
 * patient received, whichever library counted it; another drug's amounts are never added in.
 */
export function reconcileCumulativeHistory(nowMs: u64): void {
  passTrack = NO_TRACK;
  for (let track = 0; track < CUMULATIVE_TRACK_COUNT; track++) {
    const entryId = trackEntryId(track);
    if (entryId == 0) continue;
    const entry = findEntry(entryId);
    if (entry != 0 && trackDrugIs(track, drugNameCrc(entry), amountDimension(entry))) continue;
    const movedTo = sameDrugEntryId(track);
    const ptr = beginRecord(EventType.CUMULATIVE_HISTORY_CHANGED);
    if (ptr != 0) {
      store<u32>(ptr + REC_ENTRY_ID, entryId);
      store<u8>(ptr + REC_CONCENTRATION_INDEX, <u8>NO_CONCENTRATION);
      store<u8>(ptr + REC_OUTCOME, <u8>Verdict.NONE);
      store<u8>(ptr + REC_PARAM, <u8>NO_PARAM);
      store<u64>(ptr + REC_VALUE, windowSumAbu(track, <u64>CUMULATIVE_MAX_WINDOW_S, nowMs));
      store<u64>(ptr + REC_LIMIT, <u64>movedTo);
      store<u32>(ptr + REC_DETAIL, movedTo == 0 ? CumulativeHistoryChange.DROPPED : CumulativeHistoryChange.MOVED);
      commitRecord(ptr);
    }
    if (movedTo == 0) dropTrack(track);
    else retagTrack(track, movedTo);
  }
}

/** The id of the only entry of the active library that is the track's drug and no other track's; 0 otherwise. */
function sameDrugEntryId(track: i32): u32 {
  let found: u32 = 0;
  for (let row: u32 = 0; row < activeEntryCount; row++) {
    const entry = entryAtRow(row);
    if (!trackDrugIs(track, drugNameCrc(entry), amountDimension(entry))) continue;
    if (found != 0) return 0;
    found = load<u32>(entry + ENTRY_ID);
  }
  return found != 0 && trackOf(found) == NO_TRACK ? found : 0;
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
  // The request of the segment whose drug reached its limit: the secondary's while it runs.
  logInfusion(EventType.INFUSION_PAUSED, passRequest, deliveredUl, 0, PAUSED_BY_ALARM | (<u32>Alarm.CUMULATIVE_LIMIT));
  // Counted for escalation like every stop (§7.3); only STOP clears this alarm, so no RESUME follows.
  noteAlarmStop(Alarm.CUMULATIVE_LIMIT);
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
