# The whole platform (four subgraphs, router and the CRM) in one image, started by
# `npm start` (scripts/start.ts), which orchestrates the processes. PostgreSQL and
# Redis come from docker-compose.yml through DATABASE_URL / REDIS_URL.
#
# Two stages: the build stage has the dev tooling (Vite, Prisma's generator) and
# builds the CRM into web/dist; the runtime stage runs in production mode, where
# the app refuses development secrets and the CRM is served statically by
# web/server.ts, never by Vite's dev server (which hands out source files).

FROM node:20-bookworm-slim AS build
ENV TURBO_TELEMETRY_DISABLED=1 \
    NPM_CONFIG_UPDATE_NOTIFIER=false
WORKDIR /app

# Dependencies first, so that source edits reuse this layer.
COPY package.json package-lock.json ./
COPY packages/platform/package.json packages/platform/
COPY packages/agent-config/package.json packages/agent-config/
COPY subgraphs/leads/package.json subgraphs/leads/
COPY subgraphs/conversations/package.json subgraphs/conversations/
COPY subgraphs/assignment/package.json subgraphs/assignment/
COPY subgraphs/messaging/package.json subgraphs/messaging/
COPY router/package.json router/
COPY connector/package.json connector/
COPY workers/package.json workers/
COPY schema/package.json schema/
COPY bench/package.json bench/
COPY web/package.json web/
# With dev dependencies: services run TypeScript through tsx, and the build needs
# Vite and Prisma's generator. Install scripts are not needed (prebuilt binaries
# load at run time, as on the project machines).
RUN npm ci --no-audit --no-fund --ignore-scripts

COPY . .
# Prisma clients are generated at build time; npm start re-runs this as a cache hit.
RUN npx turbo run db:generate
# The CRM as static files (web/dist), served in production by web/server.ts.
RUN cd web && ../node_modules/.bin/vite build

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    TURBO_TELEMETRY_DISABLED=1 \
    NPM_CONFIG_UPDATE_NOTIFIER=false
WORKDIR /app
# Owned by the unprivileged user the platform runs as: start.ts re-runs the
# (cached) Prisma generation, which writes into the tree.
COPY --from=build --chown=node:node /app /app
# The connector's spool and WhatsApp media live here, on a volume (docker-compose.yml),
# created now so the volume starts owned by the platform's user.
RUN mkdir -p /app/.leadwire && chown node:node /app/.leadwire
USER node

EXPOSE 4000 5173
# `npm start`, minus npm: npm 11 does not pass SIGTERM on to its script, and
# start.ts needs it to stop the router and subgraphs in order (tsx relays it).
CMD ["node_modules/.bin/tsx", "scripts/start.ts"]
