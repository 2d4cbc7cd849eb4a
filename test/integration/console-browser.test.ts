import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, consoleShotsDir } from '../helpers/cli.js';
import { launchChromium } from '../helpers/browser.js';
import { type RunningConsole, startConsole } from '../helpers/console.js';
import { committed, independentKafka, topicExists } from '../helpers/groups.js';
import { readBack } from '../helpers/read-back.js';

/**
 * The console's pages in a real Chromium (Debian's, driven by Playwright) against the shared
 * cluster. Each change is made by clicking and typing, and checked on the cluster with the tests'
 * own kafkajs client. Screenshots of each page go to docs/console/ for docs/console.md
 * (with SOFAKAFKA_UPDATE_DOCS=1: `npm run docs:console`; a scratch folder otherwise).
 */
const shots = consoleShotsDir();
const topic = 'console-orders';
const user = 'console-app';
const password = `console-pw-${process.pid}`;
const group = 'console-billing';

async function cliMessage(argv: string[]): Promise<string> {
  const result = await cli(argv);
  expect(result.code).toBe(2);
  return /^error: (.*)$/m.exec(result.stderr)![1]!;
}

async function topicConfig(name: string): Promise<Record<string, string>> {
  const admin = independentKafka('console-browser-configs').admin();
  await admin.connect();
  try {
    const { resources } = await admin.describeConfigs({ resources: [{ type: 2, name }], includeSynonyms: false });
    // configSource 1: set on the topic itself
    return Object.fromEntries(resources[0]!.configEntries.filter((e) => (e as { configSource?: number }).configSource === 1).map((e) => [e.configName, e.configValue]));
  } finally {
    await admin.disconnect();
  }
}

async function aclCount(principal: string): Promise<number> {
  const admin = independentKafka('console-browser-acls').admin();
  await admin.connect();
  try {
    // kafkajs's enums: resourceType 1 any, pattern 1 any, operation 1 any, permission 1 any
    const { resources } = await admin.describeAcls({ resourceType: 1, resourcePatternType: 1, principal, operation: 1, permissionType: 1 });
    return resources.reduce((sum, r) => sum + r.acls.length, 0);
  } finally {
    await admin.disconnect();
  }
}

