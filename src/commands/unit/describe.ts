import { defineCommand, examples } from '../../cli/types.js';
import { notFoundError } from '../../errors.js';
import { logicalTopics, listUnits } from '../../kafka/ldc/units.js';
import { validateUnitPart } from '../../kafka/ldc/naming.js';
import { fields, table } from '../../output/view.js';

export default defineCommand({
  configure(command) {
    command
      .argument('<ns>', 'the namespace')
      .addHelpText('after', examples(
        ['sofakafka unit describe ANT', 'ANT\'s cells, and each logical topic\'s partitions per cell (they should agree)'],
      ));
  },
  async run(ctx, [ns]) {
    validateUnitPart(ns!, 'namespace');
    const namespace = (await listUnits(await ctx.kafka())).find((n) => n.ns === ns);
    if (!namespace) throw notFoundError(`no topic or group of namespace ${ns} on this cluster`, '`sofakafka unit list` shows the namespaces there are');
    const topics = logicalTopics(namespace);
    for (const t of topics.filter((x) => !x.partitionsAgree)) {
      ctx.out.warn(`${t.name}: partition counts differ between cells (${t.cells.map((c) => `${c.cell} ${c.partitions}`).join(', ')}): a key maps to different partition numbers`);
    }
    await ctx.out.print({
      data: { ...namespace, topics },
      blocks: [
        fields([['Namespace', ns], ['Cells', namespace.cells.map((c) => c.cell).join(', ')]]),
        table([
          { header: 'topic', value: (t: (typeof topics)[number]) => t.name },
          { header: 'partitions per cell', value: (t) => t.cells.map((c) => `${c.cell}:${c.partitions}`).join(' '), tone: (t) => (t.partitionsAgree ? undefined : 'warn') },
          { header: 'missing in', value: (t) => t.missingIn.join(', ') || '-', tone: (t) => (t.missingIn.length ? 'dim' : undefined) },
        ], topics, { title: 'Topics', empty: '(no topics)' }),
        table([
          { header: 'cell', value: (c: (typeof namespace.cells)[number]) => c.cell },
          { header: 'groups', value: (c) => c.groups.map((g) => g.name).join(', ') || '-' },
        ], namespace.cells, { title: 'Groups' }),
      ],
    });
  },
});
