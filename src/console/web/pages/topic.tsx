import { useState } from 'preact/hooks';
import { api, type Changed } from '../api.js';
import { href } from '../router.js';
import type { ConfigEntry, Overview, TopicDetails } from '../types.js';
import { ErrorBox, Field, formatNumber, Notice, useAction, useLoad } from '../ui.js';

export function TopicPage({ name }: { name: string }) {
  const { data, error, reload } = useLoad(() => api<TopicDetails>('GET', `/api/topics/${encodeURIComponent(name)}`), [name]);
  const racks = useLoad(() => api<Overview>('GET', '/api/overview'), []).data;
  const [deleted, setDeleted] = useState(false);
  if (deleted) return <Notice>Topic {name} was deleted. <a href="#/topics">Back to topics</a></Notice>;
  return (
    <section aria-labelledby="topic-title">
      <p class="crumbs"><a href="#/topics">Topics</a> /</p>
      <h1 id="topic-title">{name}</h1>
      <ErrorBox error={error} />
      {data && (
        <>
          <dl class="facts">
            <div><dt>Partitions</dt><dd>{data.partitionCount}</dd></div>
            <div><dt>Replication factor</dt><dd>{data.replicationFactor}</dd></div>
            <div><dt>Messages</dt><dd data-testid="topic-messages">{formatNumber(data.messages)}</dd></div>
            <div><dt>Browse</dt><dd><a href={`${href('messages')}?topic=${encodeURIComponent(name)}`}>messages of {name}</a></dd></div>
          </dl>
          <PartitionMap topic={data} racks={new Map((racks?.cluster.brokers ?? []).map((b) => [b.id, b.rack]))} />
          <Configs topic={data} onChanged={reload} />
          <AddPartitions topic={data} onChanged={reload} />
          <DeleteTopic name={name} onDeleted={() => setDeleted(true)} />
        </>
      )}
    </section>
  );
}

