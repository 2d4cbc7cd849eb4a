import { Argument, Option } from 'commander';
import { defineCommand, examples } from '../../cli/types.js';
import { parseCount } from '../../cli/parse.js';
import { usageError } from '../../errors.js';
import { auditLogPath, readAudit } from '../../console/audit.js';
import { table } from '../../output/view.js';

interface Options {
  port: string;
  listen: string;
  open: boolean;
  httpsCert?: string;
  httpsKey?: string;
  insecureListen: boolean;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

export default defineCommand<Options>({
  // The server runs until Ctrl-C; --timeout bounds each request to the cluster, not the console.
  timeout: 'own',
  handlesInterrupt: true,
  configure(command) {
    command
      .addArgument(new Argument('[what]', '"audit": print the console\'s audit log instead of serving').choices(['audit']))
      .option('--port <n>', 'port to serve on (0: any free port)', '0')
      .option('--listen <host>', 'address to serve on (anything but loopback needs --https-cert/--https-key or --insecure-listen)', '127.0.0.1')
      .option('--open', 'open the console in the default browser', false)
      .option('--https-cert <file>', 'serve HTTPS with this certificate (PEM)')
      .option('--https-key <file>', 'the private key (PEM) of --https-cert')
      .addOption(new Option('--insecure-listen', 'allow plain HTTP on a non-loopback --listen address (the session cookie crosses the network unencrypted)').default(false))
      .addHelpText('after', examples(
        ['sofakafka console', 'serve on 127.0.0.1 and print the URL with its one-time token'],
        ['sofakafka console --open --context prod', 'open it in the browser, for the "prod" context'],
        ['sofakafka console audit', 'who changed what through the console'],
      ));
  },
  async run(ctx, [what], options) {
    if (what === 'audit') {
      const entries = await readAudit(auditLogPath(ctx.configPath));
      await ctx.out.print({
        data: entries,
        blocks: [table([
          { header: 'when', value: (e: (typeof entries)[number]) => e.at },
          { header: 'who', value: (e) => e.who },
          { header: 'what', value: (e) => e.what, shrink: 'wrap' },
          { header: 'result', value: (e) => (e.result === 'ok' ? 'ok' : `failed (exit ${e.exitCode}): ${e.message ?? ''}`), tone: (e) => (e.result === 'ok' ? 'good' : 'bad'), shrink: 'wrap' },
        ], entries, { empty: '(no changes made through the console yet)' })],
      });
      return;
    }
    const port = parseCount(options.port, '--port', { min: 0, max: 65535 });
    const tls = options.httpsCert || options.httpsKey ? { certFile: options.httpsCert, keyFile: options.httpsKey } : undefined;
    if (tls && !(tls.certFile && tls.keyFile)) throw usageError('--https-cert and --https-key go together');
    if (!LOOPBACK.has(options.listen) && !tls && !options.insecureListen) {
      throw usageError(`--listen ${options.listen} would serve the console beyond this machine without TLS`, 'pass --https-cert FILE --https-key FILE, or --insecure-listen if you accept that');
    }
    const { serveConsole } = await import('../../console/start.js');
    return serveConsole(ctx, { port, host: options.listen, open: options.open, ...(tls ? { tls: { certFile: tls.certFile!, keyFile: tls.keyFile! } } : {}) });
  },
});
