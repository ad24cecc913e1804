// The JSON Schema of the gateway-backed steps (hil/model/gateway-steps.ts, docs/hil.md §9), merged
// into the scenario schema by scenario-schema.ts: one definition per step key, `<key>Step`.
const note = { description: "A remark for the reader; the runner ignores it.", type: "string" };
const obj = (description: string, properties: Record<string, unknown>, required: string[] = []) => ({
  ...(description === "" ? {} : { description }),
  type: "object",
  properties,
  ...(required.length ? { required } : {}),
  additionalProperties: false,
});
const text = (description: string, pattern = "^[ -~]{1,200}$") => ({ description, type: "string", pattern });
const decimal = (description: string) => text(description, "^[0-9]{1,9}(\\.[0-9]{1,6})?$");
const quantity = (description: string) =>
  obj(description, { value: decimal("A decimal number."), unit: text("A UCUM unit, e.g. mL/h, [iU]/kg/h, mg.") }, [
    "value",
    "unit",
  ]);
/** An HL7 field address: segment-field or segment-field.component (the segment's first occurrence). */
const FIELD_ADDRESS = "^[A-Z][A-Z0-9]{2}-[1-9][0-9]{0,2}(\\.[1-9][0-9]?)?$";
const MESSAGE_TYPE = "^(RRG\\^O16|ORU\\^R01|ORU\\^R42|ACK)$";

export const GATEWAY_STEP_DEFS: Record<string, unknown> = {
  gatewayStep: obj(
    "Starts the EHR gateway for this scenario (docs/hil.md §9): its journal in a fresh directory, listening on localhost TCP, its one pump the pump under test reached through the runner's own line, and the EHR's MLLP listener. Its clock runs with the pump's.",
    {
      gateway: obj(
        "",
        {
          pumpId: text("The pump's ID as orders name it in OBX-18."),
          careAreaId: { description: "The care area its orders are for.", type: "integer", minimum: 0, maximum: 255 },
          clock: {
            description: "The gateway's UTC time when the scenario's pump clock is 0.",
            type: "string",
            pattern: "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$",
          },
          clinicians: { type: "array", items: text("A badge ID."), minItems: 1 },
          products: {
            description: "The formulary, as in the gateway's --bcma file (docs/gateway.md §5).",
            type: "array",
            items: obj(
              "",
              {
                gtin: text("GTIN-14.", "^[0-9]{14}$"),
                drugCode: text("The drug code orders carry."),
                amount: decimal("The concentration's amount."),
                amountUnit: text("Its UCUM unit."),
                volumeMl: decimal("Over this volume, mL."),
              },
              ["gtin", "drugCode"],
            ),
          },
          maxScanAgeS: { type: "integer", minimum: 1, maximum: 86400 },
          maxOrderAgeS: { type: "integer", minimum: 1, maximum: 86400 },
          reportEveryS: {
            description: "A PCD-01 at least this often while the pump infuses (default 60).",
            type: "integer",
            minimum: 1,
            maximum: 86400,
          },
        },
        ["pumpId", "careAreaId", "clock", "clinicians", "products"],
      ),
      note,
    },
    ["gateway"],
  ),
  scanStep: obj(
    "Bedside scans of one station sent to the gateway's scan port, in the order patient, clinician, medication, pump; each must be answered OK.",
    {
      scan: obj(
        "",
        {
          station: text("The station (bedside) name.", "^[!-~]{1,64}$"),
          patient: text("The wristband."),
          clinician: text("The badge."),
          medication: text("The label's GS1 element string."),
          pump: text("The pump's barcode."),
        },
        ["station"],
      ),
      note,
    },
    ["scan"],
  ),
  ehrOrderStep: obj(
    "One RGV^O15 from the EHR over MLLP (built with @medplum/core); expect checks its ACK^O15 (default MSA-1 CA). The step then waits until the gateway has the pump's answer and the EHR has every message the gateway could deliver.",
    {
      ehrOrder: obj(
        "",
        {
          controlId: text("MSH-10."),
          orderId: text("ORC-2."),
          requestedAt: text("ORC-9.", "^[0-9]{12}([0-9]{2})?[+-][0-9]{4}$"),
          patientId: text("PID-3."),
          pumpId: text("OBX-18 of the device OBX."),
          clinician: text("ORC-19."),
          drugCode: text("RXG-4.1."),
          drugText: text("RXG-4.2."),
          rate: quantity("RXG-15/16: a rate or a dose rate."),
          strength: obj("RXG-17/18 over RXG-23/24.", { amount: quantity("The amount."), volumeMl: decimal("mL.") }, [
            "amount",
            "volumeMl",
          ]),
          vtbiMl: decimal("RXG-5 in mL."),
          weightKg: decimal("The weight OBX (68063), kg."),
          route: text("RXR-1 (table 0162), default IV."),
        },
        ["controlId", "orderId", "requestedAt", "patientId", "pumpId", "clinician", "drugCode", "drugText", "rate"],
      ),
      expect: { type: "object", propertyNames: { pattern: FIELD_ADDRESS }, additionalProperties: { type: "string" } },
      note,
    },
    ["ehrOrder"],
  ),
  ehrListenerStep: obj(
    "The EHR's MLLP listener stops (its port refuses connections) or starts again on the same port; after start the step waits until the gateway has delivered what it queued.",
    { ehrListener: { enum: ["stop", "start"] }, note },
    ["ehrListener"],
  ),
  gatewayPollStep: obj(
    "The gateway's status reporter asks the pump once (GET_INFUSION on the runner's line) and sends what changed to the EHR (PCD-01, PCD-10).",
    { gatewayPoll: { const: true }, note },
    ["gatewayPoll"],
  ),
  expectEhrStep: obj(
    "The next message of this type the EHR received, after those earlier expectEhr steps took: fields by address (MSH-10, MSA-1, ERR-5.1) and observations (OBX-5 of the OBX whose OBX-3.1 is the code).",
    {
      expectEhr: obj(
        "",
        {
          type: { type: "string", pattern: MESSAGE_TYPE },
          fields: {
            type: "object",
            propertyNames: { pattern: FIELD_ADDRESS },
            additionalProperties: { type: "string" },
          },
          observations: {
            type: "object",
            propertyNames: { pattern: "^[0-9]{1,9}$" },
            additionalProperties: { type: "string" },
          },
        },
        ["type"],
      ),
      note,
    },
    ["expectEhr"],
  ),
  expectEhrCountStep: obj(
    "How many messages of each type the EHR received in all; and no control ID (MSH-10) received twice.",
    {
      expectEhrCount: {
        type: "object",
        propertyNames: { pattern: MESSAGE_TYPE },
        additionalProperties: { type: "integer", minimum: 0 },
        minProperties: 1,
      },
      note,
    },
    ["expectEhrCount"],
  ),
};
