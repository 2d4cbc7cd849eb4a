import { useEffect, useState } from 'preact/hooks';

/** The page a hash names: `#/topics/orders?tab=configs` → path ['topics', 'orders'], query tab=configs. */
export interface Location {
  path: string[];
  query: URLSearchParams;
}

function current(): Location {
  const hash = window.location.hash.replace(/^#/, '') || '/overview';
  const [path = '', query = ''] = hash.split('?');
  return { path: path.split('/').filter(Boolean).map(decodeURIComponent), query: new URLSearchParams(query) };
}

export function useLocation(): Location {
  const [location, setLocation] = useState(current);
  useEffect(() => {
    const onChange = () => setLocation(current());
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return location;
}

/** A shareable link to a page: `href('topics', name)`. */
export function href(...parts: string[]): string {
  return `#/${parts.map(encodeURIComponent).join('/')}`;
}

/** Keeps a page's filters in its URL, so the address can be shared as it is. */
export function replaceQuery(fields: Record<string, string>): void {
  const path = window.location.hash.replace(/^#/, '').split('?')[0] ?? '/';
  const params = new URLSearchParams(Object.entries(fields).filter(([, v]) => v !== ''));
  const text = params.toString();
  history.replaceState(null, '', `#${path}${text ? `?${text}` : ''}`);
}
