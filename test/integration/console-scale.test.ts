import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import kafkajs, { type Admin } from 'kafkajs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/browser.js';
import { consoleShotsDir } from '../helpers/cli.js';
import { type RunningConsole, startConsole } from '../helpers/console.js';
import { type OwnCluster, startOwnCluster } from '../helpers/own-cluster.js';

/**
 * The topic and group lists with 5,000 topics and 2,000 groups, on a cluster of this file's own.
 * Times are recorded (printed, and written to docs/console/scale.json for the README), not asserted:
 * the machine is shared. What is asserted is that the pages show the right totals and first rows.
 */
const TOPICS = 5000;
const GROUPS = 2000;

async function inBatches<T>(items: T[], size: number, work: (batch: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await work(items.slice(i, i + size));
}

/** A fresh cluster creates __consumer_offsets on the first commit: the first ones may find no coordinator yet. */
async function retrying<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt > 120 || !((error as { retriable?: boolean }).retriable || (error as Error).name === 'KafkaJSGroupCoordinatorNotFound')) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

/** Milliseconds from the start of navigation until `selector` is on the page and the page answers a click. */
async function interactiveAfterNavigation(page: Page, url: string, selector: string): Promise<number> {
  // A new document each time, so performance.now() counts from this navigation.
  await page.goto('about:blank');
  await page.goto(url);
  await page.waitForSelector(selector);
  return page.evaluate(() => new Promise<number>((resolve) => requestAnimationFrame(() => resolve(performance.now()))));
}

/** Milliseconds from typing a filter until the table shows its result. */
async function filterResponse(page: Page, input: string, text: string, expected: string): Promise<number> {
  const started = await page.evaluate(() => performance.now());
  await page.fill(input, text);
  await page.getByRole('link', { name: expected, exact: true }).waitFor();
  return (await page.evaluate(() => performance.now())) - started;
}

describe('console with 5,000 topics and 2,000 groups', () => {
  let cluster: OwnCluster;
  let admin: Admin;
  let running: RunningConsole;
  let browser: Browser;
  let page: Page;
  const figures: Record<string, number> = {};

  beforeAll(async () => {
    cluster = await startOwnCluster({ brokers: 1 });
    const kafka = new kafkajs.Kafka({
      clientId: 'console-scale', brokers: cluster.bootstrap.split(','), logLevel: kafkajs.logLevel.NOTHING,
      sasl: { mechanism: 'scram-sha-512', username: 'admin', password: cluster.adminPassword },
    });
    admin = kafka.admin();
    await admin.connect();
    const names = Array.from({ length: TOPICS }, (_, i) => `scale-${String(i).padStart(4, '0')}`);
    // An empty group exists once it has committed offsets: one commit per group, 50 at a time.
    await admin.createTopics({ topics: names.slice(0, 50).map((topic) => ({ topic, numPartitions: 1, replicationFactor: 1 })), timeout: 60_000 });
    const groups = Array.from({ length: GROUPS }, (_, i) => `scale-group-${String(i).padStart(4, '0')}`);
    await inBatches(groups, 50, (batch) => Promise.all(batch.map((groupId, i) => retrying(() => admin.setOffsets({ groupId, topic: names[i % 50]!, partitions: [{ partition: 0, offset: '0' }] })))));
    // The groups' commits come first: a fresh broker creates __consumer_offsets sooner without 5,000 other partitions to load.
    await inBatches(names.slice(50), 500, (batch) => admin.createTopics({ topics: batch.map((topic) => ({ topic, numPartitions: 1, replicationFactor: 1 })), waitForLeaders: false, timeout: 120_000 }));
    // The broker's metadata follows the controller's: wait until it lists every topic.
    for (let tries = 0; (await admin.listTopics()).length < TOPICS + 1 && tries < 120; tries++) await new Promise((resolve) => setTimeout(resolve, 1000));
    running = await startConsole([], cluster.env);
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 860 } })).newPage();
    await page.goto(running.url);
  }, 900_000);

  afterAll(async () => {
    await browser?.close();
    await running?.stop();
    await admin?.disconnect();
    await cluster?.stop();
    writeFileSync(join(consoleShotsDir(), 'scale.json'), `${JSON.stringify({ topics: TOPICS, groups: GROUPS, milliseconds: Object.fromEntries(Object.entries(figures).map(([k, v]) => [k, Math.round(v)])) }, null, 2)}\n`);
    console.log('console scale figures (ms):', figures);
  });

  it('topic list: the first page of 5,000 and a filter', async () => {
    figures.topicListCold = await interactiveAfterNavigation(page, `${running.base}/#/topics`, '[data-testid=topic-table] tbody tr');
    expect(await page.getByTestId('topic-table').getAttribute('data-total')).toBe(String(TOPICS));
    expect(await page.locator('[data-testid=topic-table] tbody tr').count()).toBe(100);
    figures.topicListWarm = await interactiveAfterNavigation(page, `${running.base}/#/topics?offset=4900`, '[data-testid=topic-table] tbody tr');
    expect(await page.locator('[data-testid=topic-table] tbody tr').first().textContent()).toContain('scale-4900');
    figures.topicFilter = await filterResponse(page, '[data-testid=topic-filter]', 'scale-4321', 'scale-4321');
  });

  it('group list: the first page of 2,000 with state and lag, and a filter', async () => {
    figures.groupListCold = await interactiveAfterNavigation(page, `${running.base}/#/groups`, '[data-testid=group-table] tbody tr');
    expect(await page.getByTestId('group-table').getAttribute('data-total')).toBe(String(GROUPS));
    expect(await page.locator('[data-testid=group-table] tbody tr').count()).toBe(50);
    expect(await page.locator('[data-testid=group-table] tbody tr').first().textContent()).toContain('Empty');
    figures.groupListWarm = await interactiveAfterNavigation(page, `${running.base}/#/groups?offset=1950`, '[data-testid=group-table] tbody tr');
    expect(await page.locator('[data-testid=group-table] tbody tr').first().textContent()).toContain('scale-group-1950');
    figures.groupFilter = await filterResponse(page, '[data-testid=group-filter]', 'scale-group-1234', 'scale-group-1234');
  });
});
