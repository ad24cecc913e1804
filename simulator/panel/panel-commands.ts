// The panel's protocol client: every typed command of PumpCommands, sent over the pump's local port
// (docs/decisions/0027-panel-local-port.md) instead of a serial link. The exchange is synchronous (the
// port hands the frame to the firmware and returns its answer), so there is no timeout and no resend.
// The port numbers the frames, clear of the serial client's sequences in the pump's history.
import type { Frame } from "../client/frame.ts";
import { PumpCommands } from "../client/pump-commands.ts";

/** The local port as the virtual pump offers it (VirtualPump.localRequest). */
export interface LocalPort {
  localRequest(
    code: number,
    payload: Uint8Array,
  ): { response: Frame | undefined; recordSequences: number[] } | undefined;
}

export class PanelPortError extends Error {}

export class PanelCommands extends PumpCommands {
  /** Log sequence numbers of every record a panel request wrote: the panel's own actions. */
  readonly ownRecords = new Set<number>();

  constructor(private readonly port: LocalPort) {
    super();
  }

  async request(code: number, payload: Uint8Array): Promise<Frame> {
    const exchange = this.port.localRequest(code, payload);
    if (exchange === undefined)
      throw new PanelPortError("the pump is busy receiving an over-long frame on its serial line; try again");
    for (const record of exchange.recordSequences) this.ownRecords.add(record);
    if (exchange.response === undefined)
      throw new PanelPortError(`the pump sent no answer to the panel's request 0x${code.toString(16)}`);
    return exchange.response;
  }
}
