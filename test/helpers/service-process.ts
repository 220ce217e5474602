import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { projectRoot } from '../../src/common/project-root';

/** The project's root folder (from test/ or, in the bench, dist/test/). */
export const ROOT = projectRoot(__dirname);
const DIST = join(ROOT, 'dist/src');

/** A free TCP port on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** Runs the built CLI synchronously with the given environment. */
export function runCli(env: Record<string, string>, ...args: string[]) {
  return runCliWithInput(env, '', ...args);
}

/** {@link runCli} with `input` on the CLI's standard input (a pipe). */
export function runCliWithInput(env: Record<string, string>, input: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [join(DIST, 'cli.js'), ...args], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    input,
    maxBuffer: 256 * 1024 * 1024,
    // A hung CLI fails its test instead of holding the run until CI's limit.
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** How to start a {@link ServiceProcess}. */
export interface ServiceProcessOptions {
  /** Node's own arguments, e.g. `--max-old-space-size=256` as `npm run start:prod` passes. */
  nodeArgs?: string[];
}

/**
 * The built service (`node dist/src/main.js`, as `npm start` runs it) in its own process, for
 * tests that kill it or run several instances, and for the benchmark. Resolves once it
 * answers HTTP.
 */
export class ServiceProcess {
  private child: ChildProcess;
  readonly output: string[] = [];
  url = '';
  /** `http://127.0.0.1:<METRICS_PORT>`, the metrics listener. */
  metricsUrl = '';

  constructor(
    private readonly env: Record<string, string>,
    private readonly options: ServiceProcessOptions = {},
  ) {}

  async start(): Promise<this> {
    const port = await freePort();
    this.url = `http://127.0.0.1:${port}`;
    const metricsPort = this.env.METRICS_PORT ?? String(await freePort());
    this.metricsUrl = `http://127.0.0.1:${metricsPort}`;
    const nodeArgs = this.options.nodeArgs ?? [];
    this.child = spawn(process.execPath, [...nodeArgs, join(DIST, 'main.js')], {
      env: { ...process.env, ...this.env, PORT: String(port), METRICS_PORT: metricsPort },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout?.on('data', (chunk: Buffer) => this.output.push(chunk.toString()));
    this.child.stderr?.on('data', (chunk: Buffer) => this.output.push(chunk.toString()));
    const deadline = Date.now() + 20000;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null) throw new Error(`service exited: ${this.output.join('')}`);
      try {
        await fetch(`${this.url}/docs-json`);
        return this;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    throw new Error(`service did not start: ${this.output.join('')}`);
  }

  /**
   * Runs the built CLI on this service's database and environment.
   * @returns its standard output, trimmed
   * @throws Error when it exits non-zero
   */
  cli(...args: string[]): string {
    const result = runCli(this.env, ...args);
    if (result.code !== 0) throw new Error(`cli ${args.join(' ')}: ${result.stderr}`);
    return result.stdout.trim();
  }

  /** The value of an unlabelled metric from the metrics listener, or NaN when absent. */
  async metric(name: string): Promise<number> {
    const text = await (await fetch(`${this.metricsUrl}/metrics`)).text();
    const line = text.split('\n').find((l) => l.startsWith(`${name} `));
    return line ? Number(line.split(' ')[1]) : NaN;
  }

  /**
   * Ends the process with `signal` and waits for it to exit.
   * @returns its exit code, or the signal that ended it
   */
  async stop(
    signal: NodeJS.Signals = 'SIGTERM',
  ): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    const done = () => ({ code: this.child.exitCode, signal: this.child.signalCode });
    if (this.child.exitCode !== null || this.child.signalCode !== null) return done();
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill(signal);
    await exited;
    return done();
  }
}
