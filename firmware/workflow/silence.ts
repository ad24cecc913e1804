// SILENCE_ALARMS and what ends a silence (docs/workflow.md §7.2). Silencing mutes the alarms that
// stand at that moment for SILENCE_PERIOD_MS of pump time; it changes no alarm and no rate. An
// alarm raised later — or raised again after it cleared — sounds at once (alarms.ts drops its bit).
// When the period ends, or for a remote silence when no valid frame arrived for LINK_LOSS_MS, the
// alarms still standing sound again, logged ALARM_REALARMED.
import { clockNowMs } from "../clock/clock";
import { EventType } from "../abi/event-types";
import { Result } from "../abi/protocol-codes";
import { LINK_LOSS_MS, RealarmCause, SILENCE_PERIOD_MS, SilenceSource } from "../abi/workflow-codes";
import { activeAlarmMask, silencedActiveMask } from "./alarms";
import { logSilence } from "./log";
import { DONE, refuse } from "./outcome";
import { setSilencedMask } from "./state";

let silencedAtMs: u64 = 0;
let silencedRemotely = false;
/** Pump time of the last valid request frame (protocol/handle-frame.ts), for link loss. */
let lastValidFrameMs: u64 = 0;

/** SILENCE_ALARMS: mutes every active alarm; refused when none stands or `source` is unknown. */
export function silenceAlarms(source: u32): u32 {
  if (source != <u32>SilenceSource.LOCAL && source != <u32>SilenceSource.REMOTE)
    return refuse(Result.BAD_SILENCE_SOURCE, source);
  const active = activeAlarmMask();
  if (active == 0) return refuse(Result.NO_ALARM_TO_SILENCE, 0);
  beginSilence(active, source);
  return DONE;
}

/**
 * STOP silences and clears (issue 15 §2, docs/workflow.md §7.2, REQ-WF-110): once the infusion's
 * latched alarms are cleared, every alarm still standing is silenced exactly as SILENCE_ALARMS
 * would, from `source` (the keypad or a remote link); nothing when none stands.
 */
export function silenceOnStop(source: u32): void {
  const active = activeAlarmMask();
  if (active != 0) beginSilence(active, source);
}

function beginSilence(active: u32, source: u32): void {
  setSilencedMask(active);
  silencedAtMs = clockNowMs();
  silencedRemotely = source == <u32>SilenceSource.REMOTE;
  logSilence(EventType.ALARM_SILENCED, active, source, <u64>SILENCE_PERIOD_MS);
}

/** A request frame passed every frame check: the link is alive. */
export function noteValidFrame(): void {
  lastValidFrameMs = clockNowMs();
}

/** Each tick, after the clock moved: a silence whose period is over, or whose remote link was lost, ends. */
export function superviseSilence(): void {
  const silenced = silencedActiveMask();
  if (silenced == 0) {
    setSilencedMask(0);
    return;
  }
  const now = clockNowMs();
  let cause: u32 = 0;
  if (now - silencedAtMs >= <u64>SILENCE_PERIOD_MS) cause = RealarmCause.PERIOD_EXPIRED;
  else if (
    silencedRemotely &&
    now - (lastValidFrameMs > silencedAtMs ? lastValidFrameMs : silencedAtMs) >= <u64>LINK_LOSS_MS
  )
    cause = RealarmCause.LINK_LOST;
  if (cause == 0) return;
  setSilencedMask(0);
  logSilence(EventType.ALARM_REALARMED, silenced, cause, now - silencedAtMs);
}
