// What the panel lists and names: care areas, drug display names (tall-man letters as stored),
// dosing units and concentrations, read from the library image the pump was given
// (docs/library-image.md §1–§4). Display fields only: the panel never reads a limit, and it shows the
// catalogue only when its body digest is the one the pump reports for its active library (HELLO).
import { createHash } from "node:crypto";

export interface CatalogueConcentration {
  index: number;
  /** 0 fixed, 1 custom (amount and volume from the pharmacy label). */
  kind: number;
  amountUnitCode: number;
  amountAbu: bigint;
  volumeUl: number;
}

export interface CatalogueEntry {
  id: number;
  displayName: string;
  /** 0 continuous, 1 intermittent, 2 fluid. */
  infusionType: number;
  doseBasis: number;
  doseAmountUnitCode: number;
  doseTimeUnitCode: number;
  highAlert: boolean;
  careAreaMask: bigint;
  concentrations: CatalogueConcentration[];
}

export interface CatalogueCareArea {
  id: number;
  name: string;
}

export interface Catalogue {
  libraryName: string;
  libraryVersion: number;
  /** Lower-case hex SHA-256 of the image body, as HELLO reports the active library's. */
  bodyDigest: string;
  careAreas: CatalogueCareArea[];
  entries: CatalogueEntry[];
}

const HEADER_SIZE = 96;
const CARE_AREA_SIZE = 96;
const INDEX_ROW_SIZE = 8;
const TRAILER_SIZE = 80;
const TRAILER_MAGIC = "DSIG";

function popcount(byte: number): number {
  let n = 0;
  for (let b = byte; b !== 0; b >>= 1) n += b & 1;
  return n;
}

/** The image of a file: without its signature trailer, if it has one (docs/library-image.md §9). */
function imageOf(file: Uint8Array): Uint8Array {
  const tail = file.length - TRAILER_SIZE;
  if (
    file.length >= HEADER_SIZE + TRAILER_SIZE &&
    new TextDecoder().decode(file.subarray(tail, tail + 4)) === TRAILER_MAGIC
  )
    return file.subarray(0, tail);
  return file;
}

/** Reads the catalogue; throws an Error naming the offset when the file is not a library image. */
export function readCatalogue(file: Uint8Array): Catalogue {
  const image = imageOf(file);
  if (image.length < HEADER_SIZE || new TextDecoder().decode(image.subarray(0, 4)) !== "DERS")
    throw new Error("not a library image: no DERS header at offset 0 (docs/library-image.md §1)");
  const v = new DataView(image.buffer, image.byteOffset, image.length);
  const text = (at: number, length: number): string => new TextDecoder().decode(image.subarray(at, at + length));
  const careAreaCount = image[13];
  const entryCount = v.getUint32(16, true);
  const body = HEADER_SIZE;
  const pool = body + v.getUint32(24, true);
  if (image.length !== body + v.getUint32(20, true) || pool > image.length)
    throw new Error("library image length does not match its header (docs/library-image.md §1)");
  const nameEnd = image.subarray(32, 64).indexOf(0);
  const careAreas: CatalogueCareArea[] = [];
  for (let i = 0; i < careAreaCount; i++) {
    const at = body + i * CARE_AREA_SIZE;
    careAreas.push({ id: image[at], name: text(pool + v.getUint32(at + 8, true), v.getUint16(at + 6, true)) });
  }
  const entries: CatalogueEntry[] = [];
  const indexAt = body + careAreaCount * CARE_AREA_SIZE;
  for (let i = 0; i < entryCount; i++) {
    const at = body + v.getUint32(indexAt + i * INDEX_ROW_SIZE + 4, true);
    let limitCount = 0;
    for (let b = 0; b < 8; b++) limitCount += popcount(image[at + 32 + b]);
    let concAt = at + 40 + 8 * limitCount;
    // Format 3 (docs/library-image.md §10): an EXTENDED entry (flags bit 2) has its limit records
    // (8-byte header with the count, then 40 bytes each) before its concentrations.
    if ((image[at + 6] & 4) !== 0) concAt += 8 + 40 * v.getUint16(concAt, true);
    const concentrations: CatalogueConcentration[] = [];
    for (let c = 0; c < image[at + 7]; c++) {
      concentrations.push({
        index: c,
        kind: image[concAt],
        amountUnitCode: image[concAt + 2],
        volumeUl: v.getUint32(concAt + 4, true),
        amountAbu: v.getBigUint64(concAt + 8, true),
      });
      // Byte 3: the concentration's own limit records (format 3), 40 bytes each, after its values.
      concAt += 16 + 8 * popcount(image[concAt + 1]) + 40 * image[concAt + 3];
    }
    entries.push({
      id: v.getUint32(at, true),
      infusionType: image[at + 4],
      doseBasis: image[at + 5],
      highAlert: (image[at + 6] & 1) !== 0,
      careAreaMask: v.getBigUint64(at + 8, true),
      doseAmountUnitCode: image[at + 16],
      doseTimeUnitCode: image[at + 17],
      displayName: text(pool + v.getUint32(at + 20, true), v.getUint16(at + 24, true)),
      concentrations,
    });
  }
  return {
    libraryName: text(32, nameEnd < 0 ? 32 : nameEnd),
    libraryVersion: v.getUint32(8, true),
    bodyDigest: createHash("sha256").update(image.subarray(body)).digest("hex"),
    careAreas,
    entries,
  };
}

export const offeredIn = (entry: CatalogueEntry, careAreaId: number): boolean =>
  ((entry.careAreaMask >> BigInt(careAreaId)) & 1n) === 1n;
