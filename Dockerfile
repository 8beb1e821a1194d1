# The whole platform (four subgraphs, router and the CRM's dev server) in one image, started by
# `npm start`, which orchestrates the processes. PostgreSQL and Redis come from
# docker-compose.yml through DATABASE_URL / REDIS_URL.
FROM node:20-bookworm-slim

ENV NODE_ENV=development \
    TURBO_TELEMETRY_DISABLED=1 \
    NPM_CONFIG_UPDATE_NOTIFIER=false
WORKDIR /app

# Dependencies first, so that source edits reuse this layer.
COPY package.json package-lock.json ./
COPY packages/platform/package.json packages/platform/
COPY subgraphs/leads/package.json subgraphs/leads/
COPY subgraphs/conversations/package.json subgraphs/conversations/
COPY subgraphs/assignment/package.json subgraphs/assignment/
COPY subgraphs/messaging/package.json subgraphs/messaging/
COPY router/package.json router/
COPY connector/package.json connector/
COPY schema/package.json schema/
COPY bench/package.json bench/
COPY web/package.json web/
# Install scripts are not needed (as on the project machines: prebuilt binaries load at run time).
RUN npm ci --no-audit --no-fund --ignore-scripts

COPY . .
# Prisma clients are generated at build time; npm start re-runs this as a cache hit.
RUN npx turbo run db:generate

EXPOSE 4000 5173
# `npm start`, minus npm: npm 11 does not pass SIGTERM on to its script, and
# start.ts needs it to stop the router and subgraphs in order (tsx relays it).
CMD ["node_modules/.bin/tsx", "scripts/start.ts"]
