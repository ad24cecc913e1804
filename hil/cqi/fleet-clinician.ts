// The fleet simulator's clinician: keys one order into a pump through the protocol and answers its
// alerts the way the literature describes — a keying error that raises an alert is usually fixed
// (the value edited, or the program cancelled and keyed again) and sometimes overridden; a soft
// stop on a value the prescriber meant is usually overridden with a reason; a hard stop on it ends
// the order. The pump decides every verdict; this only reads it.
import { Verdict } from "../../firmware/abi/codes.ts";
import { SensorFault } from "../../firmware/abi/event-types.ts";
import { OverrideReason } from "../../firmware/abi/workflow-codes.ts";
import type { Outcome } from "../../simulator/client/client.ts";
import type { ProgramValues, WorkflowResponse } from "../../simulator/client/workflow-messages.ts";
import type { FleetRandom } from "./fleet-random.ts";
import type { InProcessPump } from "./fleet-pump.ts";
import type { Order } from "./fleet-workload.ts";

/** What became of one order. */
export interface OrderResult {
  started: boolean;
  /** A program of this order raised a soft or hard stop while the keying error was in it. */
  errorAlerted: boolean;
  /** The keying error was put right after its alert (edited, or cancelled and keyed again) and the infusion started. */
  errorCorrected: boolean;
  /** The erroneous program ran: overridden after its alert, or never alerted. */
  errorInfused: boolean;
  /** The pump could not evaluate the erroneous program (a value out of its range, no alert logged): keyed again. */
  errorRefused: boolean;
  alarms: number;
}

export interface ClinicianOptions {
  /** Share of alerted keying errors the clinician fixes rather than overrides. */
  catchRate: number;
  /** Chance of an occlusion per infusion-hour. */
  occlusionsPerHour: number;
}

export const DEFAULT_CLINICIAN: ClinicianOptions = { catchRate: 0.9, occlusionsPerHour: 0.01 };

const verdictOf = (outcome: Outcome<WorkflowResponse>): number =>
  outcome.ok && outcome.value.result !== undefined && outcome.value.result.status === 0
    ? outcome.value.result.verdict
    : Verdict.NONE;

const OVERRIDE_REASONS: readonly (readonly [OverrideReason, number])[] = [
  [OverrideReason.CONFIRMED_WITH_PRESCRIBER, 40],
  [OverrideReason.PATIENT_SPECIFIC_PROTOCOL, 25],
  [OverrideReason.CLINICAL_CONDITION, 20],
  [OverrideReason.PHARMACY_VERIFIED, 10],
  [OverrideReason.EMERGENCY, 5],
];

export class Clinician {
  /** The weight the pump holds for the patient in front of it (0: none entered). */
  private weightOnPump = 0;

  constructor(
    private readonly pump: InProcessPump,
    private readonly random: FleetRandom,
    private readonly options: ClinicianOptions,
  ) {}

  async selectCareArea(careAreaId: number): Promise<void> {
    await this.pump.client.selectCareArea(careAreaId);
    this.weightOnPump = 0;
  }

  /** A new patient on the pump: the next order enters the weight again. */
  newPatient(): void {
    this.weightOnPump = -1;
  }

