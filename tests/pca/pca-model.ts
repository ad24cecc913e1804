// An independent model of the PCA state machine (docs/workflow.md §11), written from the document,
// not from firmware/workflow/pca*.ts: lockout start-to-start, no stacking, doses per trailing hour,
// the demand rate, the clinician bolus's volume and rate, pre-emption and resume, and exact delivery
// in µL·ms/h. The window maximum is chosen so that it never binds in the model-based runs (that is
// what tests/pca/window.test.ts checks); the model says so by never predicting WINDOW_MAX.
import { PcaDenial } from "../../firmware/abi/workflow-codes.ts";

const UNITS_PER_UL = 3_600_000n;
const HOUR_MS = 3_600_000n;

export type Segment = "basal" | "patient" | "clinician";

export interface ModelSettings {
  basalUlPerHour: bigint;
  doseUl: bigint;
  lockoutMs: bigint;
  maxDosesPerHour: number;
  demandUlPerHour: bigint;
  maxRateUlPerHour: bigint;
}

export class PcaModel {
  nowMs = 0n;
  paused = false;
  segment: Segment = "basal";
  grants: bigint[] = [];
  /** Units (µL × 3,600,000) delivered since START. */
  delivered = 0n;
  /** The running bolus: rate, units owed, units given. */
  bolusRate = 0n;
  bolusOwed = 0n;
  bolusGiven = 0n;
  /** A pre-empted clinician bolus. */
  held?: { rate: bigint; owed: bigint; given: bigint };
  clinicianGivenUl = 0n;

  constructor(readonly settings: ModelSettings) {}

  rate(): bigint {
    if (this.paused) return 0n;
    return this.segment === "basal" ? this.settings.basalUlPerHour : this.bolusRate;
  }

  lockoutLeftMs(): bigint {
    if (this.grants.length === 0) return 0n;
    const end = this.grants[this.grants.length - 1] + this.settings.lockoutMs;
    return this.nowMs < end ? end - this.nowMs : 0n;
  }

  dosesInHour(): number {
    return this.grants.filter((t) => this.nowMs - t < HOUR_MS).length;
  }

  tick(ms: bigint): void {
    let left = ms;
    while (left > 0n) {
      const rate = this.rate();
      if (rate === 0n || this.segment === "basal") {
        this.delivered += rate * left;
        this.nowMs += left;
        return;
      }
      const owed = this.bolusOwed - this.bolusGiven;
      if (rate * left < owed) {
        this.delivered += rate * left;
        this.bolusGiven += rate * left;
        this.nowMs += left;
        return;
      }
      const endMs = (owed + rate - 1n) / rate;
      this.delivered += owed;
      this.nowMs += endMs;
      left -= endMs;
      this.endBolus();
    }
  }

  private endBolus(): void {
    if (this.segment === "patient" && this.held !== undefined) {
      this.segment = "clinician";
      this.bolusRate = this.held.rate;
      this.bolusOwed = this.held.owed;
      this.bolusGiven = this.held.given;
      this.held = undefined;
      return;
    }
    this.segment = "basal";
    this.bolusRate = this.bolusOwed = this.bolusGiven = 0n;
  }

  /** The request's outcome: PcaDenial.NONE when granted. */
  request(): PcaDenial {
    if (this.paused) return PcaDenial.NOT_RUNNING;
    if (this.segment === "patient") return PcaDenial.DOSE_IN_PROGRESS;
    if (this.lockoutLeftMs() !== 0n) return PcaDenial.LOCKOUT;
    if (this.dosesInHour() >= this.settings.maxDosesPerHour) return PcaDenial.HOURLY_COUNT;
    if (this.segment === "clinician")
      this.held = { rate: this.bolusRate, owed: this.bolusOwed, given: this.bolusGiven };
    this.grants.push(this.nowMs);
    this.segment = "patient";
    const basal = this.settings.basalUlPerHour;
    this.bolusRate = basal > this.settings.demandUlPerHour ? basal : this.settings.demandUlPerHour;
    this.bolusOwed = this.settings.doseUl * UNITS_PER_UL;
    this.bolusGiven = 0n;
    return PcaDenial.NONE;
  }

  /** A clinician bolus of `doseUl` over `durationS` (the basal's volume over it added). */
  clinician(doseUl: bigint, durationS: bigint): void {
    const volume = doseUl + (this.settings.basalUlPerHour * durationS) / 3600n;
    let rate = (volume * 3600n + durationS - 1n) / durationS;
    if (rate > this.settings.maxRateUlPerHour) rate = this.settings.maxRateUlPerHour;
    this.segment = "clinician";
    this.bolusRate = rate;
    this.bolusOwed = volume * UNITS_PER_UL;
    this.bolusGiven = 0n;
    this.clinicianGivenUl += doseUl;
  }

  /** µL left of the running bolus, rounded down as the snapshot shows it: ⌊owed / units⌋ − ⌊given / units⌋. */
  bolusRemainingUl(): bigint {
    if (this.segment === "basal") return 0n;
    return this.bolusOwed / UNITS_PER_UL - this.bolusGiven / UNITS_PER_UL;
  }
}
