// tick(elapsedMs): the pump's periodic work. Delivery first — it accounts for time that has already
// passed at the rate the motor ran — then one bounded slice of the runtime integrity check
// (activation/integrity.ts), so a library or table changed in memory stops the pump within a
// documented number of ticks (docs/decisions/0021-runtime-integrity.md).
import { Status } from "../abi/codes";
import { integrityStep } from "../activation/integrity";
import { deliverAndAdvance } from "../workflow/delivery";
import { superviseSilence } from "../workflow/silence";
import { superviseEscalation } from "../workflow/infusion";
import { flowDeadlineInMs, superviseFlow } from "../workflow/flow";
import { superviseLink } from "../workflow/order";

export function tickFirmware(elapsedMs: i32): i32 {
  // Flow supervision's deadline inside this tick (docs/workflow.md §7.5): deliver up to that
  // millisecond, supervise, then the rest — the alarm and the drop to KVO happen exactly then.
  const untilFlowMs = flowDeadlineInMs();
  let status: i32;
  if (elapsedMs > 0 && untilFlowMs > 0 && untilFlowMs < <i64>elapsedMs) {
    status = deliverAndAdvance(<i32>untilFlowMs);
    if (status != Status.OK) return status;
    superviseFlow();
    status = deliverAndAdvance(elapsedMs - <i32>untilFlowMs);
  } else {
    status = deliverAndAdvance(elapsedMs);
  }
  if (status != Status.OK) return status;
  superviseEscalation(); // a stop inside the delivery (empty reservoir, cumulative limit) may escalate
  superviseFlow();
  superviseSilence();
  superviseLink(); // issue 13: a bound order's serial link silent for LINK_LOSS_MS is reported; delivery goes on
  integrityStep();
  return status;
}
