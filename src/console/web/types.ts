/** The shapes the API answers with, as the pages read them (src/kafka defines them; these are views). */
export interface Paged<T> {
  total: number;
  offset: number;
  limit: number;
  items: T[];
}

export interface TopicRow { name: string; partitions: number; replicationFactor: number; internal: boolean }

export interface ConfigEntry { name: string; value: string | null; source: string; isDefault: boolean; sensitive: boolean; readOnly: boolean }

export interface PartitionDetails {
  partition: number; leader: number | null; replicas: number[]; isr: number[]; offlineReplicas: number[];
  earliestOffset: number | null; latestOffset: number | null; messages: number | null;
}

export interface TopicDetails {
  name: string; internal: boolean; partitionCount: number; replicationFactor: number; messages: number;
  configs: ConfigEntry[]; partitions: PartitionDetails[];
}

export interface Broker { id: number; host: string; port: number; rack: string | null; isController: boolean }

export interface PartitionProblem { topic: string; partition: number; leader: number | null; replicas: number[]; isr: number[] }

export interface Overview {
  cluster: { clusterId: string; controllerId: number | null; brokers: Broker[] };
  health: { healthy: boolean; brokersOnline: number[]; brokersDown: number[]; underReplicated: PartitionProblem[]; offline: PartitionProblem[]; underMinIsr: PartitionProblem[]; topicsChecked: number; partitionsChecked: number };
  totals: { brokers: number; topics: number; partitions: number; groups: number };
}

export interface GroupSummary { group: string; state: string; protocolType: string; members: number; topics: string[]; totalLag: number | null }

export interface PartitionLag {
  topic: string; partition: number; committedOffset: number | null; logEndOffset: number | null; lag: number | null;
  memberId: string | null; clientId: string | null; host: string | null;
}

export interface GroupDetails {
  group: string; state: string; protocolType: string; protocol: string; coordinator: number; totalLag: number;
  members: Array<{ memberId: string; clientId: string; host: string }>; partitions: PartitionLag[];
}

export interface LagSample { at: string; totalLag: number }

export interface PlannedPartition {
  topic: string; partition: number; currentOffset: number | null; newOffset: number | null; earliestOffset: number; logEndOffset: number;
  reconsumed?: number; skipped?: number;
}

export interface ResetResult {
  group: string; mode: string; executed: boolean;
  totals: { partitions: number; changed: number; reconsumed: number; skipped: number };
  partitions: PlannedPartition[];
}

export interface Message {
  topic: string; partition: number; offset: number; timestamp: string; key: string | null;
  value: string | null; valueEncoding?: string; headers: Record<string, string | string[]>;
}

export interface ScramUser { name: string; credentials: Array<{ mechanism: string; iterations: number }> }

export interface AclBinding {
  principal: string; host: string; operation: string; permission: string; resourceType: string; resourceName: string; patternType: string;
}

export interface AuditEntry { at: string; who: string; what: string; result: 'ok' | 'failed'; exitCode: number; message?: string }
