// Acknowledgements the gateway writes (gateway/hl7/ack.ts), read by the independent @medplum/core
// package as an EHR's engine would: MSA-1/MSA-2, and on an error the ERR segment with the
// location, the table 0357 code and a message for a person (REQ-GW-002).
import * as medplum from "@medplum/core";
import { describe, expect, it } from "vitest";
import { buildAck } from "../../gateway/hl7/ack.ts";
import { Hl7ErrorCode } from "../../gateway/hl7/location.ts";
import { parseHl7 } from "../../gateway/hl7/message.ts";

const ORDER =
  "MSH|^~\\&|IOP^1234560000000001^EUI-64|IOP|IOC^6543210000000001^EUI-64|IOC|20261204120000+0000||RGV^O15^RGV_O15|MSG-7|P|2.6|||AL|ER||UNICODE UTF-8|||IHE_PCD_PIV_001^IHE PCD^1.3.6.1.4.1.19376.1.6.1.3.1^ISO\r";

describe("REQ-GW-002 acknowledgements", () => {
  it("REQ-GW-002: an accept acknowledgement answers the sender with its control ID, sender and receiver swapped", () => {
    const text = buildAck(parseHl7(ORDER), {
      messageType: ["ACK", "O15", "ACK"],
      controlId: "GW-1",
      time: "20261204120001+0000",
      code: "CA",
    });
    const ack = medplum.Hl7Message.parse(text);
    expect(ack.getSegment("MSH")?.getField(3).toString()).toBe("IOC^6543210000000001^EUI-64");
    expect(ack.getSegment("MSH")?.getField(5).toString()).toBe("IOP^1234560000000001^EUI-64");
    expect(ack.getSegment("MSH")?.getField(9).toString()).toBe("ACK^O15^ACK");
    expect(ack.getSegment("MSH")?.getField(10).toString()).toBe("GW-1");
    expect(ack.getSegment("MSH")?.getField(21).toString()).toBe(
      "IHE_PCD_PIV_001^IHE PCD^1.3.6.1.4.1.19376.1.6.1.3.1^ISO",
    );
    expect(ack.getSegment("MSA")?.getField(1).toString()).toBe("CA");
    expect(ack.getSegment("MSA")?.getField(2).toString()).toBe("MSG-7");
    expect(ack.getSegment("ERR")).toBeUndefined();
  });

  it("REQ-GW-002: an error acknowledgement names the segment and field, the 0357 code and the application code", () => {
    const text = buildAck(parseHl7(ORDER), {
      messageType: ["RRG", "O16", "RRG_O16"],
      controlId: "GW-2",
      time: "20261204120001+0000",
      code: "AE",
      error: {
        code: Hl7ErrorCode.REQUIRED_FIELD_MISSING,
        at: { segment: "RXG", sequence: 1, field: 5 },
        reason: "the volume to be infused is missing",
        application: ["9003", "Missing required program parameter(s)"],
      },
    });
    const err = medplum.Hl7Message.parse(text).getSegment("ERR")!;
    expect(err.getField(2).toString()).toBe("RXG^1^5");
    expect(err.getField(3).toString()).toBe("101^Required field missing^HL70357");
    expect(err.getField(4).toString()).toBe("E");
    expect(err.getField(5).toString()).toBe("9003^Missing required program parameter(s)^IHE_PCD");
    expect(err.getField(8).toString()).toBe("RXG-5: the volume to be infused is missing");
  });

  it("REQ-GW-002: a message whose MSH cannot be read is still answered, with no MSA-2 and the standard delimiters", () => {
    const text = buildAck(undefined, {
      messageType: ["ACK"],
      controlId: "GW-3",
      time: "20261204120001+0000",
      code: "CR",
      error: {
        code: Hl7ErrorCode.SEGMENT_SEQUENCE,
        at: { segment: "MSH" },
        reason: "the message does not start with MSH",
      },
    });
    expect(text.startsWith("MSH|^~\\&|")).toBe(true);
    const ack = medplum.Hl7Message.parse(text);
    expect(ack.getSegment("MSA")?.getField(1).toString()).toBe("CR");
    expect(ack.getSegment("MSA")?.getField(2)?.toString() ?? "").toBe("");
    expect(ack.getSegment("ERR")?.getField(8).toString()).toBe("segment MSH: the message does not start with MSH");
  });
});
