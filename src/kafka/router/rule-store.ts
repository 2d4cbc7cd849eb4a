import { randomBytes } from 'node:crypto';
import { CliError, isCliError } from '../../errors.js';
import type { KafkaClient } from '../client.js';
import { logSpans } from '../admin/partition-offsets.js';
import { fetchTopicMetadata } from '../admin/topics.js';
import { createTopics } from '../admin/topic-writes.js';
import { readPartitions } from '../messages/reader.js';
import { requestMetadata } from '../protocol/kafkajs-requests.js';
import { accessDenied, callerPrincipal } from '../security/access-denied.js';
import { buildRule, changeKey, changeRule, foldRecords, requireRule, ruleKey, type RouterRule, type RuleAction, type RuleChange, type RuleInput, type StoredRecord } from './rules.js';

/**
 * Rules live in Kafka: one single-partition compacted topic. Each change writes two records in
 * one batch (so both or neither): `rule/<id>` with the rule's new state (a tombstone on remove;
 * compaction keeps the latest) and `change/<id>/<time>/<random>` describing the change, a key
 * never written again, so compaction keeps every change for ever. `list` folds the first kind,
 * `history` reads the second. ACLs on the topic decide who may read (Read) and change (Write) rules.
 */
export const RULES_TOPIC = '__sofakafka_router_rules';
const RESOURCE = `the router rules topic ${RULES_TOPIC}`;
const GRANT = `--topic ${RULES_TOPIC}`;

export interface RuleState {
  rules: RouterRule[];
  history: RuleChange[];
  /** The rules topic does not exist yet: nobody has added a rule. */
  topicMissing: boolean;
}

export async function readRuleState(client: KafkaClient): Promise<RuleState> {
  try {
    const topics = await fetchTopicMetadata(client, undefined);
    const topic = topics.find((t) => t.name === RULES_TOPIC);
    if (!topic) {
      await probeHiddenRulesTopic(client);
      return { rules: [], history: [], topicMissing: true };
    }
    const refs = topic.partitions.map((p) => ({ topic: RULES_TOPIC, partition: p.partition, leader: p.leader }));
    const records: StoredRecord[] = [];
    await readPartitions(client, await logSpans(client, refs), {
      onRecords(_range, cursor) {
        while (cursor.next()) {
          const { key, value } = cursor.record;
          if (key) records.push({ key: key.toString('utf8'), value: value === null ? null : value.toString('utf8') });
        }
      },
    });
    return { ...foldRecords(records), topicMissing: false };
  } catch (error) {
    throw refusal(client, 'Read', error);
  }
}

export async function addRule(client: KafkaClient, input: RuleInput, now = new Date()): Promise<RouterRule> {
  const by = callerPrincipal(client);
  const rule = buildRule(input, `r-${randomBytes(4).toString('hex')}`, by, now);
  await appendChange(client, { id: rule.id, action: 'add', by, at: rule.createdAt, rule }, { create: true });
  return rule;
}

/** remove, enable or disable: returns the change, or null when the rule already was as asked. */
export async function changeExistingRule(client: KafkaClient, id: string, action: Exclude<RuleAction, 'add'>, now = new Date()): Promise<{ rule: RouterRule; change: RuleChange | null }> {
  const state = await readRuleState(client);
  const rule = requireRule(state.rules, id);
  const change = changeRule(rule, action, callerPrincipal(client), now);
  if (change) await appendChange(client, change, { create: false });
  return { rule: change?.rule ?? rule, change };
}

async function appendChange(client: KafkaClient, change: RuleChange, options: { create: boolean }): Promise<void> {
  if (options.create) await ensureRulesTopic(client);
  // Rides through a rules-topic leader that just died, as msg send does: the controller names a new
  // leader only after broker.session.timeout.ms, and --timeout is what gives up.
  const producer = client.producer({ allowAutoTopicCreation: false, idempotent: true, maxInFlightRequests: 1 });
  const records = [
    { partition: 0, key: ruleKey(change.id), value: change.action === 'remove' ? null : JSON.stringify(change.rule) },
    { partition: 0, key: changeKey(change, randomBytes(4).toString('hex')), value: JSON.stringify(change) },
  ];
  try {
    // One send to the one partition: both records travel in one record batch, written atomically.
    // A send lost with its broker goes again with the same keys, so a retry that was in fact stored
    // twice still reads as one rule and one change (foldRecords reads by key, as compaction does).
    await client.call('write the router rule change', () => client.rideThrough(async () => {
      await producer.connect();
      await producer.send({ topic: RULES_TOPIC, acks: -1, messages: records });
    }));
  } catch (error) {
    throw refusal(client, 'Write', error);
  } finally {
    await producer.disconnect().catch(() => undefined);
  }
}

/** A topic we may not describe is left out of a full metadata answer: ask for it by name, so "not allowed" is not read as "no rules". */
async function probeHiddenRulesTopic(client: KafkaClient): Promise<void> {
  try {
    await client.call('read the rules topic metadata', async () => requestMetadata(await client.anyBroker(), [RULES_TOPIC]));
  } catch (error) {
    if (!isCliError(error) || error.kind !== 'notFound') throw error;
  }
}

async function ensureRulesTopic(client: KafkaClient): Promise<void> {
  const [result] = await createTopics(client, [{
    name: RULES_TOPIC,
    partitions: 1,
    configs: { 'cleanup.policy': 'compact', 'retention.ms': '-1', 'min.compaction.lag.ms': '0' },
  }], { validateOnly: false });
  // "exists" is fine. Kafka answers a topic we may not describe as "not authorized" rather than
  // "exists": almost always the topic is there and the caller lacks Write (which implies Describe).
  if (result!.status === 'failed') {
    if (result!.errorKind === 'authorization') throw accessDenied(client, 'Write', RESOURCE, new CliError('authorization', result!.error ?? 'authorization failed'), GRANT);
    throw new CliError('rejected', `could not create the rules topic ${RULES_TOPIC}: ${result!.error}`);
  }
}

function refusal(client: KafkaClient, operation: string, error: unknown): unknown {
  const translated = isCliError(error) ? error : client.translate(error, `${operation.toLowerCase()} the router rules`);
  return translated.kind === 'authorization' && !translated.message.includes(RULES_TOPIC) ? accessDenied(client, operation, RESOURCE, translated, GRANT) : translated;
}
