// The firmware's topology (like an F´ topology file): the one place that connects a component's
// output port to another's input. The event log sits below the protocol and knows nothing of it;
// here its committed records are connected to the protocol's EVENT frames. Runs once, when the
// module is instantiated, so the port is connected before any export can append a record.
import { connectRecordSink } from "../eventlog/ring";
import { queueEventFrame } from "../protocol/events";

connectRecordSink(queueEventFrame);