  async run(order: Order): Promise<OrderResult> {
    const result: OrderResult = {
      started: false,
      errorAlerted: false,
      errorCorrected: false,
      errorInfused: false,
      errorRefused: false,
      alarms: 0,
    };
    const c = this.pump.client;
    if (order.typedWeightG !== this.weightOnPump) {
      const patient = await c.setPatient(order.typedWeightG, order.bsaM2X10000);
      this.weightOnPump = order.typedWeightG;
      if (!patient.ok && order.error === "WRONG_WEIGHT") {
        // refused as beyond the area's hard weight limits: keyed again, right this time
        result.errorAlerted = true;
        await this.enterWeight(order.weightG, order.bsaM2X10000);
        order = { ...order, error: undefined, typed: order.intended, typedWeightG: order.weightG };
        result.errorCorrected = true; // the weight check caught it before any program
      }
    }
    if (order.basicReason !== undefined) {
      await c.selectBasic(order.basicReason);
      if (verdictOf(await c.program(order.typed)) !== Verdict.GO) return this.abandon(result);
      return this.infuse(order, result);
    }
    await c.selectDrug({ entryId: order.entryId, concentrationIndex: order.typedConcentrationIndex });
    let verdict = verdictOf(await c.program(order.typed));
    let erroneous = order.error !== undefined && !result.errorCorrected;
    for (let attempt = 0; attempt < 3 && verdict !== Verdict.GO; attempt++) {
      if (verdict === Verdict.NONE && erroneous) {
        result.errorRefused = true;
        erroneous = false;
        verdict = verdictOf(await this.pump.client.program(order.intended));
        continue;
      }
      if (verdict === Verdict.NONE) return this.abandon(result);
      if (erroneous) {
        result.errorAlerted = true;
        if (verdict === Verdict.SOFT_STOP && !this.random.chance(this.options.catchRate)) {
          await c.override(this.random.weighted(OVERRIDE_REASONS)); // missed: the error runs
          break;
        }
        verdict = await this.correct(order);
        erroneous = false;
        result.errorCorrected = true;
        continue;
      }
      if (verdict === Verdict.HARD_STOP) return this.abandon(result); // the order is taken back to the prescriber
      const response = this.random.fraction();
      if (response < 0.85) {
        await c.override(this.random.weighted(OVERRIDE_REASONS));
        break;
      }
      if (response < 0.95) {
        verdict = verdictOf(await c.program(scaled(order.intended, 8n, 10n))); // a lower value after a second look
        continue;
      }
      return this.abandon(result);
    }
    if (verdict === Verdict.HARD_STOP) return this.abandon(result);
    if (erroneous) result.errorInfused = true;
    if (result.errorCorrected && !(await this.startable())) return this.abandon(result);
    return this.infuse(order, result);
  }

  /** The value keyed again: an edit of the pending program, or cancel and start the selection over. */
  private async correct(order: Order): Promise<number> {
    const c = this.pump.client;
    if (order.error === "WRONG_WEIGHT") {
      await this.enterWeight(order.weightG, order.bsaM2X10000); // an edit too: SOFT_STOP_EDITED
      return verdictOf(await c.program(order.intended));
    }
    if (order.error === "WRONG_CONCENTRATION" || this.random.chance(0.25)) {
      await c.cancel();
      await c.selectDrug({ entryId: order.entryId, concentrationIndex: order.concentrationIndex });
      return verdictOf(await c.program(order.intended));
    }
    return verdictOf(await c.program(order.intended));
  }

  private async enterWeight(weightG: number, bsaM2X10000: number): Promise<void> {
    await this.pump.client.setPatient(weightG, bsaM2X10000);
    this.weightOnPump = weightG;
  }

  /** A soft stop left on the corrected program (a confirmed high dose) is overridden; a hard stop is not startable. */
  private async startable(): Promise<boolean> {
    const status = await this.pump.client.getInfusion();
    if (!status.ok) return false;
    const { pendingVerdict, pendingOverride } = status.value.snapshot;
    if (pendingVerdict === Verdict.SOFT_STOP && pendingOverride === 0)
      await this.pump.client.override(this.random.weighted(OVERRIDE_REASONS));
    return pendingVerdict !== Verdict.HARD_STOP;
  }

  /** The order is given up: a correction that never started counts as none. */
  private async abandon(result: OrderResult): Promise<OrderResult> {
    await this.pump.client.cancel();
    result.errorCorrected = false;
    return result;
  }

  /** Starts, lets the time pass (an occlusion now and then), then stops and clears any alarm. */
  private async infuse(order: Order, result: OrderResult): Promise<OrderResult> {
    const c = this.pump.client;
    const started = await c.start();
    if (!started.ok) return this.abandon(result);
    result.started = true;
    let left = order.durationMs;
    if (this.random.chance((this.options.occlusionsPerHour * order.durationMs) / 3_600_000)) {
      const at = this.random.int(1, Math.max(1, left - 120_000));
      this.pump.advance(at);
      this.pump.host.setSensorFaults(1 << SensorFault.OCCLUSION);
      this.pump.advance(60_000); // the line is checked and cleared
      this.pump.host.setSensorFaults(0);
      await c.acknowledgeAlarms();
      await c.resume();
      result.alarms++;
      left = Math.max(0, left - at - 60_000);
    }
    this.pump.advance(left);
    await c.acknowledgeAlarms(); // e.g. VTBI complete: the bag ran out before the order ended
    await c.stop();
    return result;
  }
}

const scaled = (values: ProgramValues, numerator: bigint, denominator: bigint): ProgramValues =>
  values.dose !== undefined
    ? { ...values, dose: (values.dose * numerator) / denominator }
    : { ...values, rateUlPerHour: (values.rateUlPerHour! * numerator) / denominator };
