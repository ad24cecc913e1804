// The 88-byte state snapshot every successful workflow response carries (docs/workflow.md §8):
//
//   0 state u8 | 1 segment u8 | 2 pendingKind u8 | 3 pendingVerdict u8 | 4 pendingOverride u8 |
//   5 careAreaId u8 | 6 concentrationIndex u8 | 7 highest alarm priority u8 | 8 entryId u32 |
//   12 alarmMask u32 | 16 motor rate µL/h u64 | 24 primary rate µL/h u64 | 32 primary VTBI µL u64 |
//   40 primary delivered µL u64 | 48 total delivered µL u64 | 56 bolus remaining µL u64 |
//   64 secondary remaining µL u64 | 72 weight g u32 | 76 BSA m²×10⁻⁴ u32 | 80 flags u8 |
//   81 basic reason u8 | 82 secondary concentration u8 | 83 governing alarm u8 | 84 secondary entryId u32
// flags: bit 0 a drug or basic infusion is selected, bit 1 basic infusion, bit 2 an active alarm is
// silenced. Governing alarm (byte 83, once reserved 0): 0 none, else its alarm bit + 1; the alarm
// mask minus that bit is the queue behind it.
import { SNAPSHOT_FLAG_LINK_LOST, SNAPSHOT_FLAG_ORDER_BOUND } from "../abi/auto-program-layout";
import { orderBound, orderLinkLost } from "./order";
import { SNAPSHOT_SIZE } from "../abi/workflow-codes";
import { activeAlarmMask, governingAlarm, highestAlarmPriority, silencedActiveMask } from "./alarms";
import { NO_ALARM } from "../abi/workflow-codes";
import { motorRateUlPerHour, progressUl } from "./delivery";
import { pendingKind, pendingOverride, pendingVerdict } from "./pending";
import {
  basicInfusion,
  basicReason,
  bolusProgress,
  bolusVolumeUl,
  bsaM2x10000,
  careAreaId,
  concentrationIndex,
  drugSelected,
  entryId,
  primaryProgress,
  primaryRateUlPerHour,
  primaryVtbiUl,
  secondaryConcentrationIndex,
  secondaryEntryId,
  secondaryProgress,
  secondaryVtbiUl,
  segment,
  state,
  totalProgress,
  weightG,
} from "./state";

function remaining(totalUl: u64, progress: u64): u64 {
  const done = progressUl(progress);
  return done >= totalUl ? 0 : totalUl - done;
}

export function writeSnapshot(out: usize): u32 {
  store<u8>(out + 0, <u8>state);
  store<u8>(out + 1, <u8>segment);
  store<u8>(out + 2, <u8>pendingKind());
  store<u8>(out + 3, <u8>pendingVerdict());
  store<u8>(out + 4, <u8>pendingOverride());
  store<u8>(out + 5, <u8>careAreaId);
  store<u8>(out + 6, <u8>concentrationIndex);
  store<u8>(out + 7, <u8>highestAlarmPriority());
  store<u32>(out + 8, entryId);
  store<u32>(out + 12, activeAlarmMask());
  store<u64>(out + 16, motorRateUlPerHour());
  store<u64>(out + 24, primaryRateUlPerHour);
  store<u64>(out + 32, primaryVtbiUl);
  store<u64>(out + 40, progressUl(primaryProgress));
  store<u64>(out + 48, progressUl(totalProgress));
  store<u64>(out + 56, remaining(bolusVolumeUl, bolusProgress));
  store<u64>(out + 64, remaining(secondaryVtbiUl, secondaryProgress));
  store<u32>(out + 72, <u32>weightG);
  store<u32>(out + 76, <u32>bsaM2x10000);
  store<u8>(
    out + 80,
    <u8>((drugSelected ? 1 : 0) |
      (basicInfusion ? 2 : 0) |
      (silencedActiveMask() != 0 ? 4 : 0) |
      // Issue 13 (docs/workflow.md §5.5): bit 6 an order is bound, bit 7 its serial link is lost.
      (orderBound() ? SNAPSHOT_FLAG_ORDER_BOUND : 0) |
      (orderLinkLost ? SNAPSHOT_FLAG_LINK_LOST : 0)),
  );
  store<u8>(out + 81, <u8>basicReason);
  store<u8>(out + 82, <u8>secondaryConcentrationIndex);
  const governing = governingAlarm();
  store<u8>(out + 83, <u8>(governing == NO_ALARM ? 0 : governing + 1));
  store<u32>(out + 84, secondaryEntryId);
  return <u32>SNAPSHOT_SIZE;
}
