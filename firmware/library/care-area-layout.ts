// Care-area record, 96 bytes each, at body offset 0, ascending id (docs/library-image.md §2).
//
//   0    1     2      3       4      5    6        8        12    16          24          32           64          96
//   +----+-----+------+-------+------+----+--------+--------+-----+-----------+-----------+------------+-----------+
//   | id |flags|capMsk|wtMask |bsaMsk|rsvd|nameLen |nameOfs |rsvd |maxRateUlPH|maxVtbiUl  |weight tiers|BSA tiers  |
//   | u8 | u8  | u8   | u8    | u8   | u8 | u16    |u32 pool| u32 | u64       | u64       |4×u64 g     |4×u64 m²e-4|
//   +----+-----+------+-------+------+----+--------+--------+-----+-----------+-----------+------------+-----------+
//   Weight and BSA tiers sit in fixed slots HMIN, SMIN, SMAX, HMAX (absent ones 0).

export {
  AREA_FLAG_BASIC_INFUSION,
  AREA_FLAG_WEIGHT_CONFIRMATION,
  IMAGE_FORMAT_WEIGHT_CONFIRMATION,
} from "../abi/care-area-flags";

export const AREA_ID = 0;
export const AREA_FLAGS = 1;
export const AREA_CAP_MASK = 2;
export const AREA_WEIGHT_TIER_MASK = 3;
export const AREA_BSA_TIER_MASK = 4;
export const AREA_RESERVED_5 = 5;
export const AREA_NAME_LENGTH = 6;
export const AREA_NAME_OFFSET = 8;
export const AREA_RESERVED_12 = 12;
export const AREA_MAX_RATE_UL_PER_HOUR = 16;
export const AREA_MAX_VTBI_UL = 24;
export const AREA_WEIGHT_TIERS_G = 32;
export const AREA_BSA_TIERS_M2X10000 = 64;

export const AREA_CAP_MAX_RATE: u32 = 1;
export const AREA_CAP_MAX_VTBI: u32 = 2;
/** Highest care-area id + 1: ids are 0 .. 63, so a u64 bitmap names them all. */
export const AREA_ID_LIMIT: u32 = 64;
