// Image header, 96 bytes at image offset 0 (docs/library-image.md §1). The body starts right after.
//
//   0      4      6      8       12     13     14    16      20      24        28    32       64      96
//   +------+------+------+-------+------+------+-----+-------+-------+---------+-----+--------+-------+
//   |magic |fmtVer|hdrSz |libVer |status|areas |rsvd |entries|bodySz |poolOfs  |rsvd |name(32)|sha256 |
//   | DERS | u16  | u16  | u32   | u8   | u8   | u16 | u32   | u32   |u32(body)| u32 | UTF-8  |  (32) |
//   +------+------+------+-------+------+------+-----+-------+-------+---------+-----+--------+-------+

export const HEADER_MAGIC = 0;
export const HEADER_FORMAT_VERSION = 4;
export const HEADER_HEADER_SIZE = 6;
export const HEADER_LIBRARY_VERSION = 8;
export const HEADER_LIBRARY_STATUS = 12;
export const HEADER_CARE_AREA_COUNT = 13;
export const HEADER_RESERVED_14 = 14;
export const HEADER_ENTRY_COUNT = 16;
export const HEADER_BODY_SIZE = 20;
export const HEADER_STRING_POOL_OFFSET = 24;
export const HEADER_RESERVED_28 = 28;
export const HEADER_LIBRARY_NAME = 32;
export const HEADER_BODY_DIGEST = 64;
export const DIGEST_BYTES = 32;

/** Largest accepted libraryVersion (2^31 − 1). */
export const MAX_LIBRARY_VERSION: u32 = 0x7fffffff;
