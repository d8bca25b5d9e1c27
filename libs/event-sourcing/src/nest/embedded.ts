// The embedded mode (DESIGN §6) runs every service in one process: they must all publish to and
// consume from ONE in-memory transport, as they would share one Kafka cluster.
import { InMemoryTransport } from '#messaging';

let shared: InMemoryTransport | undefined;

/** The process-wide in-memory transport of the embedded mode, created on first use. */
export function embeddedTransport(): InMemoryTransport {
  shared ??= new InMemoryTransport();
  return shared;
}

/** For tests: stops every embedded consumer and forgets all topics, messages and groups. */
export function resetEmbeddedTransport(): void {
  shared?.reset();
}
