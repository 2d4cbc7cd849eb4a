import { usageError } from '../errors.js';

/** The Kafka release `local up` runs unless told otherwise: the one place it is pinned. */
export const DEFAULT_KAFKA_VERSION = '4.3.1';
/** The oldest release whose KRaft storage tool can bootstrap SCRAM users and whose config we write. */
export const OLDEST_KAFKA_VERSION = '3.9.0';

export function parseKafkaVersion(value: string): string {
  if (!/^\d+\.\d+\.\d+$/.test(value)) {
    throw usageError(`--kafka-version "${value}" is not a release number`, `use one like ${DEFAULT_KAFKA_VERSION} or 3.9.1`);
  }
  if (compareVersions(value, OLDEST_KAFKA_VERSION) < 0) {
    throw usageError(`Kafka ${value} is too old for sofakafka local`, `use ${OLDEST_KAFKA_VERSION} or newer (default ${DEFAULT_KAFKA_VERSION})`);
  }
  return value;
}

export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    const diff = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

export const isKafka4 = (version: string) => compareVersions(version, '4.0.0') >= 0;

/**
 * The published POMs carry no logging binding, so without these the broker logs nothing.
 * 4.x logs through log4j2 (its log4j-core version is the one the broker pulls in); 3.9 through reload4j.
 */
export function loggingDependencies(version: string): Array<{ groupId: string; artifactId: string; version: string }> {
  if (isKafka4(version)) {
    return [
      { groupId: 'org.slf4j', artifactId: 'slf4j-api', version: '1.7.36' },
      { groupId: 'org.apache.logging.log4j', artifactId: 'log4j-slf4j-impl', version: '2.25.4' },
      { groupId: 'org.apache.logging.log4j', artifactId: 'log4j-api', version: '2.25.4' },
      { groupId: 'org.apache.logging.log4j', artifactId: 'log4j-core', version: '2.25.4' },
    ];
  }
  return [
    { groupId: 'org.slf4j', artifactId: 'slf4j-api', version: '1.7.36' },
    { groupId: 'org.slf4j', artifactId: 'slf4j-reload4j', version: '1.7.36' },
  ];
}
