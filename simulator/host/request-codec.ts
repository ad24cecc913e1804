// Encodes requests and decodes results in the byte layouts of docs/abi.md §4–§5.
import {
  Field,
  FIELD_COUNT,
  PARAM_COUNT,
  PARAM_SLOT_GAP,
  PARAM_SLOT_GAP_START,
  REQUEST_SIZE,
  REQUEST_SIZE_WITH_PCA,
  PCA_PARAM_FIRST,
  PCA_PARAM_LAST,
  RESULT_PCA_SLOTS_AT,
  RESULT_SIZE,
  Status,
} from "../../firmware/abi/codes.ts";
import {
  REQUEST_CARE_AREA_ID,
  REQUEST_CONCENTRATION_INDEX,
  REQUEST_ENTRY_ID,
  REQUEST_MODE,
  REQUEST_PRESENCE_MASK,
  REQUEST_VALUE_SIZE,
  REQUEST_VALUES,
} from "../../firmware/abi/request-layout.ts";
import {
  RESULT_BINDING_LIMIT_VALUE,
  RESULT_BINDING_PARAM,
  RESULT_BINDING_TIER,
  RESULT_DEFAULT_COUNT,
  RESULT_DEFAULTS_MASK,
  RESULT_DELIVERED_RATE_UL_PER_HOUR,
  RESULT_PARAM_SIZE,
  RESULT_PARAMS,
  RESULT_STATUS,
  RESULT_VERDICT,
  SLOT_CLASSIFICATION_AND_TIER,
  SLOT_DISPLAY_VALUE,
  SLOT_LIMIT_VALUE,
  SLOT_TIER,
} from "../../firmware/abi/result-layout.ts";
import type { EngineRequest, EngineResult, ParamResult, PcaBlock } from "./types.ts";

/** Request field name for each presence bit, in bit order. */
export const FIELD_NAMES = [
  "rateUlPerHour",
  "dose",
  "durationS",
  "vtbiUl",
  "weightG",
  "bsaM2X10000",
  "bolusDose",
  "bolusRateUlPerHour",
  "loadingDose",
  "customAmountAbu",
  "customVolumeUl",
  "doseAmount",
  "lineAccess",
  "ageDays",
  "pcaWindowS",
] as const satisfies readonly (keyof EngineRequest)[];

if (FIELD_NAMES.length !== FIELD_COUNT || FIELD_NAMES[Field.AGE_DAYS] !== "ageDays") {
  throw new Error("request-codec: FIELD_NAMES out of step with firmware/abi/codes.ts Field");
}

const MAX_U64 = (1n << 64n) - 1n;

/** The PCA block's 40 bytes (zeros without one), written at REQUEST_OFFSET + 136 (docs/abi.md §4.1). */
export function encodePcaBlock(pca: PcaBlock | undefined): Uint8Array {
  const out = new Uint8Array(REQUEST_SIZE_WITH_PCA - REQUEST_SIZE);
  if (pca === undefined) return out;
  const values = [pca.doseAbu, pca.lockoutS, pca.maxDosesPerHour, pca.clinicianBolusAbu, pca.windowMaxAbu];
  const view = new DataView(out.buffer);
  values.forEach((value, i) => {
    if (value < 0n || value > MAX_U64) throw new RangeError(`PCA block value ${i} = ${value} does not fit a u64`);
    view.setBigUint64(i * 8, value, true);
  });
  return out;
}

/**
 * The request's REQUEST_SIZE (136) bytes. Every present value must fit its u64 field: a value below 0 or at 2^64
 * and above throws a RangeError (before any byte is written) instead of being wrapped into another,
 * in-range value the engine would then judge as if the host had meant it.
 */
