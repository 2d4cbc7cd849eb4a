import { type InternalBroker, pickVersion, type RawApi, sendRaw } from './internals.js';
import { Reader, Writer } from './wire.js';

/**
 * ConsumerGroupDescribe v0 (API key 69, KIP-848), which kafkajs lacks. Groups on the new consumer
 * protocol (group.protocol=consumer) answer DescribeGroups below v6 as "Dead" with no members;
 * this names their members, so a refused reset can say who is still consuming. Flexible: the body
 * opens with the request header's empty tag buffer.
 */
export const CONSUMER_GROUP_DESCRIBE = 69;

export interface ConsumerGroupDescription {
  errorCode: number;
  groupId: string;
  state: string;
  assignor: string;
  members: Array<{ memberId: string; clientId: string; host: string; assignment: Array<{ topic: string; partitions: number[] }> }>;
}

export function consumerGroupDescribeRequest(groupIds: string[]): RawApi<ConsumerGroupDescription[]> {
  const body = new Writer().emptyTags().compactArray(groupIds, (w, id) => w.compactString(id)).boolean(false).emptyTags().toBuffer();
  return { apiKey: CONSUMER_GROUP_DESCRIBE, apiVersion: 0, apiName: 'ConsumerGroupDescribe', body, decode: decodeConsumerGroupDescribe };
}

export function decodeConsumerGroupDescribe(payload: Buffer): ConsumerGroupDescription[] {
  const r = new Reader(payload);
  r.skipTags(); // response header v1
  r.int32(); // throttle_time_ms
  return r.compactArray((g) => {
    const errorCode = g.int16();
    g.compactNullableString(); // error_message
    const groupId = g.compactString();
    const state = g.compactString();
    g.int32(); // group_epoch
    g.int32(); // assignment_epoch
    const assignor = g.compactString();
    const members = g.compactArray((m) => {
      const memberId = m.compactString();
      m.compactNullableString(); // instance_id
      m.compactNullableString(); // rack_id
      m.int32(); // member_epoch
      const clientId = m.compactString();
      const host = m.compactString();
      m.compactArray((t) => t.compactString()); // subscribed_topic_names
      m.compactNullableString(); // subscribed_topic_regex
      const assignment = readAssignment(m);
      readAssignment(m); // target_assignment
      m.skipTags();
      return { memberId, clientId, host, assignment };
    });
    g.int32(); // authorized_operations
    g.skipTags();
    return { errorCode, groupId, state, assignor, members };
  });
}

function readAssignment(r: Reader): ConsumerGroupDescription['members'][number]['assignment'] {
  const topics = r.compactArray((t) => {
    t.int64(); // topic id, high half
    t.int64(); // topic id, low half
    const topic = t.compactString();
    const partitions = t.compactArray((p) => p.int32()).sort((a, b) => a - b);
    t.skipTags();
    return { topic, partitions };
  });
  r.skipTags();
  return topics.sort((a, b) => a.topic.localeCompare(b.topic));
}

/** The group as the new protocol sees it, or undefined when the broker lacks the API or the group is not a consumer-protocol group. */
export async function describeConsumerGroup(broker: InternalBroker, groupId: string): Promise<ConsumerGroupDescription | undefined> {
  if (pickVersion(broker, CONSUMER_GROUP_DESCRIBE, [0]) === undefined) return undefined;
  const [group] = await sendRaw(broker, consumerGroupDescribeRequest([groupId]));
  return group && group.errorCode === 0 ? group : undefined;
}
