// The workflow's state (docs/workflow.md §2): module-level variables and fixed buffers, nothing
// allocated. RAM only: a power cycle loses it, so nothing ever restarts by itself (REQ-WF-040).
import { NO_CONCENTRATION, REQUEST_SIZE_WITH_PCA } from "../abi/codes";
import { AGE_NOT_ENTERED, PumpState, Segment } from "../abi/workflow-codes";

export const NO_CARE_AREA: u32 = 0xff;

// Selection.
export let careAreaId: u32 = NO_CARE_AREA;
export let weightG: u64 = 0;
export let bsaM2x10000: u64 = 0;
/** AGE_NOT_ENTERED until SET_PATIENT gives an age (issue 11: an entry's age band). */
export let ageDays: u32 = AGE_NOT_ENTERED;
export let drugSelected = false;
export let basicInfusion = false;
export let basicReason: u32 = 0;
export let entryId: u32 = 0;
export let concentrationIndex: u32 = NO_CONCENTRATION;
export let customAmountAbu: u64 = 0;
export let customVolumeUl: u64 = 0;

// The infusion.
export let state: u32 = PumpState.IDLE;
export let segment: u32 = Segment.NONE;
export const PRIMARY_REQUEST: usize = memory.data(REQUEST_SIZE_WITH_PCA, 16);
export const SECONDARY_REQUEST: usize = memory.data(REQUEST_SIZE_WITH_PCA, 16);
export let primaryRateUlPerHour: u64 = 0;
/** 0: no VTBI (a continuous infusion that runs until stopped). */
export let primaryVtbiUl: u64 = 0;
/** Progress toward the primary VTBI, in µL × 3,600,000 (µL·ms/h): exact per tick (docs/workflow.md §6). */
export let primaryProgress: u64 = 0;
export let bolusRateUlPerHour: u64 = 0;
export let bolusVolumeUl: u64 = 0;
export let bolusProgress: u64 = 0;
export let secondaryEntryId: u32 = 0;
export let secondaryConcentrationIndex: u32 = NO_CONCENTRATION;
export let secondaryRateUlPerHour: u64 = 0;
export let secondaryVtbiUl: u64 = 0;
export let secondaryProgress: u64 = 0;
/** Everything delivered since START (all segments), same unit as the progress counters. */
export let totalProgress: u64 = 0;
export let alarmMask: u32 = 0;
/** The primary container's volume (SET_CONTAINER), µL; 0: not tracked. Not cleared by STOP: the bag still hangs. */
export let containerVolumeUl: u64 = 0;
/** Delivered from the primary container since SET_CONTAINER (primary, bolus, KVO), same unit as the progress counters. */
export let containerProgress: u64 = 0;
/** Alarms muted by SILENCE_ALARMS (workflow/silence.ts); a bit leaves when its alarm clears or is raised anew. */
export let silencedMask: u32 = 0;

/** RUNNING, PAUSED or ALARM: an infusion is under way (selection refused, library activation refused). */
export function infusing(pumpState: u32): bool {
  return pumpState == PumpState.RUNNING || pumpState == PumpState.PAUSED || pumpState == PumpState.ALARM;
}

export function setState(next: u32): void {
  state = next;
}

export function setSegment(next: u32): void {
  segment = next;
}

export function setAlarmMask(mask: u32): void {
  alarmMask = mask;
}

export function setContainer(volumeUl: u64, progress: u64): void {
  containerVolumeUl = volumeUl;
  containerProgress = progress;
}

export function setSilencedMask(mask: u32): void {
  silencedMask = mask;
}

export function selectArea(id: u32): void {
  careAreaId = id;
  weightG = 0;
  bsaM2x10000 = 0;
  ageDays = AGE_NOT_ENTERED;
  clearDrug();
}

export function setPatient(weight: u64, bsa: u64, age: u32): void {
  weightG = weight;
  bsaM2x10000 = bsa;
  ageDays = age;
}

export function clearDrug(): void {
  drugSelected = false;
  basicInfusion = false;
  basicReason = 0;
  entryId = 0;
  concentrationIndex = NO_CONCENTRATION;
  customAmountAbu = 0;
  customVolumeUl = 0;
}

export function selectDrug(id: u32, concentration: u32, amountAbu: u64, volumeUl: u64): void {
  clearDrug();
  drugSelected = true;
  entryId = id;
  concentrationIndex = concentration;
  customAmountAbu = amountAbu;
  customVolumeUl = volumeUl;
}

export function selectBasic(reason: u32): void {
  clearDrug();
  drugSelected = true;
  basicInfusion = true;
  basicReason = reason;
}

export function setPrimary(rate: u64, vtbi: u64): void {
  primaryRateUlPerHour = rate;
  primaryVtbiUl = vtbi;
  primaryProgress = 0;
}

/** A titration without a VTBI of its own: the new rate, the same VTBI target and progress. */
export function setPrimaryRate(rate: u64): void {
  primaryRateUlPerHour = rate;
}

export function setBolus(rate: u64, volume: u64): void {
  bolusRateUlPerHour = rate;
  bolusVolumeUl = volume;
  bolusProgress = 0;
}

export function setSecondary(id: u32, concentration: u32, rate: u64, vtbi: u64): void {
  secondaryEntryId = id;
  secondaryConcentrationIndex = concentration;
  secondaryRateUlPerHour = rate;
  secondaryVtbiUl = vtbi;
  secondaryProgress = 0;
}

export function setProgress(primary: u64, bolus: u64, secondary: u64, total: u64): void {
  primaryProgress = primary;
  bolusProgress = bolus;
  secondaryProgress = secondary;
  totalProgress = total;
}

/** Everything back to power-on: no area, nothing running (the caller resolves what was pending first). */
export function resetWorkflowState(): void {
  selectArea(NO_CARE_AREA);
  state = PumpState.IDLE;
  segment = Segment.NONE;
  setPrimary(0, 0);
  setBolus(0, 0);
  setSecondary(0, NO_CONCENTRATION, 0, 0);
  totalProgress = 0;
  alarmMask = 0;
  silencedMask = 0;
  containerVolumeUl = 0;
  containerProgress = 0;
}
