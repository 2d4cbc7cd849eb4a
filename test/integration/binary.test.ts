import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { clusterEnv, spawnCli, uniqueName } from '../helpers/cli.js';

// eslint-disable-next-line no-control-regex -- matching ANSI colour codes is the point
const ansi = /\x1b\[[0-9;]*m/;

describe('the built binary', () => {
  it('--version prints the package version and nothing else', async () => {
    const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    const result = await spawnCli(['--version']);
    expect(result).toMatchObject({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('--help lists every noun with exit 0, and each noun lists its verbs', async () => {
    const help = await spawnCli(['--help']);
    expect(help.code).toBe(0);
    for (const noun of ['local', 'context', 'cluster', 'topic', 'completion']) expect(help.stdout).toContain(noun);
    const topicHelp = await spawnCli(['topic', '--help']);
    for (const verb of ['create', 'list', 'describe', 'alter', 'add-partitions', 'delete']) expect(topicHelp.stdout).toContain(verb);
    const createHelp = await spawnCli(['topic', 'create', '--help']);
    expect(createHelp.stdout).toContain('Examples:');
  });

  it('a mistyped command is a usage error (exit 2) with a suggestion', async () => {
    const result = await spawnCli(['topc', 'list']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown command');
    expect(result.stderr).toContain('topic');
  });

  it('-o json on a pipe is pure JSON: no colour, no spinner, no talk on stdout', async () => {
    const name = uniqueName('pure');
    const created = await spawnCli(['topic', 'create', name, '-o', 'json'], { env: clusterEnv({ FORCE_COLOR: '1' }) });
    expect(created.code).toBe(0);
    expect(() => JSON.parse(created.stdout)).not.toThrow();
    const listed = await spawnCli(['topic', 'list', '-o', 'json']);
    expect(listed.stdout).not.toMatch(ansi);
    expect(JSON.parse(listed.stdout)).toEqual(expect.arrayContaining([expect.objectContaining({ name })]));
  });

  it('tables on a pipe have no colour; FORCE_COLOR brings it back; NO_COLOR wins', async () => {
    expect((await spawnCli(['cluster', 'describe'])).stdout).not.toMatch(ansi);
    expect((await spawnCli(['cluster', 'describe'], { env: clusterEnv({ FORCE_COLOR: '1' }) })).stdout).toMatch(ansi);
    expect((await spawnCli(['cluster', 'describe'], { env: clusterEnv({ FORCE_COLOR: '1', NO_COLOR: '1' }) })).stdout).not.toMatch(ansi);
  });

  it('-o yaml prints YAML of the same data', async () => {
    const result = await spawnCli(['cluster', 'describe', '-o', 'yaml']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^clusterId: /m);
    expect(result.stdout).toMatch(/^brokers:\n {2}- id: 1/m);
  });

  it('completion prints bash, zsh and fish scripts that ask the hidden __complete, which --help leaves out', async () => {
    const bash = await spawnCli(['completion', 'bash']);
    expect(bash.stdout).toContain('complete -F _sofakafka sofakafka');
    expect(bash.stdout).toContain('__complete --');
    const zsh = await spawnCli(['completion', 'zsh']);
    expect(zsh.stdout).toContain('#compdef sofakafka');
    expect(zsh.stdout).toContain('__complete --');
    const fish = await spawnCli(['completion', 'fish']);
    expect(fish.stdout).toContain("complete -c sofakafka -f -a '(__sofakafka_complete)'");
    expect((await spawnCli(['completion', 'tcsh'])).code).toBe(2);
    expect((await spawnCli(['--help'])).stdout).not.toContain('__complete');
  });
});
