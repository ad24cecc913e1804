// Result buffer, 576 bytes at RESULT_OFFSET (docs/abi.md §5, ABI 7).
//
//   0        4       5       6      7     8                 16               24            528           576
//   +--------+-------+-------+------+-----+-----------------+----------------+-------------+-------------+
//   |status  |verdict|bindPrm|bindTr|rsvd |bindingLimitValue|deliveredRate   | 21 × slot   | defaults    |
//   | u32    | u8    | u8    | u8   | 0   | u64             | u64 µL/h       | 24 bytes    | mask + 5×u64|
//   +--------+-------+-------+------+-----+-----------------+----------------+-------------+-------------+
//   slot: | class u8 | tier u8 | 6 × 0 | display u64 | limit u64 |
// When status ≠ OK only bytes 0–7 are defined.
import {
  NO_PARAM,
  PARAM_SLOT_GAP,
  PARAM_SLOT_GAP_START,
  PCA_PARAM_FIRST,
  RESULT_OFFSET,
  RESULT_PCA_SLOTS_AT,
  Tier,
  Verdict,
} from "../abi/codes";

import { RESULT_PARAM_SIZE, RESULT_PARAMS, RESULT_STATUS } from "../abi/result-layout";
export {
  RESULT_BINDING_LIMIT_VALUE,
  RESULT_BINDING_PARAM,
  RESULT_BINDING_TIER,
  RESULT_DELIVERED_RATE_UL_PER_HOUR,
  RESULT_PARAM_SIZE,
  RESULT_PARAMS,
  RESULT_STATUS,
  RESULT_VERDICT,
  SLOT_CLASSIFICATION_AND_TIER,
  SLOT_DISPLAY_VALUE,
  SLOT_LIMIT_VALUE,
  SLOT_TIER,
} from "../abi/result-layout";

/**
 * Bytes 0–7 as one little-endian u64: status, verdict, binding parameter, binding tier, reserved 0.
 * One store writes all of them.
 */
// @ts-ignore: decorator
@inline export function resultHead(status: u32, verdict: u32, bindingParam: u32, bindingTier: u32): u64 {
  return (<u64>status) | ((<u64>verdict) << 32) | ((<u64>bindingParam) << 40) | ((<u64>bindingTier) << 48);
}

/** A failed evaluation: the status, no verdict, no binding limit. */
export function writeFailure(status: i32): i32 {
  store<u64>(<usize>RESULT_OFFSET + RESULT_STATUS, resultHead(<u32>status, Verdict.NONE, NO_PARAM, Tier.NONE));
  return status;
}

/**
 * Parameters 0–12 in slots 0–12, 15–22 in slots 13–20 (13 and 14 are the workflow's); the PCA
 * parameters 23–28 in the slots appended after the 576-byte result (issue 15, docs/abi.md §5.1),
 * so the defaults block at 528 does not move.
 */
// @ts-ignore: decorator
@inline export function paramSlot(param: u32): usize {
  if (param >= <u32>PCA_PARAM_FIRST)
    return (
      <usize>RESULT_OFFSET + <usize>RESULT_PCA_SLOTS_AT + <usize>(param - <u32>PCA_PARAM_FIRST) * RESULT_PARAM_SIZE
    );
  const slot = param < <u32>PARAM_SLOT_GAP_START ? param : param - <u32>PARAM_SLOT_GAP;
  return <usize>RESULT_OFFSET + RESULT_PARAMS + <usize>slot * RESULT_PARAM_SIZE;
}
