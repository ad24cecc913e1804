// LibraryTransfer: a library file to the pump over the serial protocol (docs/protocol.md §5.6), in
// chunks, resumable. LIBRARY_BEGIN with the file's length and SHA-256 resumes a transfer the pump
// already has under way, so after a lost link, a timeout or a new client the transfer continues
// from the bytes the pump reports received. An ACTIVATE whose answer never came is settled by
// asking LIBRARY_STATUS whether the file's library is the active one (uncertain, not failed).
import { IMAGE_HEADER_SIZE } from "../../firmware/abi/codes.ts";
import { LIBRARY_CHUNK_MAX_BYTES, type Result } from "../../firmware/abi/protocol-codes.ts";
import { UncertainOutcomeError, type PumpClient } from "./client.ts";
import { fileDigest, type LibraryStatusBlock, TransferState } from "./library-messages.ts";
import type { Outcome } from "./pump-commands.ts";

export type LibraryOutcome =
  | { ok: true; status: LibraryStatusBlock }
  /** result LIBRARY_REFUSED with the Status as detail (abi.md §6), or another protocol result. */
  | { ok: false; result: Result; detail: number };

export interface TransferOptions {
  /** Bytes per LIBRARY_CHUNK, 1 … 480. */
  chunkBytes?: number;
  /** Whole attempts (BEGIN … ACTIVATE) after a link failure before giving up; each resumes. */
  maxResumes?: number;
  /** Called after every chunk the pump acknowledged. */
  onProgress?: (receivedBytes: number, totalLength: number) => void;
}

export class LibraryTransfer {
  /** Chunks sent, resent ones included: what a resumed transfer saves shows here. */
  chunksSent = 0;
  resumes = 0;

  constructor(
    private readonly client: PumpClient,
    private readonly options: TransferOptions = {},
  ) {}

  async status(): Promise<LibraryOutcome> {
    return this.command(this.client.libraryStatus());
  }

  /** Sends `file` (an image, signed or not) and activates it; resumes after link failures. */
  async send(file: Uint8Array): Promise<LibraryOutcome> {
    const maxResumes = this.options.maxResumes ?? 3;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.attempt(file);
      } catch (error) {
        if (!(error instanceof UncertainOutcomeError) || attempt >= maxResumes) throw error;
        this.resumes++;
      }
    }
  }

  private async attempt(file: Uint8Array): Promise<LibraryOutcome> {
    const digest = fileDigest(file);
    // An earlier attempt's ACTIVATE may have taken effect without its answer reaching us.
    const before = await this.status();
    if (before.ok && isActive(before.status, file)) return before;
    const begun = await this.command(this.client.libraryBegin(file.length, digest));
    if (!begun.ok) return begun;
    const chunkBytes = this.options.chunkBytes ?? LIBRARY_CHUNK_MAX_BYTES;
    let received = begun.status.receivedBytes;
    while (received < file.length) {
      const chunk = file.subarray(received, Math.min(received + chunkBytes, file.length));
      this.chunksSent++;
      const answer = await this.command(this.client.libraryChunk(received, chunk));
      if (!answer.ok) return answer;
      received = answer.status.receivedBytes;
      this.options.onProgress?.(received, file.length);
    }
    try {
      return await this.command(this.client.libraryActivate());
    } catch (error) {
      if (!(error instanceof UncertainOutcomeError)) throw error;
      const after = await this.status();
      if (after.ok && isActive(after.status, file)) return after;
      throw error;
    }
  }

  /** The client's Outcome in this API's shape (the status block as `status`, no sequence). */
  private async command(answer: Promise<Outcome<LibraryStatusBlock>>): Promise<LibraryOutcome> {
    const outcome = await answer;
    return outcome.ok
      ? { ok: true, status: outcome.value }
      : { ok: false, result: outcome.result, detail: outcome.detail };
  }
}

/** The pump's active library is this file's (same version and body digest) and no transfer is left open. */
function isActive(status: LibraryStatusBlock, file: Uint8Array): boolean {
  if (status.activeSlot === undefined || file.length < IMAGE_HEADER_SIZE) return false;
  const header = new DataView(file.buffer, file.byteOffset, IMAGE_HEADER_SIZE);
  const claimedDigest = Buffer.from(file.subarray(64, 96)).toString("hex");
  return (
    status.activeVersion === header.getUint32(8, true) &&
    status.activeBodyDigest === claimedDigest &&
    status.transferState === TransferState.NONE
  );
}
