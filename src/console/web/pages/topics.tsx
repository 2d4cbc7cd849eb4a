import { useState } from 'preact/hooks';
import { api, type Changed, queryString } from '../api.js';
import { href, type Location, replaceQuery } from '../router.js';
import type { Paged, TopicRow } from '../types.js';
import { ErrorBox, Field, formatNumber, Notice, Pager, useAction, useDebounced, useLoad } from '../ui.js';

const PAGE = 100;

export function TopicsPage({ location }: { location: Location }) {
  const [filter, setFilter] = useState(location.query.get('filter') ?? '');
  const [offset, setOffset] = useState(Number(location.query.get('offset') ?? 0) || 0);
  const settled = useDebounced(filter);
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<string>();
  const { data, error, reload } = useLoad(() => {
    replaceQuery({ filter: settled, offset: offset ? String(offset) : '' });
    return api<Paged<TopicRow>>('GET', `/api/topics${queryString({ filter: settled, offset: String(offset), limit: String(PAGE) })}`);
  }, [settled, offset]);
  return (
    <section aria-labelledby="topics-title">
      <div class="title-row">
        <h1 id="topics-title">Topics</h1>
        <button type="button" onClick={() => setCreating(!creating)} aria-expanded={creating}>Create topic</button>
      </div>
      {creating && <CreateTopic onCreated={(name) => { setCreating(false); setCreated(name); reload(); }} />}
      {created && <Notice>Created topic <a href={href('topics', created)}>{created}</a>.</Notice>}
      <Field label="Filter (text or glob like orders-*)">
        <input type="search" value={filter} onInput={(e) => { setFilter(e.currentTarget.value); setOffset(0); }} data-testid="topic-filter" />
      </Field>
      <ErrorBox error={error} />
      {data && (
        <>
          <table class="list" data-testid="topic-table" data-total={data.total}>
            <thead><tr><th scope="col">Topic</th><th scope="col" class="num">Partitions</th><th scope="col" class="num">Replication</th></tr></thead>
            <tbody>
              {data.items.map((t) => (
                <tr key={t.name}>
                  <td><a href={href('topics', t.name)}>{t.name}</a></td>
                  <td class="num">{formatNumber(t.partitions)}</td>
                  <td class="num">{t.replicationFactor}</td>
                </tr>
              ))}
              {data.items.length === 0 && <tr><td colSpan={3} class="empty">{settled ? `no topic matches "${settled}"` : '(no topics)'}</td></tr>}
            </tbody>
          </table>
          <Pager total={data.total} offset={data.offset} limit={data.limit} onChange={setOffset} />
        </>
      )}
    </section>
  );
}

/** The CLI's defaults apply to what is left empty: 1 partition, RF 3 (or the broker count), 3-day retention. */
function CreateTopic({ onCreated }: { onCreated: (name: string) => void }) {
  const [name, setName] = useState('');
  const [partitions, setPartitions] = useState('');
  const [replicationFactor, setReplicationFactor] = useState('');
  const [configs, setConfigs] = useState('');
  const action = useAction<Changed>();
  const submit = async (event: Event) => {
    event.preventDefault();
    const done = await action.run(() => api<Changed>('POST', '/api/topics', { name, partitions, replicationFactor, configs: configs.split('\n').map((l) => l.trim()).filter(Boolean) }));
    if (done) onCreated(name);
  };
  return (
    <form class="panel" onSubmit={submit} aria-label="create topic" data-testid="create-topic">
      <Field label="Name"><input name="name" value={name} onInput={(e) => setName(e.currentTarget.value)} autoFocus /></Field>
      <Field label="Partitions" help="empty: 1, as the CLI"><input name="partitions" inputMode="numeric" value={partitions} onInput={(e) => setPartitions(e.currentTarget.value)} /></Field>
      <Field label="Replication factor" help="empty: 3, or the broker count if fewer"><input name="replicationFactor" inputMode="numeric" value={replicationFactor} onInput={(e) => setReplicationFactor(e.currentTarget.value)} /></Field>
      <Field label="Configs, one key=value a line" help="retention.ms defaults to 3 days"><textarea name="configs" rows={3} value={configs} onInput={(e) => setConfigs(e.currentTarget.value)} /></Field>
      <ErrorBox error={action.error} />
      <button type="submit" disabled={action.busy}>Create</button>
    </form>
  );
}
