// Issue 13: an order bound to the pending program or the infusion (docs/workflow.md §5.5), where a
// request came from (the pump's own keys or the serial line, docs/decisions/0036), and the serial
// link's supervision while an order is bound. Every record written while an order is bound carries
// its handle (eventlog/ring.ts stamps it; docs/event-log.md §3.7).
import { clockNowMs } from "../clock/clock";
import { EventType } from "../abi/event-types";
import { ORDER_HANDLE_MODULUS, ORDER_HANDLE_NONE, ORDER_TEXT_SIZE } from "../abi/auto-program-layout";
import { Result } from "../abi/protocol-codes";
import { Alarm, LINK_LOSS_MS } from "../abi/workflow-codes";
import { logNextSequence } from "../eventlog/read";
import { beginRecord, commitRecord, setRecordOrderHandle } from "../eventlog/ring";
import { REC_BLOCK, REC_BLOCK_WORD, REC_DETAIL } from "../eventlog/record-layout";
import { clearAlarms, raiseAlarm } from "./alarms";
import { motorRateUlPerHour } from "./delivery";
import { refuse } from "./outcome";

const LINK_LOST_ALARM: u32 = 1 << (<u32>Alarm.LINK_LOST);

/** The bound order's handle (ORDER_HANDLE_NONE: none). */
export let orderHandle: u32 = ORDER_HANDLE_NONE;
/** The bound order's serial link has been silent for LINK_LOSS_MS (snapshot flags bit 7). */
export let orderLinkLost = false;
let boundAtMs: u64 = 0;
/** Pump time of the last valid request frame that came over the serial line. */
let lastSerialFrameMs: u64 = 0;
/** The request being executed came through receiveLocal (the pump's keys); false for the serial line. */
let localRequest = false;

/** Set by the protocol around exactly one frame of the local input (protocol/receiver.ts), and only there. */
export function setRequestLocal(local: bool): void {
  localRequest = local;
}

export function requestIsLocal(): bool {
  return localRequest;
}

export function orderBound(): bool {
  return orderHandle != ORDER_HANDLE_NONE;
}

/**
 * Binds an order: ORDER_BOUND (the order id; entry id at 52; detail care area | concentration << 8)
 * and ORDER_PATIENT (the patient id), both carrying the handle their first record's sequence gives.
 */
export function bindOrder(orderId: usize, patientId: usize, entryId: u32, careAreaId: u32, concentration: u32): void {
  const sequence = logNextSequence();
  orderHandle = ((sequence - 1) % <u32>ORDER_HANDLE_MODULUS) + 1;
  setRecordOrderHandle(orderHandle);
  logText(EventType.ORDER_BOUND, orderId, entryId, careAreaId | (concentration << 8));
  logText(EventType.ORDER_PATIENT, patientId, 0, 0);
  boundAtMs = clockNowMs();
  orderLinkLost = false;
}

/** The order's program was cancelled or its infusion ended: later records carry no handle. */
export function unbindOrder(): void {
  // The link alarm belongs to the order (its clearing still carries the handle).
  clearAlarms(LINK_LOST_ALARM, motorRateUlPerHour());
  orderHandle = ORDER_HANDLE_NONE;
  orderLinkLost = false;
  setRecordOrderHandle(ORDER_HANDLE_NONE);
}

/** AUTO_PROGRAM refused: the order id and why (detail = result | detail byte << 16); no handle. */
export function logAutoProgramRefused(orderId: usize, result: u32, detail: u32): void {
  logText(EventType.AUTO_PROGRAM_REFUSED, orderId, 0, result | ((detail & 0xff) << 16));
}

/**
 * START or OVERRIDE of a bound order over the serial line: refused (only the pump's keys confirm
 * an order, docs/decisions/0036) and logged with the order's handle; nothing else changes.
 */
export function refuseRemoteConfirmation(what: u32): u32 {
  logText(EventType.REMOTE_CONFIRMATION_REFUSED, 0, 0, what);
  return refuse(Result.LOCAL_CONFIRMATION_REQUIRED, what);
}

/** A valid request frame came over the serial line: the link is alive (a lost one is restored). */
export function noteSerialFrame(): void {
  const now = clockNowMs();
  if (orderLinkLost) {
    orderLinkLost = false;
    logText(EventType.LINK_RESTORED, 0, 0, <u32>silenceSince(now));
    clearAlarms(LINK_LOST_ALARM, motorRateUlPerHour());
  }
  lastSerialFrameMs = now;
}

/**
 * Each tick: a bound order whose serial link was silent for LINK_LOSS_MS reports it (LINK_LOST and
 * the low-priority LINK_LOST alarm); delivery goes on.
 */
export function superviseLink(): void {
  if (!orderBound() || orderLinkLost) return;
  const silence = silenceSince(clockNowMs());
  if (silence < <u64>LINK_LOSS_MS) return;
  orderLinkLost = true;
  logText(EventType.LINK_LOST, 0, 0, <u32>silence);
  // Low priority, delivery continues (decisions/0045): nobody away from the bedside hears this pump now.
  raiseAlarm(Alarm.LINK_LOST, motorRateUlPerHour());
}

/** Silence on the serial line, counted from the binding at the earliest (ms, saturating at u32). */
function silenceSince(now: u64): u64 {
  const from = lastSerialFrameMs > boundAtMs ? lastSerialFrameMs : boundAtMs;
  const silence = now > from ? now - from : 0;
  return silence > 0xffffffff ? 0xffffffff : silence;
}

/** A record with up to ORDER_TEXT_SIZE bytes of text at 20 (zero-padded; textPtr 0: none), a word at 52 and the detail. */
function logText(eventType: u32, textPtr: usize, word: u32, detail: u32): void {
  const ptr = beginRecord(eventType);
  if (ptr == 0) return;
  if (textPtr != 0)
    for (let i: usize = 0; i < <usize>ORDER_TEXT_SIZE; i++) store<u8>(ptr + REC_BLOCK + i, load<u8>(textPtr + i));
  store<u32>(ptr + REC_BLOCK_WORD, word);
  store<u32>(ptr + REC_DETAIL, detail);
  commitRecord(ptr);
}
