// A workflow action's answer: OK, or a protocol Result with a detail byte (docs/workflow.md §8).
// Packed in one u32 so actions stay plain functions: result in bits 0–15, detail in bits 16–23.
// Every refusal is decided before anything changes, so a refused action changes nothing.
export const DONE: u32 = 0;

export function refuse(result: u32, detail: u32): u32 {
  return result | ((detail & 0xff) << 16);
}

export function resultOf(outcome: u32): u32 {
  return outcome & 0xffff;
}

export function detailOf(outcome: u32): u32 {
  return outcome >>> 16;
}
