import { api, type Changed, queryString } from '../api.js';
import { href, type Location } from '../router.js';
import type { Message } from '../types.js';
import { ErrorBox, formatNumber, useLoad } from '../ui.js';

interface Trace {
  message: Message;
  produced: { timestamp: string; msgId: string | null; producer: string | null; resentFrom: string | null };
  stored: { leader: number | null; leaderRack: string | null; replicas: number[]; isr: number[]; outOfSyncReplicas: number[]; logStartOffset: number; highWatermark: number };
  routed: { status: string; copies: Array<{ topic: string; partition: number; offset: number }> };
  consumed: Array<{ group: string; state: string; committedOffset: number; consumed: boolean; lag: number }>;
  resentCopies: Array<{ topic: string; partition: number; offset: number; timestamp: string }>;
}

/** `msg trace`: produced → stored → routed → consumed, for one message. */
export function TracePage({ location }: { location: Location }) {
  const locator = Object.fromEntries(['topic', 'partition', 'offset', 'msgId'].map((k) => [k, location.query.get(k) ?? '']));
  const { data, error } = useLoad(() => api<Changed<Trace>>('GET', `/api/messages/trace${queryString(locator)}`), [location.query.toString()]);
  const trace = data?.data;
  return (
    <section aria-labelledby="trace-title" data-testid="trace">
      <p class="crumbs"><a href={`${href('messages')}${queryString({ topic: locator.topic })}`}>Messages</a> /</p>
      <h1 id="trace-title">Trace of {locator.topic} {locator.partition && `/ ${locator.partition} / ${locator.offset}`}{locator.msgId && ` ${locator.msgId}`}</h1>
      {!trace && !error && <p class="dim">tracing…</p>}
      <ErrorBox error={error} />
      {trace && (
        <ol class="trace">
          <li><h2>Produced</h2><p>{trace.produced.timestamp} by {trace.produced.producer ?? 'an unknown producer'}{trace.produced.msgId && <>, msg id <code>{trace.produced.msgId}</code></>}{trace.produced.resentFrom && <>, resent from {trace.produced.resentFrom}</>}</p></li>
          <li><h2>Stored</h2><p>partition {trace.message.partition} offset {trace.message.offset}; leader {trace.stored.leader ?? 'none'}{trace.stored.leaderRack && ` (rack ${trace.stored.leaderRack})`}, replicas {trace.stored.replicas.join(', ')}, in sync {trace.stored.isr.join(', ')}{trace.stored.outOfSyncReplicas.length > 0 && <span class="warn">, out of sync {trace.stored.outOfSyncReplicas.join(', ')}</span>}; log {formatNumber(trace.stored.logStartOffset)}–{formatNumber(trace.stored.highWatermark)}</p></li>
          <li><h2>Routed</h2><p>{trace.routed.status}</p>{trace.routed.copies.map((c) => <p key={`${c.topic}:${c.partition}:${c.offset}`}>copy in {c.topic} / {c.partition} / {c.offset}</p>)}</li>
          <li><h2>Consumed</h2>{trace.consumed.length === 0 ? <p>no group has committed offsets on this partition</p> : (
            <table class="list"><thead><tr><th scope="col">Group</th><th scope="col">State</th><th scope="col">Consumed</th><th scope="col" class="num">Committed</th><th scope="col" class="num">Lag</th></tr></thead>
              <tbody>{trace.consumed.map((g) => <tr key={g.group}><td><a href={href('groups', g.group)}>{g.group}</a></td><td>{g.state}</td><td>{g.consumed ? 'yes' : 'not yet'}</td><td class="num">{formatNumber(g.committedOffset)}</td><td class="num">{formatNumber(g.lag)}</td></tr>)}</tbody></table>
          )}</li>
          {trace.resentCopies.length > 0 && <li><h2>Resent</h2>{trace.resentCopies.map((c) => <p key={`${c.topic}:${c.offset}`}>{c.topic} / {c.partition} / {c.offset} at {c.timestamp}</p>)}</li>}
        </ol>
      )}
    </section>
  );
}
