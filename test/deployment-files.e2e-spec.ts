import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { EnvironmentVariables } from '../src/config/env.validation';
import { TEST_DB_KIND } from './helpers/databases';
import { ROOT } from './helpers/service-process';

// These read files only: once, in the SQLite run.
const once = TEST_DB_KIND === 'sqlite' ? describe : describe.skip;

once('container files (docs/deployment.md, "Container")', () => {
  const compose = parse(readFileSync(join(ROOT, 'compose.yaml'), 'utf8')) as {
    services: Record<
      string,
      {
        environment?: Record<string, string>;
        depends_on?: Record<string, { condition: string }>;
        healthcheck?: unknown;
      }
    >;
  };
  const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');

  it('compose.yaml sets only variables the configuration schema knows', () => {
    const known = new Set(Object.keys(new EnvironmentVariables()));
    const service = compose.services['signup-gateway'];
    const set = Object.keys(service.environment ?? {});
    expect(set.length).toBeGreaterThan(0);
    expect(set.filter((name) => !known.has(name))).toEqual([]);
  });

  it('compose.yaml starts the service after healthy PostgreSQL and Redis, each with a health check', () => {
    expect(compose.services['signup-gateway'].depends_on).toEqual({
      postgres: { condition: 'service_healthy' },
      redis: { condition: 'service_healthy' },
    });
    for (const name of ['signup-gateway', 'postgres', 'redis'])
      expect(compose.services[name].healthcheck).toBeDefined();
  });

  it("the Dockerfile's command is the one `npm run start:prod` runs", () => {
    const scripts = (
      JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
        scripts: Record<string, string>;
      }
    ).scripts;
    const cmd = /^CMD (\[.*\])$/m.exec(dockerfile);
    expect(cmd).not.toBeNull();
    expect((JSON.parse(cmd![1]) as string[]).join(' ')).toBe(scripts['start:prod']);
  });

  it('the Dockerfile runs as a non-root user with an init process, a volume and a health check', () => {
    expect(dockerfile).toMatch(/^FROM node:20-bookworm-slim AS deps$/m);
    expect(dockerfile).toMatch(/^RUN npm ci --omit=dev/m);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^ENTRYPOINT \["\/usr\/bin\/tini", "--"\]$/m);
    expect(dockerfile).toMatch(/^VOLUME \["\/app\/data"\]$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK .*\n.*\/healthz/m);
  });

  // Debian's docker-compose (Compose v1) validates the file where it is installed; the Compose
  // v2 plugin is not packaged by Debian. Skipped where it is absent, unless REQUIRE_COMPOSE=1
  // (CI installs it).
  const composeCli = spawnSync('docker-compose', ['version'], { encoding: 'utf8' });
  if (composeCli.status !== 0 && process.env.REQUIRE_COMPOSE === '1')
    throw new Error('docker-compose is required (REQUIRE_COMPOSE=1) but not installed');
  (composeCli.status === 0 ? it : it.skip)('`docker-compose config` accepts compose.yaml', () => {
    const result = spawnSync('docker-compose', ['-f', 'compose.yaml', 'config', '--quiet'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect({ code: result.status, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
  });
});