export function encodeRequest(request: EngineRequest, out: Uint8Array = new Uint8Array(REQUEST_SIZE)): Uint8Array {
  for (const name of FIELD_NAMES) {
    const value = request[name];
    if (value !== undefined && (value < 0n || value > MAX_U64)) {
      throw new RangeError(`request field ${name} = ${value} is outside 0 … ${MAX_U64} (a u64); it cannot be encoded`);
    }
  }
  const view = new DataView(out.buffer, out.byteOffset, REQUEST_SIZE);
  out.fill(0, 0, REQUEST_SIZE);
  view.setUint32(REQUEST_ENTRY_ID, request.entryId >>> 0, true);
  view.setUint8(REQUEST_CARE_AREA_ID, request.careAreaId);
  view.setUint8(REQUEST_CONCENTRATION_INDEX, request.concentrationIndex);
  view.setUint8(REQUEST_MODE, request.mode);
  let presence = 0;
  FIELD_NAMES.forEach((name, bit) => {
    const value = request[name];
    if (value === undefined) return;
    presence |= 1 << bit;
    view.setBigUint64(REQUEST_VALUES + REQUEST_VALUE_SIZE * bit, value, true);
  });
  view.setUint32(REQUEST_PRESENCE_MASK, presence >>> 0, true);
  return out;
}

export function decodeResult(bytes: Uint8Array): EngineResult {
  if (bytes.length < RESULT_SIZE) throw new Error(`result buffer is ${bytes.length} bytes, expected ${RESULT_SIZE}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, RESULT_SIZE);
  const status = view.getUint32(RESULT_STATUS, true);
  const ok = status === Status.OK;
  const params: ParamResult[] = [];
  if (ok) {
    for (let p = 0; p < PARAM_COUNT; p++) {
      // Parameters 13 and 14 are the workflow's: no slot, never checked by the engine (docs/abi.md §5).
      // Parameters 15 .. 22 sit in slots 13 .. 20.
      if (p >= PARAM_SLOT_GAP_START && p < PARAM_SLOT_GAP_START + PARAM_SLOT_GAP) {
        params.push({ classification: 0, tier: 0, displayValue: 0n, limitValue: 0n });
        continue;
      }
      const slot = p < PARAM_SLOT_GAP_START ? p : p - PARAM_SLOT_GAP;
      const base = RESULT_PARAMS + RESULT_PARAM_SIZE * slot;
      params.push({
        classification: view.getUint8(base + SLOT_CLASSIFICATION_AND_TIER),
        tier: view.getUint8(base + SLOT_TIER),
        displayValue: view.getBigUint64(base + SLOT_DISPLAY_VALUE, true),
        limitValue: view.getBigUint64(base + SLOT_LIMIT_VALUE, true),
      });
    }
  }
  return {
    status,
    verdict: view.getUint8(RESULT_VERDICT),
    bindingParam: view.getUint8(RESULT_BINDING_PARAM),
    bindingTier: view.getUint8(RESULT_BINDING_TIER),
    bindingLimitValue: ok ? view.getBigUint64(RESULT_BINDING_LIMIT_VALUE, true) : 0n,
    deliveredRateUlPerHour: ok ? view.getBigUint64(RESULT_DELIVERED_RATE_UL_PER_HOUR, true) : 0n,
    defaults: Array.from({ length: 1 + RESULT_DEFAULT_COUNT }, (_, i) =>
      ok ? view.getBigUint64(RESULT_DEFAULTS_MASK + 8 * i, true) : 0n,
    ),
    params,
  };
}

/** One PCA parameter slot (23 … 28) of the result appended after the 576 bytes. */
export interface PcaSlot {
  param: number;
  classification: number;
  tier: number;
  displayValue: bigint;
  limitValue: bigint;
}

/** The PCA slots of a result buffer of RESULT_SIZE_WITH_PCA bytes (docs/abi.md §5.1). */
export function decodePcaSlots(result: Uint8Array): PcaSlot[] {
  const slots: PcaSlot[] = [];
  for (let param = PCA_PARAM_FIRST; param <= PCA_PARAM_LAST; param++) {
    const at = RESULT_PCA_SLOTS_AT + (param - PCA_PARAM_FIRST) * RESULT_PARAM_SIZE;
    const v = new DataView(result.buffer, result.byteOffset + at, RESULT_PARAM_SIZE);
    slots.push({
      param,
      classification: v.getUint8(0),
      tier: v.getUint8(1),
      displayValue: v.getBigUint64(8, true),
      limitValue: v.getBigUint64(16, true),
    });
  }
  return slots;
}
