# syntax=docker/dockerfile:1
# signup-gateway: multi-stage image (docs/deployment.md, "Container").

# Production dependencies only; the native modules (bcrypt, better-sqlite3) are compiled here,
# where the compilers are, never in the runtime image.
FROM node:20-bookworm-slim AS deps
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts \
 && npm rebuild bcrypt better-sqlite3 \
 && npm cache clean --force

# The TypeScript build, with the development dependencies.
FROM deps AS build
RUN npm ci --ignore-scripts && npm rebuild bcrypt better-sqlite3
COPY tsconfig.json tsconfig.build.json nest-cli.json ormconfig.ts ./
COPY src ./src
RUN npx nest build

# The runtime: Node, the production node_modules, the build, the contract and the sso.conf.
FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    PORT=3000 \
    DATABASE_URL=sqlite:data/signup-gateway.sqlite \
    LOG_FORMAT=json
# tini as PID 1: signals reach Node, zombies (the strength estimator's process) are reaped.
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=deps --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /app/dist ./dist
COPY --chown=root:root package.json ./
COPY --chown=root:root docs ./docs
COPY --chown=root:root config ./config
# The code belongs to root and is read-only for the service; only the SQLite folder is its own.
RUN mkdir -p /app/data && chown node:node /app/data
VOLUME ["/app/data"]
USER node
EXPOSE 3000 9464
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["/usr/bin/tini", "--"]
# `npm run start:prod`'s command, without npm in between, so that SIGTERM reaches the service
# itself (graceful shutdown, docs/deployment.md).
CMD ["node", "--max-old-space-size=256", "dist/src/main.js"]
