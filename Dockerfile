# Production image: `docker build -t xj-srdi-board .` (docker-compose.yml builds it for the `app` service).
# Stage 1 installs every dependency from the lockfile (the build needs the dev dependencies: Vite, Remix's compiler,
# Tailwind); stage 2 builds the app and drops the dev dependencies; stage 3 is the runtime with only what serving
# needs. NODE_ENV=production is set in the runtime stage only: set before `npm ci` it would skip the dev dependencies
# and the build would fail (issue 12).

FROM node:20-bookworm-slim AS deps
WORKDIR /app
# better-sqlite3, @node-rs/argon2, sharp and @napi-rs/canvas ship prebuilt Linux x64 binaries; the toolchain is the
# fallback when a prebuilt binary cannot be fetched.
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ ca-certificates \
  && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
# postinstall applies patches/ (patch-package; ADR 0904)
COPY patches ./patches
RUN npm ci --no-audit --no-fund

FROM deps AS build
COPY . .
RUN NODE_ENV=production npx remix vite:build && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 DATABASE_PATH=/data/app.db DATA_DIR=/data
WORKDIR /app
# server.ts runs from source through tsx (a runtime dependency) and imports app/, db/ (schema, migrations), seed/
# and search/; scripts/ holds `npm run db:seed`, `reindex`, `audit:verify`; the pages come from build/.
COPY --from=build /app/package.json /app/tsconfig.json /app/server.ts ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/build ./build
COPY --from=build /app/app ./app
COPY --from=build /app/db ./db
COPY --from=build /app/seed ./seed
COPY --from=build /app/scripts ./scripts
COPY --from=build /app/search ./search
COPY --from=build /app/public ./public
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=3s --start-period=30s CMD node -e "fetch('http://127.0.0.1:3000/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
CMD ["node", "--import", "tsx", "server.ts"]
