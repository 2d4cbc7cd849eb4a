import { useState } from 'preact/hooks';
import { api, queryString } from '../api.js';
import { href, type Location, replaceQuery } from '../router.js';
import type { GroupSummary, Paged } from '../types.js';
import { ErrorBox, Field, formatNumber, Pager, useDebounced, useLoad } from '../ui.js';

const PAGE = 50;

/** Names come from one cached ListGroups; the server describes and measures only the page shown. */
export function GroupsPage({ location }: { location: Location }) {
  const [filter, setFilter] = useState(location.query.get('filter') ?? '');
  const [offset, setOffset] = useState(Number(location.query.get('offset') ?? 0) || 0);
  const settled = useDebounced(filter);
  const { data, error } = useLoad(() => {
    replaceQuery({ filter: settled, offset: offset ? String(offset) : '' });
    return api<Paged<GroupSummary>>('GET', `/api/groups${queryString({ filter: settled, offset: String(offset), limit: String(PAGE) })}`);
  }, [settled, offset]);
  return (
    <section aria-labelledby="groups-title">
      <h1 id="groups-title">Consumer groups</h1>
      <Field label="Filter (text or glob like billing-*)">
        <input type="search" value={filter} onInput={(e) => { setFilter(e.currentTarget.value); setOffset(0); }} data-testid="group-filter" />
      </Field>
      <ErrorBox error={error} />
      {data && (
        <>
          <table class="list" data-testid="group-table" data-total={data.total}>
            <thead><tr><th scope="col">Group</th><th scope="col">State</th><th scope="col" class="num">Members</th><th scope="col">Topics</th><th scope="col" class="num">Total lag</th></tr></thead>
            <tbody>
              {data.items.map((g) => (
                <tr key={g.group}>
                  <td><a href={href('groups', g.group)}>{g.group}</a></td>
                  <td><span class={`state ${g.state.toLowerCase()}`}>{g.state}</span></td>
                  <td class="num">{g.members}</td>
                  <td>{g.topics.join(', ')}</td>
                  <td class="num">{formatNumber(g.totalLag)}</td>
                </tr>
              ))}
              {data.items.length === 0 && <tr><td colSpan={5} class="empty">{settled ? `no group matches "${settled}"` : '(no groups)'}</td></tr>}
            </tbody>
          </table>
          <Pager total={data.total} offset={data.offset} limit={data.limit} onChange={setOffset} />
        </>
      )}
    </section>
  );
}
