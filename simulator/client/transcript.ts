// Turns a captured byte stream into one readable line per frame, e.g.
//   → REQ #12 CHECK_PROGRAM entry 1001 area 0 conc 0 mode RATE rateUlPerHour 40001 weightG 80000
//   ← RSP #12 CHECK_PROGRAM OK verdict SOFT_STOP DOSE SMAX 25000000
// for logs, HIL reports and failing tests. Damaged frames are shown, never hidden. The workflow's
// commands 0x0010–0x0020 are described by workflow-transcript.ts.
import { REQUEST_SIZE } from "../../firmware/abi/codes.ts";
import { Command, FrameType, Result } from "../../firmware/abi/protocol-codes.ts";
import { FIELD_NAMES } from "../host/request-codec.ts";
import { checkSegment, splitStream, type Frame } from "./frame.ts";
import { decodeCheckProgram, decodeHello, decodeReadLog, decodeStatus, resultOf } from "./messages.ts";
import {
  commandName,
  detailName,
  frameTypeName,
  modeName,
  paramName,
  resultName,
  statusName,
  tierName,
  verdictName,
} from "./names.ts";
import { describeWorkflowRequest, describeWorkflowResponse } from "./workflow-transcript.ts";

export type Direction = "→" | "←";

const FRAME_DETAIL_RESULTS = new Set<Result>([Result.FRAME_ERROR, Result.FRAME_TOO_LONG, Result.BAD_PAYLOAD]);

export function transcribe(bytes: Uint8Array, direction: Direction): string[] {
  return splitStream(bytes).map((segment) => describeSegment(segment, direction));
}

/** One line for one segment of the stream (the bytes between two delimiters, neither included). */
export function describeSegment(segment: Uint8Array, direction: Direction): string {
  const check = checkSegment(segment);
  if (!check.ok) return `${direction} BAD FRAME (${detailName(check.detail)}) ${segment.length} bytes`;
  return `${direction} ${describeFrame(check.frame)}`;
}

export function describeFrame(frame: Frame): string {
  const head = `${frame.type === FrameType.REQUEST ? "REQ" : frame.type === FrameType.RESPONSE ? "RSP" : "EVT"} #${frame.sequence}`;
  try {
    if (frame.type === FrameType.REQUEST) return `${head} ${commandName(frame.code)}${describeRequest(frame)}`;
    if (frame.type === FrameType.RESPONSE)
      return `${head} ${frame.code === 0 ? "" : `${commandName(frame.code)} `}${describeResponse(frame)}`;
    if (frame.type === FrameType.EVENT)
      return `${head} code ${frame.code} record ${Buffer.from(frame.payload.subarray(0, 16)).toString("hex")}…`;
    return `${head} ${frameTypeName(frame.type)}`;
  } catch (error) {
    return `${head} ${commandName(frame.code)} UNDECODABLE (${(error as Error).message})`;
  }
}

function describeRequest(frame: Frame): string {
  const p = frame.payload;
  const v = new DataView(p.buffer, p.byteOffset, p.length);
  switch (frame.code) {
    case Command.HELLO:
      return p.length === 1 ? ` client v${p[0]}` : ` (${p.length} bytes)`;
    case Command.READ_LOG:
      return p.length === 5 ? ` from ${v.getUint32(0, true)} max ${p[4]}` : ` (${p.length} bytes)`;
    case Command.CHECK_PROGRAM: {
      if (p.length !== REQUEST_SIZE) return ` (${p.length} bytes)`;
      const presence = v.getUint32(8, true);
      const values = FIELD_NAMES.flatMap((name, bit) =>
        (presence >>> bit) & 1 ? [`${name} ${v.getBigUint64(16 + 8 * bit, true)}`] : [],
      );
      const conc = p[5] === 0xff ? "none" : `${p[5]}`;
      return ` entry ${v.getUint32(0, true)} area ${p[4]} conc ${conc} mode ${modeName(p[6])} ${values.join(" ")}`.trimEnd();
    }
    default:
      return describeWorkflowRequest(frame.code, p) ?? (p.length === 0 ? "" : ` (${p.length} bytes)`);
  }
}

function describeResponse(frame: Frame): string {
  const p = frame.payload;
  const result = resultOf(p);
  if (result !== Result.OK) {
    if (p.length < 3 || p[2] === 0) return resultName(result);
    // The detail is an ErrorDetail only for frame and payload errors; the workflow's refusals carry a number (docs/workflow.md §8).
    return `${resultName(result)} ${FRAME_DETAIL_RESULTS.has(result) ? detailName(p[2]) : `detail ${p[2]}`}`;
  }
  switch (frame.code) {
    case Command.HELLO: {
      const h = decodeHello(p);
      const library = h.libraryActive ? `library ${h.libraryVersion} "${h.libraryName}"` : "no library";
      return `OK v${h.protocolVersion} abi ${h.abiVersion} build ${h.firmwareBuildId} ${library}`;
    }
    case Command.GET_STATUS: {
      const s = decodeStatus(p);
      return (
        `OK now ${s.nowMs} ms library ${s.libraryActive ? s.libraryVersion : "none"} faults 0x${s.faultMask.toString(16)} ` +
        `log next ${s.logNextSequence} frameErrors ${s.frameErrors} eventsDropped ${s.eventsDropped} ` +
        `duplicates ${s.duplicateRequests} executed ${s.requestsExecuted} refused ${s.requestsRefused}`
      );
    }
    case Command.READ_LOG:
      return `OK ${decodeReadLog(p).records.length} records`;
    case Command.CHECK_PROGRAM: {
      const r = decodeCheckProgram(p);
      if (r.status !== 0) return `OK engine ${statusName(r.status)}`;
      const binding =
        r.bindingParam === 0xff
          ? ""
          : ` ${paramName(r.bindingParam)} ${tierName(r.bindingTier)} ${r.bindingLimitValue}`;
      return `OK verdict ${verdictName(r.verdict)}${binding}`;
    }
    default: {
      const workflow = describeWorkflowResponse(frame.code, p);
      return workflow === undefined ? `OK (${p.length} bytes)` : `OK ${workflow}`;
    }
  }
}
