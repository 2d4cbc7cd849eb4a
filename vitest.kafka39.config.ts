import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

// The same tests against Kafka 3.9.x (the last release line before 4.0):
// one file per protocol path the tool uses, on a shared 3.9.1 cluster. CI runs this after the main suite.
// Kafka's own tools, the independent checks, run from the 3.9.1 jars: test/helpers/kafka-tools.ts maps
// their 3.9 class names and options and gives 3.9's log4j 1 a configuration (errors to stderr, as on 4.x).
// Kept out on purpose: group-kip848.test.ts (the new consumer protocol is off by default in 3.9).
process.env.SOFAKAFKA_TEST_KAFKA_VERSION ??= '3.9.1';

export default defineConfig({
  ...base,
  test: {
    ...base.test,
    // Replaces the main include (mergeConfig would append to it).
    include: [
      'test/integration/user.test.ts',
      'test/integration/topic.test.ts',
      'test/integration/acl.test.ts',
      'test/integration/msg-send.test.ts',
      'test/integration/offset.test.ts',
      'test/integration/group.test.ts',
      'test/integration/msg-consume.test.ts',
      'test/integration/msg-query.test.ts',
      'test/integration/msg-trace.test.ts',
      'test/integration/refusals.test.ts',
      'test/integration/json-shapes.test.ts',
      'test/integration/routing.test.ts',
      'test/integration/bad-settings.test.ts',
      // PLAIN, SCRAM-SHA-256/512 and TLS logins on its own small cluster (local up --with-plain --with-tls).
      'test/integration/plain.test.ts',
      // The router's exactly once on 3.9 too (issue 11): 100,000 messages through 3-4 SIGKILLs, SIGSTOP zombie fencing, failover.
      'test/integration/router-crash.test.ts',
    ],
  },
});
