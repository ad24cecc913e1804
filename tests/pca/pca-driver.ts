// The workflow test pump with the PCA library of the scenarios (hil/library/pca/pca-hospital.json)
// and the PCA commands (issue 15, docs/workflow.md §11).
import { readFileSync } from "node:fs";
import { Mode, PCA_WINDOW_1H_S } from "../../firmware/abi/codes.ts";
import { Command, Result } from "../../firmware/abi/protocol-codes.ts";
import { compileLibrary } from "../../hil/library/compiler/compile.ts";
import {
  decodePcaProgram,
  decodePcaResponse,
  encodeClinicianBolus,
  encodePcaProgram,
  type PcaSettings,
} from "../../simulator/client/pca-messages.ts";
import type { ProgramValues } from "../../simulator/client/workflow-messages.ts";
import { PumpDriver } from "../workflow/driver.ts";

export const PCA_LIBRARY_PATH = "hil/library/pca/pca-hospital.json";
export const MORPHINE = 5010;
export const MORPHINE_PEDS = 5011;
export const HYDROMORPHONE = 5020;
export const MEDSURG = 1;
export const PEDS = 3;
/** mg in ABU (1 ABU = 1 pg). */
export const MG = 1_000_000_000n;
/** Morphine 30 mg / 30 mL: 1 µL is 1 mcg = 10^6 ABU. */
export const ABU_PER_UL = 1_000_000n;

let image: Uint8Array | undefined;

export function pcaLibraryImage(): Uint8Array {
  if (image !== undefined) return image;
  const compiled = compileLibrary(JSON.parse(readFileSync(PCA_LIBRARY_PATH, "utf8")));
  if (!compiled.ok) throw new Error(`the PCA library does not compile: ${JSON.stringify(compiled)}`);
  image = compiled.image;
  return image;
}

/** Basal 0.5 mg/h (500 µL/h), 1 mg per dose, 10 min lockout, 4 doses per hour, 8 mg per 1 h. */
export const STANDARD: PcaSettings = {
  doseAbu: 1n * MG,
  lockoutS: 600,
  maxDosesPerHour: 4,
  windowMaxAbu: 8n * MG,
  windowS: PCA_WINDOW_1H_S,
};
export const STANDARD_BASAL: ProgramValues = { mode: Mode.RATE, rateUlPerHour: 500n };

export class PcaPump extends PumpDriver {
  constructor() {
    super({ image: pcaLibraryImage() });
  }

  pcaProgram(basal: ProgramValues, settings: PcaSettings) {
    const payload = encodePcaProgram(basal, settings);
    this.lastProgramPayload = payload;
    const answer = this.send(Command.PCA_PROGRAM, payload);
    return { ...answer, value: answer.result === Result.OK ? decodePcaProgram(answer.raw) : undefined };
  }

  pcaRequest() {
    const answer = this.send(Command.PCA_REQUEST, new Uint8Array(0));
    return { ...answer, value: answer.result === Result.OK ? decodePcaResponse(answer.raw) : undefined };
  }

  clinicianBolus(doseAbu: bigint, durationS: number, overrideReason = 0) {
    const answer = this.send(Command.PCA_CLINICIAN_BOLUS, encodeClinicianBolus(doseAbu, durationS, overrideReason));
    return { ...answer, value: answer.result === Result.OK ? decodePcaResponse(answer.raw) : undefined };
  }

  pcaStatus() {
    const answer = this.send(Command.PCA_STATUS, new Uint8Array(0));
    if (answer.result !== Result.OK) throw new Error(`PCA_STATUS answered ${answer.result}`);
    return decodePcaResponse(answer.raw).pca;
  }
}

/** Morphine PCA in Med-Surg at concentration `concentration`, programmed and started (GO expected). */
export function startedPca(
  settings: PcaSettings = STANDARD,
  basal: ProgramValues = STANDARD_BASAL,
  concentration = 0,
): PcaPump {
  const pump = new PcaPump();
  if (pump.selectCareArea(MEDSURG).result !== Result.OK) throw new Error("care area");
  if (pump.selectDrug({ entryId: MORPHINE, concentrationIndex: concentration }).result !== Result.OK)
    throw new Error("drug");
  const programmed = pump.pcaProgram(basal, settings);
  if (programmed.result !== Result.OK)
    throw new Error(`PCA_PROGRAM answered ${programmed.result}/${programmed.detail}`);
  const start = pump.start();
  if (start.result !== Result.OK) throw new Error(`START answered ${start.result}/${start.detail}`);
  return pump;
}
