// `npm run gateway` as its own process (gateway/cli.ts): usage errors name the option (exit 2), a
// gateway that cannot start says why (exit 1), a running one logs its progress lines and stops
// on SIGTERM with exit 0 (REQ-GW-056). Options are also checked in-process (cli-options.ts).
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseCliOptions, UsageError } from "../../gateway/service/cli-options.ts";
import { readBcmaConfig, BcmaConfigError } from "../../gateway/service/bcma-config.ts";
import { DOPAMINE_GTIN, tempDir } from "./harness.ts";

const dir = tempDir("gw-cli-");
afterAll(() => dir.remove());

const CONFIG = JSON.stringify({
  clinicians: ["RN-17"],
  products: [{ gtin: DOPAMINE_GTIN, drugCode: "DOPA-400-250", amount: "400", amountUnit: "mg", volumeMl: "250" }],
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(args: string[], stopWhen?: (stderr: string) => boolean): Promise<Run> {
  const child = spawn(process.execPath, ["--import", "tsx", "gateway/cli.ts", ...args], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  let signalled = false;
  child.stdout.on("data", (c: Buffer) => void (stdout += c.toString()));
  child.stderr.on("data", (c: Buffer) => {
    stderr += c.toString();
    if (!signalled && stopWhen?.(stderr)) {
      signalled = true;
      child.kill("SIGTERM");
    }
  });
  const killer = setTimeout(() => child.kill("SIGKILL"), 20_000);
  return new Promise((resolve) =>
    child.once("exit", (code) => {
      clearTimeout(killer);
      resolve({ code, stdout, stderr });
    }),
  );
}

describe("REQ-GW-056 the gateway command", () => {
  it("REQ-GW-056: bad arguments are refused naming the option, with exit 2", async () => {
    const cases: [string[], RegExp][] = [
      [["--pump", "PUMP-A"], /--pump: "PUMP-A" is not <id>=<port>\[@<care area>\]/],
      [["--pump", "A=/dev/x@1", "--ehr", "nohost"], /--ehr: "nohost" is not <host>:<port>/],
      [["--pump", "A=/dev/x", "--ehr", "h:1", "--bcma", "f"], /--pump A=\/dev\/x: no care area/],
      [["--pump", "A=/dev/x@1", "--pump", "A=/dev/y@1", "--ehr", "h:1", "--bcma", "f"], /pump A is given twice/],
      [
        ["--pump", "A=/dev/x@1", "--ehr", "h:1", "--bcma", "f", "--listen", "70000"],
        /--listen: "70000" is not an integer from 0 to 65535/,
      ],
      [["--frobnicate"], /unknown option "--frobnicate"/],
    ];
    for (const [args, message] of cases) {
      expect(() => parseCliOptions(args)).toThrow(UsageError);
      expect(() => parseCliOptions(args)).toThrow(message);
    }
    const r = await run(["--pump", "PUMP-A"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^gateway: --pump: "PUMP-A" is not/);
    expect(r.stderr).toContain("usage: npm run gateway");
  });

  it("REQ-GW-056: an unreadable configuration or a port in use stops the start with exit 1, saying why", async () => {
    const bad = join(dir.path, "bad.json");
    writeFileSync(bad, JSON.stringify({ clinicians: [], products: [{ gtin: "00312345678907", drugCode: "X" }] }));
    const base = ["--pump", "PUMP-A=/dev/null@1", "--ehr", "127.0.0.1:9", "--state", join(dir.path, "s1")];
    const r1 = await run([...base, "--bcma", bad]);
    expect(r1.code).toBe(1);
    expect(r1.stderr).toContain("bad.json: products[0].gtin: 00312345678907: the check digit is wrong");
    const good = join(dir.path, "ward.json");
    writeFileSync(good, CONFIG);
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, "127.0.0.1", resolve));
    const port = (busy.address() as AddressInfo).port;
    const r2 = await run([...base, "--bcma", good, "--listen", String(port), "--scans", "0"]);
    busy.close();
    expect(r2.code).toBe(1);
    expect(r2.stderr).toMatch(/gateway: cannot start: .*EADDRINUSE/);
  });

  it("REQ-GW-056: a gateway logs its listeners, pumps and EHR, and stops on SIGTERM with exit 0", async () => {
    const good = join(dir.path, "ward2.json");
    writeFileSync(good, CONFIG);
    const r = await run(
      [
        "--pump",
        "PUMP-A=/dev/null@2",
        "--ehr",
        "127.0.0.1:9",
        "--bcma",
        good,
        "--listen",
        "0",
        "--scans",
        "0",
        "--state",
        join(dir.path, "s2"),
      ],
      (stderr) => stderr.includes("journal in"),
    );
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/gateway: PCD-03 listener on 127\.0\.0\.1:\d+/);
    expect(r.stderr).toContain("gateway: pump PUMP-A on /dev/null (care area 2)");
    expect(r.stderr).toContain("gateway: stopped");
    expect(r.stdout).toBe("");
  });

  it("REQ-GW-056 REQ-GW-049: the bedside configuration file is checked field by field", () => {
    expect(readBcmaConfig(CONFIG, "ward.json").formulary.get(DOPAMINE_GTIN)).toEqual({
      gtin: DOPAMINE_GTIN,
      drugCode: "DOPA-400-250",
      amountAbu: 400_000_000_000n,
      volumeUl: 250_000n,
    });
    const bad = (c: unknown) => () => readBcmaConfig(JSON.stringify(c), "w.json");
    expect(bad({ clinicians: "RN", products: [] })).toThrow("w.json: clinicians: must be a list of badge IDs");
    expect(bad({ clinicians: [], products: [{ gtin: DOPAMINE_GTIN, drugCode: "D", amount: "1" }] })).toThrow(
      "w.json: products[0]: a concentration needs amount, amountUnit and volumeMl together",
    );
    expect(
      bad({
        clinicians: [],
        products: [{ gtin: DOPAMINE_GTIN, drugCode: "D", amount: "1", amountUnit: "mL", volumeMl: "5" }],
      }),
    ).toThrow(/products\[0\]\.amountUnit: must be a UCUM drug amount/);
    expect(bad({ clinicians: [], products: [], maxScanAgeS: 0 })).toThrow(BcmaConfigError);
  });
});
