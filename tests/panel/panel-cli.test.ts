// `npm run pump -- --panel [port]`: the option's forms, and the panel served by the pump process
// on 127.0.0.1 next to its tty.
import { afterAll, describe, expect, it } from "vitest";
import { DEFAULT_PANEL_PORT, parseCliOptions, UsageError } from "../../simulator/virtual-pump/cli-options.ts";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { exampleImage, killSpawnedPumps, spawnPumpCli, tempDir } from "../simulator/helpers.ts";

const dir = tempDir("panel-cli-");
afterAll(() => {
  killSpawnedPumps();
  dir.remove();
});

describe("REQ-PNL-001 the pump serves its front panel on 127.0.0.1", () => {
  it("REQ-PNL-001: --panel alone, --panel <port>, --panel=<port>; a bad port is a usage error naming --panel", () => {
    expect(parseCliOptions(["--panel"]).panelPort).toBe(DEFAULT_PANEL_PORT);
    expect(parseCliOptions(["--panel", "9000", "--fast"])).toMatchObject({ panelPort: 9000, clock: "fast" });
    expect(parseCliOptions(["--panel=0"]).panelPort).toBe(0);
    expect(parseCliOptions(["--fast", "--panel"]).panelPort).toBe(DEFAULT_PANEL_PORT);
    expect(parseCliOptions([]).panelPort).toBeUndefined();
    expect(() => parseCliOptions(["--panel=70000"])).toThrow(UsageError);
    expect(() => parseCliOptions(["--panel=70000"])).toThrow(/--panel: "70000" is not an integer from 0 to 65535/);
  });
  it("REQ-PNL-001: the pump process prints its tty, logs the panel's address, and the page answers there", async () => {
    const image = join(dir.path, "general-hospital.dersimg");
    writeFileSync(image, exampleImage());
    const pump = spawnPumpCli(["--library", image, "--panel", "0", "--fast"]);
    expect(await pump.path).toMatch(/^\/dev\//);
    let url: string | undefined;
    for (let i = 0; i < 100 && url === undefined; i++) {
      url = /front panel on (http:\/\/127\.0\.0\.1:\d+\/)/.exec(pump.stderr())?.[1];
      if (url === undefined) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(url).toBeDefined();
    const html = await (await fetch(url!)).text();
    expect(html).toContain("General Hospital (example)");
    pump.child.kill("SIGTERM");
    expect((await pump.exited).code).toBe(0);
  }, 60_000);
});
