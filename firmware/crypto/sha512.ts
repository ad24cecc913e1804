// SHA-512 (FIPS 180-4) over linear memory: the hash inside Ed25519 (RFC 8032 §5.1.7 hashes
// R ‖ A ‖ M). Full blocks are read in place, so a 4 MiB library image is never copied; only a
// partial block waits in PENDING. Begin/update/finish exist because R ‖ A and M are not adjacent.

// First 64 bits of the fractional parts of the cube roots of the first 80 primes.
export const ROUND_CONSTANTS: usize = memory.data<u64>([
  0x428a2f98d728ae22, 0x7137449123ef65cd, 0xb5c0fbcfec4d3b2f, 0xe9b5dba58189dbbc, 0x3956c25bf348b538,
  0x59f111f1b605d019, 0x923f82a4af194f9b, 0xab1c5ed5da6d8118, 0xd807aa98a3030242, 0x12835b0145706fbe,
  0x243185be4ee4b28c, 0x550c7dc3d5ffb4e2, 0x72be5d74f27b896f, 0x80deb1fe3b1696b1, 0x9bdc06a725c71235,
  0xc19bf174cf692694, 0xe49b69c19ef14ad2, 0xefbe4786384f25e3, 0x0fc19dc68b8cd5b5, 0x240ca1cc77ac9c65,
  0x2de92c6f592b0275, 0x4a7484aa6ea6e483, 0x5cb0a9dcbd41fbd4, 0x76f988da831153b5, 0x983e5152ee66dfab,
  0xa831c66d2db43210, 0xb00327c898fb213f, 0xbf597fc7beef0ee4, 0xc6e00bf33da88fc2, 0xd5a79147930aa725,
  0x06ca6351e003826f, 0x142929670a0e6e70, 0x27b70a8546d22ffc, 0x2e1b21385c26c926, 0x4d2c6dfc5ac42aed,
  0x53380d139d95b3df, 0x650a73548baf63de, 0x766a0abb3c77b2a8, 0x81c2c92e47edaee6, 0x92722c851482353b,
  0xa2bfe8a14cf10364, 0xa81a664bbc423001, 0xc24b8b70d0f89791, 0xc76c51a30654be30, 0xd192e819d6ef5218,
  0xd69906245565a910, 0xf40e35855771202a, 0x106aa07032bbd1b8, 0x19a4c116b8d2d0c8, 0x1e376c085141ab53,
  0x2748774cdf8eeb99, 0x34b0bcb5e19b48a8, 0x391c0cb3c5c95a63, 0x4ed8aa4ae3418acb, 0x5b9cca4f7763e373,
  0x682e6ff3d6b2b8a3, 0x748f82ee5defb2fc, 0x78a5636f43172f60, 0x84c87814a1f0ab72, 0x8cc702081a6439ec,
  0x90befffa23631e28, 0xa4506cebde82bde9, 0xbef9a3f7b2c67915, 0xc67178f2e372532b, 0xca273eceea26619c,
  0xd186b8c721c0c207, 0xeada7dd6cde0eb1e, 0xf57d4f7fee6ed178, 0x06f067aa72176fba, 0x0a637dc5a2c898a6,
  0x113f9804bef90dae, 0x1b710b35131c471b, 0x28db77f523047d84, 0x32caab7b40c72493, 0x3c9ebe0a15c9bebc,
  0x431d67c49c100d4c, 0x4cc5d4becb3e42b6, 0x597f299cfc657e2a, 0x5fcb6fab3ad6faec, 0x6c44198c4a475817,
]);

// First 64 bits of the fractional parts of the square roots of the first 8 primes.
export const INITIAL_STATE: usize = memory.data<u64>([
  0x6a09e667f3bcc908, 0xbb67ae8584caa73b, 0x3c6ef372fe94f82b, 0xa54ff53a5f1d36f1, 0x510e527fade682d1,
  0x9b05688c2b3e6c1f, 0x1f83d9abfb41bd6b, 0x5be0cd19137e2179,
]);

// Firmware scratch in the static-data region (docs/abi.md §2): chaining state, the 16-word
// rolling message schedule, and the partial block waiting for more bytes or for padding.
/** Bytes of ROUND_CONSTANTS and INITIAL_STATE: constant tables the integrity check covers. */
export const ROUND_CONSTANTS_BYTES: u32 = 80 * 8;
export const INITIAL_STATE_BYTES: u32 = 8 * 8;

const STATE: usize = memory.data(8 * 8, 16);
const SCHEDULE: usize = memory.data(16 * 8, 16);
const PENDING: usize = memory.data(128, 16);

const BLOCK_BYTES: u32 = 128;
/** Padding puts the 128-bit message bit length in the last 16 bytes of the final block. */
const LENGTH_FIELD_OFFSET: u32 = BLOCK_BYTES - 16;

let pendingBytes: u32 = 0;
let totalBytes: u64 = 0;

export function sha512Begin(): void {
  for (let i: usize = 0; i < 64; i += 8) store<u64>(STATE + i, load<u64>(INITIAL_STATE + i));
  pendingBytes = 0;
  totalBytes = 0;
}

