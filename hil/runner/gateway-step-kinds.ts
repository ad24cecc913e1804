// The gateway-backed step kinds (docs/hil.md §9): rows of the step table (step-kinds.ts) for the
// steps of hil/model/gateway-steps.ts. `gateway` starts the scenario's gateway and EHR
// (gateway-bedside.ts); the others need it. Each waits until what it caused has settled — the
// pump's answer in, the messages the gateway queued delivered to a listening EHR — so what the EHR
// received is a function of the scenario, and the report of two runs is the same.
import { connect } from "node:net";
import type { Check } from "../model/fields.ts";
import type { GATEWAY_STEP_KEYS } from "../model/gateway-steps.ts";
import { buildOrder, fieldAt, messageType, observationOf, sendToGateway } from "./ehr-side.ts";
import { GatewayBedside, DELIVERY_LIMIT_MS } from "./gateway-bedside.ts";
import type { StepContext } from "./step-context.ts";
import type { Step } from "../model/scenario.ts";

type GatewayStepKey = (typeof GATEWAY_STEP_KEYS)[number];
type StepOf<K extends GatewayStepKey> = Extract<Step, Record<K, unknown>>;
/** A row of step-kinds.ts's table (its StepKind, restated here: that file spreads this table in). */
interface GatewayStepKind<K extends GatewayStepKey> {
  acting: boolean;
  describe(step: StepOf<K>): string;
  check(step: StepOf<K>, context: StepContext): Promise<Check[]>;
}

const BEDSIDE = "gateway";
const json = (value: unknown): string => JSON.stringify(value);

function bedside(context: StepContext): GatewayBedside {
  const found = context.resources.get<GatewayBedside>(BEDSIDE);
  if (found === undefined) throw new Error("no gateway runs in this scenario: a gateway step must come first");
  return found;
}

const text = (label: string, expected: string, observed: string): Check => ({
  expected: `${label} ${json(expected)}`,
  observed: `${label} ${json(observed)}`,
  ok: expected === observed,
});

/** Scan lines to the scan port on one connection; the answers, one a line. */
async function sendScans(port: number, lines: readonly string[]): Promise<string[]> {
  const socket = connect({ host: "127.0.0.1", port });
  socket.setEncoding("utf8");
  let got = "";
  socket.on("data", (chunk: string) => void (got += chunk));
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", () => resolve());
      socket.once("error", reject);
    });
    socket.write(lines.map((l) => `${l}\n`).join(""));
    const until = performance.now() + DELIVERY_LIMIT_MS;
    while (got.split("\n").length <= lines.length) {
      if (performance.now() > until) throw new Error(`the scan port answered ${json(got)} to ${lines.length} scans`);
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    return got.split("\n").slice(0, lines.length);
  } finally {
    socket.destroy();
  }
}

const SCAN_KINDS = ["patient", "clinician", "medication", "pump"] as const;

export const GATEWAY_STEP_KINDS: { readonly [K in GatewayStepKey]: GatewayStepKind<K> } = {
  gateway: {
    acting: true,
    describe: (step) =>
      `gateway for ${step.gateway.pumpId} (care area ${step.gateway.careAreaId}), clock ${step.gateway.clock}`,
    check: async (step, context) => {
      const started = await GatewayBedside.start(step.gateway, context.driver);
      context.resources.set(BEDSIDE, started, () => started.close());
      return [];
    },
  },
  scan: {
    acting: true,
    describe: (step) =>
      `scan at ${step.scan.station}: ${SCAN_KINDS.filter((k) => step.scan[k] !== undefined)
        .map((k) => `${k} ${step.scan[k]}`)
        .join(", ")}`,
    check: async (step, context) => {
      const kinds = SCAN_KINDS.filter((k) => step.scan[k] !== undefined);
      const answers = await sendScans(
        bedside(context).gw.scanPort,
        kinds.map((k) => `${step.scan.station} ${k} ${step.scan[k]}`),
      );
      return kinds.map((k, i) => text(`scan ${k}`, `OK ${k}`, answers[i]));
    },
  },
  ehrOrder: {
    acting: true,
    describe: (step) =>
      `ehrOrder RGV^O15 ${step.ehrOrder.controlId}: order ${step.ehrOrder.orderId} for ${step.ehrOrder.patientId} on ${step.ehrOrder.pumpId}, ${step.ehrOrder.drugCode} ${step.ehrOrder.rate.value} ${step.ehrOrder.rate.unit}`,
    check: async (step, context) => {
      const b = bedside(context);
      const ack = await sendToGateway(b.gw.port, buildOrder(step.ehrOrder));
      await b.settle();
      const expected = step.expect ?? { "MSA-1": "CA" };
      return [
        text("ACK type", "ACK^O15", messageType(ack)),
        ...Object.entries(expected).map(([address, value]) => text(address, value, fieldAt(ack, address))),
      ];
    },
  },
  ehrListener: {
    acting: true,
    describe: (step) => `ehrListener ${step.ehrListener}`,
    check: async (step, context) => {
      const b = bedside(context);
      if (step.ehrListener === "stop") {
        await b.ehr.stop();
        return [];
      }
      await b.ehr.start(b.ehr.port);
      b.gw.sender.kick(); // the gateway tries again at once rather than after its pause
      await b.settle();
      return [];
    },
  },
  gatewayPoll: {
    acting: true,
    describe: () => "gatewayPoll",
    check: async (_step, context) => {
      const b = bedside(context);
      await b.gw.reporter.pollAll();
      await b.settle();
      return [];
    },
  },
  expectEhr: {
    acting: false,
    describe: (step) =>
      `expectEhr ${step.expectEhr.type}${step.expectEhr.fields === undefined ? "" : ` ${json(step.expectEhr.fields)}`}${
        step.expectEhr.observations === undefined ? "" : ` observations ${json(step.expectEhr.observations)}`
      }`,
    check: async (step, context) => {
      const b = bedside(context);
      const { type, fields = {}, observations = {} } = step.expectEhr;
      const index = b.taken.get(type) ?? 0;
      const message = b.ehr.of(type)[index];
      const checks: Check[] = [
        text("message", `${type} #${index + 1}`, message === undefined ? "(none)" : `${type} #${index + 1}`),
      ];
      if (message === undefined) return checks;
      b.taken.set(type, index + 1);
      for (const [address, value] of Object.entries(fields))
        checks.push(text(address, value, fieldAt(message, address)));
      for (const [code, value] of Object.entries(observations))
        checks.push(text(`OBX ${code}`, value, observationOf(message, code)));
      return checks;
    },
  },
  expectEhrCount: {
    acting: false,
    describe: (step) => `expectEhrCount ${json(step.expectEhrCount)}`,
    check: async (step, context) => {
      const b = bedside(context);
      const ids = b.ehr.received.map((m) => fieldAt(m, "MSH-10"));
      const repeated = ids.filter((id, i) => ids.indexOf(id) !== i);
      return [
        ...Object.entries(step.expectEhrCount).map(([type, count]) => ({
          expected: `${type} received ${count}`,
          observed: `${type} received ${b.ehr.of(type).length}`,
          ok: b.ehr.of(type).length === count,
        })),
        text("MSH-10 received twice", "", repeated.join(" ")),
      ];
    },
  },
};
