// What the request checks resolved, for the derivation and classification steps that follow.
// Module-level state: the firmware allocates nothing (docs/abi.md §1).

export let presenceMask: u32 = 0;
export let mode: i32 = 0;
export let careAreaPtr: usize = 0;
export let entryPtr: usize = 0;
/** Selected concentration record, 0 for a fluid. */
export let concentrationPtr: usize = 0;
export let concentrationIsCustom = false;
export let isFluid = false;
/** The concentration actually used: the library's for a fixed one, the request's for a custom one. */
export let amountAbu: u64 = 0;
export let volumeUl: u64 = 0;
/** Basis factors (B, W) of docs/units.md for the entry's dose basis. */
export let basisScale: u64 = 1;
export let basisPatient: u64 = 1;
export let deliveredRateUlPerHour: u64 = 0;
/** Format-3 limit records (docs/library-image.md §10): the entry's extension list (0 and 0 when none). */
export let entryRecordsPtr: usize = 0;
export let entryRecordsCount: u32 = 0;
/** The selected concentration's limit records (0 and 0 when none, and for a fluid). */
export let concentrationRecordsPtr: usize = 0;
export let concentrationRecordsCount: u32 = 0;

export function setRequestShape(presence: u32, requestMode: i32): void {
  presenceMask = presence;
  mode = requestMode;
}

export function setRecords(area: usize, entry: usize, fluid: bool): void {
  careAreaPtr = area;
  entryPtr = entry;
  isFluid = fluid;
}

export function setConcentration(record: usize, custom: bool, amount: u64, volume: u64): void {
  concentrationPtr = record;
  concentrationIsCustom = custom;
  amountAbu = amount;
  volumeUl = volume;
}

export function setBasis(scale: u64, patient: u64): void {
  basisScale = scale;
  basisPatient = patient;
}

export function setDeliveredRate(rateUlPerHour: u64): void {
  deliveredRateUlPerHour = rateUlPerHour;
}

export function setLimitRecords(
  entryList: usize,
  entryCount: u32,
  concentrationList: usize,
  concentrationCount: u32,
): void {
  entryRecordsPtr = entryList;
  entryRecordsCount = entryCount;
  concentrationRecordsPtr = concentrationList;
  concentrationRecordsCount = concentrationCount;
}
