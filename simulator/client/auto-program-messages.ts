// AUTO_PROGRAM (0x0028, issue 13, docs/workflow.md §8.16): the order encoder and the response
// decoder. Offsets come from firmware/abi/auto-program-layout.ts; the encoder refuses, with the
// field's name, anything the pump would answer BAD_PAYLOAD, so a gateway never sends it.
import { RESULT_SIZE } from "../../firmware/abi/codes.ts";
import {
  AUTO_AMOUNT_ABU,
  AUTO_AMOUNT_UNIT,
  AUTO_BSA_M2X10000,
  AUTO_CARE_AREA_ID,
  AUTO_DOSE_BASIS,
  AUTO_DRUG_CODE,
  AUTO_ORDER_ID,
  AUTO_PATIENT_ID,
  AUTO_PROGRAM_BLOCK,
  AUTO_PROGRAM_PAYLOAD_SIZE,
  AUTO_PROGRAM_PAYLOAD_SIZE_LONG,
  AUTO_PROGRAM_RESPONSE_SIZE,
  AUTO_RESPONSE_ORDER_HANDLE,
  AUTO_VOLUME_UL,
  AUTO_WEIGHT_G,
  ORDER_TEXT_FIRST_BYTE,
  ORDER_TEXT_LAST_BYTE,
  ORDER_TEXT_SIZE,
  SNAPSHOT_FLAG_LINK_LOST,
  SNAPSHOT_FLAG_ORDER_BOUND,
} from "../../firmware/abi/auto-program-layout.ts";
import { WORKFLOW_RESULT_AT, WORKFLOW_SNAPSHOT_AT } from "../../firmware/abi/protocol-codes.ts";
import { decodeResult } from "../host/request-codec.ts";
import { decodeSnapshot, encodeProgramBlock, type ProgramValues, type WorkflowResponse } from "./workflow-messages.ts";

/** One order as the pump reads it: every quantity already in its canonical unit (docs/units.md). */
export interface AutoProgramOrder {
  /** Placer order number: 1 … 32 printable ASCII characters. */
  orderId: string;
  /** Patient identifier: 1 … 32 printable ASCII characters. */
  patientId: string;
  /** The drug identifier: an external code of a library entry or concentration, 1 … 32 printable ASCII. */
  drugCode: string;
  careAreaId: number;
  /** Concentration: the container's drug amount (ABU) and volume (µL), and the amount's unit (AmountUnit 1 … 8). Absent for a fluid. */
  concentration?: { amountAbu: bigint; volumeUl: number; amountUnit: number };
  /** DoseBasis of the ordered dose: 0 none, 1 per kg, 2 per m² (default 0). */
  doseBasis?: number;
  weightG?: number;
  bsaM2X10000?: number;
  /**
   * Mode and values, as PROGRAM's block (dose in ABU per basis per hour); with an amount per dose
   * or a line access the payload carries the 48-byte block (172 bytes), else the 36-byte one (160).
   */
  program: ProgramValues;
}

const view = (bytes: Uint8Array): DataView => new DataView(bytes.buffer, bytes.byteOffset, bytes.length);

/** Writes a text field: 1 … ORDER_TEXT_SIZE printable ASCII bytes, zero-padded. */
function putText(out: Uint8Array, at: number, text: string, name: string): void {
  if (text.length < 1 || text.length > ORDER_TEXT_SIZE)
    throw new RangeError(`${name} must be 1 … ${ORDER_TEXT_SIZE} characters, is ${text.length}`);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < ORDER_TEXT_FIRST_BYTE || c > ORDER_TEXT_LAST_BYTE)
      throw new RangeError(`${name} "${text}": character ${i + 1} is not printable ASCII (0x21–0x7E)`);
    out[at + i] = c;
  }
}

function putU32(v: DataView, at: number, value: number, name: string): void {
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff)
    throw new RangeError(`${name} ${value} is not a u32`);
  v.setUint32(at, value, true);
}

