import { api, type Changed } from '../api.js';
import { href } from '../router.js';
import { ErrorBox, formatNumber, useAction, useLoad } from '../ui.js';

interface Rule { id: string; ns: string; topic: string | null; prefix: string | null; from: string; to: string; when: { header: string; value: string } | null; enabled: boolean; updatedBy: string; updatedAt: string }
interface Status { ns: string; groupState: string; workers: unknown[]; rules: Array<{ id: string; copied: number; lag: number; waiting: string[] }> }
interface Namespace { ns: string; cells: Array<{ cell: string; topics: Array<{ name: string; physicalName: string; partitions: number }>; groups: Array<{ name: string; physicalName: string }> }> }

/** Router rules (with enable/disable and each rule's lag) when any exist, and the LDC units the cluster holds. */
export function RouterPage() {
  const rules = useLoad(() => api<Changed<Rule[]>>('GET', '/api/router/rules'), []);
  const units = useLoad(() => api<Namespace[]>('GET', '/api/units'), []);
  const namespaces = [...new Set((rules.data?.data ?? []).map((r) => r.ns))];
  return (
    <section aria-labelledby="router-title">
      <h1 id="router-title">Router &amp; units</h1>
      <ErrorBox error={rules.error} />
      {rules.data && rules.data.data.length === 0 && <p class="dim">No router rules. <code>sofakafka router rule add</code> creates one.</p>}
      {namespaces.map((ns) => <Namespace key={ns} ns={ns} rules={rules.data!.data.filter((r) => r.ns === ns)} onChanged={rules.reload} />)}
      <h2>LDC units</h2>
      <ErrorBox error={units.error} />
      {units.data && units.data.length === 0 && <p class="dim">No topic or group named NS.CELL.NAME.</p>}
      {(units.data ?? []).map((n) => (
        <div key={n.ns} class="panel">
          <h3>{n.ns}</h3>
          {n.cells.map((c) => (
            <p key={c.cell}><strong>{c.cell}</strong>: {c.topics.map((t) => <a key={t.physicalName} href={href('topics', t.physicalName)}>{t.name} ({t.partitions}) </a>)}
              {c.groups.length > 0 && <> — groups {c.groups.map((g) => <a key={g.physicalName} href={href('groups', g.physicalName)}>{g.name} </a>)}</>}</p>
          ))}
        </div>
      ))}
    </section>
  );
}

function Namespace({ ns, rules, onChanged }: { ns: string; rules: Rule[]; onChanged: () => void }) {
  const status = useLoad(() => api<Changed<Status>>('GET', `/api/router/status?ns=${encodeURIComponent(ns)}`), [ns, rules.map((r) => r.enabled).join()], 10_000);
  const action = useAction<unknown>();
  const lag = new Map((status.data?.data.rules ?? []).map((r) => [r.id, r]));
  const toggle = async (rule: Rule) => {
    if (await action.run(() => api('POST', `/api/router/rules/${encodeURIComponent(rule.id)}/${rule.enabled ? 'disable' : 'enable'}`, {}))) onChanged();
  };
  return (
    <div class="panel" data-testid={`router-${ns}`}>
      <h2>Namespace {ns} <small class="dim">{status.data ? `workers: ${status.data.data.workers.length}, group ${status.data.data.groupState}` : ''}</small></h2>
      <ErrorBox error={status.error ?? action.error} />
      <table class="list">
        <thead><tr><th scope="col">Rule</th><th scope="col">Copies</th><th scope="col">When</th><th scope="col" class="num">Copied</th><th scope="col" class="num">Lag</th><th scope="col">State</th></tr></thead>
        <tbody>
          {rules.map((r) => (
            <tr key={r.id}>
              <td>{r.id}</td>
              <td>{r.topic ?? `${r.prefix}*`}: {r.from} → {r.to}</td>
              <td>{r.when ? `${r.when.header}=${r.when.value}` : 'every message'}</td>
              <td class="num">{formatNumber(lag.get(r.id)?.copied)}</td>
              <td class="num">{formatNumber(lag.get(r.id)?.lag)}</td>
              <td><button type="button" onClick={() => toggle(r)} disabled={action.busy} aria-pressed={r.enabled}>{r.enabled ? 'enabled: disable' : 'disabled: enable'}</button></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
