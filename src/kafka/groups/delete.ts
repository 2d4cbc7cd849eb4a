import type { KafkaClient } from '../client.js';
import type { ItemResult } from '../admin/topics.js';

/** Deletes groups (DeleteGroups per coordinator); the broker refuses groups that still have members. */
export async function deleteGroups(client: KafkaClient, groupIds: string[]): Promise<ItemResult[]> {
  const results = await client.adminCall('delete groups', async (admin) => {
    try {
      return await admin.deleteGroups(groupIds);
    } catch (error) {
      const groups = (error as { name?: string; groups?: Array<{ groupId: string; errorCode: number; error?: { type?: string; message: string } }> }).groups;
      if ((error as Error).name === 'KafkaJSDeleteGroupsError' && groups) return groups;
      throw error;
    }
  });
  const byId = new Map(results.map((r) => [r.groupId, r as { errorCode: number; error?: { type?: string; message: string } }]));
  return groupIds.map((name) => {
    const result = byId.get(name);
    if (!result || result.errorCode === 0) return { name, status: 'deleted' };
    const type = result.error?.type;
    if (type === 'GROUP_ID_NOT_FOUND') return { name, status: 'failed', error: `group "${name}" does not exist`, errorKind: 'notFound' };
    if (type === 'NON_EMPTY_GROUP') return { name, status: 'failed', error: `group "${name}" has active members; stop its consumers first`, errorKind: 'rejected' };
    return { name, status: 'failed', error: result.error?.message ?? `error code ${result.errorCode}`, errorKind: 'rejected' };
  });
}