/** Absorbs memory[dataPtr, dataPtr + lengthBytes). */
export function sha512Update(dataPtr: usize, lengthBytes: u32): void {
  totalBytes += lengthBytes;
  let offset: u32 = 0;
  if (pendingBytes > 0) {
    while (pendingBytes < BLOCK_BYTES && offset < lengthBytes) {
      store<u8>(PENDING + pendingBytes++, load<u8>(dataPtr + offset++));
    }
    if (pendingBytes < BLOCK_BYTES) return;
    compress(PENDING);
    pendingBytes = 0;
  }
  while (lengthBytes - offset >= BLOCK_BYTES) {
    compress(dataPtr + offset);
    offset += BLOCK_BYTES;
  }
  while (offset < lengthBytes) store<u8>(PENDING + pendingBytes++, load<u8>(dataPtr + offset++));
}

/** Pads, and writes the 64-byte digest at outPtr. */
export function sha512Finish(outPtr: usize): void {
  store<u8>(PENDING + pendingBytes++, 0x80);
  for (let i = pendingBytes; i < BLOCK_BYTES; i++) store<u8>(PENDING + i, 0);
  if (pendingBytes > LENGTH_FIELD_OFFSET) {
    compress(PENDING); // no room for the length: it goes in one more block
    for (let i: u32 = 0; i < BLOCK_BYTES; i++) store<u8>(PENDING + i, 0);
  }
  store<u64>(PENDING + LENGTH_FIELD_OFFSET, bswap<u64>(totalBytes >>> 61));
  store<u64>(PENDING + LENGTH_FIELD_OFFSET + 8, bswap<u64>(totalBytes << 3));
  compress(PENDING);
  for (let i: usize = 0; i < 64; i += 8) store<u64>(outPtr + i, bswap<u64>(load<u64>(STATE + i)));
}

/** Writes the 64-byte SHA-512 digest of memory[dataPtr, dataPtr + lengthBytes) at outPtr. */
export function sha512(dataPtr: usize, lengthBytes: u32, outPtr: usize): void {
  sha512Begin();
  sha512Update(dataPtr, lengthBytes);
  sha512Finish(outPtr);
}

// @ts-ignore: decorator
@inline function scheduleSlot(t: usize): usize {
  return SCHEDULE + ((t & 15) << 3);
}

function compress(blockPtr: usize): void {
  let a = load<u64>(STATE);
  let b = load<u64>(STATE, 8);
  let c = load<u64>(STATE, 16);
  let d = load<u64>(STATE, 24);
  let e = load<u64>(STATE, 32);
  let f = load<u64>(STATE, 40);
  let g = load<u64>(STATE, 48);
  let h = load<u64>(STATE, 56);
  for (let t: usize = 0; t < 80; t++) {
    let w: u64;
    if (t < 16) {
      w = bswap<u64>(load<u64>(blockPtr + (t << 3)));
    } else {
      // W[t] = σ1(W[t−2]) + W[t−7] + σ0(W[t−15]) + W[t−16]; the slot of t still holds W[t−16].
      const w2 = load<u64>(scheduleSlot(t - 2));
      const w15 = load<u64>(scheduleSlot(t - 15));
      const sigma0 = rotr<u64>(w15, 1) ^ rotr<u64>(w15, 8) ^ (w15 >>> 7);
      const sigma1 = rotr<u64>(w2, 19) ^ rotr<u64>(w2, 61) ^ (w2 >>> 6);
      w = sigma1 + load<u64>(scheduleSlot(t - 7)) + sigma0 + load<u64>(scheduleSlot(t));
    }
    store<u64>(scheduleSlot(t), w);
    const sum1 = rotr<u64>(e, 14) ^ rotr<u64>(e, 18) ^ rotr<u64>(e, 41);
    const choose = (e & f) ^ (~e & g);
    const temp1 = h + sum1 + choose + load<u64>(ROUND_CONSTANTS + (t << 3)) + w;
    const sum0 = rotr<u64>(a, 28) ^ rotr<u64>(a, 34) ^ rotr<u64>(a, 39);
    const majority = (a & b) ^ (a & c) ^ (b & c);
    h = g;
    g = f;
    f = e;
    e = d + temp1;
    d = c;
    c = b;
    b = a;
    a = temp1 + sum0 + majority;
  }
  store<u64>(STATE, load<u64>(STATE) + a);
  store<u64>(STATE, load<u64>(STATE, 8) + b, 8);
  store<u64>(STATE, load<u64>(STATE, 16) + c, 16);
  store<u64>(STATE, load<u64>(STATE, 24) + d, 24);
  store<u64>(STATE, load<u64>(STATE, 32) + e, 32);
  store<u64>(STATE, load<u64>(STATE, 40) + f, 40);
  store<u64>(STATE, load<u64>(STATE, 48) + g, 48);
  store<u64>(STATE, load<u64>(STATE, 56) + h, 56);
}
