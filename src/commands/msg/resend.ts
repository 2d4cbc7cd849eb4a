import { defineCommand, examples } from '../../cli/types.js';
import { locateMessage } from '../../kafka/messages/locate.js';
import { resendMessage } from '../../kafka/messages/resend.js';
import { fields } from '../../output/view.js';
import { addLocatorOptions, type LocatorOptions, parseLocator } from './locator.js';
import { resolveUnit, topicIn } from '../../cli/unit-flags.js';

interface Options extends LocatorOptions {
  to?: string;
  yes: boolean;
}

export default defineCommand<Options>({
  changes: true,
  timeout: 'each-wait',
  configure(command) {
    addLocatorOptions(command)
      .option('--to <topic>', 'send the copy to this topic instead of the message\'s own (logical, in the same unit, with --ns/--cell)')
      .option('-y, --yes', 'do not ask for confirmation (needed when not on a terminal)', false)
      .addHelpText('after', examples(
        ['sofakafka msg resend -t orders --msg-id 6f1c…', 'produce it again to its own partition (asks first)'],
        ['sofakafka msg resend -t orders -p 3 --offset 1200 --to orders-retry --yes', 'a copy to a retry topic, in a script'],
      ));
  },
  async run(ctx, _args, options) {
    const unit = await resolveUnit(ctx, options);
    const locator = parseLocator(options, unit);
    const to = options.to === undefined ? undefined : topicIn(unit, options.to);
    const client = await ctx.kafka();
    const located = await locateMessage(client, locator, () => ctx.progress());
    const { message } = located;
    const target = to ?? message.topic;
    const where = `${message.topic}/${message.partition} offset ${message.offset}`;
    ctx.out.info(`found ${where} (key ${message.key ?? 'none'}, ${message.sizeBytes} bytes, ${message.timestamp})`);
    await ctx.out.confirm(`Produce ${where} again to "${target}"? Its consumers will receive it again.`, { yes: options.yes, action: 'resend the message' });
    const result = await resendMessage(client, located, target);
    ctx.out.success(`resent ${where} as ${result.to.topic}/${result.to.partition} offset ${result.to.offset}`);
    await ctx.out.print({
      data: result,
      blocks: [fields([
        ['From', `${result.from.topic}/${result.from.partition} offset ${result.from.offset}`],
        ['To', `${result.to.topic}/${result.to.partition} offset ${result.to.offset}`],
        ['Msg id', result.msgId],
      ])],
    });
  },
});
