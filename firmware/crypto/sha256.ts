// SHA-256 (FIPS 180-4) over a range of linear memory, used to check an image's body digest
// (docs/library-image.md §7.2) at activation, and again a slice per tick by the runtime integrity
// check (docs/decisions/0021-runtime-integrity.md). Clarity beats speed here.

// Round constants: the first 32 bits of the fractional parts of the cube roots of the first 64 primes.
export const ROUND_CONSTANTS: usize = memory.data<u32>([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
  0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
  0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
  0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
  0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
  0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
  0xc67178f2,
]);

// Firmware-owned scratch in the static-data region (docs/abi.md §2): the 64-word message
// schedule and one padded tail block; no host ever writes there.
/** Bytes of ROUND_CONSTANTS: a constant table the integrity check covers. */
export const ROUND_CONSTANTS_BYTES: u32 = 64 * 4;

const SCHEDULE: usize = memory.data(64 * 4, 16);
const TAIL_BLOCK: usize = memory.data(128, 16);

const BLOCK_BYTES: u32 = 64;

let h0: u32 = 0;
let h1: u32 = 0;
let h2: u32 = 0;
let h3: u32 = 0;
let h4: u32 = 0;
let h5: u32 = 0;
let h6: u32 = 0;
let h7: u32 = 0;

/** Writes the 32-byte SHA-256 digest of memory[dataPtr, dataPtr + lengthBytes) at outPtr. */
export function sha256(dataPtr: usize, lengthBytes: u32, outPtr: usize): void {
  setInitialState();
  const fullBlocks = lengthBytes / BLOCK_BYTES;
  for (let block: u32 = 0; block < fullBlocks; block++) {
    compress(dataPtr + block * BLOCK_BYTES);
  }
  finishTail(dataPtr + fullBlocks * BLOCK_BYTES, lengthBytes - fullBlocks * BLOCK_BYTES, lengthBytes, outPtr);
}

// Incremental use (the runtime integrity check, activation/integrity.ts, hashes the active image a
// slice per tick while other code may call sha256() in between): the 8-word chaining state lives
// in the caller's 32-byte context, not in this module's working registers.

/** Starts a digest in the 32-byte context at ctx. */
export function sha256Begin(ctx: usize): void {
  setInitialState();
  saveState(ctx);
}

/** Absorbs `blockCount` whole 64-byte blocks at dataPtr into the digest under way in ctx. */
export function sha256Blocks(ctx: usize, dataPtr: usize, blockCount: u32): void {
  loadState(ctx);
  for (let block: u32 = 0; block < blockCount; block++) compress(dataPtr + block * BLOCK_BYTES);
  saveState(ctx);
}

/**
 * Ends the digest in ctx: the last `tailBytes` (< 64) message bytes at tailPtr, padding with the
 * message's total length, digest written at outPtr.
 */
export function sha256Finish(ctx: usize, tailPtr: usize, tailBytes: u32, totalLengthBytes: u32, outPtr: usize): void {
  loadState(ctx);
  finishTail(tailPtr, tailBytes, totalLengthBytes, outPtr);
}

function setInitialState(): void {
  h0 = 0x6a09e667;
  h1 = 0xbb67ae85;
  h2 = 0x3c6ef372;
  h3 = 0xa54ff53a;
  h4 = 0x510e527f;
  h5 = 0x9b05688c;
  h6 = 0x1f83d9ab;
  h7 = 0x5be0cd19;
}

function saveState(ctx: usize): void {
  store<u32>(ctx, h0);
  store<u32>(ctx, h1, 4);
  store<u32>(ctx, h2, 8);
  store<u32>(ctx, h3, 12);
  store<u32>(ctx, h4, 16);
  store<u32>(ctx, h5, 20);
  store<u32>(ctx, h6, 24);
  store<u32>(ctx, h7, 28);
}

