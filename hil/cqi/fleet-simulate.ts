// `cqi simulate`: a fleet of in-process virtual pumps (fleet-pump.ts) runs a seeded workload for a
// number of days, and each pump's log is collected into the CQI database the way `collect` does it
// (collectFromPump: HELLO, GET_STATUS, READ_LOG pages) — every day, between infusions, so the ring
// never overwrites an uncollected record. One pump at a time: the pumps are independent and only
// one firmware instance is in memory. Returns what was injected, for the committee to compare.
import type { CanonicalLibrary } from "../library/compiler/canonical.ts";
import { Clinician, DEFAULT_CLINICIAN, type ClinicianOptions } from "./fleet-clinician.ts";
import { InProcessPump } from "./fleet-pump.ts";
import { FleetRandom } from "./fleet-random.ts";
import {
  careAreaForPump,
  DEFAULT_WORKLOAD,
  ERROR_KINDS,
  nextOrder,
  patientFor,
  TENFOLD_OR_MORE,
  type ErrorKind,
  type WorkloadOptions,
} from "./fleet-workload.ts";
import { collectFromPump } from "./collect-port.ts";
import type { CqiStore } from "./store.ts";

const DAY_MS = 86_400_000;

export interface SimulateOptions {
  pumps: number;
  days: number;
  seed: number;
  workload?: WorkloadOptions;
  clinician?: ClinicianOptions;
}

export interface ErrorTally {
  injected: number;
  /** A program with the error raised a soft or hard stop. */
  alerted: number;
  /** Put right after the alert and then started. */
  corrected: number;
  /** Ran as keyed: overridden after its alert, or never alerted. */
  infused: number;
  /** The pump could not evaluate the value (out of its range): keyed again, no alert in the log. */
  refused: number;
}

export interface SimulationSummary {
  seed: number;
  pumps: number;
  days: number;
  orders: number;
  infusionsStarted: number;
  basicInfusions: number;
  nuisanceOrders: number;
  occlusions: number;
  errors: Record<ErrorKind, ErrorTally>;
  /** Errors of 10× or more (TENFOLD, DECIMAL_SLIP, UNIT_MIXUP) that an alert caught and that were put right. */
  tenfoldCaught: number;
  recordsCollected: number;
}

export const pumpId = (index: number): string => `sim-${String(index + 1).padStart(3, "0")}`;

export async function simulateFleet(
  store: CqiStore,
  module: WebAssembly.Module,
  library: CanonicalLibrary,
  libraryImage: Uint8Array,
  options: SimulateOptions,
): Promise<SimulationSummary> {
  const workload = options.workload ?? DEFAULT_WORKLOAD;
  const summary: SimulationSummary = {
    seed: options.seed,
    pumps: options.pumps,
    days: options.days,
    orders: 0,
    infusionsStarted: 0,
    basicInfusions: 0,
    nuisanceOrders: 0,
    occlusions: 0,
    errors: Object.fromEntries(
      ERROR_KINDS.map((k) => [k, { injected: 0, alerted: 0, corrected: 0, infused: 0, refused: 0 }]),
    ) as Record<ErrorKind, ErrorTally>,
    tenfoldCaught: 0,
    recordsCollected: 0,
  };
  for (let index = 0; index < options.pumps; index++) {
    const random = new FleetRandom(options.seed, index + 1);
    const id = pumpId(index);
    const pump = await InProcessPump.start(module, libraryImage);
    try {
      const collect = async () => {
        // one commit per collection, not per READ_LOG page: an in-process pump does not disconnect (decision 0025)
        const tally = await store.batch(() =>
          collectFromPump(store, id, `in-process (simulate --seed ${options.seed})`, pump.client),
        );
        summary.recordsCollected += tally.inserted;
      };
      await pump.client.hello();
      const area = careAreaForPump(library, random);
      const clinician = new Clinician(pump, random, options.clinician ?? DEFAULT_CLINICIAN);
      await clinician.selectCareArea(area.id);
      let patient = patientFor(area, random);
      let collectedDay = 0;
      while (pump.nowMs < options.days * DAY_MS) {
        const day = Math.floor(pump.nowMs / DAY_MS);
        if (day > collectedDay) {
          await collect(); // the nightly collection
          collectedDay = day;
        }
        if (random.chance(0.3)) {
          patient = patientFor(area, random);
          clinician.newPatient();
        }
        const order = nextOrder(library, area, patient, workload, random);
        const result = await clinician.run(order);
        summary.orders++;
        if (result.started) summary.infusionsStarted++;
        if (result.started && order.basicReason !== undefined) summary.basicInfusions++;
        if (order.nuisance) summary.nuisanceOrders++;
        summary.occlusions += result.alarms;
        if (order.error !== undefined) {
          const tally = summary.errors[order.error];
          tally.injected++;
          if (result.errorAlerted) tally.alerted++;
          if (result.errorCorrected) tally.corrected++;
          if (result.errorInfused) tally.infused++;
          if (result.errorRefused) tally.refused++;
          if (result.errorCorrected && TENFOLD_OR_MORE.has(order.error)) summary.tenfoldCaught++;
        }
        pump.advance(random.int(5, 90) * 60_000); // until the next order
      }
      await collect();
    } finally {
      pump.close();
    }
  }
  return summary;
}
