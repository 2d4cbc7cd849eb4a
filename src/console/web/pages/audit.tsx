import { api } from '../api.js';
import type { AuditEntry } from '../types.js';
import { ErrorBox, useLoad } from '../ui.js';

/** Every change made through the console, newest first: the same file `sofakafka console audit` reads. */
export function AuditPage() {
  const { data, error } = useLoad(() => api<AuditEntry[]>('GET', '/api/audit'), [], 10_000);
  return (
    <section aria-labelledby="audit-title">
      <h1 id="audit-title">Audit log</h1>
      <ErrorBox error={error} />
      <table class="list" data-testid="audit-table">
        <thead><tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">What</th><th scope="col">Result</th></tr></thead>
        <tbody>
          {(data ?? []).map((e, i) => (
            <tr key={i}>
              <td>{e.at}</td><td>{e.who}</td><td><code>{e.what}</code></td>
              <td class={e.result === 'ok' ? 'good' : 'bad'}>{e.result === 'ok' ? 'ok' : `failed (exit ${e.exitCode}): ${e.message ?? ''}`}</td>
            </tr>
          ))}
          {data && data.length === 0 && <tr><td colSpan={4} class="empty">no changes made through the console yet</td></tr>}
        </tbody>
      </table>
    </section>
  );
}