/** Each partition's leader, replicas and in-sync replicas, with the rack of each broker. */
function PartitionMap({ topic, racks }: { topic: TopicDetails; racks: Map<number, string | null> }) {
  const broker = (id: number, role: string) => (
    <span key={id} class={`broker ${role}`} title={`broker ${id}${racks.get(id) ? `, rack ${racks.get(id)}` : ''}: ${role}`}>
      {id}{racks.get(id) ? <small>{racks.get(id)}</small> : null}
    </span>
  );
  return (
    <>
      <h2>Partitions</h2>
      <table class="list" data-testid="partition-map">
        <thead><tr><th scope="col" class="num">#</th><th scope="col">Leader</th><th scope="col">Replicas (in sync / out of sync)</th><th scope="col" class="num">Earliest</th><th scope="col" class="num">Log end</th><th scope="col" class="num">Messages</th></tr></thead>
        <tbody>
          {topic.partitions.map((p) => (
            <tr key={p.partition}>
              <td class="num">{p.partition}</td>
              <td>{p.leader === null ? <span class="bad">offline</span> : broker(p.leader, 'leader')}</td>
              <td>{p.replicas.map((id) => broker(id, p.isr.includes(id) ? (id === p.leader ? 'leader' : 'in-sync') : 'out-of-sync'))}</td>
              <td class="num">{formatNumber(p.earliestOffset)}</td>
              <td class="num">{formatNumber(p.latestOffset)}</td>
              <td class="num">{formatNumber(p.messages)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

/** Edits send only what changed: a new value sets it, an emptied field returns it to the default. */
function Configs({ topic, onChanged }: { topic: TopicDetails; onChanged: () => void }) {
  const [edits, setEdits] = useState<Record<string, string>>({});
  const [added, setAdded] = useState('');
  const [showAll, setShowAll] = useState(false);
  const action = useAction<Changed>();
  const [saved, setSaved] = useState('');
  const shown = topic.configs.filter((c) => showAll || !c.isDefault || c.name in edits);
  const changed = Object.entries(edits).filter(([key, value]) => value !== (topic.configs.find((c) => c.name === key)?.value ?? ''));
  const save = async (event: Event) => {
    event.preventDefault();
    const set = changed.filter(([, v]) => v !== '').map(([k, v]) => `${k}=${v}`);
    if (added.trim()) set.push(...added.split('\n').map((l) => l.trim()).filter(Boolean));
    const remove = changed.filter(([key, v]) => v === '' && !topic.configs.find((c) => c.name === key)?.isDefault).map(([k]) => k);
    const done = await action.run(() => api<Changed>('PATCH', `/api/topics/${encodeURIComponent(topic.name)}/configs`, { set, delete: remove }));
    if (done) {
      setSaved([...set, ...remove.map((k) => `${k} (default)`)].join(', '));
      setEdits({});
      setAdded('');
      onChanged();
    }
  };
  const row = (c: ConfigEntry) => (
    <tr key={c.name}>
      <th scope="row"><label for={`config-${c.name}`}>{c.name}</label></th>
      <td>
        <input id={`config-${c.name}`} value={edits[c.name] ?? c.value ?? ''} disabled={c.readOnly || c.sensitive}
          onInput={(e) => setEdits({ ...edits, [c.name]: e.currentTarget.value })} class={c.name in edits ? 'edited' : ''} />
      </td>
      <td class="dim">{c.isDefault ? 'default' : c.source}</td>
    </tr>
  );
  return (
    <form onSubmit={save} aria-label="configs" data-testid="configs">
      <h2>Configs</h2>
      <label class="inline"><input type="checkbox" checked={showAll} onChange={(e) => setShowAll(e.currentTarget.checked)} /> show defaults too</label>
      <table class="list configs"><tbody>{shown.map(row)}</tbody></table>
      <Field label="Set other configs, one key=value a line"><textarea name="added" rows={2} value={added} onInput={(e) => setAdded(e.currentTarget.value)} /></Field>
      <ErrorBox error={action.error} />
      {saved && <Notice>Saved: {saved}</Notice>}
      <button type="submit" disabled={action.busy || (!changed.length && !added.trim())}>Save {changed.length + (added.trim() ? added.trim().split('\n').length : 0)} change(s)</button>
    </form>
  );
}

function AddPartitions({ topic, onChanged }: { topic: TopicDetails; onChanged: () => void }) {
  const [total, setTotal] = useState('');
  const action = useAction<Changed>();
  const submit = async (event: Event) => {
    event.preventDefault();
    if (await action.run(() => api<Changed>('POST', `/api/topics/${encodeURIComponent(topic.name)}/partitions`, { partitions: total }))) {
      setTotal('');
      onChanged();
    }
  };
  return (
    <form class="panel" onSubmit={submit} aria-label="add partitions">
      <h2>Add partitions</h2>
      <Field label={`New total (now ${topic.partitionCount})`} help="keys may map to other partitions afterwards"><input name="partitions" inputMode="numeric" value={total} onInput={(e) => setTotal(e.currentTarget.value)} /></Field>
      <ErrorBox error={action.error} />
      <button type="submit" disabled={action.busy}>Add partitions</button>
    </form>
  );
}

function DeleteTopic({ name, onDeleted }: { name: string; onDeleted: () => void }) {
  const [typed, setTyped] = useState('');
  const action = useAction<Changed>();
  const submit = async (event: Event) => {
    event.preventDefault();
    if (await action.run(() => api<Changed>('DELETE', `/api/topics/${encodeURIComponent(name)}`, { confirm: typed }))) onDeleted();
  };
  return (
    <form class="panel danger" onSubmit={submit} aria-label="delete topic">
      <h2>Delete topic</h2>
      <Field label={`Type "${name}" to confirm`}><input name="confirm" value={typed} onInput={(e) => setTyped(e.currentTarget.value)} autoComplete="off" /></Field>
      <ErrorBox error={action.error} />
      <button type="submit" class="danger" disabled={action.busy || typed !== name}>Delete {name}</button>
    </form>
  );
}
