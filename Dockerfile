# ScholarTrack's image: the CLI and its workers (`docker compose up -d` runs `worker`).
#
# Two stages. The build stage installs every dependency and compiles src/ and workers/ to dist/
# (with the Prisma client, generated and compiled). The image itself holds the production
# dependencies, dist/ and the files the CLI reads (prisma/ migrations, config/, bin/): no sandbox,
# tests, benchmarks, TypeScript or faker. It runs as the unprivileged `node` user.

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY prisma.config.ts tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY prisma ./prisma
COPY src ./src
COPY workers ./workers
# What `npm ci`'s postinstall does in a checkout: generate the Prisma client, then build.
RUN node scripts/postinstall.js

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
COPY scripts/postinstall.js ./scripts/
COPY --from=build /app/dist/src ./dist/src
COPY --from=build /app/dist/workers ./dist/workers
# Production dependencies only; the postinstall finds the build above and leaves it as it is.
# --omit=optional too: the lock marks the Prisma CLI and TypeScript as optional (peers of
# @prisma/client), which --omit=dev alone keeps. It also leaves out two native speed-ups
# (msgpackr-extract, @napi-rs/nice) whose JavaScript fallbacks run instead.
RUN npm ci --omit=dev --omit=optional --no-audit --no-fund && npm cache clean --force
COPY prisma ./prisma
COPY config ./config
COPY bin ./bin
RUN ln -s /app/bin/scholartrack.js /usr/local/bin/scholartrack
USER node
# Postgres (migrated) and Redis answer; `scholartrack health` starts in a fraction of a second.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 CMD ["scholartrack", "health"]
ENTRYPOINT ["node", "bin/scholartrack.js"]
CMD ["worker"]
