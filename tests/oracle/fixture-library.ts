// A small hand-written library for the oracle's own tests: one entry of each kind that the request
// checks of docs/engine.md §5 distinguish.
import { writeTestImage } from "./test-image-writer.ts";

export const AREA_ICU = 0;
export const AREA_PEDS = 2;
/** Continuous, no basis: oxytocin 30 units / 500 mL. */
export const OXYTOCIN = 10;
/** Continuous, per kg: heparin 25,000 units / 250 mL (index 0) and a custom concentration (index 1). */
export const HEPARIN = 20;
/** Fluid. */
export const SALINE = 30;
/** Intermittent, per m²: 10 mg / 100 mL. */
export const CHEMO = 40;
/** Continuous, no basis: potassium chloride 20 mEq / 100 mL. */
export const KCL = 50;

export const fixtureImage = writeTestImage({
  name: "oracle fixture",
  version: 7,
  status: 1,
  areas: [
    { id: AREA_ICU, name: "ICU", maxRateUlPerHour: 999_000n, maxVtbiUl: 5_000_000n },
    {
      id: AREA_PEDS,
      name: "PEDS",
      weightG: { hmin: 500n, smin: 2_000n, smax: 60_000n, hmax: 150_000n },
      bsaM2X10000: { hmax: 30_000n },
    },
  ],
  entries: [
    {
      id: OXYTOCIN,
      name: "oxytocin",
      type: 0,
      basis: 0,
      areas: [AREA_ICU],
      amountUnit: 6,
      timeUnit: 2,
      limits: { dose: { smax: 1_200_000n, hmax: 2_400_000n } },
      concentrations: [{ amountUnit: 5, amountAbu: 30_000_000n, volumeUl: 500_000n }],
    },
    {
      id: HEPARIN,
      name: "heparin",
      type: 0,
      basis: 1,
      areas: [AREA_ICU, AREA_PEDS],
      amountUnit: 5,
      timeUnit: 1,
      limits: {
        dose: { smin: 10_000_000n, smax: 18_000_000n, hmax: 25_000_000n },
        bolusDose: { hmax: 80_000_000n },
        doseAbsolute: { hmax: 2_000_000_000n },
      },
      concentrations: [
        { amountUnit: 5, amountAbu: 25_000_000_000n, volumeUl: 250_000n },
        { custom: true, amountUnit: 5, limits: { hmin: 10_000_000n, smax: 100_000_000n, hmax: 200_000_000n } },
      ],
    },
    {
      id: SALINE,
      name: "saline",
      type: 2,
      basis: 0,
      areas: [AREA_ICU],
      limits: { rate: { hmax: 2_000_000n }, vtbi: { smax: 1_000_000n } },
    },
    {
      id: CHEMO,
      name: "chemo",
      type: 1,
      basis: 2,
      areas: [AREA_ICU],
      amountUnit: 2,
      timeUnit: 1,
      advisory: "check BSA",
      limits: { duration: { hmin: 1_800n, smin: 3_600n } },
      concentrations: [{ amountUnit: 2, amountAbu: 10_000_000_000n, volumeUl: 100_000n }],
    },
    {
      id: KCL,
      name: "potassium chloride",
      type: 0,
      basis: 0,
      areas: [AREA_ICU],
      amountUnit: 7,
      timeUnit: 1,
      concentrations: [{ amountUnit: 7, amountAbu: 20_000_000n, volumeUl: 100_000n }],
    },
  ],
});
