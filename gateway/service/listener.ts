// The PCD-03 listener (docs/gateway.md §4): MLLP over TCP, on 127.0.0.1 unless told otherwise. Each
// connection has its own MLLP decoder; every message read gets its accept acknowledgement on the
// same connection, in order. A frame that cannot be read (bytes outside a frame, too long, not
// UTF-8) is answered with a negative acknowledgement naming the problem, and the connection goes
// on. A sender that starts a frame and does not finish it within the frame deadline (one byte a
// minute) is answered and disconnected, so it cannot hold a connection slot for ever; other
// connections are served all along.
import { createServer, type AddressInfo, type Server, type Socket } from "node:net";
import { buildAck } from "../hl7/ack.ts";
import { Hl7ErrorCode } from "../hl7/location.ts";
import { MAX_MESSAGE_CHARS } from "../hl7/message.ts";
import { MllpDecoder, mllpFrame } from "../mllp/frame.ts";
import { writeDtm } from "../pcd/dtm.ts";

export interface ListenerOptions {
  host?: string;
  port: number;
  /** A started frame must be complete within this time. Default 10,000 ms. */
  frameDeadlineMs?: number;
  /** Simultaneous connections. Default 64. */
  maxConnections?: number;
  /** The reply to one message (its accept acknowledgement), once the order is on disk. */
  receive(text: string): Promise<string>;
  /** A fresh control ID for a negative acknowledgement of an unreadable frame. */
  nextControlId(): string;
  now(): number;
  log(line: string): void;
}

/** The largest frame read, bytes: a message of MAX_MESSAGE_CHARS characters of up to 4 UTF-8 bytes each. */
export const MAX_FRAME_BYTES = MAX_MESSAGE_CHARS * 4;

export interface Listener {
  port: number;
  close(): Promise<void>;
}

export async function listen(options: ListenerOptions): Promise<Listener> {
  const deadlineMs = options.frameDeadlineMs ?? 10_000;
  const sockets = new Set<Socket>();
  const nak = (reason: string, code: Hl7ErrorCode): Buffer =>
    mllpFrame(
      buildAck(undefined, {
        messageType: ["ACK"],
        controlId: options.nextControlId(),
        time: writeDtm(options.now()),
        code: "CE",
        error: { code, at: {}, reason },
      }),
    );
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.setNoDelay(true);
    const peer = `${socket.remoteAddress}:${socket.remotePort}`;
    const decoder = new MllpDecoder(MAX_FRAME_BYTES);
    let deadline: NodeJS.Timeout | undefined;
    // Replies leave in the order the messages came, each when its own is ready.
    let replies: Promise<unknown> = Promise.resolve();
    const reply = (ready: Promise<Buffer>): void => {
      replies = replies
        .then(() => ready)
        .then(
          (bytes) => !socket.destroyed && socket.write(bytes),
          (error: Error) => options.log(`${peer}: no reply: ${error.message}`),
        );
    };
    const stopDeadline = (): void => {
      clearTimeout(deadline);
      deadline = undefined;
    };
    socket.on("data", (bytes: Buffer) => {
      for (const event of decoder.push(bytes)) {
        if (event.kind === "message") reply(options.receive(event.text).then(mllpFrame));
        else {
          options.log(`${peer}: ${event.reason}`);
          const code = /longer than/.test(event.reason) ? Hl7ErrorCode.VALUE_TOO_LONG : Hl7ErrorCode.SEGMENT_SEQUENCE;
          reply(Promise.resolve(nak(`MLLP: ${event.reason}`, code)));
        }
      }
      if (decoder.pendingBytes === 0) stopDeadline();
      else if (deadline === undefined)
        deadline = setTimeout(() => {
          options.log(`${peer}: a frame not finished within ${deadlineMs} ms; disconnected`);
          reply(
            Promise.resolve(
              nak(`MLLP: the message was not finished within ${deadlineMs} ms`, Hl7ErrorCode.SEGMENT_SEQUENCE),
            ),
          );
          void replies.then(() => socket.end());
        }, deadlineMs);
    });
    socket.on("error", (error) => options.log(`${peer}: ${error.message}`));
    socket.on("close", () => {
      stopDeadline();
      sockets.delete(socket);
    });
  });
  server.maxConnections = options.maxConnections ?? 64;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host ?? "127.0.0.1", () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
