// The bedside scanners' port (docs/gateway.md §5): TCP on 127.0.0.1 unless told otherwise, one scan
// per line — `<station> <kind> <data>` with kind patient, clinician, medication or pump, and the
// data as the scanner read it (a GS1 element string may hold group separators). Each line is
// answered `OK <kind>` or `ERR <reason>`; a line that is not a scan changes nothing.
import { createServer, type AddressInfo, type Socket } from "node:net";
import { SCAN_KINDS, type ScanKind } from "../bcma/four-scans.ts";

export interface ScanListenerOptions {
  host?: string;
  port: number;
  record(station: string, kind: ScanKind, data: string): void;
  log(line: string): void;
}

const MAX_LINE = 4096;

/** A scan line → its parts, or the reason it is not one. */
export function readScanLine(line: string): { station: string; kind: ScanKind; data: string } | string {
  const m = /^(\S+) (\S+) (.+)$/.exec(line);
  if (m === null) return "a scan is `<station> <kind> <data>`";
  if (!SCAN_KINDS.includes(m[2] as ScanKind))
    return `kind ${JSON.stringify(m[2])} is not one of ${SCAN_KINDS.join(", ")}`;
  return { station: m[1], kind: m[2] as ScanKind, data: m[3] };
}

export async function listenForScans(options: ScanListenerOptions): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    let buffer = "";
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => {
      buffer += chunk;
      let end: number;
      while ((end = buffer.indexOf("\n")) >= 0) {
        const line = buffer.slice(0, end).replace(/\r$/, "");
        buffer = buffer.slice(end + 1);
        const scan = readScanLine(line);
        if (typeof scan === "string") socket.write(`ERR ${scan}\n`);
        else {
          options.record(scan.station, scan.kind, scan.data);
          socket.write(`OK ${scan.kind}\n`);
        }
      }
      if (buffer.length > MAX_LINE) {
        socket.end(`ERR a line longer than ${MAX_LINE} characters\n`);
        buffer = "";
      }
    });
    socket.on("error", (error) => options.log(`scanner: ${error.message}`));
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host ?? "127.0.0.1", () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