function loadState(ctx: usize): void {
  h0 = load<u32>(ctx);
  h1 = load<u32>(ctx, 4);
  h2 = load<u32>(ctx, 8);
  h3 = load<u32>(ctx, 12);
  h4 = load<u32>(ctx, 16);
  h5 = load<u32>(ctx, 20);
  h6 = load<u32>(ctx, 24);
  h7 = load<u32>(ctx, 28);
}

/** Padding: 0x80, zeros, then the bit length big-endian; one or two blocks. Writes the digest. */
function finishTail(tailPtr: usize, tailBytes: u32, totalLengthBytes: u32, outPtr: usize): void {
  const tailBlocks: u32 = tailBytes < 56 ? 1 : 2;
  const tailSize = tailBlocks * BLOCK_BYTES;
  for (let i: u32 = 0; i < tailSize; i++) store<u8>(TAIL_BLOCK + i, 0);
  for (let i: u32 = 0; i < tailBytes; i++) {
    store<u8>(TAIL_BLOCK + i, load<u8>(tailPtr + i));
  }
  store<u8>(TAIL_BLOCK + tailBytes, 0x80);
  store<u64>(TAIL_BLOCK + tailSize - 8, bswap<u64>((<u64>totalLengthBytes) << 3));
  for (let block: u32 = 0; block < tailBlocks; block++) compress(TAIL_BLOCK + block * BLOCK_BYTES);

  store<u32>(outPtr, bswap<u32>(h0));
  store<u32>(outPtr + 4, bswap<u32>(h1));
  store<u32>(outPtr + 8, bswap<u32>(h2));
  store<u32>(outPtr + 12, bswap<u32>(h3));
  store<u32>(outPtr + 16, bswap<u32>(h4));
  store<u32>(outPtr + 20, bswap<u32>(h5));
  store<u32>(outPtr + 24, bswap<u32>(h6));
  store<u32>(outPtr + 28, bswap<u32>(h7));
}

function compress(blockPtr: usize): void {
  for (let t: usize = 0; t < 16; t++) {
    store<u32>(SCHEDULE + (t << 2), bswap<u32>(load<u32>(blockPtr + (t << 2))));
  }
  for (let t: usize = 16; t < 64; t++) {
    const w2 = load<u32>(SCHEDULE + ((t - 2) << 2));
    const w7 = load<u32>(SCHEDULE + ((t - 7) << 2));
    const w15 = load<u32>(SCHEDULE + ((t - 15) << 2));
    const w16 = load<u32>(SCHEDULE + ((t - 16) << 2));
    const sigma0 = rotr<u32>(w15, 7) ^ rotr<u32>(w15, 18) ^ (w15 >>> 3);
    const sigma1 = rotr<u32>(w2, 17) ^ rotr<u32>(w2, 19) ^ (w2 >>> 10);
    store<u32>(SCHEDULE + (t << 2), sigma1 + w7 + sigma0 + w16);
  }

  let a = h0;
  let b = h1;
  let c = h2;
  let d = h3;
  let e = h4;
  let f = h5;
  let g = h6;
  let h = h7;
  for (let t: usize = 0; t < 64; t++) {
    const sum1 = rotr<u32>(e, 6) ^ rotr<u32>(e, 11) ^ rotr<u32>(e, 25);
    const choose = (e & f) ^ (~e & g);
    const temp1 = h + sum1 + choose + load<u32>(ROUND_CONSTANTS + (t << 2)) + load<u32>(SCHEDULE + (t << 2));
    const sum0 = rotr<u32>(a, 2) ^ rotr<u32>(a, 13) ^ rotr<u32>(a, 22);
    const majority = (a & b) ^ (a & c) ^ (b & c);
    const temp2 = sum0 + majority;
    h = g;
    g = f;
    f = e;
    e = d + temp1;
    d = c;
    c = b;
    b = a;
    a = temp1 + temp2;
  }
  h0 += a;
  h1 += b;
  h2 += c;
  h3 += d;
  h4 += e;
  h5 += f;
  h6 += g;
  h7 += h;
}
