// The canonical unit of each engine parameter's display value and limit (docs/engine.md §2, §7;
// docs/units.md). ABU = amount base unit of the entry's amount kind; "per basis" = per kg, per m²
// or per patient, as the entry's dose basis says. Keyed by the Param enum so no id is retyped.
import { Param } from "../../firmware/abi/codes.ts";

export const PARAM_UNITS: Readonly<Record<Param, string>> = {
  [Param.WEIGHT]: "g",
  [Param.BSA]: "m2 x 10^-4",
  [Param.CONCENTRATION]: "ABU/mL",
  [Param.DOSE]: "ABU per basis per h",
  [Param.DOSE_ABSOLUTE]: "ABU/h",
  [Param.RATE]: "uL/h",
  [Param.AREA_MAX_RATE]: "uL/h",
  [Param.VTBI]: "uL",
  [Param.AREA_MAX_VTBI]: "uL",
  [Param.DURATION]: "s",
  [Param.BOLUS_DOSE]: "ABU per basis",
  [Param.BOLUS_RATE]: "uL/h",
  [Param.LOADING_DOSE]: "ABU per basis",
  [Param.BOLUS_DOSE_ABSOLUTE]: "ABU",
  [Param.LOADING_DOSE_ABSOLUTE]: "ABU",
  [Param.DOSE_PER_ADMIN]: "ABU per basis",
  [Param.DOSE_PER_ADMIN_ABSOLUTE]: "ABU",
  [Param.BOLUS_DOSE_RATE]: "ABU per basis per h",
  [Param.LOADING_DOSE_RATE]: "ABU per basis per h",
  [Param.PERIPHERAL_CONCENTRATION]: "ABU/mL",
  [Param.CUMULATIVE]: "ABU",
  // Issue 15 (PCA): appended after the 576-byte result (docs/abi.md §5.1).
  [Param.PCA_DOSE]: "ABU per basis",
  [Param.PCA_LOCKOUT]: "s",
  [Param.PCA_MAX_DOSES_PER_HOUR]: "doses",
  [Param.PCA_CLINICIAN_BOLUS]: "ABU per basis",
  [Param.PCA_WINDOW_MAX]: "ABU",
  [Param.PCA_BASAL_IN_WINDOW]: "ABU",
};

/** Parameter 13 in workflow records: the titration step (docs/workflow.md §4.3), a dose-rate change. */
export const TITRATION_STEP_PARAM = 13;
