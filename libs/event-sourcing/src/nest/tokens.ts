// Injection tokens of the EventSourcingModule. Each service module gets its own instances under
// these tokens; two services in one Nest app (embedded mode) do not see each other's.

/** The service's EventStore (MongoDB in real mode, in-memory in embedded mode). */
export const EVENT_STORE = Symbol('EVENT_STORE');
/** DocumentCollections: `collection<T>(name)` for read models and service-private data. */
export const DOCUMENTS = Symbol('DOCUMENTS');
/** The MessageTransport (Kafka in real mode, the process-wide in-memory one in embedded mode). */
export const MESSAGE_TRANSPORT = Symbol('MESSAGE_TRANSPORT');
/** ProcessedEvents for consumer-side dedup (MongoDB in real mode, in-memory in embedded mode). */
export const PROCESSED_EVENTS = Symbol('PROCESSED_EVENTS');
/** The service's mongoose Connection in real mode; null in embedded mode. */
export const MONGO_CONNECTION = Symbol('MONGO_CONNECTION');
/** The watchdog that reconnects the connection's client if its server monitoring wedges (real mode). */
export const MONGO_WATCHDOG = Symbol('MONGO_WATCHDOG');
/** The resolved EventSourcingOptions. */
export const EVENT_SOURCING_OPTIONS = Symbol('EVENT_SOURCING_OPTIONS');
/** The service name alone, so that Nest tells two services' modules apart. */
export const EVENT_SOURCING_SERVICE = Symbol('EVENT_SOURCING_SERVICE');
/** The LeaseStore of the relay in real mode; null in embedded mode (one process, one relay). */
export const LEASE_STORE = Symbol('LEASE_STORE');
