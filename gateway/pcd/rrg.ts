// The application acknowledgement of PCD-03, RRG^O16^RRG_O16 (IHE PCD TF-2 §3.3.5): MSA-1 AA when the
// order is pending at the pump for local confirmation, AE or AR with an ERR segment carrying the
// IHE PIV code (ERR-5) and, where the problem is a field of the order (the wristband against
// PID-3, the label against RXG-4, the pump against OBX-18), that field's location (ERR-2). It names
// its own profile in MSH-21 and asks for an accept acknowledgement (MSH-15 AL), as the profile says.
import { buildAck } from "../hl7/ack.ts";
import { Hl7ErrorCode, type Hl7Location } from "../hl7/location.ts";
import type { Hl7Message } from "../hl7/message.ts";
import { writeDtm } from "./dtm.ts";
import { pivApplication, type PivCode } from "./piv-codes.ts";

export const RRG_PROFILE: readonly string[] = ["IHE_PCD_PIV_RRG", "IHE PCD", "1.3.6.1.4.1.19376.1.6.1.3.2", "ISO"];

export interface RrgOutcome {
  code: "AA" | "AE" | "AR";
  piv?: PivCode;
  reason?: string;
  at?: Hl7Location;
}

export function buildRrg(original: Hl7Message, controlId: string, timeMs: number, outcome: RrgOutcome): string {
  return buildAck(original, {
    messageType: ["RRG", "O16", "RRG_O16"],
    controlId,
    time: writeDtm(timeMs),
    code: outcome.code,
    profile: RRG_PROFILE,
    acceptAckType: "AL",
    ...(outcome.piv === undefined
      ? {}
      : {
          error: {
            code: Hl7ErrorCode.APPLICATION_INTERNAL_ERROR,
            at: outcome.at ?? {},
            reason: outcome.reason ?? "",
            application: pivApplication(outcome.piv),
          },
        }),
  });
}
