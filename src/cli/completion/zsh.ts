/**
 * The zsh completion script: the same lookup tables and walk as the bash one, over zsh's `words`
 * and `CURRENT`, answering with compadd and _files. Works from a directory of $fpath (as _pwless,
 * thanks to #compdef) and when sourced after compinit.
 */
import { caseFunction, type Tables } from './tables.ts';

export function zshScript(tables: Tables, header: string): string {
  return `#compdef pwless
${header}
${caseFunction('_pwless_subcommands', tables.subcommands)}

${caseFunction('_pwless_flags', tables.flags)}

${caseFunction('_pwless_flag_value', tables.flagValues)}

${caseFunction('_pwless_argument', tables.argumentValues)}

_pwless_reply() {
  case "$1" in
    profiles) local -a names; names=(\${(f)"$(command \${words[1]} __complete profiles 2>/dev/null </dev/null)"}); compadd -a names ;;
    files) _files ;;
    dirs) _files -/ ;;
    words\\ *) compadd -- \${=\${1#words }} ;;
  esac
}

_pwless() {
  local cmd_path="" expect="" word argument
  local -i i args=0
  for ((i = 2; i < CURRENT; i++)); do
    word="\${words[i]}"
    if [[ -n $expect ]]; then expect=""; continue; fi
    case "$word" in
      --*=*) ;;
      -*) expect="$(_pwless_flag_value "$cmd_path|$word")" ;;
      *)
        if ((args == 0)) && [[ " $(_pwless_subcommands "$cmd_path") " == *" $word "* ]]; then
          cmd_path="\${cmd_path:+$cmd_path }$word"
        else
          args=$((args + 1))
        fi ;;
    esac
  done
  if [[ -n $expect ]]; then
    _pwless_reply "$expect"
  elif [[ \${words[CURRENT]} == -* ]]; then
    _pwless_reply "words $(_pwless_flags "$cmd_path")"
  else
    ((args == 0)) && _pwless_reply "words $(_pwless_subcommands "$cmd_path")"
    argument="$(_pwless_argument "$cmd_path#$args")"
    [[ -n $argument ]] && _pwless_reply "$argument"
  fi
  return 0
}

if [[ "\${funcstack[1]}" == _pwless ]]; then
  _pwless "$@"
else
  compdef _pwless pwless
fi
`;
}
