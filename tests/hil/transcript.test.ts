// The decoded transcript of workflow frames (simulator/client/transcript.ts with
// workflow-transcript.ts): requests show their fields, OK answers the snapshot's essentials and the
// verdict, refusals their result and detail; the lines of the older commands are unchanged.
import { describe, expect, it } from "vitest";
import { Mode } from "../../firmware/abi/codes.ts";
import { Command, FrameType, Result } from "../../firmware/abi/protocol-codes.ts";
import { encodeFrame } from "../../simulator/client/frame.ts";
import { transcribe } from "../../simulator/client/transcript.ts";
import {
  encodeBolus,
  encodeCareArea,
  encodeOverride,
  encodePatient,
  encodeProgramBlock,
  encodeReadAdvisory,
  encodeSecondary,
  encodeSelectDrug,
} from "../../simulator/client/workflow-messages.ts";
import { PumpDriver } from "../workflow/driver.ts";

const request = (code: number, payload: Uint8Array, sequence = 7): string =>
  transcribe(encodeFrame(FrameType.REQUEST, sequence, code, payload), "→")[0];
const response = (code: number, payload: Uint8Array, sequence = 7): string =>
  transcribe(encodeFrame(FrameType.RESPONSE, sequence, code, payload), "←")[0];

describe("REQ-HIL-010 workflow commands in the transcript", () => {
  it("REQ-HIL-010: requests 0x0010–0x0020 show their fields", () => {
    const block = encodeProgramBlock({ mode: Mode.DOSE, dose: 30_000_000n, vtbiUl: 500_000n });
    expect([
      request(Command.GET_INFUSION, new Uint8Array(0)),
      request(Command.SELECT_CARE_AREA, encodeCareArea(0)),
      request(Command.SET_PATIENT, encodePatient(70_000, 18_000)),
      request(Command.SELECT_DRUG, encodeSelectDrug({ entryId: 1001, concentrationIndex: 0 })),
      request(Command.SELECT_DRUG, encodeSelectDrug({ entryId: 2001, concentrationIndex: 0xff })),
      request(Command.SELECT_BASIC, Uint8Array.of(2)),
      request(Command.READ_ADVISORY, encodeReadAdvisory(256)),
      request(Command.PROGRAM, block),
      request(Command.TITRATE, encodeProgramBlock({ mode: Mode.RATE, rateUlPerHour: 31_500n })),
      request(Command.OVERRIDE, encodeOverride(1, block)),
      request(Command.BOLUS, encodeBolus({ kind: 0, dose: 80_000_000n, rateUlPerHour: 100_000n })),
      request(
        Command.SECONDARY,
        encodeSecondary({
          entryId: 1070,
          concentrationIndex: 0,
          program: { mode: Mode.RATE, rateUlPerHour: 250_000n, vtbiUl: 250_000n },
        }),
      ),
      request(Command.START, new Uint8Array(0)),
      request(Command.PROGRAM, new Uint8Array(3)),
    ]).toEqual([
      "→ REQ #7 GET_INFUSION",
      "→ REQ #7 SELECT_CARE_AREA area 0",
      "→ REQ #7 SET_PATIENT weightG 70000 bsaM2X10000 18000",
      "→ REQ #7 SELECT_DRUG entry 1001 conc 0",
      "→ REQ #7 SELECT_DRUG entry 2001 conc none",
      "→ REQ #7 SELECT_BASIC reason EMERGENCY",
      "→ REQ #7 READ_ADVISORY offset 256",
      "→ REQ #7 PROGRAM mode DOSE dose 30000000 vtbiUl 500000",
      "→ REQ #7 TITRATE mode RATE rateUlPerHour 31500",
      "→ REQ #7 OVERRIDE reason CONFIRMED_WITH_PRESCRIBER echo 36 bytes",
      "→ REQ #7 BOLUS kind BOLUS dose 80000000 rateUlPerHour 100000",
      "→ REQ #7 SECONDARY entry 1070 conc 0 mode RATE rateUlPerHour 250000 vtbiUl 250000",
      "→ REQ #7 START",
      "→ REQ #7 PROGRAM (3 bytes)",
    ]);
  });

  it("REQ-HIL-010: the firmware's answers show state, motor, pending program, verdict and alarms; refusals their detail", () => {
    const pump = new PumpDriver();
    const lines = [
      response(Command.SELECT_CARE_AREA, pump.selectCareArea(0).raw),
      response(Command.SET_PATIENT, pump.setPatient(70_000).raw),
      response(Command.SELECT_DRUG, pump.selectDrug({ entryId: 1001, concentrationIndex: 0 }).raw),
      response(Command.PROGRAM, pump.program({ mode: Mode.DOSE, dose: 30_000_000n, vtbiUl: 500_000n }).raw),
      response(Command.START, pump.start().raw),
      response(Command.OVERRIDE, pump.override(1).raw),
      response(Command.START, pump.start().raw),
    ];
    pump.tick(60_000);
    lines.push(response(Command.GET_INFUSION, pump.getInfusion().raw));
    expect(lines).toEqual([
      "← RSP #7 SELECT_CARE_AREA OK state AREA_SELECTED motorRateUlPerHour 0",
      "← RSP #7 SET_PATIENT OK state AREA_SELECTED motorRateUlPerHour 0 weight WITHIN bsa NOT_CHECKED",
      "← RSP #7 SELECT_DRUG OK state DRUG_SELECTED motorRateUlPerHour 0 advisory 92 bytes",
      "← RSP #7 PROGRAM OK state PROGRAM_PENDING motorRateUlPerHour 0 pending PRIMARY SOFT_STOP verdict SOFT_STOP DOSE SMAX 25000000",
      "← RSP #7 START START_BLOCKED detail 1",
      "← RSP #7 OVERRIDE OK state PROGRAM_PENDING motorRateUlPerHour 0 pending PRIMARY SOFT_STOP overridden CONFIRMED_WITH_PRESCRIBER",
      "← RSP #7 START OK state RUNNING segment PRIMARY motorRateUlPerHour 42000",
      "← RSP #7 GET_INFUSION OK state RUNNING segment PRIMARY motorRateUlPerHour 42000 totalDeliveredUl 700",
    ]);
  });

  it("REQ-HIL-010 REQ-PRO-014: frame and payload errors keep their detail names", () => {
    expect(response(0, Uint8Array.of(Result.FRAME_ERROR, 0, 3), 0xffff)).toBe("← RSP #65535 FRAME_ERROR CRC");
    expect(response(Command.PROGRAM, Uint8Array.of(Result.BAD_PAYLOAD, 0, 16))).toBe(
      "← RSP #7 PROGRAM BAD_PAYLOAD PAYLOAD_LENGTH",
    );
    expect(response(Command.GET_STATUS, Uint8Array.of(Result.UNKNOWN_COMMAND, 0, 0))).toBe(
      "← RSP #7 GET_STATUS UNKNOWN_COMMAND",
    );
  });
});
