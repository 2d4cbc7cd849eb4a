import { useEffect, useState } from 'preact/hooks';
import { api, type Changed, queryString } from '../api.js';
import { href, type Location, replaceQuery } from '../router.js';
import type { Message } from '../types.js';
import { ErrorBox, Field, Notice, Pager, useAction } from '../ui.js';

const filters = [
  ['topic', 'Topic'], ['partition', 'Partition'], ['offset', 'Offset or FROM..TO'], ['since', 'Since (ISO-8601, epoch ms, 2h)'], ['until', 'Until'],
  ['key', 'Key (reads only its partition)'], ['header', 'Header NAME=VALUE'], ['msgId', 'Message id'], ['grep', 'Value contains'],
] as const;
const PAGE = 25;

/** `msg query` in a form: the filters live in the URL, so a search can be shared. */
export function MessagesPage({ location }: { location: Location }) {
  const [fields, setFields] = useState<Record<string, string>>(Object.fromEntries(filters.map(([name]) => [name, location.query.get(name) ?? ''])));
  const [found, setFound] = useState<Message[]>();
  const [pageStart, setPageStart] = useState(0);
  const [selected, setSelected] = useState<Message>();
  const search = useAction<unknown>();
  const submit = async (event?: Event) => {
    event?.preventDefault();
    replaceQuery(fields);
    setSelected(undefined);
    const answer = await search.run(() => api<Changed<{ messages: Message[] }>>('GET', `/api/messages${queryString(fields)}`));
    if (answer) {
      setFound((answer as Changed<{ messages: Message[] }>).data.messages);
      setPageStart(0);
    }
  };
  // A shared link with a topic in it runs its search at once.
  useEffect(() => {
    if (fields.topic) void submit();
  }, []);
  return (
    <section aria-labelledby="messages-title">
      <h1 id="messages-title">Messages</h1>
      <form class="panel grid" onSubmit={submit} aria-label="query messages" data-testid="message-query">
        {filters.map(([name, label]) => (
          <Field key={name} label={label}><input name={name} value={fields[name]} onInput={(e) => setFields({ ...fields, [name]: e.currentTarget.value })} /></Field>
        ))}
        <ErrorBox error={search.error} />
        <button type="submit" disabled={search.busy}>{search.busy ? 'Searching…' : 'Search'}</button>
      </form>
      {found && (
        <>
          <table class="list" data-testid="message-results">
            <thead><tr><th scope="col" class="num">Partition</th><th scope="col" class="num">Offset</th><th scope="col">Time</th><th scope="col">Key</th><th scope="col">Value</th></tr></thead>
            <tbody>
              {found.slice(pageStart, pageStart + PAGE).map((m) => (
                <tr key={`${m.partition}:${m.offset}`} aria-selected={selected === m}>
                  <td class="num">{m.partition}</td>
                  <td class="num"><button type="button" class="link" onClick={() => setSelected(m)}>{m.offset}</button></td>
                  <td>{m.timestamp}</td><td>{m.key ?? '–'}</td><td class="value">{m.value ?? '(null)'}</td>
                </tr>
              ))}
              {found.length === 0 && <tr><td colSpan={5} class="empty">no message matches</td></tr>}
            </tbody>
          </table>
          <Pager total={found.length} offset={pageStart} limit={PAGE} onChange={setPageStart} />
        </>
      )}
      {selected && <MessageDetail message={selected} />}
      <SendMessage topic={fields.topic ?? ''} />
    </section>
  );
}

function MessageDetail({ message }: { message: Message }) {
  const locate = queryString({ topic: message.topic, partition: String(message.partition), offset: String(message.offset) });
  return (
    <article class="panel" aria-label="message" data-testid="message-detail">
      <h2>{message.topic} / partition {message.partition} / offset {message.offset}</h2>
      <dl class="facts">
        <div><dt>Time</dt><dd>{message.timestamp}</dd></div>
        <div><dt>Key</dt><dd>{message.key ?? '(none)'}</dd></div>
      </dl>
      <pre class="value">{message.value ?? '(null)'}</pre>
      <h3>Headers</h3>
      <table class="list"><tbody>{Object.entries(message.headers).map(([k, v]) => <tr key={k}><th scope="row">{k}</th><td>{Array.isArray(v) ? v.join(', ') : v}</td></tr>)}</tbody></table>
      <p><a href={`${href('messages', 'trace')}${locate}`}>Trace this message</a></p>
      <Resend message={message} />
    </article>
  );
}

function Resend({ message }: { message: Message }) {
  const [to, setTo] = useState('');
  const [confirming, setConfirming] = useState(false);
  const action = useAction<Changed>();
  const [done, setDone] = useState<string>();
  const resend = async () => {
    const answer = await action.run(() => api<Changed>('POST', '/api/messages/resend', { topic: message.topic, partition: message.partition, offset: message.offset, to }));
    setConfirming(false);
    if (answer) setDone(JSON.stringify((answer as Changed).data));
  };
  return (
    <div class="resend">
      <Field label="Resend to topic (empty: its own)"><input name="to" value={to} onInput={(e) => setTo(e.currentTarget.value)} /></Field>
      {!confirming && <button type="button" onClick={() => setConfirming(true)}>Resend…</button>}
      {confirming && (
        <div role="alertdialog" aria-label="confirm resend" class="confirm">
          <p>Produce this message again to {to || message.topic}?</p>
          <button type="button" class="danger" onClick={resend} disabled={action.busy} autoFocus>Yes, resend</button>{' '}
          <button type="button" onClick={() => setConfirming(false)}>Cancel</button>
        </div>
      )}
      <ErrorBox error={action.error} />
      {done && <Notice>Resent: {done}</Notice>}
    </div>
  );
}

function SendMessage({ topic: initialTopic }: { topic: string }) {
  const [topic, setTopic] = useState(initialTopic);
  const [key, setKey] = useState('');
  const [value, setValue] = useState('');
  const [headers, setHeaders] = useState('');
  const action = useAction<Changed>();
  const [sent, setSent] = useState<string>();
  const submit = async (event: Event) => {
    event.preventDefault();
    const answer = await action.run(() => api<Changed>('POST', '/api/messages', { topic, key, value, headers: headers.split('\n').map((h) => h.trim()).filter(Boolean) }));
    if (answer) {
      const [row] = (answer as Changed<Array<{ partition: number; offset: number }>>).data;
      setSent(row ? `partition ${row.partition}, offset ${row.offset}` : 'sent');
    }
  };
  return (
    <form class="panel" onSubmit={submit} aria-label="send message" data-testid="send-message">
      <h2>Send a message</h2>
      <Field label="Topic"><input name="topic" value={topic} onInput={(e) => setTopic(e.currentTarget.value)} /></Field>
      <Field label="Key"><input name="key" value={key} onInput={(e) => setKey(e.currentTarget.value)} /></Field>
      <Field label="Value"><textarea name="value" rows={3} value={value} onInput={(e) => setValue(e.currentTarget.value)} /></Field>
      <Field label="Headers, one NAME=VALUE a line"><textarea name="headers" rows={2} value={headers} onInput={(e) => setHeaders(e.currentTarget.value)} /></Field>
      <ErrorBox error={action.error} />
      {sent && <Notice>Sent to {sent}.</Notice>}
      <button type="submit" disabled={action.busy}>Send</button>
    </form>
  );
}
