import { useState } from 'preact/hooks';
import { api, type Changed } from '../api.js';
import type { Location } from '../router.js';
import type { ScramUser } from '../types.js';
import { ErrorBox, Field, Notice, useAction, useLoad } from '../ui.js';
import { AclSection } from './acls.js';

export function SecurityPage({ location }: { location: Location }) {
  return (
    <section aria-labelledby="security-title">
      <h1 id="security-title">Users &amp; ACLs</h1>
      <Users />
      <AclSection location={location} />
    </section>
  );
}

function Users() {
  const { data, error, reload } = useLoad(() => api<ScramUser[]>('GET', '/api/users'), []);
  const [notice, setNotice] = useState<string>();
  const done = (message: string) => { setNotice(message); reload(); };
  return (
    <>
      <h2>SCRAM users</h2>
      <ErrorBox error={error} />
      {notice && <Notice>{notice}</Notice>}
      <table class="list" data-testid="user-table">
        <thead><tr><th scope="col">User</th><th scope="col">Mechanisms</th><th scope="col">Change password</th><th scope="col">Delete</th></tr></thead>
        <tbody>
          {(data ?? []).map((u) => (
            <tr key={u.name}>
              <td>{u.name}</td>
              <td>{u.credentials.map((c) => `${c.mechanism} (${c.iterations})`).join(', ')}</td>
              <td><PasswordForm label={`New password for ${u.name}`} submitLabel="Change" onSubmit={(password) => api<Changed>('POST', `/api/users/${encodeURIComponent(u.name)}/password`, { password }).then(() => done(`password of ${u.name} changed`))} /></td>
              <td><DeleteUser name={u.name} onDeleted={() => done(`user ${u.name} deleted`)} /></td>
            </tr>
          ))}
        </tbody>
      </table>
      <CreateUser onCreated={(name) => done(`user ${name} created`)} />
    </>
  );
}

/** A password typed twice; it goes in a POST body only (never a URL), and the server hands it to the CLI on stdin. */
function PasswordForm({ label, submitLabel, onSubmit }: { label: string; submitLabel: string; onSubmit: (password: string) => Promise<unknown> }) {
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const action = useAction<unknown>();
  const submit = async (event: Event) => {
    event.preventDefault();
    if (password !== again) return void action.run(() => Promise.reject(new Error('the two passwords differ; nothing was changed')));
    if (await action.run(() => onSubmit(password).then(() => true))) { setPassword(''); setAgain(''); }
  };
  return (
    <form class="inline-form" onSubmit={submit} aria-label={`set ${label.toLowerCase()}`}>
      <input type="password" aria-label={label} placeholder="password" autoComplete="new-password" value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
      <input type="password" aria-label={`${label}, again`} placeholder="again" autoComplete="new-password" value={again} onInput={(e) => setAgain(e.currentTarget.value)} />
      <button type="submit" disabled={action.busy}>{submitLabel}</button>
      <ErrorBox error={action.error} />
    </form>
  );
}

function CreateUser({ onCreated }: { onCreated: (name: string) => void }) {
  const [name, setName] = useState('');
  const [mechanism, setMechanism] = useState('SCRAM-SHA-512');
  return (
    <div class="panel" data-testid="create-user">
      <h3>Create user</h3>
      <Field label="User name"><input name="username" value={name} onInput={(e) => setName(e.currentTarget.value)} autoComplete="off" /></Field>
      <Field label="Mechanism">
        <select value={mechanism} onChange={(e) => setMechanism(e.currentTarget.value)}>
          <option>SCRAM-SHA-512</option><option>SCRAM-SHA-256</option>
        </select>
      </Field>
      <PasswordForm label="Password" submitLabel="Create user" onSubmit={(password) => api<Changed>('POST', '/api/users', { name, password, mechanisms: [mechanism] }).then(() => { onCreated(name); setName(''); })} />
    </div>
  );
}

function DeleteUser({ name, onDeleted }: { name: string; onDeleted: () => void }) {
  const [confirming, setConfirming] = useState(false);
  const action = useAction<unknown>();
  if (!confirming) return <button type="button" class="danger" onClick={() => setConfirming(true)} aria-label={`delete ${name}`}>Delete…</button>;
  return (
    <span role="alertdialog" aria-label={`confirm deleting ${name}`}>
      Delete {name} and all its credentials?{' '}
      <button type="button" class="danger" autoFocus disabled={action.busy} onClick={async () => { if (await action.run(() => api<Changed>('DELETE', `/api/users/${encodeURIComponent(name)}`))) onDeleted(); }}>Yes, delete</button>{' '}
      <button type="button" onClick={() => setConfirming(false)}>Cancel</button>
      <ErrorBox error={action.error} />
    </span>
  );
}
