import { defineCommand, examples } from '../../cli/types.js';
import { listUnits } from '../../kafka/ldc/units.js';
import { validateUnitPart } from '../../kafka/ldc/naming.js';
import { table } from '../../output/view.js';

interface Row {
  ns: string;
  cell: string;
  topics: string[];
  groups: string[];
}

export default defineCommand<{ ns?: string }>({
  configure(command) {
    command
      .option('--ns <ns>', 'only this namespace')
      .addHelpText('after', examples(
        ['sofakafka unit list', 'every namespace and cell, with their logical topics and groups (from NS.CELL.NAME physical names)'],
        ["sofakafka unit list -o json | jq -r '.[] | .ns as $ns | .cells[] | \"\\($ns)/\\(.cell)\"'", 'the units, one per line'],
      ));
  },
  async run(ctx, _args, options) {
    if (options.ns !== undefined) validateUnitPart(options.ns, 'namespace');
    const namespaces = (await listUnits(await ctx.kafka())).filter((n) => options.ns === undefined || n.ns === options.ns);
    const rows: Row[] = namespaces.flatMap((n) => n.cells.map((c) => ({ ns: n.ns, cell: c.cell, topics: c.topics.map((t) => t.name), groups: c.groups.map((g) => g.name) })));
    await ctx.out.print({
      data: namespaces,
      blocks: [table([
        { header: 'namespace', value: (r: Row) => r.ns },
        { header: 'cell', value: (r) => r.cell },
        { header: 'topics', value: (r) => r.topics.join(', ') || '-' },
        { header: 'groups', value: (r) => r.groups.join(', ') || '-' },
      ], rows, { empty: options.ns ? `no topic or group of namespace ${options.ns}` : 'no units yet: `sofakafka topic create T1 --ns NS --cells CELL1,CELL2`' })],
    });
  },
});