function putU8(out: Uint8Array, at: number, value: number, name: string, max: number): void {
  if (!Number.isInteger(value) || value < 0 || value > max) throw new RangeError(`${name} ${value} is not 0 … ${max}`);
  out[at] = value;
}

/** The AUTO_PROGRAM payload (docs/workflow.md §8.16): 160 bytes, or 172 with the 48-byte block. */
export function encodeAutoProgram(order: AutoProgramOrder): Uint8Array {
  const block = encodeProgramBlock(order.program);
  const out = new Uint8Array(AUTO_PROGRAM_BLOCK + block.length);
  const v = view(out);
  putText(out, AUTO_ORDER_ID, order.orderId, "orderId");
  putText(out, AUTO_PATIENT_ID, order.patientId, "patientId");
  putText(out, AUTO_DRUG_CODE, order.drugCode, "drugCode");
  putU8(out, AUTO_CARE_AREA_ID, order.careAreaId, "careAreaId", 0xff);
  if (order.concentration) {
    putU8(out, AUTO_AMOUNT_UNIT, order.concentration.amountUnit, "amountUnit", 8);
    putU32(v, AUTO_VOLUME_UL, order.concentration.volumeUl, "volumeUl");
    const amount = order.concentration.amountAbu;
    if (amount < 0n || amount >= 1n << 64n) throw new RangeError(`amountAbu ${amount} is not a u64`);
    v.setBigUint64(AUTO_AMOUNT_ABU, amount, true);
  }
  putU8(out, AUTO_DOSE_BASIS, order.doseBasis ?? 0, "doseBasis", 2);
  putU32(v, AUTO_WEIGHT_G, order.weightG ?? 0, "weightG");
  putU32(v, AUTO_BSA_M2X10000, order.bsaM2X10000 ?? 0, "bsaM2X10000");
  out.set(block, AUTO_PROGRAM_BLOCK);
  if (out.length !== AUTO_PROGRAM_PAYLOAD_SIZE && out.length !== AUTO_PROGRAM_PAYLOAD_SIZE_LONG)
    throw new RangeError(`an AUTO_PROGRAM payload of ${out.length} bytes`);
  return out;
}

/** The program block (36 or 48 bytes) inside an AUTO_PROGRAM payload: what a local OVERRIDE echoes. */
export const autoProgramEcho = (payload: Uint8Array): Uint8Array => payload.slice(AUTO_PROGRAM_BLOCK);

export interface AutoProgramResponse extends WorkflowResponse {
  /** Names the order in every log record of its program and infusion (docs/event-log.md §3.7). */
  orderHandle: number;
  /** Snapshot flags bit 6: an order is bound. */
  orderBound: boolean;
  /** Snapshot flags bit 7: the serial link is lost while an order is bound. */
  linkLost: boolean;
}

/** Order-binding flags of any workflow response's snapshot (byte 80). */
export function orderFlags(payload: Uint8Array): { orderBound: boolean; linkLost: boolean } {
  const flags = payload[WORKFLOW_SNAPSHOT_AT + 80];
  return { orderBound: (flags & SNAPSHOT_FLAG_ORDER_BOUND) !== 0, linkLost: (flags & SNAPSHOT_FLAG_LINK_LOST) !== 0 };
}

export function decodeAutoProgram(payload: Uint8Array): AutoProgramResponse {
  if (payload.length !== AUTO_PROGRAM_RESPONSE_SIZE)
    throw new Error(
      `AUTO_PROGRAM response is ${payload.length} bytes, expected ${AUTO_PROGRAM_RESPONSE_SIZE} (docs/workflow.md §8.16)`,
    );
  return {
    snapshot: decodeSnapshot(payload.subarray(WORKFLOW_SNAPSHOT_AT)),
    result: decodeResult(payload.subarray(WORKFLOW_RESULT_AT, WORKFLOW_RESULT_AT + RESULT_SIZE)),
    orderHandle: view(payload).getUint16(AUTO_RESPONSE_ORDER_HANDLE, true),
    ...orderFlags(payload),
  };
}
