import { api } from '../api.js';
import { href } from '../router.js';
import type { GroupDetails, LagSample } from '../types.js';
import { ErrorBox, formatNumber, useLoad } from '../ui.js';
import { OffsetReset } from './offset-reset.js';

export function GroupPage({ id }: { id: string }) {
  const { data, error, reload } = useLoad(() => api<GroupDetails>('GET', `/api/groups/${encodeURIComponent(id)}`), [id], 10_000);
  const curve = useLoad(() => api<LagSample[]>('GET', `/api/groups/${encodeURIComponent(id)}/lag-curve`), [id], 5000);
  return (
    <section aria-labelledby="group-title">
      <p class="crumbs"><a href="#/groups">Consumer groups</a> /</p>
      <h1 id="group-title">{id}</h1>
      <ErrorBox error={error} />
      {data && (
        <>
          <dl class="facts">
            <div><dt>State</dt><dd data-testid="group-state">{data.state}</dd></div>
            <div><dt>Members</dt><dd>{data.members.length}</dd></div>
            <div><dt>Coordinator</dt><dd>broker {data.coordinator}</dd></div>
            <div><dt>Total lag</dt><dd data-testid="group-lag">{formatNumber(data.totalLag)}</dd></div>
          </dl>
          <h2>Lag while this page is open</h2>
          <LagCurve samples={curve.data ?? []} />
          <h2>Partitions</h2>
          <table class="list" data-testid="group-partitions">
            <thead><tr><th scope="col">Topic</th><th scope="col" class="num">Partition</th><th scope="col" class="num">Committed</th><th scope="col" class="num">Log end</th><th scope="col" class="num">Lag</th><th scope="col">Member</th></tr></thead>
            <tbody>
              {data.partitions.map((p) => (
                <tr key={`${p.topic}:${p.partition}`}>
                  <td><a href={href('topics', p.topic)}>{p.topic}</a></td>
                  <td class="num">{p.partition}</td>
                  <td class="num">{formatNumber(p.committedOffset)}</td>
                  <td class="num">{formatNumber(p.logEndOffset)}</td>
                  <td class="num">{formatNumber(p.lag)}</td>
                  <td>{p.clientId ? `${p.clientId} (${p.host})` : '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <OffsetReset group={data} onApplied={reload} />
        </>
      )}
    </section>
  );
}

/** The total lag over time, as an SVG line: the server samples it every few seconds while the page asks. */
function LagCurve({ samples }: { samples: LagSample[] }) {
  const width = 600;
  const height = 120;
  if (samples.length < 2) return <p class="dim" data-testid="lag-curve">sampling… ({samples.length} sample{samples.length === 1 ? '' : 's'})</p>;
  const max = Math.max(1, ...samples.map((s) => s.totalLag));
  const points = samples.map((s, i) => `${(i / (samples.length - 1)) * width},${height - (s.totalLag / max) * (height - 10) - 5}`).join(' ');
  const last = samples[samples.length - 1]!;
  return (
    <figure class="curve" data-testid="lag-curve">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={`total lag from ${samples[0]!.totalLag} to ${last.totalLag} over ${samples.length} samples`}>
        <polyline points={points} fill="none" stroke="currentColor" stroke-width="2" />
      </svg>
      <figcaption>max {formatNumber(max)}, now {formatNumber(last.totalLag)} ({samples.length} samples since {new Date(samples[0]!.at).toLocaleTimeString()})</figcaption>
    </figure>
  );
}
