import { useState } from 'preact/hooks';
import { api, type Changed } from '../api.js';
import type { GroupDetails, PlannedPartition, ResetResult } from '../types.js';
import { downloadJson, ErrorBox, Field, formatNumber, Notice, useAction } from '../ui.js';

const modes: Array<[mode: string, label: string, value?: string]> = [
  ['earliest', 'to the earliest offset'], ['latest', 'to the log end'], ['time', 'to a time', 'ISO-8601, epoch ms, or 2h ago'],
  ['offset', 'to an offset', 'offset'], ['shift', 'shift by ±N', 'e.g. -100'], ['duration', 'by duration', 'e.g. 2h'],
];

/** The CLI's plan first (a dry run, with its export), then the same request with --execute. */
export function OffsetReset({ group, onApplied }: { group: GroupDetails; onApplied: () => void }) {
  const topics = [...new Set(group.partitions.map((p) => p.topic))];
  const [topic, setTopic] = useState('');
  const [mode, setMode] = useState('earliest');
  const [value, setValue] = useState('');
  const [plan, setPlan] = useState<(ResetResult & { export: unknown }) | undefined>();
  const [applied, setApplied] = useState<ResetResult>();
  const action = useAction<unknown>();
  const body = (execute: boolean) => ({ topics: topic ? [topic] : [], mode, value, execute });
  const preview = async (event: Event) => {
    event.preventDefault();
    setApplied(undefined);
    const answer = await action.run(() => api<{ data: ResetResult; export: unknown }>('POST', `/api/groups/${encodeURIComponent(group.group)}/reset`, body(false)));
    if (answer) setPlan({ ...(answer as { data: ResetResult }).data, export: (answer as { export: unknown }).export });
  };
  const apply = async () => {
    const answer = await action.run(() => api<Changed<ResetResult>>('POST', `/api/groups/${encodeURIComponent(group.group)}/reset`, body(true)));
    if (answer) {
      setApplied((answer as Changed<ResetResult>).data);
      setPlan(undefined);
      onApplied();
    }
  };
  const needsValue = modes.find(([m]) => m === mode)?.[2];
  return (
    <form class="panel" onSubmit={preview} aria-label="reset offsets" data-testid="offset-reset">
      <h2>Reset offsets</h2>
      {group.members.length > 0 && <p class="warn">The group has {group.members.length} active member(s): applying is refused until they stop.</p>}
      <Field label="Topic">
        <select value={topic} onChange={(e) => { setTopic(e.currentTarget.value); setPlan(undefined); }}>
          <option value="">every topic with committed offsets</option>
          {topics.map((t) => <option key={t} value={t}>{t}</option>)}
        </select>
      </Field>
      <Field label="Move">
        <select name="mode" value={mode} onChange={(e) => { setMode(e.currentTarget.value); setPlan(undefined); }}>
          {modes.map(([m, label]) => <option key={m} value={m}>{label}</option>)}
        </select>
      </Field>
      {needsValue && <Field label={needsValue}><input name="value" value={value} onInput={(e) => { setValue(e.currentTarget.value); setPlan(undefined); }} /></Field>}
      <ErrorBox error={action.error} />
      <button type="submit" disabled={action.busy}>Preview plan</button>
      {plan && (
        <div data-testid="reset-plan">
          <h3>Plan: {plan.mode} — {plan.totals.changed} of {plan.totals.partitions} partitions change</h3>
          <PlanTable rows={plan.partitions} />
          <button type="button" onClick={() => downloadJson(`${group.group}-offsets.json`, plan.export)}>Export plan and current offsets</button>{' '}
          <button type="button" class="danger" onClick={apply} disabled={action.busy}>Apply this plan</button>
        </div>
      )}
      {applied && <Notice>Applied: {applied.totals.changed} of {applied.totals.partitions} partition offsets changed.</Notice>}
    </form>
  );
}

function PlanTable({ rows }: { rows: PlannedPartition[] }) {
  return (
    <table class="list">
      <thead><tr><th scope="col">Topic</th><th scope="col" class="num">Partition</th><th scope="col" class="num">Current</th><th scope="col" class="num">New</th><th scope="col" class="num">Earliest</th><th scope="col" class="num">Log end</th></tr></thead>
      <tbody>
        {rows.map((p) => (
          <tr key={`${p.topic}:${p.partition}`}>
            <td>{p.topic}</td><td class="num">{p.partition}</td><td class="num">{formatNumber(p.currentOffset)}</td>
            <td class="num"><strong>{formatNumber(p.newOffset)}</strong></td><td class="num">{formatNumber(p.earliestOffset)}</td><td class="num">{formatNumber(p.logEndOffset)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
