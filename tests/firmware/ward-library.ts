// A small hand-written library covering every entry shape the engine distinguishes: weight-based
// with fixed and custom concentrations, BSA-based intermittent, a fluid, and a no-basis drug with
// an advisory. Values are chosen so the expected results can be worked out by hand.
import type { SpecLibrary } from "../oracle/test-image-writer.ts";

export const ICU = 1;
export const NICU = 5;
export const DOPAMINE = 7; // weight-based, continuous; concentration 0 fixed, 1 custom
export const CARBOPLATIN = 20; // BSA-based, intermittent
export const SALINE = 30; // fluid
export const OXYTOCIN = 40; // no dose basis, NICU only; concentration 0 fixed, 1 custom

export const WARD_SPEC: SpecLibrary = {
  name: "Ward test library",
  version: 12,
  status: 1,
  areas: [
    {
      id: ICU,
      name: "ICU",
      basic: true,
      maxRateUlPerHour: 999_000n,
      maxVtbiUl: 2_000_000n,
      weightG: { hmin: 500n, smin: 2_000n, smax: 150_000n, hmax: 300_000n },
      bsaM2X10000: { hmin: 1_000n, hmax: 40_000n },
    },
    { id: NICU, name: "Neonatal ICU", maxRateUlPerHour: 50_000n, weightG: { hmax: 10_000n } },
  ],
  entries: [
    {
      id: DOPAMINE,
      name: "DOPamine",
      type: 0,
      basis: 1,
      highAlert: true,
      areas: [ICU, NICU],
      amountUnit: 3,
      timeUnit: 2,
      limits: {
        dose: { hmin: 12_000_000n, smax: 1_200_000_000n, hmax: 1_500_000_000n },
        rate: { hmax: 200_000n },
        doseAbsolute: { hmax: 60_000_000_000n },
      },
      concentrations: [
        { amountUnit: 2, volumeUl: 250_000n, amountAbu: 400_000_000_000n },
        { custom: true, amountUnit: 3, limits: { hmin: 100_000_000n, smax: 3_200_000_000n, hmax: 6_400_000_000n } },
      ],
    },
    {
      id: CARBOPLATIN,
      name: "CARBOplatin",
      type: 1,
      basis: 2,
      areas: [ICU],
      amountUnit: 2,
      timeUnit: 1,
      limits: {
        dose: { hmax: 400_000_000_000n },
        duration: { hmin: 1_800n, hmax: 7_200n },
        vtbi: { smax: 500_000n, hmax: 1_000_000n },
      },
      concentrations: [{ amountUnit: 2, volumeUl: 45_000n, amountAbu: 450_000_000_000n }],
    },
    {
      id: SALINE,
      name: "Sodium chloride 0.9 %",
      type: 2,
      basis: 0,
      areas: [ICU, NICU],
      limits: { rate: { hmax: 999_000n }, vtbi: { smax: 1_000_000n }, bolusRate: { hmax: 999_000n } },
      concentrations: [],
    },
    {
      id: OXYTOCIN,
      name: "Oxytocin",
      type: 0,
      basis: 0,
      areas: [NICU],
      amountUnit: 5,
      timeUnit: 2,
      advisory: "Titrate in small steps — über-dosing risk",
      limits: {
        dose: { smax: 1_000n, hmax: 2_000n },
        bolusDose: { smin: 10n, hmax: 100n },
        loadingDose: { hmax: 50n },
      },
      concentrations: [
        { amountUnit: 5, volumeUl: 500_000n, amountAbu: 30_000_000n },
        { custom: true, amountUnit: 5, limits: { hmin: 1n } },
      ],
    },
  ],
};
