// One scenario's EHR gateway (docs/hil.md §9, decisions/0046): the gateway of gateway/ started in the
// runner's process on localhost TCP, its one pump the pump under test reached through the runner's
// own line (the HilDriver: every frame is in the transcript, timeouts run on the target's time), its
// journal in a fresh directory, its clock the scenario's (a fixed start plus the pump's elapsed
// time), and the EHR's MLLP listener. The same works on any target: on a rig the driver's line is
// the rig's serial port, and the pump's keys are its `local` steps.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readBcmaConfig } from "../../gateway/service/bcma-config.ts";
import { SerialPumpPort } from "../../gateway/service/pump-port.ts";
import { startGateway, type GatewayHandle } from "../../gateway/service/start.ts";
import type { GatewayStartStep } from "../model/gateway-steps.ts";
import type { HilDriver } from "./driver.ts";
import { EhrListener } from "./ehr-side.ts";

/** Real time the gateway may take to deliver what it queued to a listening EHR before the step fails. */
export const DELIVERY_LIMIT_MS = 10_000;
/** The gateway's pause before it tries the EHR again (real time: retries are not in the report). */
const EHR_RETRY_MS = 20;
/** The status reporter's own timer never fires in a scenario: gatewayPoll steps poll. */
const NEVER_MS = 2_147_483_647;

export class GatewayBedside {
  /** expectEhr's place in the EHR's messages of each type. */
  readonly taken = new Map<string, number>();

  private constructor(
    readonly gw: GatewayHandle,
    readonly ehr: EhrListener,
    private readonly stateDir: string,
  ) {}

  static async start(config: GatewayStartStep["gateway"], driver: HilDriver): Promise<GatewayBedside> {
    const startMs = Date.parse(config.clock);
    if (!Number.isFinite(startMs)) throw new Error(`gateway.clock ${JSON.stringify(config.clock)} is not a UTC time`);
    const bcma = readBcmaConfig(
      JSON.stringify({ clinicians: config.clinicians, products: config.products, maxScanAgeS: config.maxScanAgeS }),
      "the gateway step",
    );
    const ehr = new EhrListener();
    await ehr.start();
    const stateDir = mkdtempSync(join(tmpdir(), "hil-gateway-"));
    let gw: GatewayHandle;
    try {
      gw = await startGateway({
        pumps: [{ id: config.pumpId, path: "(the HIL runner's line)", careAreaId: config.careAreaId }],
        listenPort: 0,
        scanPort: 0,
        ehr: { host: "127.0.0.1", port: ehr.port },
        bcma,
        stateDir,
        maxOrderAgeMs: (config.maxOrderAgeS ?? 600) * 1000,
        pollMs: NEVER_MS,
        reportEveryMs: (config.reportEveryS ?? 60) * 1000,
        ehrRetryMs: EHR_RETRY_MS,
        now: () => startMs + driver.elapsedMs(),
        openPump: (entry) => new SerialPumpPort(entry.path, undefined, driver),
      });
    } catch (error) {
      await ehr.stop();
      rmSync(stateDir, { recursive: true, force: true });
      throw error;
    }
    return new GatewayBedside(gw, ehr, stateDir);
  }

  /** Waits until every order is answered by its pump and, while the EHR listens, every queued message is delivered. */
  async settle(): Promise<void> {
    await this.gw.gateway.idle();
    if (!this.ehr.listening) return;
    const until = performance.now() + DELIVERY_LIMIT_MS;
    while (this.gw.journal.pendingOutbound().length > 0) {
      if (performance.now() > until)
        throw new Error(
          `the gateway did not deliver its ${this.gw.journal.pendingOutbound().length} queued message(s) to the EHR within ${DELIVERY_LIMIT_MS} ms`,
        );
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  }

  async close(): Promise<void> {
    try {
      await this.gw.close();
    } finally {
      await this.ehr.stop();
      rmSync(this.stateDir, { recursive: true, force: true });
    }
  }
}
