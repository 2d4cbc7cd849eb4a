/**
 * Headers sofakafka writes on the messages it produces, so they can be found and traced later.
 * Names are part of the product's contract: `msg send` writes them, `msg query`/`msg trace` read them.
 */
export const MessageHeaders = {
  /** A unique id per message (UUID v4) unless `--no-msg-id`. */
  msgId: 'sofakafka.msg.id',
  /** Who produced it: client id, host and tool version, for the trace's "produced" section. */
  producer: 'sofakafka.producer',
  /** On a resent copy: "topic/partition/offset" of the original. */
  resentFrom: 'sofakafka.resent.from',
} as const;
