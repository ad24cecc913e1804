// Bedside scan stations (docs/gateway.md §5): each handheld scanner, by its station ID, sends the
// four scans as the nurse takes them; the station keeps the latest of each kind. An order for a
// pump is checked against the station whose latest pump scan names that pump. Scans used by an
// order are consumed: the next order at that bedside needs its own four scans.
import type { BedsideScans, ScanKind } from "./four-scans.ts";

export class BedsideStations {
  private readonly stations = new Map<string, BedsideScans>();

  record(station: string, kind: ScanKind, data: string, atMs: number): void {
    const scans = this.stations.get(station) ?? {};
    scans[kind] = { data, atMs };
    this.stations.set(station, scans);
  }

  /** The station whose most recent pump scan names this pump, or undefined when none did. */
  forPump(pumpId: string): { station: string; scans: BedsideScans } | undefined {
    let best: { station: string; scans: BedsideScans } | undefined;
    for (const [station, scans] of this.stations)
      if (scans.pump?.data === pumpId && (best === undefined || scans.pump.atMs > best.scans.pump!.atMs))
        best = { station, scans };
    return best;
  }

  consume(station: string): void {
    this.stations.delete(station);
  }
}
