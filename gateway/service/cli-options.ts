// `npm run gateway` command line → GatewayOptions (docs/gateway.md §7). Every error names the
// option and what a valid value looks like; the CLI then exits 2.
import { parseArgs } from "node:util";
import { parseArgsMessage } from "../../simulator/host/cli-terminal.ts";
import type { PumpEntry } from "./pump-port.ts";

export const USAGE = `usage: npm run gateway -- --pump <id>=<port>[@<care area>] … --ehr <host:port> --bcma <file> [options]
  --pump <id>=<port>[@<area>]  a pump: its ID as orders name it (OBX-18), its serial device, and the
                               care area its orders are for (default --care-area); repeatable
  --ehr <host:port>            the EHR's MLLP endpoint for RRG^O16, PCD-01 and PCD-10
  --bcma <file>                clinicians and formulary for the bedside check (JSON, docs/gateway.md §5)
  --listen <port>              PCD-03 listener port (default 2575; 0 picks a free port, logged)
  --scans <port>               bedside scanners' port (default 2576; 0 picks a free port, logged)
  --host <address>             address of both listeners (default 127.0.0.1)
  --care-area <id>             care area for pumps given without @<area>
  --state <dir>                journal and audit log (default ./gateway-state)
  --max-order-age <s>          an order older than this (ORC-9) is refused as stale (default 600)
  --poll-ms <n>                how often each pump is asked for its status (default 1000)
  --report-every <s>           PCD-01 period while a pump infuses (default 60)
  --help                       this text
examples:
  npm run gateway -- --pump PUMP-A=/dev/pts/3@1 --ehr 127.0.0.1:3001 --bcma ward.json
  npm run gateway -- --pump A=/dev/ttyUSB0 --pump B=/dev/ttyUSB1 --care-area 2 --listen 3000 --ehr ehr.local:3001 --bcma ward.json
Logs on stderr, one line per event. SIGTERM or SIGINT: finishes orders under way and exits 0.
Exit codes: 0 stopped by a signal, 1 the gateway could not start (a port in use, a damaged journal),
2 a usage error.`;

export class UsageError extends Error {}

export interface CliOptions {
  pumps: PumpEntry[];
  ehr: { host: string; port: number };
  bcmaPath: string;
  listenPort: number;
  scanPort: number;
  host: string;
  stateDir: string;
  maxOrderAgeS: number;
  pollMs: number;
  reportEveryS: number;
  help: boolean;
}

function integer(option: string, text: string | undefined, fallback: number, min: number, max: number): number {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max)
    throw new UsageError(`--${option}: "${text}" is not an integer from ${min} to ${max}`);
  return Number(text);
}

function pump(text: string, careArea: number | undefined): PumpEntry {
  const m = /^([^=\s]+)=([^@\s]+)(?:@(\d+))?$/.exec(text);
  if (m === null) throw new UsageError(`--pump: "${text}" is not <id>=<port>[@<care area>], e.g. PUMP-A=/dev/pts/3@1`);
  const area = m[3] === undefined ? careArea : integer("pump", m[3], 0, 1, 255);
  if (area === undefined)
    throw new UsageError(`--pump ${text}: no care area; write ${m[1]}=${m[2]}@<id> or give --care-area <id>`);
  return { id: m[1], path: m[2], careAreaId: area };
}

export function parseCliOptions(argv: string[]): CliOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        pump: { type: "string", multiple: true },
        ehr: { type: "string" },
        bcma: { type: "string" },
        listen: { type: "string" },
        scans: { type: "string" },
        host: { type: "string" },
        "care-area": { type: "string" },
        state: { type: "string" },
        "max-order-age": { type: "string" },
        "poll-ms": { type: "string" },
        "report-every": { type: "string" },
        help: { type: "boolean" },
      },
    });
  } catch (error) {
    throw new UsageError(parseArgsMessage(error));
  }
  const v = parsed.values;
  const help = v.help === true;
  const careArea = v["care-area"] === undefined ? undefined : integer("care-area", v["care-area"], 0, 1, 255);
  if (help)
    return {
      pumps: [],
      ehr: { host: "", port: 0 },
      bcmaPath: "",
      listenPort: 0,
      scanPort: 0,
      host: "",
      stateDir: "",
      maxOrderAgeS: 0,
      pollMs: 0,
      reportEveryS: 0,
      help,
    };
  const pumps = (v.pump ?? []).map((p) => pump(p, careArea));
  if (pumps.length === 0) throw new UsageError("--pump: at least one pump is needed, e.g. --pump PUMP-A=/dev/pts/3@1");
  const ids = new Set<string>();
  for (const p of pumps) {
    if (ids.has(p.id)) throw new UsageError(`--pump: pump ${p.id} is given twice`);
    ids.add(p.id);
  }
  if (v.ehr === undefined) throw new UsageError("--ehr: the EHR's endpoint is needed, e.g. --ehr 127.0.0.1:3001");
  const ehr = /^([^:\s]+):(\d+)$/.exec(v.ehr);
  if (ehr === null) throw new UsageError(`--ehr: "${v.ehr}" is not <host>:<port>, e.g. 127.0.0.1:3001`);
  if (v.bcma === undefined)
    throw new UsageError("--bcma: the bedside configuration file is needed (docs/gateway.md §5)");
  const listenPort = integer("listen", v.listen, 2575, 0, 65535);
  const scanPort = integer("scans", v.scans, 2576, 0, 65535);
  if (listenPort !== 0 && listenPort === scanPort)
    throw new UsageError(`--scans: port ${scanPort} is the PCD-03 listener's (--listen); give another`);
  return {
    pumps,
    ehr: { host: ehr[1], port: integer("ehr", ehr[2], 0, 1, 65535) },
    bcmaPath: v.bcma,
    listenPort,
    scanPort,
    host: v.host ?? "127.0.0.1",
    stateDir: v.state ?? "gateway-state",
    maxOrderAgeS: integer("max-order-age", v["max-order-age"], 600, 1, 86_400),
    pollMs: integer("poll-ms", v["poll-ms"], 1000, 10, 600_000),
    reportEveryS: integer("report-every", v["report-every"], 60, 1, 86_400),
    help,
  };
}
