// PumpWorkflow: the workflow commands (docs/workflow.md §8) of the typed command table
// (pump-commands.ts) over a PumpClient, with its own memory of the last program payload sent.
import type { PumpClient } from "./client.ts";
import type { Frame } from "./frame.ts";
import { PumpCommands } from "./pump-commands.ts";

export class PumpWorkflow extends PumpCommands {
  constructor(private readonly client: PumpClient) {
    super();
  }

  request(code: number, payload: Uint8Array): Promise<Frame> {
    return this.client.request(code, payload);
  }
}
