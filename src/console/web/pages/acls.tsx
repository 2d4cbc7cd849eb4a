import { useState } from 'preact/hooks';
import { api, type Changed, queryString } from '../api.js';
import { type Location, replaceQuery } from '../router.js';
import type { AclBinding } from '../types.js';
import { ErrorBox, Field, Notice, useAction, useLoad } from '../ui.js';

const filterNames = ['principal', 'topic', 'group', 'operation', 'permission'] as const;

/** ACL bindings with `acl list`'s filters; add with the producer/consumer shortcuts; remove after a preview. */
export function AclSection({ location }: { location: Location }) {
  const [filter, setFilter] = useState<Record<string, string>>(Object.fromEntries(filterNames.map((n) => [n, location.query.get(n) ?? ''])));
  const [applied, setApplied] = useState(filter);
  const { data, error, reload } = useLoad(() => {
    replaceQuery(applied);
    return api<Changed<AclBinding[]>>('GET', `/api/acls${queryString(applied)}`);
  }, [JSON.stringify(applied)]);
  return (
    <>
      <h2>ACL bindings</h2>
      <form class="panel grid" aria-label="filter ACLs" onSubmit={(e) => { e.preventDefault(); setApplied(filter); }} data-testid="acl-filter">
        {filterNames.map((name) => (
          <Field key={name} label={name}><input name={name} value={filter[name]} onInput={(e) => setFilter({ ...filter, [name]: e.currentTarget.value })} /></Field>
        ))}
        <button type="submit">Filter</button>
      </form>
      <ErrorBox error={error} />
      <AclTable rows={data?.data ?? []} testid="acl-table" />
      <RemoveAcls filter={applied} onRemoved={reload} />
      <AddAcl onAdded={reload} />
    </>
  );
}

function AclTable({ rows, testid }: { rows: AclBinding[]; testid?: string }) {
  return (
    <table class="list" data-testid={testid}>
      <thead><tr><th scope="col">Principal</th><th scope="col">Permission</th><th scope="col">Operation</th><th scope="col">Resource</th><th scope="col">Pattern</th><th scope="col">Host</th></tr></thead>
      <tbody>
        {rows.map((b, i) => (
          <tr key={i}><td>{b.principal}</td><td>{b.permission}</td><td>{b.operation}</td><td>{b.resourceType} {b.resourceName}</td><td>{b.patternType}</td><td>{b.host}</td></tr>
        ))}
        {rows.length === 0 && <tr><td colSpan={6} class="empty">no ACL bindings match</td></tr>}
      </tbody>
    </table>
  );
}

/** Remove what the current filter matches: the preview lists exactly the bindings the removal sends. */
function RemoveAcls({ filter, onRemoved }: { filter: Record<string, string>; onRemoved: () => void }) {
  const [preview, setPreview] = useState<AclBinding[]>();
  const [removed, setRemoved] = useState<number>();
  const action = useAction<unknown>();
  const ask = async () => {
    setRemoved(undefined);
    const answer = await action.run(() => api<Changed<AclBinding[]>>('POST', '/api/acls/remove', { ...filter, execute: false }));
    if (answer) setPreview((answer as Changed<AclBinding[]>).data);
  };
  const remove = async () => {
    const answer = await action.run(() => api<Changed<AclBinding[]>>('POST', '/api/acls/remove', { ...filter, execute: true }));
    setPreview(undefined);
    if (answer) { setRemoved((answer as Changed<AclBinding[]>).data.length); onRemoved(); }
  };
  return (
    <div class="panel danger" data-testid="acl-remove">
      <button type="button" onClick={ask} disabled={action.busy}>Preview removing the bindings this filter matches</button>
      {preview && (
        <div role="alertdialog" aria-label="confirm removing ACLs">
          <p>These {preview.length} binding(s) will be removed:</p>
          <AclTable rows={preview} />
          <button type="button" class="danger" onClick={remove} disabled={action.busy || preview.length === 0}>Remove {preview.length} binding(s)</button>{' '}
          <button type="button" onClick={() => setPreview(undefined)}>Cancel</button>
        </div>
      )}
      <ErrorBox error={action.error} />
      {removed !== undefined && <Notice>Removed {removed} binding(s).</Notice>}
    </div>
  );
}

function AddAcl({ onAdded }: { onAdded: () => void }) {
  const [form, setForm] = useState({ principal: '', permission: 'allow', shortcut: 'producer', operations: '', topic: '', group: '', pattern: '' });
  const action = useAction<unknown>();
  const [added, setAdded] = useState<number>();
  const set = (name: keyof typeof form) => (e: { currentTarget: { value: string } }) => setForm({ ...form, [name]: e.currentTarget.value });
  const submit = async (event: Event) => {
    event.preventDefault();
    const answer = await action.run(() => api<Changed<AclBinding[]>>('POST', '/api/acls', {
      ...form, shortcut: form.shortcut === 'operations' ? '' : form.shortcut, operations: form.shortcut === 'operations' ? form.operations.split(',').map((o) => o.trim()) : [],
    }));
    if (answer) { setAdded((answer as Changed<AclBinding[]>).data.length); onAdded(); }
  };
  return (
    <form class="panel grid" onSubmit={submit} aria-label="add ACL" data-testid="add-acl">
      <h3>Add ACL</h3>
      <Field label="Principal" help="User:NAME"><input name="principal" value={form.principal} onInput={set('principal')} /></Field>
      <Field label="Permission"><select name="permission" value={form.permission} onChange={set('permission')}><option value="allow">allow</option><option value="deny">deny</option></select></Field>
      <Field label="What">
        <select name="shortcut" value={form.shortcut} onChange={set('shortcut')}>
          <option value="producer">producer (Write, Describe, Create on the topic)</option>
          <option value="consumer">consumer (Read, Describe on the topic; Read on the group)</option>
          <option value="operations">these operations…</option>
        </select>
      </Field>
      {form.shortcut === 'operations' && <Field label="Operations, comma-separated"><input name="operations" value={form.operations} onInput={set('operations')} /></Field>}
      <Field label="Topic"><input name="topic" value={form.topic} onInput={set('topic')} /></Field>
      <Field label="Group"><input name="group" value={form.group} onInput={set('group')} /></Field>
      <Field label="Pattern" help="empty: literal"><select name="pattern" value={form.pattern} onChange={set('pattern')}><option value="">literal</option><option value="prefixed">prefixed</option></select></Field>
      <ErrorBox error={action.error} />
      {added !== undefined && <Notice>Added {added} binding(s).</Notice>}
      <button type="submit" disabled={action.busy}>Add</button>
    </form>
  );
}
