#!/bin/sh
# Entry point of every CityGrid image (deploy/Dockerfile). APP is baked in at build time.
#   serve   (default) run apps/$APP/src/main.ts
#   migrate           run apps/$APP/src/migrate.ts (apply committed migrations, then exit)
#   anything else     exec'd as given (e.g. `sh` for debugging)
set -eu
: "${APP:?APP is not set (build with --build-arg APP=<app>)}"
case "${1:-serve}" in
  serve)
    exec node -r @swc-node/register "apps/$APP/src/main.ts"
    ;;
  migrate)
    if [ ! -f "apps/$APP/src/migrate.ts" ]; then
      echo "$APP has no database (no apps/$APP/src/migrate.ts)" >&2
      exit 1
    fi
    exec node -r @swc-node/register "apps/$APP/src/migrate.ts"
    ;;
  *)
    exec "$@"
    ;;
esac
