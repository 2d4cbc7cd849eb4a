import type { CommandEntry } from '../cli/types.js';

/**
 * The command tree. Only names and one-line summaries live here, so `--help` and completion need
 * no command module; a command's module is imported only when that command runs. Aliases take the
 * other habit: `delete` where we say `remove` and back (kubectl and rpk say delete, Kafka's
 * scripts --delete, our ACLs and contexts remove), `rm` and `ls` as in rpk.
 */
export const commandTree: CommandEntry[] = [
  {
    name: 'local',
    summary: 'Run a real, secured Apache Kafka cluster on this machine',
    children: [
      { name: 'up', summary: 'Start a local KRaft cluster (SASL/SCRAM, ACLs) and write the "local" context', load: () => import('./local/up.js') },
      { name: 'down', summary: 'Stop the local cluster (keeps data unless --purge)', load: () => import('./local/down.js') },
      { name: 'status', summary: 'Show the local cluster\'s processes, ports, version and racks', load: () => import('./local/status.js') },
      { name: 'logs', summary: 'Show a local broker\'s log', load: () => import('./local/logs.js') },
    ],
  },
  {
    name: 'context',
    summary: 'Manage saved cluster connections',
    children: [
      { name: 'list', aliases: ['ls'], summary: 'List contexts', load: () => import('./context/list.js') },
      { name: 'show', summary: 'Show a context (secrets hidden)', load: () => import('./context/show.js') },
      { name: 'use', summary: 'Make a context the default', load: () => import('./context/use.js') },
      { name: 'add', summary: 'Add or replace a context', load: () => import('./context/add.js') },
      { name: 'remove', aliases: ['delete', 'rm'], summary: 'Remove a context', load: () => import('./context/remove.js') },
    ],
  },
  {
    name: 'cluster',
    summary: 'Inspect the broker cluster',
    children: [
      { name: 'describe', summary: 'Cluster id, controller and brokers with their racks', load: () => import('./cluster/describe.js') },
      { name: 'health', summary: 'Under-replicated, offline and under-min-ISR partitions; exits non-zero when unhealthy', load: () => import('./cluster/health.js') },
    ],
  },
  {
    name: 'topic',
    summary: 'Create, inspect, change and delete topics',
    children: [
      { name: 'create', summary: 'Create topics (retention defaults to 3 days)', load: () => import('./topic/create.js') },
      { name: 'list', aliases: ['ls'], summary: 'List topics with partitions and replication factor', load: () => import('./topic/list.js') },
      { name: 'describe', summary: 'Configs, and per partition leader, replicas, ISR and offsets', load: () => import('./topic/describe.js') },
      { name: 'alter', summary: 'Set or delete topic configs (only those named)', load: () => import('./topic/alter.js') },
      { name: 'add-partitions', summary: 'Grow a topic to more partitions', load: () => import('./topic/add-partitions.js') },
      { name: 'delete', aliases: ['remove', 'rm'], summary: 'Delete topics by name or pattern (confirms first)', load: () => import('./topic/delete.js') },
    ],
  },
  {
    name: 'user',
    summary: 'Manage SASL/SCRAM users (passwords never on the command line)',
    children: [
      { name: 'create', summary: 'Create a SCRAM user (SCRAM-SHA-256 and/or SCRAM-SHA-512)', load: () => import('./user/create.js') },
      { name: 'list', aliases: ['ls'], summary: 'List users with their mechanisms and iterations', load: () => import('./user/list.js') },
      { name: 'describe', summary: 'Show one user\'s SCRAM mechanisms and iterations', load: () => import('./user/describe.js') },
      { name: 'passwd', summary: 'Set a new password for a user', load: () => import('./user/passwd.js') },
      { name: 'delete', aliases: ['remove', 'rm'], summary: 'Delete users and all their credentials (confirms first)', load: () => import('./user/delete.js') },
    ],
  },
  {
    name: 'acl',
    summary: 'Grant, list and remove ACL policies',
    children: [
      { name: 'add', summary: 'Allow or deny principals operations on topics, groups, the cluster or transactional ids', load: () => import('./acl/add.js') },
      { name: 'list', aliases: ['ls'], summary: 'List ACL bindings, filtered by principal and resource', load: () => import('./acl/list.js') },
      { name: 'remove', aliases: ['delete', 'rm'], summary: 'Remove the ACL bindings a filter matches (shows them and confirms first)', load: () => import('./acl/remove.js') },
    ],
  },
  {
    name: 'msg',
    summary: 'Send, consume, query and trace messages',
    children: [
      { name: 'send', summary: 'Send messages: sync, async or one-way; keyed, to a preferred rack, or in a transaction', load: () => import('./msg/send.js') },
      { name: 'consume', summary: 'Consume as a group member (clustering) or on your own (--broadcast); streams NDJSON', load: () => import('./msg/consume.js') },
      { name: 'query', summary: 'Find messages by partition/offset, time range, key, header, msg id or text, without joining a group', load: () => import('./msg/query.js') },
      { name: 'trace', summary: 'One message end to end: produced, stored (leader, replicas, ISR), routed, consumed by which groups', load: () => import('./msg/trace.js') },
      { name: 'resend', summary: 'Produce a stored message again (same key, value, headers) to its topic or another', load: () => import('./msg/resend.js') },
    ],
  },
  {
    name: 'group',
    summary: 'Consumer groups: members, committed offsets and backlog (lag)',
    children: [
      { name: 'list', aliases: ['ls'], summary: 'Every group with state, members, topics and total lag', load: () => import('./group/list.js') },
      { name: 'describe', summary: 'Members and their partitions; per partition committed offset, log end offset and lag', load: () => import('./group/describe.js') },
      { name: 'delete', aliases: ['remove', 'rm'], summary: 'Delete groups that have no active members (confirms first)', load: () => import('./group/delete.js') },
    ],
  },
  {
    name: 'offset',
    summary: 'Show and reset consumer group offsets',
    children: [
      { name: 'show', summary: 'A group\'s committed offsets, log end offsets and lag', load: () => import('./offset/show.js') },
      { name: 'reset', summary: 'Move a group to a time, the earliest/latest offset, an offset, a shift or a file (dry run unless --execute)', load: () => import('./offset/reset.js') },
    ],
  },
  {
    name: 'unit',
    summary: 'LDC units: namespaces, cells and their topics and groups, from NS.CELL.NAME physical names',
    children: [
      { name: 'list', aliases: ['ls'], summary: 'Namespaces and cells with their logical topics and groups', load: () => import('./unit/list.js') },
      { name: 'describe', summary: 'One namespace: each logical topic\'s partitions per cell, and the cells\' groups', load: () => import('./unit/describe.js') },
    ],
  },
  {
    name: 'router',
    summary: 'Copy messages between LDC units by rules, exactly once',
    children: [
      {
        name: 'rule',
        summary: 'Router rules, kept in Kafka (who changed what is recorded)',
        children: [
          { name: 'add', summary: 'Add a rule: copy NS.FROM.TOPIC to NS.TO.TOPIC, optionally only messages with a header value', load: () => import('./router/rule/add.js') },
          { name: 'list', aliases: ['ls'], summary: 'The rules every router applies', load: () => import('./router/rule/list.js') },
          { name: 'remove', aliases: ['delete', 'rm'], summary: 'Remove a rule', load: () => import('./router/rule/remove.js') },
          { name: 'enable', summary: 'Switch a rule on', load: () => import('./router/rule/enable.js') },
          { name: 'disable', summary: 'Switch a rule off', load: () => import('./router/rule/disable.js') },
          { name: 'history', summary: 'Every change to the rules: who, what, when', load: () => import('./router/rule/history.js') },
        ],
      },
      { name: 'run', summary: 'Run a router worker: applies the rules of a namespace until stopped (several share the work)', load: () => import('./router/run.js') },
      { name: 'status', summary: 'Per rule: messages copied, lag behind the source, running workers and their partitions', load: () => import('./router/status.js') },
    ],
  },
  {
    name: 'perf',
    summary: 'Measure the cluster: producer and consumer throughput, end-to-end latency, the whitepaper\'s table',
    children: [
      { name: 'produce', summary: 'Produce records as fast as the cluster takes them (or at --rate): records/s, MB/s, latency percentiles', load: () => import('./perf/produce.js') },
      { name: 'consume', summary: 'Read records as fast as the cluster serves them, as a group member or alone: records/s, MB/s, fetches', load: () => import('./perf/consume.js') },
      { name: 'e2e', summary: 'End-to-end latency: one record at a time, sent and read back (p50/p99/p99.9/max)', load: () => import('./perf/e2e.js') },
      { name: 'table', summary: 'The whitepaper\'s case (1 KB, acks=all) on this cluster, beside the whitepaper\'s table', load: () => import('./perf/table.js') },
    ],
  },
  {
    name: 'console',
    summary: 'Serve the web console on 127.0.0.1 (a one-time link; Ctrl-C stops it), or print its audit log',
    load: () => import('./console/console.js'),
  },
  {
    name: 'completion',
    summary: 'Print a shell completion script (bash, zsh or fish)',
    load: () => import('./completion.js'),
  },
  { name: '__complete', summary: 'What the completion scripts call on Tab', hidden: true, load: () => import('./complete.js') },
];
