/**
 * read_committed as Kafka's own consumer does it (CompletedFetch in the Java client): a Fetch at
 * isolation level 1 stops at the last stable offset, but still returns the records of aborted
 * transactions below it, with a list of those transactions (producer id, first offset). The
 * reader drops them: walking the batches in offset order, a producer id joins the "aborted" set
 * when its aborted transaction's first offset is reached, and leaves it at its ABORT marker; a
 * transactional batch of a producer in the set is aborted. Control batches are never records.
 */
import { decodeRecords, isControlBatch, isTransactionalBatch, type RawBatch } from './record-batch.js';

export interface AbortedTransaction {
  producerId: number;
  firstOffset: number;
}

/** The control record key's type: 0 ABORT, 1 COMMIT (key = int16 version, int16 type). */
const ABORT_MARKER = 0;

export class AbortedTransactionFilter {
  private readonly pending: AbortedTransaction[];
  private readonly aborted = new Set<number>();

  constructor(abortedTransactions: AbortedTransaction[]) {
    this.pending = [...abortedTransactions].sort((a, b) => a.firstOffset - b.firstOffset);
  }

  /** Call for every batch of one partition's response, in offset order: false for aborted records and control batches. */
  keeps(batch: RawBatch): boolean {
    while (this.pending.length && this.pending[0]!.firstOffset <= batch.lastOffset) this.aborted.add(this.pending.shift()!.producerId);
    if (isControlBatch(batch)) {
      if (isAbortMarker(batch)) this.aborted.delete(batch.producerId);
      return false;
    }
    return !(isTransactionalBatch(batch) && this.aborted.has(batch.producerId));
  }
}

function isAbortMarker(batch: RawBatch): boolean {
  const key = decodeRecords(batch)[0]?.key;
  return key !== null && key !== undefined && key.length >= 4 && key.readInt16BE(2) === ABORT_MARKER;
}
