// Issue 13 through the real parts: a virtual pump on its pseudo-terminal with a library that has
// external codes, a serial client sending AUTO_PROGRAM (as the gateway will), and the front panel as
// the pump's own keys (its local port calls receiveLocal, docs/decisions/0036). The serial client
// cannot start the order; the panel's START does.
import { afterEach, describe, expect, it } from "vitest";
import { AmountUnit, DoseBasis, Mode } from "../../firmware/abi/codes.ts";
import { Result } from "../../firmware/abi/protocol-codes.ts";
import { PumpState } from "../../firmware/abi/workflow-codes.ts";
import { PumpClient } from "../../simulator/client/client.ts";
import { SerialLink } from "../../simulator/link/serial-link.ts";
import { readCatalogue } from "../../simulator/panel/catalogue.ts";
import { startPanel } from "../../simulator/panel/server.ts";
import { startVirtualPump } from "../../simulator/virtual-pump/start.ts";
import { orderedLibraryImage } from "../workflow/ordered-library.ts";
import { page, post, textOf } from "./helpers.ts";

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const thing of open.splice(0).reverse()) await thing.close();
});

describe("REQ-WF-102 REQ-WF-106 the panel is the pump's own keys; the serial line is not", () => {
  it("REQ-WF-102: an order over the tty is pending; START over the tty is refused; START on the panel runs it", async () => {
    const image = orderedLibraryImage();
    const pump = await startVirtualPump({ libraryImage: image, clock: "manual", seed: 17 });
    open.push(pump);
    pump.pump.attachLocalPort();
    const panel = await startPanel({ port: pump.pump, catalogue: readCatalogue(image), httpPort: 0 });
    open.push(panel);
    const link = await SerialLink.open(pump.path);
    open.push(link);
    const client = new PumpClient(link, { timeoutMs: 2000 });
    expect((await client.hello()).ok).toBe(true);
    const ordered = await client.autoProgram({
      orderId: "ORD-TTY-1",
      patientId: "MRN-1",
      drugCode: "RXN:5224",
      careAreaId: 0,
      concentration: { amountAbu: 25_000_000_000n, volumeUl: 500_000, amountUnit: AmountUnit.UNITS },
      doseBasis: DoseBasis.WEIGHT,
      weightG: 70_000,
      program: { mode: Mode.DOSE, dose: 18_000_000n, vtbiUl: 100_000n },
    });
    expect(ordered.ok && ordered.value.orderBound).toBe(true);
    const remote = await client.start();
    expect(remote.ok ? "OK" : Result[remote.result]).toBe("LOCAL_CONFIRMATION_REQUIRED");
    expect(pump.pump.host.motor.rateUlPerHour).toBe(0);
    const pending = textOf(await page(panel));
    expect(pending).toContain("State PROGRAM PENDING");
    // The catalogue reads format-3 entries (codes are limit records) like any other.
    expect(pending).toContain("Concentration 25,000 units in 500 mL (50 units/mL)");
    const started = textOf(await post(panel, "start"));
    expect(started).toContain("State RUNNING");
    const infusion = await client.getInfusion();
    expect(infusion.ok && infusion.value.snapshot.state).toBe(PumpState.RUNNING);
    expect(pump.pump.host.motor.rateUlPerHour).toBe(25_200);
  });
});
