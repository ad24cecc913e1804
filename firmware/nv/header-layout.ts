// NV header (docs/event-log.md §2): two 128-byte copies, A at NV_HEADER_OFFSET and B 2 KiB later.
// A commit writes the copy that is NOT current, CRC last, so a power cut mid-commit leaves the
// other copy intact: a reader takes the valid copy with the higher commit counter.
//
//   0      4      6      8        12     16      20       24          28       32       40       44       48        80      84    85    86   88      92      124
//   +------+------+------+--------+------+-------+--------+-----------+--------+--------+--------+--------+---------+-------+-----+-----+----+-------+-------+-----+
//   |magic |layout|copy  |commit  |log   |log    |next    |overwritten|library |clock   |library |log     |library  |image  |slot |flags|rsvd|version|rsvd   |CRC  |
//   | DNVH |ver u16|sz u16|counter |head  |count  |sequence|count      |length  |ms u64  |version |capacity|digest 32|hdr CRC|u8   |u8   |zero|floor  |(zero) |-32  |
//   +------+------+------+--------+------+-------+--------+-----------+--------+--------+--------+--------+---------+-------+-----+-----+----+-------+-------+-----+
// Layout 2 (ABI 4 before issue 10) is layout 3 with flags 0; layout 1 (ABI 2–3) has bytes 84–123
// zero: slot A, floor 0. Commits write layout 3 (docs/event-log.md §2).
import { NV_HEADER_OFFSET } from "../abi/memory-map";

export const NV_MAGIC: u32 = 0x48564e44; // "DNVH" read as a little-endian u32
export const NV_LAYOUT_VERSION: u32 = 3;
/** The layout ABI 4 wrote before the redundant key and floor records: flags byte reserved (zero); still read. */
export const NV_LAYOUT_VERSION_2: u32 = 2;
/** The layout ABI 2 and 3 wrote; still read (docs/event-log.md §2). */
export const NV_LAYOUT_VERSION_1: u32 = 1;
export const NV_COPY_SIZE: u32 = 128;
export const NV_COPY_A: usize = NV_HEADER_OFFSET;
export const NV_COPY_B: usize = NV_HEADER_OFFSET + 0x800;

export const NVH_MAGIC = 0;
export const NVH_LAYOUT_VERSION = 4;
export const NVH_COPY_SIZE = 6;
export const NVH_COMMIT_COUNTER = 8;
export const NVH_LOG_HEAD = 12;
export const NVH_LOG_COUNT = 16;
export const NVH_NEXT_SEQUENCE = 20;
export const NVH_OVERWRITTEN_COUNT = 24;
export const NVH_LIBRARY_LENGTH = 28;
export const NVH_CLOCK_MS = 32;
export const NVH_LIBRARY_VERSION = 40;
export const NVH_LOG_CAPACITY = 44;
export const NVH_LIBRARY_DIGEST = 48;
/** CRC-32 of the image's 96-byte header at activation: the body digest does not cover the header. */
export const NVH_IMAGE_HEADER_CRC = 80;
/** Slot of the recorded library: 0 A, 1 B (docs/decisions/0009). */
export const NVH_LIBRARY_SLOT = 84;
/** Layout 3: bit 0 = a key has been provisioned on this pump (NVH_FLAG_KEY_PROVISIONED); other bits zero. */
export const NVH_FLAGS = 85;
export const NVH_FLAG_KEY_PROVISIONED: u32 = 1;
/** Bytes 86 … 87: reserved, zero. */
export const NVH_RESERVED_86 = 86;
/** Highest library version activated while a key was provisioned: the rollback floor. */
export const NVH_VERSION_FLOOR = 88;
export const NVH_RESERVED = 92;
/** Where layout 1's reserved bytes began (all of 84 … 123). */
export const NVH_RESERVED_LAYOUT_1 = 84;
export const NVH_CRC = 124;
