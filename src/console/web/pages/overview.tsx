import { api } from '../api.js';
import type { Overview, PartitionProblem } from '../types.js';
import { ErrorBox, formatNumber, useLoad } from '../ui.js';

const REFRESH_MS = 5000;

/** Brokers with racks, the controller, `cluster health`'s checks and totals; refreshed every few seconds. */
export function OverviewPage() {
  const { data, error } = useLoad(() => api<Overview>('GET', '/api/overview'), [], REFRESH_MS);
  return (
    <section aria-labelledby="overview-title">
      <h1 id="overview-title">Overview</h1>
      <ErrorBox error={error} />
      {data && (
        <>
          <p class={data.health.healthy ? 'good health' : 'bad health'} data-testid="health" role="status">
            {data.health.healthy ? 'Healthy' : 'UNHEALTHY'}: {data.health.partitionsChecked} partitions of {data.health.topicsChecked} topics checked
          </p>
          <dl class="facts">
            <div><dt>Cluster</dt><dd>{data.cluster.clusterId}</dd></div>
            <div><dt>Brokers</dt><dd>{data.totals.brokers}</dd></div>
            <div><dt>Topics</dt><dd><a href="#/topics" data-testid="total-topics">{formatNumber(data.totals.topics)}</a></dd></div>
            <div><dt>Partitions</dt><dd>{formatNumber(data.totals.partitions)}</dd></div>
            <div><dt>Consumer groups</dt><dd><a href="#/groups">{formatNumber(data.totals.groups)}</a></dd></div>
          </dl>
          <h2>Brokers</h2>
          <table class="list" data-testid="brokers">
            <thead><tr><th scope="col" class="num">Id</th><th scope="col">Address</th><th scope="col">Rack</th><th scope="col">Role</th></tr></thead>
            <tbody>
              {data.cluster.brokers.map((b) => (
                <tr key={b.id}><td class="num">{b.id}</td><td>{b.host}:{b.port}</td><td>{b.rack ?? '–'}</td><td>{b.isController ? 'controller' : ''}</td></tr>
              ))}
              {data.health.brokersDown.map((id) => <tr key={`down-${id}`} class="bad"><td class="num">{id}</td><td colSpan={3}>down (named by replicas, not registered)</td></tr>)}
            </tbody>
          </table>
          <Problems title="Offline partitions" rows={data.health.offline} />
          <Problems title="Under-replicated partitions" rows={data.health.underReplicated} />
          <Problems title="Under min ISR" rows={data.health.underMinIsr} />
        </>
      )}
    </section>
  );
}

function Problems({ title, rows }: { title: string; rows: PartitionProblem[] }) {
  if (!rows.length) return null;
  return (
    <>
      <h2 class="bad">{title}</h2>
      <table class="list">
        <thead><tr><th scope="col">Topic</th><th scope="col" class="num">Partition</th><th scope="col">Leader</th><th scope="col">Replicas</th><th scope="col">ISR</th></tr></thead>
        <tbody>{rows.map((p) => <tr key={`${p.topic}:${p.partition}`}><td>{p.topic}</td><td class="num">{p.partition}</td><td>{p.leader ?? 'none'}</td><td>{p.replicas.join(', ')}</td><td>{p.isr.join(', ')}</td></tr>)}</tbody>
      </table>
    </>
  );
}
