import { render } from 'preact';
import './app.css';
import { AuditPage } from './pages/audit.js';
import { GroupPage } from './pages/group.js';
import { GroupsPage } from './pages/groups.js';
import { MessagesPage } from './pages/messages.js';
import { OverviewPage } from './pages/overview.js';
import { RouterPage } from './pages/router-page.js';
import { SecurityPage } from './pages/security.js';
import { TopicPage } from './pages/topic.js';
import { TopicsPage } from './pages/topics.js';
import { TracePage } from './pages/trace.js';
import { type Location, useLocation } from './router.js';

const sections: Array<[path: string, label: string, key: string]> = [
  ['overview', 'Overview', 'o'], ['topics', 'Topics', 't'], ['groups', 'Consumer groups', 'g'], ['messages', 'Messages', 'm'],
  ['security', 'Users & ACLs', 'u'], ['router', 'Router & units', 'r'], ['audit', 'Audit log', 'a'],
];

function page(location: Location) {
  const [section, name] = location.path;
  switch (section) {
    case 'topics': return name === undefined ? <TopicsPage location={location} /> : <TopicPage name={name} />;
    case 'groups': return name === undefined ? <GroupsPage location={location} /> : <GroupPage id={name} />;
    case 'messages': return name === 'trace' ? <TracePage location={location} /> : <MessagesPage location={location} />;
    case 'security': return <SecurityPage location={location} />;
    case 'router': return <RouterPage />;
    case 'audit': return <AuditPage />;
    default: return <OverviewPage />;
  }
}

function App() {
  const location = useLocation();
  const section = location.path[0] ?? 'overview';
  return (
    <div class="shell">
      <a class="skip" href="#main" onClick={(e) => { e.preventDefault(); document.getElementById('main')?.focus(); }}>Skip to content</a>
      <header>
        <span class="brand">sofakafka console</span>
        <nav aria-label="sections">
          {sections.map(([path, label, key]) => (
            <a key={path} href={`#/${path}`} accessKey={key} aria-current={section === path ? 'page' : undefined} title={`${label} (access key ${key})`}>{label}</a>
          ))}
        </nav>
      </header>
      <main id="main" tabIndex={-1}>{page(location)}</main>
    </div>
  );
}

render(<App />, document.getElementById('app')!);
