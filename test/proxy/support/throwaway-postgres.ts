/**
 * A throwaway PostgreSQL server for one test file, from Debian's `postgresql` package (.ci/run
 * installs it): initdb on a temp folder, the server on 127.0.0.1 at a free port with its unix
 * socket in that folder, stopped and the folder removed by stop().
 *
 * initdb and postgres refuse to run as root. When the tests run as root (containers, CI), both run
 * as the `postgres` user the package creates (child_process uid/gid), and the temp folder is handed
 * to that user; as any other user they run as that user.
 *
 * fsync is off: the data is thrown away, and the tests only need PostgreSQL's semantics, not its
 * durability (the bench asks for a durable one). Each test asks for a fresh database (freshDatabase) instead of a new server.
 */
import { execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export interface ThrowawayPostgres {
  /** postgres://postgres@127.0.0.1:<port>/postgres */
  url: string;
  /** A new, empty database on this server; its URL. */
  freshDatabase(): Promise<string>;
  /** The server's main process (the postmaster; its backends are its children), for the bench's CPU counts. */
  serverPid(): number;
  /** Stops the server as a crash would (pg_ctl stop -m immediate): connections drop, nothing is flushed. */
  crash(): Promise<void>;
  /** Starts it again after crash(), on the same port and data (it recovers from its WAL). */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** The newest installed PostgreSQL's binaries (/usr/lib/postgresql/<version>/bin). */
export function postgresBinaries(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).filter((name) => existsSync(join(root, name, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
  return versions[0] && join(root, versions[0], 'bin');
}

/** Who runs the server: ourselves, or the package's `postgres` user when we are root. */
function serverUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const line = execFileSync('getent', ['passwd', 'postgres'], { encoding: 'utf8' }).trim();
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function run(command: string, args: string[], user: { uid: number; gid: number } | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...(user ?? {}) });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${command} exited ${code}: ${output}`))));
  });
}

let databases = 0;

/** durable: fsync and synchronous commits on, as in production (the bench compares it with SQLite's fsync per write). */
export async function startThrowawayPostgres(options: { durable?: boolean } = {}): Promise<ThrowawayPostgres> {
  const bin = postgresBinaries();
  if (!bin) throw new Error('PostgreSQL is not installed (apt-get install postgresql; .ci/run does it)');
  const user = serverUser();
  const dir = mkdtempSync(join(tmpdir(), 'throwaway-pg-'));
  if (user) chownSync(dir, user.uid, user.gid);
  const data = join(dir, 'data');
  await run(join(bin, 'initdb'), ['--pgdata', data, '--username', 'postgres', '--auth', 'trust', '--encoding', 'UTF8', '--no-sync', '--no-instructions'], user);

  // A port free a moment ago may be taken by another process before the server binds it: try again.
  let port = 0;
  let serverOptions = '';
  const start = () => run(join(bin, 'pg_ctl'), ['start', '--wait', '--pgdata', data, '--log', join(dir, 'server.log'), '--options', serverOptions], user);
  for (let attempt = 1; ; attempt += 1) {
    port = await freePort();
    const fast = options.durable ? '' : ' -c fsync=off -c synchronous_commit=off -c full_page_writes=off';
    serverOptions = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=200${fast}`;
    try {
      await start();
      break;
    } catch (error) {
      if (attempt === 3) {
        rmSync(dir, { recursive: true, force: true });
        throw error;
      }
    }
  }
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;

  return {
    url,
    async freshDatabase() {
      databases += 1;
      const name = `test_${process.pid}_${databases}`;
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${name}`);
      } finally {
        await client.end();
      }
      return `postgres://postgres@127.0.0.1:${port}/${name}`;
    },
    serverPid: () => Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]),
    crash: () => run(join(bin, 'pg_ctl'), ['stop', '--wait', '--pgdata', data, '--mode', 'immediate'], user),
    restart: start,
    async stop() {
      try {
        await run(join(bin, 'pg_ctl'), ['stop', '--wait', '--pgdata', data, '--mode', 'fast'], user);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
