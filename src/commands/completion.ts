import { Argument } from 'commander';
import { defineCommand, examples } from '../cli/types.js';

const shells = ['bash', 'zsh', 'fish'] as const;
type Shell = (typeof shells)[number];

/**
 * Completion scripts that hold no command names: on Tab they ask `sofakafka __complete`, which
 * reads the command tree, each command's flags, and names from the cluster or config file.
 */
export default defineCommand({
  configure(command) {
    command.addArgument(new Argument('<shell>', 'the shell to complete in').choices(shells)).addHelpText('after', `
Completes commands, each command's flags and the global ones, flag values with fixed choices, file
names, and names looked up on Tab: topics (--topic, topic describe/alter/delete/add-partitions),
groups (--group, group describe/delete), users (user describe/delete/passwd) and contexts
(--context, context use/show/remove). Lookups use the line's own --context/-b, give up after 2s,
and never ask for a password.
${examples(
    ['source <(sofakafka completion bash)', 'bash, this shell (add it to ~/.bashrc to keep it)'],
    ['sofakafka completion zsh > "${fpath[1]}/_sofakafka"', 'zsh, for good (then start a new shell)'],
    ['sofakafka completion fish > ~/.config/fish/completions/sofakafka.fish', 'fish'],
  )}`);
  },
  async run(ctx, [shell]) {
    ctx.out.writeRaw(scripts[shell as Shell]);
  },
});

const scripts: Record<Shell, string> = {
  bash: `# sofakafka bash completion: source <(sofakafka completion bash)
_sofakafka() {
  local IFS=$'\\n' cur=\${COMP_WORDS[COMP_CWORD]} line
  local -a lines
  lines=($("\${COMP_WORDS[0]}" __complete -- "\${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null))
  COMPREPLY=()
  [ "$cur" = "=" ] && cur=""
  case "\${lines[0]}" in
    :files) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- "$cur")); return ;;
    :dirs) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -d -- "$cur")); return ;;
  esac
  for line in "\${lines[@]}"; do COMPREPLY+=("\${line%%$'\\t'*}"); done
}
complete -F _sofakafka sofakafka
`,
  zsh: `#compdef sofakafka
# sofakafka zsh completion: sofakafka completion zsh > "\${fpath[1]}/_sofakafka"
_sofakafka() {
  local line value width=0
  local -a lines values shown
  lines=("\${(@f)$("\${words[1]}" __complete -- "\${(@)words[2,CURRENT]}" 2>/dev/null)}")
  case "\${lines[1]}" in
    :files) _files; return ;;
    :dirs) _files -/; return ;;
  esac
  for line in "\${lines[@]}"; do
    [[ -n "$line" ]] && values+=("\${line%%$'\\t'*}") && (( \${#values[-1]} > width )) && width=\${#values[-1]}
  done
  for line in "\${lines[@]}"; do
    [[ -z "$line" ]] && continue
    value="\${line%%$'\\t'*}"
    if [[ "$line" == *$'\\t'* ]]; then shown+=("\${(r:width:)value}  -- \${line#*$'\\t'}"); else shown+=("$value"); fi
  done
  (( \${#values} )) && compadd -l -d shown -a values
}
if [ "$funcstack[1]" = "_sofakafka" ]; then _sofakafka "$@"; else compdef _sofakafka sofakafka; fi
`,
  fish: `# sofakafka fish completion: sofakafka completion fish > ~/.config/fish/completions/sofakafka.fish
function __sofakafka_complete
    set -l words (commandline -opc) (commandline -ct)
    set -l lines (command $words[1] __complete -- $words[2..-1] 2>/dev/null)
    switch "$lines[1]"
        case :files
            __fish_complete_path (commandline -ct)
        case :dirs
            __fish_complete_directories (commandline -ct)
        case '*'
            printf '%s\\n' $lines
    end
end
complete -c sofakafka -f -a '(__sofakafka_complete)'
`,
};
