// One virtual pump of the fleet simulator, in this process: the release firmware under PumpHost
// (in-memory NV), reached by the reference PumpClient through a ByteLink that hands the frames
// straight to the host — the same bytes a serial line would carry, without a pseudo-terminal, so
// 50 pumps × 30 days run in seconds. Simulated time only: the pump's clock and the client's
// timers move together in advance().
import { Status } from "../../firmware/abi/codes.ts";
import { PumpClient } from "../../simulator/client/client.ts";
import type { ByteLink } from "../../simulator/link/link.ts";
import { ManualTimers } from "../../simulator/link/timers.ts";
import { NvStore } from "../../simulator/pump/nv-store.ts";
import { PumpHost } from "../../simulator/pump/pump-host.ts";

/** Bytes to the host's receive(); what it queued goes back after write() resolves, as from a port. */
class HostLink implements ByteLink {
  private readonly listeners: ((bytes: Uint8Array) => void)[] = [];

  constructor(private readonly host: PumpHost) {}

  onData(listener: (bytes: Uint8Array) => void): void {
    this.listeners.push(listener);
  }

  async write(bytes: Uint8Array): Promise<void> {
    this.host.receive(bytes);
    this.deliver();
  }

  /** Hands on whatever the pump queued (answers, and EVENT frames a tick raised). */
  deliver(): void {
    const out = this.host.drainTransmit();
    if (out.length > 0) queueMicrotask(() => this.listeners.forEach((listener) => listener(out)));
  }
}

export class InProcessPump {
  readonly client: PumpClient;
  private readonly timers = new ManualTimers();
  private readonly link: HostLink;

  private constructor(readonly host: PumpHost) {
    this.link = new HostLink(host);
    this.client = new PumpClient(this.link, { timers: this.timers });
  }

  /** A blank pump with `libraryImage` loaded (refused: an Error naming the status). */
  static async start(module: WebAssembly.Module, libraryImage: Uint8Array): Promise<InProcessPump> {
    const host = await PumpHost.create({ wasmModule: module, nvStore: new NvStore() });
    const status = host.loadLibrary(libraryImage);
    if (status !== Status.OK) throw new Error(`the pump refused the library: status ${Status[status] ?? status}`);
    return new InProcessPump(host);
  }

  get nowMs(): number {
    return this.timers.nowMs;
  }

  /** Simulated time passes on the pump (delivery, alarms) and for the client's timers. */
  advance(elapsedMs: number): void {
    if (elapsedMs <= 0) return;
    this.host.tick(elapsedMs);
    this.timers.advance(elapsedMs);
    this.link.deliver();
    this.client.events.length = 0; // EVENT frames are in the log too; the simulator does not keep them
  }

  close(): void {
    this.host.close();
  }
}
