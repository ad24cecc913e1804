// Interface of the programming workflow (docs/workflow.md), called by firmware/protocol (commands),
// firmware/index.ts (tick, motorRate) and firmware/faults (sensor inputs). Wiring only.
export { selectBasicInfusion, selectCareArea, selectEntry, setPatientValues, weightClassification, bsaClassification } from "./selection";
export { cancel, overridePending, programBolus, programPrimary, programSecondary, programTitration } from "./programming";
export { acknowledgeAlarms, onSensorFaults, pause, resetWorkflow, resume, start, stop, workflowInfusing } from "./infusion";
export { deliverAndAdvance, motorRateUlPerHour } from "./delivery";
export { writeSnapshot } from "./snapshot";
export { detailOf, resultOf } from "./outcome";
