// tick(elapsedMs): the pump's periodic work. Delivery first — it accounts for time that has already
// passed at the rate the motor ran — then one bounded slice of the runtime integrity check
// (activation/integrity.ts), so a library or table changed in memory stops the pump within a
// documented number of ticks (docs/decisions/0021-runtime-integrity.md).
import { Status } from "../abi/codes";
import { integrityStep } from "../activation/integrity";
import { deliverAndAdvance } from "../workflow/delivery";
import { superviseSilence } from "../workflow/silence";
import { superviseLink } from "../workflow/order";

export function tickFirmware(elapsedMs: i32): i32 {
  const status = deliverAndAdvance(elapsedMs);
  if (status != Status.OK) return status;
  superviseSilence();
  superviseLink(); // issue 13: a bound order's serial link silent for LINK_LOSS_MS is reported; delivery goes on
  integrityStep();
  return status;
}
