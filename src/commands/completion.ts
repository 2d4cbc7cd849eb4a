import { defineCommand, examples } from '../cli/types.js';
import { usageError } from '../errors.js';
import { commandTree } from './index.js';

/** Completion scripts built from the command tree itself, so they never drift from it. */
export default defineCommand({
  configure(command) {
    command.argument('<shell>', 'bash or zsh').addHelpText('after', examples(
      ['source <(sofakafka completion bash)', 'bash, this shell'],
      ['sofakafka completion zsh > "${fpath[1]}/_sofakafka"', 'zsh, for good'],
    ));
  },
  async run(ctx, [shell]) {
    if (shell !== 'bash' && shell !== 'zsh') throw usageError(`no completion for "${shell}"`, 'use bash or zsh');
    ctx.out.writeRaw(shell === 'bash' ? bashScript() : zshScript());
  },
});

const nouns = () => commandTree.map((entry) => entry.name).join(' ');
const verbCases = (format: (noun: string, verbs: string) => string) =>
  commandTree.filter((entry) => entry.children).map((entry) => format(entry.name, entry.children!.map((c) => c.name).join(' '))).join('\n');

function bashScript(): string {
  return `# sofakafka bash completion
_sofakafka() {
  local cur=\${COMP_WORDS[COMP_CWORD]} noun=\${COMP_WORDS[1]}
  if [ "$COMP_CWORD" -eq 1 ]; then COMPREPLY=($(compgen -W "${nouns()}" -- "$cur")); return; fi
  if [ "$COMP_CWORD" -eq 2 ]; then
    case "$noun" in
${verbCases((noun, verbs) => `      ${noun}) COMPREPLY=($(compgen -W "${verbs}" -- "$cur")) ;;`)}
    esac
    return
  fi
  case "$cur" in -*) COMPREPLY=($(compgen -W "--output --context --bootstrap-server --username --password-file --command-config --timeout --debug --help --yes" -- "$cur")) ;; esac
}
complete -F _sofakafka sofakafka
`;
}

function zshScript(): string {
  return `#compdef sofakafka
# sofakafka zsh completion
_sofakafka() {
  if (( CURRENT == 2 )); then compadd ${nouns()}; return; fi
  if (( CURRENT == 3 )); then
    case "$words[2]" in
${verbCases((noun, verbs) => `      ${noun}) compadd ${verbs} ;;`)}
    esac
    return
  fi
  compadd -- --output --context --bootstrap-server --username --password-file --command-config --timeout --debug --help --yes
}
compdef _sofakafka sofakafka
`;
}
