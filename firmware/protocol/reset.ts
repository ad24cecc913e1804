// Forgets all protocol state — partial frame, outbox, retransmission history, counters, event
// numbering — at a cold start or an engine reset (boot/cold-start.ts; docs/protocol.md).
import { countersReset } from "./counters";
import { eventsReset } from "./events";
import { historyClear } from "./history";
import { outboxReset } from "./outbox";
import { receiverReset } from "./receiver";

export function protocolReset(): void {
  receiverReset();
  outboxReset();
  historyClear();
  countersReset();
  eventsReset();
}
