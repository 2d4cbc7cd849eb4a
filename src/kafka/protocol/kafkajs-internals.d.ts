// Types for the kafkajs 2.2.4 internals that internals.ts imports (kafkajs ships types for its public API only).
declare module 'kafkajs/src/admin/index.js' {
  const createAdmin: (options: { retry: object; logger: unknown; instrumentationEmitter: unknown; cluster: unknown }) => unknown;
  export default createAdmin;
}
declare module 'kafkajs/src/instrumentation/emitter.js' {
  const InstrumentationEventEmitter: new () => unknown;
  export default InstrumentationEventEmitter;
}
declare module 'kafkajs/src/protocol/encoder.js' {
  class Encoder {
    writeBuffer(buffer: Buffer): Encoder;
  }
  export default Encoder;
}
declare module 'kafkajs/src/protocol/error.js' {
  const errors: { createErrorFromCode(code: number): Error };
  export default errors;
}
declare module 'kafkajs/src/protocol/requests/index.js' {
  const requests: { requests: Record<string, unknown> };
  export default requests;
}
declare module 'kafkajs/src/protocol/requests/apiKeys.js' {
  const apiKeys: Record<string, number>;
  export default apiKeys;
}
