// Field-by-field comparison of an engine result with the oracle's; returns a description of the
// first difference, or undefined when they agree (params only when the status is OK).
import type { EngineResult, ParamResult } from "../../simulator/host/types.ts";

/** A result with the PCA parameters 23 … 28 (issue 15) beside the 576-byte result's 23. */
export type ResultWithPca = EngineResult & { pcaParams?: ParamResult[] };

const TOP_FIELDS = [
  "status",
  "verdict",
  "bindingParam",
  "bindingTier",
  "bindingLimitValue",
  "deliveredRateUlPerHour",
] as const;
const PARAM_FIELDS = ["classification", "tier", "displayValue", "limitValue"] as const;

export function firstDifference(engine: ResultWithPca, oracle: ResultWithPca): string | undefined {
  for (const field of TOP_FIELDS) {
    if (engine[field] !== oracle[field]) return `${field}: engine ${engine[field]}, oracle ${oracle[field]}`;
  }
  // The defaults block (issue 11 §4): zero on a failure, the effective defaults on OK.
  for (let i = 0; i < oracle.defaults.length; i++) {
    if (engine.defaults[i] !== oracle.defaults[i])
      return `defaults[${i}]: engine ${engine.defaults[i]}, oracle ${oracle.defaults[i]}`;
  }
  if (oracle.status !== 0) return undefined;
  if (engine.params.length !== oracle.params.length)
    return `params length: engine ${engine.params.length}, oracle ${oracle.params.length}`;
  for (let p = 0; p < oracle.params.length; p++) {
    for (const field of PARAM_FIELDS) {
      if (engine.params[p][field] !== oracle.params[p][field])
        return `param ${p} ${field}: engine ${engine.params[p][field]}, oracle ${oracle.params[p][field]}`;
    }
  }
  const pca = oracle.pcaParams ?? [];
  for (let i = 0; i < pca.length; i++) {
    for (const field of PARAM_FIELDS) {
      const seen = engine.pcaParams?.[i]?.[field];
      if (seen !== pca[i][field]) return `param ${23 + i} ${field}: engine ${seen}, oracle ${pca[i][field]}`;
    }
  }
  return undefined;
}

export const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex");

export const json = (value: unknown): string =>
  JSON.stringify(value, (_key, v) => (typeof v === "bigint" ? `${v}n` : v));
