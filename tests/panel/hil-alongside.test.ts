// The HIL runner on the pump's tty while the front panel is being read: the runner's scenarios pass
// as they do alone (the panel's requests never meet the runner's in the pump's history), and the
// panel shows the runner's programming as another client's.
import { afterEach, describe, expect, it } from "vitest";
import { HilDriver } from "../../hil/runner/driver.ts";
import { PortTarget } from "../../hil/runner/port-target.ts";
import { runScenario } from "../../hil/runner/run-scenario.ts";
import { readCatalogue } from "../../simulator/panel/catalogue.ts";
import { startPanel } from "../../simulator/panel/server.ts";
import { startVirtualPump } from "../../simulator/virtual-pump/start.ts";
import { scenarios } from "../hil/helpers.ts";
import { exampleImage } from "../simulator/helpers.ts";
import { page, textOf } from "./helpers.ts";

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const thing of open.splice(0).reverse()) await thing.close();
});

describe("REQ-PNL-007 REQ-PNL-006 the HIL runner and the panel at once", () => {
  it("REQ-PNL-007 REQ-PNL-006: scenarios pass on the tty while the page is loaded over and over; the page names another client", async () => {
    const image = exampleImage();
    const pump = await startVirtualPump({ libraryImage: image, seed: 17 });
    open.push(pump);
    pump.pump.attachLocalPort();
    const panel = await startPanel({ port: pump.pump, catalogue: readCatalogue(image), httpPort: 0 });
    open.push(panel);
    await page(panel);
    // A first sequence inside the panel's range: the case the local port's numbering must handle.
    const rig = { motorRateUlPerHour: async () => Number(pump.pump.host.motor.rateUlPerHour) };
    const target = await PortTarget.open(pump.path, 115_200, rig, 0xc000);
    open.push(target);
    // As the runner's suite does (hil/runner/run-suite.ts): HELLO opens the session first.
    const identify = await HilDriver.open(target);
    expect((await identify.hello()).ok).toBe(true);
    await identify.close();
    let running = true;
    let loads = 0;
    const reader = (async () => {
      while (running) {
        await page(panel);
        loads++;
      }
    })();
    const chosen = scenarios("hil/scenarios/WF-011-heparin-soft-stop-override.json");
    try {
      for (const loaded of chosen) {
        const run = await runScenario(loaded, target);
        expect(JSON.stringify(run.result.steps.filter((s) => s.verdict !== "pass")), loaded.scenario.id).toBe("[]");
      }
    } finally {
      running = false;
      await reader;
    }
    expect(loads).toBeGreaterThan(5);
    expect(textOf(await page(panel))).toContain("another client SOFT_STOP_OVERRIDDEN, Heparin");
  }, 60_000);
});