describe('sofakafka console in a browser', () => {
  let running: RunningConsole;
  let browser: Browser;
  let page: Page;
  const go = async (hash: string) => {
    await page.goto(`${running.base}/${hash}`);
  };
  const shot = async (name: string) => {
    // From the top: the sticky header and table heads would otherwise land mid-page in a full-page shot.
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: `${shots}/${name}.png`, fullPage: true });
  };

  beforeAll(async () => {
    running = await startConsole();
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 860 } })).newPage();
    await page.goto(running.url);
  });
  afterAll(async () => {
    await browser?.close();
    await running?.stop();
  });

  it('refuses a browser that has no session (the token is spent)', async () => {
    const stranger = await browser.newContext();
    try {
      const other = await stranger.newPage();
      expect((await other.goto(`${running.base}/#/topics`))!.status()).toBe(401);
      expect((await other.goto(running.url))!.status()).toBe(401);
      expect(await other.textContent('body')).toContain('already used');
    } finally {
      await stranger.close();
    }
  });

  it('Overview: brokers with racks, the controller and health', async () => {
    await go('#/overview');
    await expect.poll(() => page.getByTestId('health').textContent()).toContain('Healthy');
    expect(await page.getByTestId('brokers').textContent()).toContain('controller');
    // It refreshes itself: a topic made elsewhere shows in the totals without a reload.
    const topicsNow = async () => Number((await page.getByTestId('total-topics').textContent())!.replace(/,/g, ''));
    const before = await topicsNow();
    expect((await cli(['topic', 'create', 'console-elsewhere'])).code).toBe(0);
    // Other test files may add topics meanwhile: more, not exactly one more.
    await expect.poll(topicsNow, { timeout: 30_000 }).toBeGreaterThan(before);
    await shot('overview');
  });

  it('Topics: create a topic in the form and see it in the list', async () => {
    await go('#/topics');
    await page.getByRole('button', { name: 'Create topic' }).click();
    const form = page.getByTestId('create-topic');
    await form.getByLabel('Name').fill(topic);
    await form.getByLabel('Partitions').fill('3');
    await form.getByRole('button', { name: 'Create' }).click();
    await page.getByText(`Created topic ${topic}`).waitFor();
    await page.getByTestId('topic-filter').fill('console-');
    await page.getByTestId('topic-table').getByRole('link', { name: topic }).waitFor();
    const admin = independentKafka('console-browser-topic').admin();
    await admin.connect();
    const { topics } = await admin.fetchTopicMetadata({ topics: [topic] }).finally(() => admin.disconnect());
    expect(topics[0]!.partitions).toHaveLength(3);
    expect(await topicConfig(topic)).toEqual({ 'retention.ms': String(3 * 24 * 3600 * 1000) });
    await shot('topics');
  });

  it('Topic page: change one config; only that config is sent', async () => {
    await page.getByTestId('topic-table').getByRole('link', { name: topic }).click();
    await page.getByTestId('partition-map').waitFor();
    await page.getByLabel('retention.ms').fill('86400000');
    await page.getByRole('button', { name: /Save 1 change/ }).click();
    await page.getByText('Saved: retention.ms=86400000').waitFor();
    expect(await topicConfig(topic)).toEqual({ 'retention.ms': '86400000' });
    await shot('topic');
  });

  it('Messages: send one with a key, find it by key, open it and see its trace', async () => {
    await go(`#/messages?topic=${topic}`);
    const send = page.getByTestId('send-message');
    await send.getByLabel('Key').fill('user-42');
    await send.getByLabel('Value', { exact: true }).fill('bill-1');
    await send.getByLabel('Headers').fill('origin=console');
    await send.getByRole('button', { name: 'Send' }).click();
    await send.getByText(/Sent to partition \d+, offset 0/).waitFor();
    const stored = await readBack(independentKafka('console-browser-read'), topic, 1);
    expect(stored.map((m) => [m.key, m.value, m.headers.origin])).toEqual([['user-42', 'bill-1', 'console']]);

    const query = page.getByTestId('message-query');
    await query.getByLabel('Key').fill('user-42');
    await query.getByRole('button', { name: 'Search' }).click();
    const results = page.getByTestId('message-results');
    await results.getByText('bill-1').waitFor();
    await results.getByRole('button', { name: '0' }).click();
    await page.getByTestId('message-detail').getByText('origin').waitFor();
    await shot('messages');
    await page.getByRole('link', { name: 'Trace this message' }).click();
    const trace = page.getByTestId('trace');
    await trace.getByRole('heading', { name: 'Stored' }).waitFor();
    expect(await trace.textContent()).toContain(`partition ${stored[0]!.partition} offset 0; leader 1 (rack`);
    await shot('trace');
  });

  it('Users & ACLs: create a user and a producer ACL; that user can then produce', async () => {
    await go('#/security');
    const create = page.getByTestId('create-user');
    await create.getByLabel('User name').fill(user);
    await create.getByLabel('Password', { exact: true }).fill(password);
    await create.getByLabel('Password, again').fill(password);
    await create.getByRole('button', { name: 'Create user' }).click();
    await page.getByText(`user ${user} created`).waitFor();
    const add = page.getByTestId('add-acl');
    await add.getByLabel('Principal').fill(`User:${user}`);
    await add.getByLabel('Topic', { exact: true }).fill(topic);
    await add.getByRole('button', { name: 'Add' }).click();
    await add.getByText('Added 3 binding(s)').waitFor();
    expect(await aclCount(`User:${user}`)).toBe(3);
    await page.getByTestId('acl-table').getByText(`User:${user}`).first().waitFor();

    // The new user, logged in by the tests' own client, writes to the topic.
    const producer = independentKafka('console-app-producer', { username: user, password }).producer();
    await producer.connect();
    await producer.send({ topic, messages: [{ key: 'from-app', value: 'produced by console-app' }] }).finally(() => producer.disconnect());
    const stored = await readBack(independentKafka('console-browser-read2'), topic, 2);
    expect(stored.map((m) => m.value)).toContain('produced by console-app');
    await shot('security');
  });

  it('Consumer groups: preview, export and apply an offset reset on an idle group', async () => {
    const admin = independentKafka('console-browser-group').admin();
    await admin.connect();
    try {
      const ends = await admin.fetchTopicOffsets(topic);
      await admin.setOffsets({ groupId: group, topic, partitions: ends.map((p) => ({ partition: p.partition, offset: p.high })) });
    } finally {
      await admin.disconnect();
    }
    await go('#/groups');
    await page.getByTestId('group-filter').fill('console-');
    await page.getByTestId('group-table').getByRole('link', { name: group }).click();
    await expect.poll(() => page.getByTestId('group-state').textContent()).toBe('Empty');
    const reset = page.getByTestId('offset-reset');
    await reset.getByLabel('Move').selectOption('earliest');
    await reset.getByRole('button', { name: 'Preview plan' }).click();
    await reset.getByTestId('reset-plan').getByText(/to the earliest|earliest/i).first().waitFor();
    const download = page.waitForEvent('download');
    await reset.getByRole('button', { name: /Export plan/ }).click();
    expect((await download).suggestedFilename()).toBe(`${group}-offsets.json`);
    // The preview changed nothing.
    expect(Object.values(await committed(independentKafka('console-browser-c1'), group, topic)).reduce((a, b) => a + b, 0)).toBe(2);
    // The server samples the lag while the page is open: the curve appears after two samples.
    await page.getByTestId('lag-curve').locator('svg').waitFor({ timeout: 30_000 });
    await shot('group');
    await reset.getByRole('button', { name: 'Apply this plan' }).click();
    await reset.getByText(/Applied: \d+ of 3 partition offsets changed/).waitFor();
    expect(await committed(independentKafka('console-browser-c2'), group, topic)).toEqual({ 0: 0, 1: 0, 2: 0 });
    await go('#/groups');
    await page.getByTestId('group-filter').fill('console-');
    await page.getByTestId('group-table').getByRole('link', { name: group }).waitFor();
    await shot('groups');
  });

  it('refuses bad input in every form with the CLI\'s message and changes nothing', async () => {
    const aclsBefore = await aclCount(`User:${user}`);
    await go('#/topics');
    await page.getByRole('button', { name: 'Create topic' }).click();
    const form = page.getByTestId('create-topic');
    const createError = async (name: string, partitions: string, configs: string) => {
      await form.getByLabel('Name').fill(name);
      await form.getByLabel('Partitions').fill(partitions);
      await form.getByLabel('Configs').fill(configs);
      await form.getByRole('button', { name: 'Create' }).click();
      return (await form.getByRole('alert').textContent())!;
    };
    expect(await createError('', '1', '')).toContain(await cliMessage(['topic', 'create', '']));
    expect(await createError('console-zero', '0', '')).toContain(await cliMessage(['topic', 'create', 'console-zero', '-p', '0']));
    expect(await createError('console-badcfg', '1', 'no.such.config=1')).toContain(await cliMessage(['topic', 'create', 'console-badcfg', '-c', 'no.such.config=1']));
    expect(await topicExists('console-zero')).toBe(false);
    expect(await topicExists('console-badcfg')).toBe(false);

    await go(`#/topics/${topic}`);
    await page.getByLabel('Set other configs').fill('no.such.config=1');
    await page.getByRole('button', { name: /Save 1 change/ }).click();
    expect(await page.getByTestId('configs').getByRole('alert').textContent()).toContain(await cliMessage(['topic', 'alter', topic, '-c', 'no.such.config=1']));
    expect(await topicConfig(topic)).toEqual({ 'retention.ms': '86400000' });

    await go('#/security');
    const add = page.getByTestId('add-acl');
    await add.getByLabel('Topic', { exact: true }).fill(topic);
    await add.getByRole('button', { name: 'Add' }).click();
    expect(await add.getByRole('alert').textContent()).toContain(await cliMessage(['acl', 'add', '--producer', '--topic', topic]));
    expect(await aclCount(`User:${user}`)).toBe(aclsBefore);
  });

  it('Router & units: a rule with its state, switched off in the page', async () => {
    const added = await cli(['router', 'rule', 'add', '--ns', 'CONSOLE', '--topic', 'T1', '--from', 'CELL1', '--to', 'CELL2', '-o', 'json']);
    expect(added.code).toBe(0);
    const id = added.json<Array<{ name: string }>>()[0]!.name;
    for (const cell of ['CELL1', 'CELL2']) expect((await cli(['topic', 'create', `CONSOLE.${cell}.T1`, '-p', '2'])).code).toBe(0);
    await go('#/router');
    await page.getByRole('heading', { name: 'CONSOLE', exact: true }).waitFor();
    // In this namespace's units panel: other files' namespaces on the shared cluster may have a T1 of 2 partitions too.
    const units = page.locator('.panel', { has: page.getByRole('heading', { name: 'CONSOLE', exact: true }) });
    expect(await units.getByRole('link', { name: 'T1 (2)' }).count()).toBe(2);
    const namespace = page.getByTestId('router-CONSOLE');
    await namespace.getByRole('button', { name: 'enabled: disable' }).click();
    await namespace.getByRole('button', { name: 'disabled: enable' }).waitFor();
    const rules = (await cli(['router', 'rule', 'list', '-o', 'json'])).json<Array<{ id: string; enabled: boolean }>>();
    expect(rules.find((r) => r.id === id)?.enabled).toBe(false);
    await shot('router');
  });

  it('the other changes: add partitions, resend, change a password, remove ACLs after a preview, delete a user and a topic', async () => {
    // Resend first: with a fourth partition the key would hash elsewhere and `--key` would look there.
    await go(`#/messages?topic=${topic}&key=user-42`);
    await page.getByTestId('message-results').getByRole('button', { name: '0' }).click();
    await page.getByRole('button', { name: 'Resend…' }).click();
    await page.getByRole('button', { name: 'Yes, resend' }).click();
    await page.getByText(/^Resent:/).waitFor();
    const values = (await readBack(independentKafka('console-browser-read3'), topic, 3)).map((m) => m.value);
    expect(values.filter((v) => v === 'bill-1')).toHaveLength(2);

    await go(`#/topics/${topic}`);
    const grow = page.getByRole('form', { name: 'add partitions' });
    await grow.getByLabel(/New total/).fill('4');
    await grow.getByRole('button', { name: 'Add partitions' }).click();
    await page.getByText('New total (now 4)').waitFor();
    const admin = independentKafka('console-browser-more').admin();
    await admin.connect();
    try {
      expect((await admin.fetchTopicMetadata({ topics: [topic] })).topics[0]!.partitions).toHaveLength(4);
    } finally {
      await admin.disconnect();
    }

    await go('#/security');
    const newPassword = `${password}-2`;
    await page.getByLabel(`New password for ${user}`, { exact: true }).fill(newPassword);
    await page.getByLabel(`New password for ${user}, again`).fill(newPassword);
    await page.getByRole('form', { name: `set new password for ${user}` }).getByRole('button', { name: 'Change' }).click();
    await page.getByText(`password of ${user} changed`).waitFor();
    const producer = independentKafka('console-app-new-password', { username: user, password: newPassword }).producer();
    await producer.connect();
    await producer.disconnect();

    const filter = page.getByTestId('acl-filter');
    await filter.getByLabel('principal').fill(`User:${user}`);
    await filter.getByRole('button', { name: 'Filter' }).click();
    const remove = page.getByTestId('acl-remove');
    await remove.getByRole('button', { name: /Preview removing/ }).click();
    await remove.getByText('These 3 binding(s) will be removed:').waitFor();
    expect(await aclCount(`User:${user}`)).toBe(3);
    await remove.getByRole('button', { name: 'Remove 3 binding(s)' }).click();
    await remove.getByText('Removed 3 binding(s).').waitFor();
    expect(await aclCount(`User:${user}`)).toBe(0);

    await page.getByRole('button', { name: `delete ${user}` }).click();
    await page.getByRole('button', { name: 'Yes, delete' }).click();
    await page.getByText(`user ${user} deleted`).waitFor();
    expect((await cli(['user', 'list', '-o', 'json'])).json<Array<{ name: string }>>().map((u) => u.name)).not.toContain(user);

    await go('#/topics/console-scratch');
    expect((await cli(['topic', 'create', 'console-scratch'])).code).toBe(0);
    await page.reload();
    const del = page.getByRole('form', { name: 'delete topic' });
    await del.getByLabel('Type "console-scratch" to confirm').fill('console-scratc');
    expect(await del.getByRole('button', { name: 'Delete console-scratch' }).isDisabled()).toBe(true);
    await del.getByLabel('Type "console-scratch" to confirm').fill('console-scratch');
    await del.getByRole('button', { name: 'Delete console-scratch' }).click();
    await page.getByText('Topic console-scratch was deleted.').waitFor();
    await expect.poll(() => topicExists('console-scratch')).toBe(false);
  });

  it('Audit log: every change made above, with who and the result', async () => {
    await go('#/audit');
    const table = page.getByTestId('audit-table');
    await table.getByText('router rule disable').waitFor();
    const text = (await table.textContent())!;
    for (const what of [`topic create --partitions 3 -- ${topic}`, 'topic alter --config retention.ms=86400000', 'msg send', `user create`, 'acl add --allow', `offset reset --group ${group}`,
      'router rule disable', 'msg resend', 'topic add-partitions --partitions 4', 'user passwd', 'acl remove --yes --principal', 'user delete --yes', 'topic delete --yes -- console-scratch']) {
      expect(text).toContain(what);
    }
    expect(text).toContain('User:admin');
    expect(text).not.toContain(password);
    await shot('audit');
  });

  it('works from the keyboard: Tab reaches the sections, Enter opens one', async () => {
    await go('#/overview');
    await page.getByTestId('health').waitFor();
    for (let presses = 0; presses < 10; presses++) {
      await page.keyboard.press('Tab');
      if ((await page.evaluate(() => document.activeElement?.textContent)) === 'Consumer groups') break;
    }
    await page.keyboard.press('Enter');
    await page.getByTestId('group-filter').waitFor();
    expect(new URL(page.url()).hash).toBe('#/groups');
  });

  it('fits a phone-wide window: the sections wrap, nothing scrolls sideways', async () => {
    await page.setViewportSize({ width: 420, height: 860 });
    try {
      for (const hash of ['#/overview', '#/topics', '#/groups', '#/security']) {
        await go(hash);
        await page.locator('main h1').waitFor();
        await page.locator('main table').first().waitFor();
        expect({ hash, width: await page.evaluate(() => document.documentElement.scrollWidth) }).toEqual({ hash, width: 420 });
      }
      await shot('security-narrow');
    } finally {
      await page.setViewportSize({ width: 1280, height: 860 });
    }
  });

  it('reads in the dark theme too (prefers-color-scheme)', async () => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await go(`#/topics/${topic}`);
    await page.getByTestId('partition-map').waitFor();
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(background).toBe('rgb(21, 23, 26)');
    await shot('topic-dark');
  });
});
